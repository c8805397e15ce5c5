//go:build !wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// liveServer is a server the test can really stop and start again on the
// same address (a service worker and its storage belong to an origin).
type liveServer struct {
	addr string
	srv  *http.Server
}

func startServer(t testing.TB, addr string, h http.Handler) *liveServer {
	t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // the port of a server just closed may take a moment
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	s := &liveServer{addr: ln.Addr().String(), srv: &http.Server{Handler: h}}
	go func() {
		if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// stop closes the listener and every connection: nothing answers after.
func (s *liveServer) stop(t testing.TB) {
	t.Helper()
	if err := s.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		c.Close()
		t.Fatal("the server still answers after being stopped")
	}
}

func (s *liveServer) url(path string) string { return "http://" + s.addr + path }

// waitCached waits until the service worker controls the page and its
// cache holds the app (the worker installs only once all is cached).
func waitCached(t testing.TB, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(async () => {
		if (!navigator.serviceWorker.controller) return false;
		for (const k of await caches.keys()) {
			const c = await caches.open(k);
			const urls = (await c.keys()).map((r) => new URL(r.url).pathname);
			if (urls.some((u) => u.endsWith("/web/app.wasm"))) return true;
		}
		return false;
	})()`, chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("the app was never cached: %v", err)
	}
}

func allowDownloads(t testing.TB, ctx context.Context) string {
	t.Helper()
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatal(err)
	}
	return dl
}

// compiledInAWorker checks that the page started the app without
// fetching the wasm itself: a worker fetched and compiled it (see
// compiledOffMain), off the page's main thread, and ran it once first
// (ui.Warm).
func compiledInAWorker(t testing.TB, ctx context.Context) {
	t.Helper()
	got := eval[[]string](t, ctx, `performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname).filter((p) => /\/web\/(app\.wasm|compile\.js)$/.test(p))`)
	if !slices.Equal(got, []string{path.Join(path.Dir(eval[string](t, ctx, `new URL(document.querySelector('script[src$="app.js"]').src).pathname`)), "web/compile.js")}) {
		t.Errorf("the page fetched %v; want only the worker that compiles the wasm, not the wasm", got)
	}
	if !eval[bool](t, ctx, `performance.getEntriesByName("annotator:warmed").length === 1`) {
		t.Error("the worker did not run the program before the page (see the console)")
	}
	warmedFiles(t, ctx)
}

// warmedFiles waits for the worker's run on files, which begins once the
// page is ready and idle (see offMain), and returns the time from ready
// to its end.
func warmedFiles(t testing.TB, ctx context.Context) float64 {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Poll[float64](`(() => {
		const at = (n) => (performance.getEntriesByName("annotator:" + n)[0] || {}).startTime;
		return at("warmed-files") ? at("warmed-files") - at("ready") : null;
	})()`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("the worker did not run the program on files after the page was ready (see the console): %v", err)
	}
	return v
}

// offlineRoundTrip visits the app at base, annotates, waits for the cache,
// stops the server, and checks the app opens and works from base and from
// a deep link.
func offlineRoundTrip(t *testing.T, s *liveServer, base string) {
	ctx := newBrowser(t, 1280, 900)
	do(t, ctx, chromedp.Navigate(s.url(base)))
	waitReady(t, ctx)
	compiledInAWorker(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	waitCached(t, ctx)
	// Every file the page links is kept for offline use.
	if missing := eval[[]string](t, ctx, `(async () => {
		const urls = [...document.querySelectorAll("link[href], script[src]")].map((e) => e.href || e.src);
		const out = [];
		for (const u of urls) if (!(await caches.match(u))) out.push(u);
		return out;
	})()`, chromedp.EvalAwaitPromise); len(missing) > 0 {
		t.Errorf("not kept for offline use: %v", missing)
	}
	time.Sleep(time.Second) // the worker's activation, which is not an update
	if eval[bool](t, ctx, `!!document.querySelector('[data-action="update"]')`) {
		t.Error("a first visit offers an update")
	}
	s.stop(t)

	for _, path := range []string{base, base + "doc/" + seedDoc.ID} {
		do(t, ctx, chromedp.Navigate(s.url(path)))
		waitReady(t, ctx)
		compiledInAWorker(t, ctx)
		if got := listed(t, ctx); len(got) < 1 {
			t.Fatalf("offline at %s: the annotation made online is gone", path)
		}
		if eval[bool](t, ctx, `document.querySelector("[data-offline]").hidden`) == eval[bool](t, ctx, `!navigator.onLine`) {
			t.Errorf("offline at %s: the offline notice does not follow navigator.onLine", path)
		}
	}
	// A link cut short, offline: the worker gives the app's page, and the
	// app says the link names no document and shows the default article.
	do(t, ctx, chromedp.Navigate(s.url(base+"doc/urn:sha256:0123")))
	waitReady(t, ctx)
	waitFor(t, ctx, `/لا يدل هذا الرابط على مستند|This link names no document/.test(document.querySelector(".alert")?.textContent || "")`, "the cut link said so")
	if got := listed(t, ctx); len(got) < 1 {
		t.Fatal("offline at a cut link: the default article's annotation is not listed")
	}
	tagText(t, ctx, 9, "ثلاث خطوات", "quote", 2)
	dl := allowDownloads(t, ctx)
	click(t, ctx, `[data-action="export"]`)
	b, err := os.ReadFile(waitFile(t, dl, annotations.FileExt))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"total": 2`) {
		t.Errorf("the export made offline does not hold both annotations:\n%.300s", b)
	}
}

