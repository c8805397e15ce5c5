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
	do(t, ctx, chromedp.Tap(`[data-action="tag-quote"]`))
	got := waitListed(t, ctx, 1)
	if got[0]["tag"] != "quote" || !strings.Contains(got[0]["text"], "ثلاث خطوات") {
		t.Errorf("tapping Quote listed %v", got)
	}
	if n := eval[int](t, ctx, `CSS.highlights.get("quote").size`); n != 1 {
		t.Errorf("%d quote highlights, want 1", n)
	}
}
