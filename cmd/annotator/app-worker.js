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

async function respond(request) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) {
    return cached;
  }
  if (request.mode !== "navigate") {
    return fetch(request);
  }
  try {
    return await fetch(request);
  } catch (err) {
    const page = (await cache.match(rootPage)) || (await cache.match(scope));
    if (page) {
      return page;
    }
    throw err;
  }
}