func TestOfflineAfterOneVisit(t *testing.T) {
	s := startServer(t, "127.0.0.1:0", server(webDir, handler("offline-test", "")))
	offlineRoundTrip(t, s, "/")
}

func TestOfflineStaticSiteUnderSubPath(t *testing.T) {
	out := t.TempDir()
	if err := writeStatic(out, webDir, "/annotator"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/annotator/", http.StripPrefix("/annotator", http.FileServer(http.Dir(out))))
	s := startServer(t, "127.0.0.1:0", mux)
	offlineRoundTrip(t, s, "/annotator/")
}

func TestInstallable(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	waitCached(t, ctx)
	var res page.GetInstallabilityErrorsResult
	deadline := time.Now().Add(20 * time.Second)
	for {
		var err error
		res, err = chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.InstallabilityErrors) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	for _, e := range res.InstallabilityErrors {
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		t.Errorf("installability error %s %v", e.ErrorID, args)
	}
	m := eval[map[string]any](t, ctx, `fetch("/manifest.webmanifest").then((r) => r.json())`, chromedp.EvalAwaitPromise)
	if m["lang"] != "ar" || m["dir"] != "rtl" {
		t.Errorf("manifest lang %v dir %v", m["lang"], m["dir"])
	}
	// Nothing the worker caches may be remote: offline it could not load.
	remote := eval[[]string](t, ctx, `(async () => {
		const out = [];
		for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) if (new URL(r.url).origin !== location.origin) out.push(r.url);
		return out;
	})()`, chromedp.EvalAwaitPromise)
	if len(remote) > 0 {
		t.Errorf("the worker caches remote resources: %v", remote)
	}
	// The Arabic text is set in the font the app ships.
	if ok := eval[bool](t, ctx, `document.fonts.ready.then(() => document.fonts.check('19px "Annotator Naskh"', "بوتين"))`, chromedp.EvalAwaitPromise); !ok {
		t.Error("the shipped Arabic font is not loaded")
	}
}

func TestUpdateKeepsAnnotations(t *testing.T) {
	a := startServer(t, "127.0.0.1:0", server(webDir, handler("version-a", "")))
	addr := a.addr
	ctx := newBrowser(t, 1280, 900)
	do(t, ctx, chromedp.Navigate(a.url("/")))
	waitReady(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	waitCached(t, ctx)
	if v := eval[string](t, ctx, `document.querySelector("[data-version]").dataset.version`); v != "version-a" {
		t.Fatalf("running version %q, want version-a", v)
	}
	a.stop(t)
	b := startServer(t, addr, server(webDir, handler("version-b", "")))

	// The page comes from the cache (version A); the browser finds the new
	// worker and the reader is offered the new version.
	do(t, ctx, chromedp.Navigate(b.url("/")))
	waitReady(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('[data-action="update"]')`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the new version was never offered: %v", err)
	}
	click(t, ctx, `[data-action="update"]`)
	// The page reloads: evaluations may fail while it does.
	deadline := time.Now().Add(30 * time.Second)
	for {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("article[data-doc]")?.dataset.ready === "true" ? document.querySelector("[data-version]").dataset.version : ""`))
		if err == nil && v == "version-b" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("version B never became active (running %q, %v)", v, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got := listed(t, ctx); len(got) != 1 {
		t.Errorf("after the update %d annotations are listed, want 1", len(got))
	}
}

func TestTwoTabsSeeEachOther(t *testing.T) {
	ctx1 := newBrowser(t, 1280, 900)
	openApp(t, ctx1)
	ctx2, cancel := chromedp.NewContext(ctx1) // a second tab, same profile
	defer cancel()
	openApp(t, ctx2) // under the policy guard too

	tagText(t, ctx1, 8, "الإرهاب الدولي", "claim", 1)
	waitListed(t, ctx2, 1) // told by the first tab, no reload
	tagText(t, ctx2, 9, "ثلاث خطوات", "quote", 2)
	waitListed(t, ctx1, 2)
	// Deleting in one tab deletes in the other; neither brings it back.
	click(t, ctx1, `.panel [data-tag="claim"] [data-action="delete"]`)
	waitListed(t, ctx1, 1)
	waitListed(t, ctx2, 1)
	for i, ctx := range []context.Context{ctx1, ctx2} {
		reload(t, ctx)
		got := listed(t, ctx)
		if len(got) != 1 || got[0]["tag"] != "quote" {
			t.Errorf("tab %d after reload: %v", i+1, got)
		}
	}
}

func TestTenThousandAnnotationsKept(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	list := randomAnnotations(t, 10000)
	keep(t, ctx, list)
	reload(t, ctx)
	// The first rows are drawn at once, the rest a chunk at a time.
	waitListed(t, ctx, 10000)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 10001)
	reload(t, ctx)
	if n := len(storedAnnotations(t, ctx)); n != 10001 {
		t.Errorf("%d stored, want 10001", n)
	}
}

// TestReadyWithEveryAnnotationListed: a check that waits for ready after a
// reload, with more annotations than the list draws at once, finds every
// one of them listed in the very frame the page says it is ready. Before
// that, the list's heading gives no count: it said "(0)" while 10,000
// were read.
func TestReadyWithEveryAnnotationListed(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	keep(t, ctx, randomAnnotations(t, 400))
	run := true
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{RunImmediately: &run, Source: `
		window.headings = new Set();
		new MutationObserver(() => {
			const ready = document.querySelector("article[data-ready=true]");
			const h = document.querySelector(".panel h2");
			if (!ready && h) window.headings.add(h.textContent.trim());
			if (window.listedAtReady === undefined && ready) {
				window.listedAtReady = [...document.querySelectorAll("[data-annotation-id]")].filter((el) => !el.closest("article")).length;
			}
		}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-ready"] });`}); err != nil {
		t.Fatal(err)
	}
	reload(t, ctx)
	if got := eval[float64](t, ctx, `window.listedAtReady ?? -1`); got != 400 {
		t.Errorf("%v annotations listed when the page said it was ready, want all 400", got)
	}
	before := eval[[]string](t, ctx, `[...window.headings]`)
	if len(before) == 0 {
		t.Error("the list's heading was never seen before ready")
	}
	for _, h := range before {
		if strings.Contains(h, "(") {
			t.Errorf("before ready the list's heading said %q, with a count", h)
		}
	}
	if h := eval[string](t, ctx, `document.querySelector(".panel h2").textContent`); !strings.Contains(h, "(400)") {
		t.Errorf("after ready the heading says %q, want (400)", h)
	}
}

