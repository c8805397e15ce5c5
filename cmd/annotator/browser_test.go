//go:build !wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"annotator/annotations"
	"annotator/app/documents"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser tests build the app for the browser, serve it with the real
// handler, and drive Debian's Chromium through the DevTools protocol the
// way a reader would: select, click, type, reload, download.

var (
	appURL  string // the test server's address
	webDir  string // assets plus the freshly built app.wasm
	seedDoc = mustParse(documents.Seed)
)

func mustParse(s string) *annotations.Document {
	d, err := annotations.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestMain(m *testing.M) {
	code := testMain(m)
	if binDir != "" {
		os.RemoveAll(binDir) // the command line built for its tests
	}
	os.Exit(code)
}

func testMain(m *testing.M) int {
	routes()
	if browserPath() == "" && os.Getenv("CI") == "" {
		return m.Run() // browser tests skip themselves
	}
	dir, err := os.MkdirTemp("", "annotator-web-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := os.CopyFS(dir, os.DirFS("../../web")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// The wasm as make builds it for the server: with the Makefile's
	// copy of go-app for the browser, and its compressed copies.
	if out, err := exec.Command("make", "-s", "-C", "../..", "wasm", "WEB="+dir).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "make wasm: %v\n%s", err, out)
		return 1
	}
	webDir = dir
	v, err := appVersion(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv := httptest.NewServer(server(dir, handler(v, "")))
	defer srv.Close()
	appURL = srv.URL + "/"
	return m.Run()
}

// browserPath finds Chromium installed from the system's packages.
func browserPath() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile. Without a
// browser the test fails when CI is set and skips otherwise.
func newBrowser(t testing.TB, width, height int) context.Context {
	t.Helper()
	path := browserPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is not installed (apt-get install -y chromium); browser tests cannot be skipped in CI")
		}
		t.Skip("Chromium is not installed; install it with apt-get install -y chromium")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.WindowSize(width, height),
	}
	// Chromium sometimes dies as it starts on a loaded machine (seen once
	// in a full run, before any page): it is started once more, and a
	// second failure fails the test.
	for try := 1; ; try++ {
		// A fresh profile each time: one a crash left may be locked.
		actx, cancelA := chromedp.NewExecAllocator(context.Background(), append(opts, chromedp.UserDataDir(t.TempDir()))...)
		ctx, cancelC := chromedp.NewContext(actx)
		ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
		t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
		if err := chromedp.Do(ctx); err != nil { // start the browser now
			if try < 2 {
				t.Logf("starting %s failed, starting it again: %v", path, err)
				continue
			}
			t.Fatalf("starting %s: %v", path, err)
		}
		guardPolicy(t, ctx)
		return ctx
	}
}

// A policyGuard holds the Content-Security-Policy violations reported in
// one tab; the test fails on any it still holds when it ends.
type policyGuard struct {
	mu         sync.Mutex
	violations []string
}

// take returns the violations reported so far and forgets them.
func (g *policyGuard) take() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	v := g.violations
	g.violations = nil
	return v
}

var guards sync.Map // *chromedp.Target → *policyGuard

// guardPolicy makes every securitypolicyviolation event in the tab of ctx
// fail the test: a listener that runs before any script of every page the
// tab opens reports it to the test. newBrowser and openApp call it, so
// every browser test runs under it; a second call for a tab returns the
// same guard.
func guardPolicy(t testing.TB, ctx context.Context) *policyGuard {
	t.Helper()
	if c := chromedp.FromContext(ctx); c != nil && c.Target != nil {
		if g, ok := guards.Load(c.Target); ok {
			return g.(*policyGuard)
		}
	}
	g := &policyGuard{}
	type violation struct {
		Directive string `json:"directive"`
		Blocked   string `json:"blocked"`
		Source    string `json:"source"`
		Line      int    `json:"line"`
		Sample    string `json:"sample"`
		Page      string `json:"page"`
	}
	report := func(_ context.Context, v violation) (chromedp.Void, error) {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.violations = append(g.violations, fmt.Sprintf("%s blocked %q at %s:%d (%q) on %s", v.Directive, v.Blocked, v.Source, v.Line, v.Sample, v.Page))
		return chromedp.Void{}, nil
	}
	listen := `document.addEventListener("securitypolicyviolation", (e) => window.reportPolicyViolation({
		directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
		line: e.lineNumber, sample: e.sample, page: location.href}), true);`
	run := true
	err := chromedp.Do(ctx,
		chromedp.ExposeFunc("reportPolicyViolation", report),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument,
				page.AddScriptToEvaluateOnNewDocumentParams{Source: listen, RunImmediately: &run})
			return err
		}))
	if err != nil {
		t.Fatalf("listening for security policy violations: %v", err)
	}
	guards.Store(chromedp.FromContext(ctx).Target, g)
	t.Cleanup(func() {
		for _, v := range g.take() {
			t.Errorf("Content-Security-Policy violation: %s", v)
		}
	})
	return g
}

