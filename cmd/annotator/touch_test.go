//go:build !wasm

package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTouchTagging runs the app on a phone-sized touch screen: a passage
// selected (as a long press and the selection handles leave it) is tagged
// by tapping the toolbar that appears by the selection.
func TestTouchTagging(t *testing.T) {
	ctx := newBrowser(t, 412, 860)
	do(t, ctx, chromedp.EmulateViewport(412, 860, chromedp.EmulateMobile, chromedp.EmulateTouch))
	openApp(t, ctx)
	s, e := span(t, 9, "ثلاث خطوات")
	selectRange(t, ctx, s, e)
	if f := eval[string](t, ctx, `document.querySelector("[data-toolbar]").dataset.floating || ""`); f != "true" {
		t.Fatal("no toolbar by the selection")
	}
	// A passage scrolled off screen, the bar stays in reach, above the
	// closed drawer's handle, not over it.
	s, e = span(t, 11, "أحد أسباب ذلك")
	selectRange(t, ctx, s, e)
	for _, to := range []string{"scrollTo(0, 0)", "scrollTo(0, document.body.scrollHeight)"} {
		bar := eval[[]float64](t, ctx, `(`+to+`, new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
			const b = document.querySelector("[data-toolbar]").getBoundingClientRect();
			const h = document.querySelector(".drawer-handle").getBoundingClientRect();
			done([b.top, b.bottom, h.top]);
		})))) `, chromedp.EvalAwaitPromise)
		if bar[1] > bar[2] || bar[0] < 0 {
			t.Errorf("after %s the tag bar spans %.0f to %.0f px, over the drawer's handle at %.0f", to, bar[0], bar[1], bar[2])
		}
	}
	s, e = span(t, 9, "ثلاث خطوات")
	eval[bool](t, ctx, `(document.querySelector('article [data-block="9"]').scrollIntoView({block: "center"}), true)`)
	selectRange(t, ctx, s, e)
	do(t, ctx, chromedp.Tap(`[data-action="tag-quote"]`))
	got := waitListed(t, ctx, 1)
	if got[0]["tag"] != "quote" || !strings.Contains(got[0]["text"], "ثلاث خطوات") {
		t.Errorf("tapping Quote listed %v", got)
	}
	if n := eval[int](t, ctx, `CSS.highlights.get("quote").size`); n != 1 {
		t.Errorf("%d quote highlights, want 1", n)
	}
	// The list is a drawer: closed it keeps the article in view, a tap on
	// its handle opens it.
	// The panel's share of the screen, and whether the first listed
	// annotation can be seen in it once scrolled to.
	drawer := `((scroll) => { const p = document.querySelector(".panel"); const r = p.getBoundingClientRect();
		const item = p.querySelector("[data-annotation-id]"); if (scroll) item.scrollIntoView({block: "nearest"});
		const i = item.getBoundingClientRect();
		return [r.height / innerHeight, r.bottom, i.top >= r.top && i.top < r.bottom ? 1 : 0]; })`
	closed := eval[[]float64](t, ctx, drawer+"(false)")
	if closed[0] > 0.1 || closed[1] < 850 || closed[2] != 0 {
		t.Errorf("on a phone the closed drawer takes %.0f%% of the screen (bottom at %.0f, list shown %v)", closed[0]*100, closed[1], closed[2])
	}
	do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
	waitFor(t, ctx, `document.querySelector(".panel").dataset.open === "true"`, "the drawer to open")
	open := eval[[]float64](t, ctx, drawer+"(true)")
	if open[0] < 0.5 || open[2] != 1 {
		t.Errorf("the open drawer takes %.0f%% of the screen, list shown %v", open[0]*100, open[2])
	}
}