// TestManyHighlightsNearTheScreen keeps 1,000 annotations (more ranges than
// the page registers at once) and scrolls to the head, the middle and the
// end of the article: wherever the reader looks, every annotation of the
// blocks on screen is painted, and far blocks' highlights wait unregistered
// (a change to the page then costs the browser the ranges near the screen,
// not all of them). Tagging there paints the new passage at once.
func TestManyHighlightsNearTheScreen(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	list := randomAnnotations(t, 1000)
	perBlock := map[int]int{}
	x := annotations.NewBlockIndex(seedDoc)
	ranges := 0
	for _, a := range list {
		for _, s := range x.Segments(a.Target.Position.Start, a.Target.Position.End) {
			if s.End > s.Start { // Segments gives a repeated block only what the page shows there
				perBlock[s.Block]++
				ranges++
			}
		}
	}
	keep(t, ctx, list)
	reload(t, ctx)
	waitListed(t, ctx, 1000)
	last := len(seedDoc.Blocks) - 1
	for _, block := range []int{1, last / 2, last} {
		eval[bool](t, ctx, fmt.Sprintf(`(document.querySelector('article [data-block="%d"]').scrollIntoView({block: "center"}), true)`, block))
		js := fmt.Sprintf(`(() => {
			let here = 0, all = 0;
			for (const tag of ["claim", "quote", "source"]) for (const r of CSS.highlights.get(tag) || []) {
				all++;
				if (r.startContainer.parentElement.dataset.block === "%d") here++;
			}
			return [here, all];
		})()`, block)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js+`[0] === `+fmt.Sprint(perBlock[block]), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			got := eval[[]int](t, ctx, js)
			t.Fatalf("block %d on screen: %d of its %d ranges painted", block, got[0], perBlock[block])
		}
		if got := eval[[]int](t, ctx, js); got[1] >= ranges {
			t.Errorf("block %d on screen: all %d ranges registered, want only those near the screen", block, got[1])
		}
	}
	needle := strings.Join(strings.Fields(seedDoc.BlockText(last))[:2], " ")
	tagText(t, ctx, last, needle, "quote", 1001)
	waitFor(t, ctx, fmt.Sprintf(`Array.from(CSS.highlights.get("quote")).some((r) => r.toString() === %q)`, needle), "the new quote painted")
}