// do runs steps and fails the test on error.
func do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a script and fails the test on error.
func eval[T any](t testing.TB, ctx context.Context, js string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// waitReady waits until the client has restored and drawn the annotations.
func waitReady(t testing.TB, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`document.querySelector('article[data-doc]')?.dataset.ready === "true"`,
		chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("the page never became ready: %v", err)
	}
}

func openApp(t testing.TB, ctx context.Context) {
	t.Helper()
	guardPolicy(t, ctx)
	do(t, ctx, chromedp.Navigate(appURL))
	waitReady(t, ctx)
}

// openPhone opens the app in a fresh browser as a phone shows it: 390 by
// 844, touch, mobile.
func openPhone(t testing.TB) context.Context {
	t.Helper()
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	openApp(t, ctx)
	return ctx
}

// span finds the code point span of needle in block i of the seed,
// starting the search at from code points into the block.
func span(t testing.TB, block int, needle string) (start, end int) {
	t.Helper()
	text := seedDoc.BlockText(block)
	b := strings.Index(text, needle)
	if b < 0 {
		t.Fatalf("%q is not in block %d", needle, block)
	}
	s := seedDoc.Blocks[block].Start + annotations.ByteToCodePoint(text, b)
	return s, s + len([]rune(needle))
}

// selectRange selects [start, end) of the seed with a DOM range, as a
// script or an assistive technology would.
func selectRange(t testing.TB, ctx context.Context, start, end int) string {
	t.Helper()
	return selectIn(t, ctx, seedDoc, start, end)
}

// selectIn selects [start, end) of document d, the one shown, with a DOM
// range.
func selectIn(t testing.TB, ctx context.Context, d *annotations.Document, start, end int) string {
	t.Helper()
	sb, eb := d.BlockAt(start), d.BlockAt(end)
	so := annotations.CodePointToUTF16(d.BlockText(sb), start-d.Blocks[sb].Start)
	eo := annotations.CodePointToUTF16(d.BlockText(eb), end-d.Blocks[eb].Start)
	return eval[string](t, ctx, fmt.Sprintf(`(() => {
		const art = document.querySelector("article[data-doc]");
		const node = (b) => art.querySelector('[data-block="' + b + '"]').firstChild;
		const r = document.createRange();
		r.setStart(node(%d), %d);
		r.setEnd(node(%d), %d);
		const sel = getSelection();
		sel.removeAllRanges();
		sel.addRange(r);
		return sel.toString();
	})()`, sb, so, eb, eo))
}

// charRect returns the viewport rectangle of the code point at pos.
func charRect(t testing.TB, ctx context.Context, pos int) (x, y, w, h float64) {
	t.Helper()
	b := seedDoc.BlockAt(pos + 1)
	text := seedDoc.BlockText(b)
	o := annotations.CodePointToUTF16(text, pos-seedDoc.Blocks[b].Start)
	n := annotations.CodePointToUTF16(text, pos-seedDoc.Blocks[b].Start+1)
	r := eval[[]float64](t, ctx, fmt.Sprintf(`(() => {
		const el = document.querySelector('article [data-block="%d"]');
		el.scrollIntoView({block: "center"});
		const r = document.createRange();
		r.setStart(el.firstChild, %d);
		r.setEnd(el.firstChild, %d);
		const b = r.getClientRects()[0];
		return [b.x, b.y, b.width, b.height];
	})()`, b, o, n))
	return r[0], r[1], r[2], r[3]
}

