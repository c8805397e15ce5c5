// The annotator's service worker. It keeps every file of one version of
// the app in a cache of its own, answers from that cache first, and
// answers any page of the app, offline, with the app's one page (the app
// routes on the client). {{.Version}} and {{.ResourcesToCache}} are filled
// in by the server.
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const scope = new URL(self.registration.scope).pathname;
const rootPage = scope === "/" ? "/" : scope.replace(/\/$/, "");

self.addEventListener("install", (event) => {
  // The worker is installed only once everything is cached, so an
  // installed worker always means the app can start offline.
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("app-") && key !== cacheName)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") {
    return;
  }
  event.respondWith(respond(event.request));
});

// documentLink is the path of a document's page below the scope.
const documentLink = /^doc\/urn(:|%3A)sha256(:|%3A)[0-9a-f]{64}$/i;

async function respond(request) {
  const cache = await caches.open(cacheName);
  if (request.mode === "navigate") {
    // The app's page, from the cache first; any other page of the app from
    // the network, and offline (or where the server has no such page) the
    // app's page, which routes on the client.
    const path = new URL(request.url).pathname;
    if (path === scope || path === rootPage) {
      const page = await appPage(cache);
      if (page) {
        return page;
      }
    }
    try {
      const answer = await fetch(request);
      // A static file server has no page at /doc/<id>: the app's page
      // shows the document from the reader's library. Only a document's
      // link of the app's form (as the server's docPattern) gets it.
      if (answer.status === 404 && documentLink.test(path.slice(scope.length))) {
        const page = await appPage(cache);
        if (page) {
          return page;
        }
      }
      return answer;
    } catch (err) {
      const page = await appPage(cache);
      if (page) {
        return page;
      }
      throw err;
    }
  }
  return (await cache.match(request)) || fetch(request);
}

// appPage is the cached page of the app. A response that came through a
// redirect (a server sending /path to /path/) cannot answer a navigation
// as it is, so it is copied into a plain one.
async function appPage(cache) {
  const page = (await cache.match(rootPage)) || (await cache.match(scope));
  if (!page || !page.redirected) {
    return page;
  }
  return new Response(await page.blob(), {
    status: page.status,
    statusText: page.statusText,
    headers: page.headers,
  });
}