// TestSnapshotSaysWhatTheRecordsSay keeps 300 annotations, enough for the
// store to keep a snapshot of them, and checks after each change that a
// reload shows what was saved: a tag (in this tab and in another), a
// delete, a document removed and put back.
func TestSnapshotSaysWhatTheRecordsSay(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	list := randomAnnotations(t, 300)
	keep(t, ctx, list)
	snapshot := fmt.Sprintf(`new Promise((done) => { const r = indexedDB.open("annotator"); r.onsuccess = () => {
		const g = r.result.transaction("snapshots").objectStore("snapshots").get(%q);
		g.onsuccess = () => { r.result.close(); done(g.result ? JSON.parse(new TextDecoder().decode(g.result.live)).length : -1); };
	}; })`, seedDoc.ID)
	count := func() int { return eval[int](t, ctx, snapshot, chromedp.EvalAwaitPromise) }
	reload(t, ctx)
	waitListed(t, ctx, 300)
	if n := count(); n != 300 {
		t.Fatalf("after the first load the snapshot holds %d annotations, want 300", n)
	}
	reload(t, ctx)
	waitListed(t, ctx, 300)

	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 301)
	if n := count(); n != -1 {
		t.Errorf("after a tag a snapshot of %d annotations is kept, want none", n)
	}
	reload(t, ctx)
	waitListed(t, ctx, 301)
	if n := count(); n != 301 {
		t.Errorf("after reloading the snapshot holds %d annotations, want 301", n)
	}

	// Another tab tags; this one reloads.
	other, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, other, chromedp.Navigate(appURL))
	waitReady(t, other)
	waitListed(t, other, 301)
	tagText(t, other, 9, "ثلاث خطوات", "quote", 302)
	waitSaved(t, other)
	cancel()
	waitListed(t, ctx, 302)
	reload(t, ctx)
	waitListed(t, ctx, 302)

	id := listed(t, ctx)[0]["id"]
	click(t, ctx, fmt.Sprintf(`[data-annotation-id=%q] [data-action="delete"]`, id))
	waitListed(t, ctx, 301)
	reload(t, ctx)
	got := waitListed(t, ctx, 301)
	for _, g := range got {
		if g["id"] == id {
			t.Errorf("the deleted annotation %s is back after a reload", id)
		}
	}
	if n := count(); n != 301 {
		t.Errorf("the snapshot holds %d annotations, want 301", n)
	}

	// Removed from the library and put back, the document has them all.
	removed := eval[int](t, ctx, fmt.Sprintf(`annotator.store.removeDocument(%q)`, seedDoc.ID), chromedp.EvalAwaitPromise)
	if removed != 301 || count() != -1 {
		t.Errorf("removing the document took %d annotations and left a snapshot of %d", removed, count())
	}
	eval[any](t, ctx, fmt.Sprintf(`annotator.store.restoreDocument(%q).then(() => true)`, seedDoc.ID), chromedp.EvalAwaitPromise)
	reload(t, ctx)
	waitListed(t, ctx, 301)
}