func click(t testing.TB, ctx context.Context, selector string) {
	t.Helper()
	// A control the last change enables is enabled when go-app next
	// draws, a frame after the change's rows: a reader waits for it too.
	waitFor(t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && !e.disabled; })()`, selector), selector+" enabled")
	// The panel scrolls a focused row into view over a few frames (reveal
	// in reader.js): the mouse goes where the control stands once it has
	// stopped moving, as a reader's would, not where it stood a frame before.
	eval[bool](t, ctx, fmt.Sprintf(`new Promise((done) => {
		let last = "", still = 0, frames = 60;
		const step = () => {
			const e = document.querySelector(%q);
			const r = e ? e.getBoundingClientRect() : null;
			const at = r ? r.x + "," + r.y : "";
			still = at === last ? still + 1 : 0;
			last = at;
			if (still >= 2 || --frames === 0) done(true);
			else requestAnimationFrame(step);
		};
		requestAnimationFrame(step);
	})`, selector), chromedp.EvalAwaitPromise)
	do(t, ctx, chromedp.Click(selector, chromedp.NodeVisible))
}

// storedAnnotations reads what the app saved in the browser's storage
// for the seed, once its pending saves are written.
func storedAnnotations(t testing.TB, ctx context.Context) []annotations.Annotation {
	t.Helper()
	return storedFor(t, ctx, seedDoc.ID)
}

// storedFor reads the annotations the app saved for document id, once its
// pending saves are written.
func storedFor(t testing.TB, ctx context.Context, id string) []annotations.Annotation {
	t.Helper()
	waitSaved(t, ctx)
	type record struct {
		Deleted bool   `json:"deleted"`
		Data    string `json:"data"`
	}
	raw := eval[string](t, ctx, fmt.Sprintf(`annotator.store.load(%q)`, id), chromedp.EvalAwaitPromise)
	var recs []record
	if err := json.Unmarshal([]byte(raw), &recs); err != nil {
		t.Fatal(err)
	}
	var out []annotations.Annotation
	for _, r := range recs {
		if r.Deleted {
			continue
		}
		var a annotations.Annotation
		if err := json.Unmarshal([]byte(r.Data), &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func listed(t testing.TB, ctx context.Context) []map[string]string {
	t.Helper()
	return eval[[]map[string]string](t, ctx, `Array.from(document.querySelectorAll("[data-annotation-id]"))
		.filter((el) => !el.closest("article"))
		.map((el) => ({id: el.dataset.annotationId, tag: el.dataset.tag, status: el.dataset.status || "", text: el.textContent}))`)
}

func alertText(t testing.TB, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `Array.from(document.querySelectorAll('[role="alert"]')).map((e) => e.textContent).join(" ")`)
}

// waitListed waits until n annotations are listed, then returns them.
func waitListed(t testing.TB, ctx context.Context, n int) []map[string]string {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`Array.from(document.querySelectorAll("[data-annotation-id]")).filter((el) => !el.closest("article")).length === %d`, n),
		chromedp.WithPollingTimeout(30*time.Second)))
	got := listed(t, ctx)
	if err != nil {
		t.Fatalf("waiting for %d listed annotations: %d listed (alert: %q)", n, len(got), alertText(t, ctx))
	}
	return got
}

// keep stores annotations of the seed in the page's store as the app
// writes them, one record each.
func keep(t testing.TB, ctx context.Context, list []annotations.Annotation) {
	t.Helper()
	var b strings.Builder
	b.WriteString("[")
	for i, a := range list {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%q,"modified":%d,"data":%q}`, a.ID, a.Modified.UnixMilli(), mustJSON(t, a))
	}
	b.WriteString("]")
	eval[bool](t, ctx, fmt.Sprintf(`annotator.store.write(%q, %q).then(() => true)`, seedDoc.ID, b.String()), chromedp.EvalAwaitPromise)
}

// claimsAt are claims of n code points of the seed, one at each start, in
// reading order, with ids counted from 0.
func claimsAt(t testing.TB, n int, starts ...int) []annotations.Annotation {
	t.Helper()
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	var list []annotations.Annotation
	for i, s := range starts {
		tg, err := annotations.Describe(seedDoc, s, s+n)
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, annotations.Annotation{ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i), Tag: annotations.Claim, Created: at, Modified: at, Target: tg})
	}
	return list
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// precompress makes the compressed copies of the files in dir with the
// Makefile's own target, the one make build runs.
func precompress(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if out, err := exec.Command("make", "-s", "-C", "../..", "precompress", "WEB="+abs).CombinedOutput(); err != nil {
		return fmt.Errorf("make precompress: %v\n%s", err, out)
	}
	return nil
}

// waitSaved waits until the app has written its pending saves.
func waitSaved(t testing.TB, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("[data-saving]")?.dataset.saving === "false"`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the app's saves never finished: %v", err)
	}
}

// reload waits for the app's saves to be written, reloads, and waits for
// the page to be ready again.
func reload(t testing.TB, ctx context.Context) {
	t.Helper()
	waitSaved(t, ctx)
	do(t, ctx, chromedp.Reload())
	waitReady(t, ctx)
}

// waitFor waits until a script is true.
func waitFor(t testing.TB, ctx context.Context, js, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}