// TestNoteBeingWrittenSurvivesAnotherTab: while the reader writes a note,
// another tab changes that annotation's note and tag. The note keeps what
// the reader typed and where the caret is; typing goes on at the caret;
// the tag shows the other tab's change; both tabs end with the reader's
// text.
func TestNoteBeingWrittenSurvivesAnotherTab(t *testing.T) {
	ctx1 := newBrowser(t, 1280, 900)
	openApp(t, ctx1)
	ctx2, cancel := chromedp.NewContext(ctx1) // a second tab, same profile
	defer cancel()
	openApp(t, ctx2)
	tagText(t, ctx1, 8, "الإرهاب الدولي", "claim", 1)
	waitListed(t, ctx2, 1)
	note := `.panel [data-annotation-id] [data-field="note"]`
	do(t, ctx1, chromedp.Focus(note))
	insertText(t, ctx1, "ملاحظتي ")
	waitSaved(t, ctx1)
	waitFor(t, ctx2, fmt.Sprintf(`document.querySelector(%q).value === "ملاحظتي "`, note), "the note in the other tab")
	if !eval[bool](t, ctx1, `document.hasFocus()`) {
		t.Log("the first tab does not have the focus")
	}
	// The other tab changes the note and the tag, without its keyboard.
	eval[bool](t, ctx2, fmt.Sprintf(`(() => { const n = document.querySelector(%q); n.value = "من النافذة الأخرى"; n.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, note))
	waitSaved(t, ctx2)
	// The first tab takes the change in, keeps what its reader typed, and
	// saves it again, as the latest edit: the other tab shows it.
	waitFor(t, ctx2, fmt.Sprintf(`document.querySelector(%q).value === "ملاحظتي "`, note), "the reader's note back in the other tab")
	click(t, ctx2, `.panel [data-annotation-id] [data-action="go-to"]`)
	press(t, ctx2, "q")
	waitFor(t, ctx2, `document.querySelector(".panel [data-annotation-id]").dataset.tag === "quote"`, "the tag changed in the other tab")
	waitFor(t, ctx1, `document.querySelector(".panel [data-annotation-id]").dataset.tag === "quote"`, "the other tab's tag in the first")
	state := eval[map[string]any](t, ctx1, fmt.Sprintf(`(() => { const n = document.querySelector(%q); return {value: n.value, focused: document.activeElement === n, caret: n.selectionStart}; })()`, note))
	if state["value"] != "ملاحظتي " || state["focused"] != true || state["caret"] != float64(len([]rune("ملاحظتي "))) {
		t.Fatalf("the note being written after the other tab's change: %v", state)
	}
	insertText(t, ctx1, "تتمة")
	waitSaved(t, ctx1)
	want := "ملاحظتي تتمة"
	for i, ctx := range []context.Context{ctx1, ctx2} {
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector(%q).value === %q`, note, want), fmt.Sprintf("the reader's note in tab %d", i+1))
	}
	reload(t, ctx2)
	if got := storedAnnotations(t, ctx2); len(got) != 1 || got[0].Note != want || got[0].Tag != annotations.Quote {
		t.Errorf("stored: %+v", got)
	}
}

// insertText types text where the keyboard is, as an input method does.
func insertText(t testing.TB, ctx context.Context, text string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		t.Fatal(err)
	}
}
