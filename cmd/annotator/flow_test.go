//go:build !wasm

package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/chromedp"
)

// The widths a reader uses: a desktop, a tablet, a phone (touch).
var widths = []struct {
	name          string
	width, height int
	touch         bool
}{
	{"desktop", 1366, 900, false},
	{"tablet", 900, 1100, false},
	{"phone", 390, 844, true},
}

func widthBrowser(t *testing.T, width, height int, touch bool) context.Context {
	t.Helper()
	ctx := newBrowser(t, width, height)
	if touch {
		do(t, ctx, chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateMobile, chromedp.EmulateTouch))
	}
	openApp(t, ctx)
	return ctx
}

// passageTop is where the code point at pos is in the viewport, and how
// far the page is scrolled, without scrolling anything.
func passageTop(t *testing.T, ctx context.Context, pos int) (top, scrollY float64) {
	t.Helper()
	b := seedDoc.BlockAt(pos + 1)
	o := annotations.CodePointToUTF16(seedDoc.BlockText(b), pos-seedDoc.Blocks[b].Start)
	v := eval[[]float64](t, ctx, fmt.Sprintf(`(() => {
		const el = document.querySelector('article [data-block="%d"]');
		const r = document.createRange();
		r.setStart(el.firstChild, %d);
		r.setEnd(el.firstChild, %d);
		return [r.getClientRects()[0].top, window.scrollY];
	})()`, b, o, o+1))
	return v[0], v[1]
}

// TestClickingAHighlightMovesNothing: at each width, a click (or tap) on
// a highlight focuses its annotation and the passage stays where it is;
// a double-click on a word inside it, then Quote, makes an overlapping
// quote.
func TestClickingAHighlightMovesNothing(t *testing.T) {
	for _, w := range widths {
		t.Run(w.name, func(t *testing.T) {
			ctx := widthBrowser(t, w.width, w.height, w.touch)
			s, e := span(t, 8, "الإرهاب الدولي")
			tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
			claim := listed(t, ctx)[0]["id"]
			eval[bool](t, ctx, `(document.activeElement && document.activeElement.blur(), true)`)
			x, y, cw, ch := charRect(t, ctx, s+3) // scrolls the passage into view
			top, scrolled := passageTop(t, ctx, s+3)
			do(t, ctx, chromedp.MouseClickXY(x+cw/2, y+ch/2))
			waitFor(t, ctx, fmt.Sprintf(`!!document.querySelector('[data-annotation-id=%q][aria-current="true"]')`, claim),
				"the clicked claim to be the focused one")
			top2, scrolled2 := passageTop(t, ctx, s+3)
			if math.Abs(top2-top) > 2 || math.Abs(scrolled2-scrolled) > 2 {
				t.Errorf("clicking the highlight moved the passage from %.0f to %.0f px (page scrolled %.0f → %.0f)", top, top2, scrolled, scrolled2)
			}
			// A word inside the claim, double-clicked, then Quote.
			ws, we := span(t, 8, "الدولي")
			if ws < s || we > e {
				t.Fatalf("الدولي (%d–%d) is not inside the claim (%d–%d)", ws, we, s, e)
			}
			x, y, cw, ch = charRect(t, ctx, ws+2)
			do(t, ctx, chromedp.MouseClickXY(x+cw/2, y+ch/2), chromedp.MouseClickXY(x+cw/2, y+ch/2, chromedp.ClickCount(2)))
			if sel := eval[string](t, ctx, `getSelection().toString().trim()`); sel != "الدولي" {
				t.Fatalf("the double-click selected %q", sel)
			}
			click(t, ctx, `[data-action="tag-quote"]`)
			got := waitListed(t, ctx, 2)
			var quote annotations.Annotation
			for _, a := range storedAnnotations(t, ctx) {
				if a.Tag == annotations.Quote {
					quote = a
				}
			}
			if p := quote.Target.Position; p.Start < s || p.End > e || quote.Target.Quote.Exact == "" {
				t.Errorf("the quote is at %d–%d %q, not inside the claim %d–%d (listed: %v)", p.Start, p.End, quote.Target.Quote.Exact, s, e, got)
			}
		})
	}
}

// TestTypingAfterClickingAHighlightGoesToItsNote: a reader who clicks a
// claim and types a sentence finds the sentence in its note, whole; no
// letter retags it.
func TestTypingAfterClickingAHighlightGoesToItsNote(t *testing.T) {
	for _, w := range widths[:2] { // a phone has no keyboard to type with before a field is chosen
		t.Run(w.name, func(t *testing.T) {
			ctx := widthBrowser(t, w.width, w.height, false)
			s, _ := span(t, 8, "الإرهاب الدولي")
			tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
			eval[bool](t, ctx, `(document.activeElement && document.activeElement.blur(), true)`)
			x, y, cw, ch := charRect(t, ctx, s+3)
			do(t, ctx, chromedp.MouseClickXY(x+cw/2, y+ch/2))
			waitFor(t, ctx, `document.activeElement && document.activeElement.dataset.field === "note"`, "the note to take the keyboard")
			const sentence = "source is weak; check Q and S, then n and l"
			do(t, ctx, chromedp.KeyEvent(sentence))
			waitSaved(t, ctx)
			got := storedAnnotations(t, ctx)
			if len(got) != 1 || got[0].Tag != annotations.Claim || got[0].Note != sentence {
				t.Fatalf("after typing: %d stored, tag %q, note %q; want one claim noted %q", len(got), got[0].Tag, got[0].Note, sentence)
			}
		})
	}
}

// TestAfterTaggingTheLinkFlowIsOneStep: the keyboard lands on the new
// claim, and the next selection links as its source at once.
func TestAfterTaggingTheLinkFlowIsOneStep(t *testing.T) {
	ctx := widthBrowser(t, 1366, 900, false)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	claim := listed(t, ctx)[0]["id"]
	// The keyboard is given to the row once go-app has drawn it, in the
	// frame after the row is listed.
	onRow := `(() => { const r = document.activeElement && document.activeElement.closest("[data-annotation-id]"); return r ? r.dataset.annotationId : String(document.activeElement && document.activeElement.tagName); })()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](onRow+` === `+strconv.Quote(claim), chromedp.WithPollingTimeout(2*time.Second))); err != nil {
		t.Fatalf("after tagging the keyboard is on %q, want the new claim %s", eval[string](t, ctx, onRow), claim)
	}
	s, e := span(t, 9, "ثلاث خطوات")
	selectRange(t, ctx, s, e)
	if eval[bool](t, ctx, `document.querySelector('[data-action="link-source"]').disabled`) {
		t.Fatal("Link as source is disabled right after tagging a claim")
	}
	click(t, ctx, `[data-action="link-source"]`)
	waitListed(t, ctx, 2)
	waitSaved(t, ctx)
	var c, src annotations.Annotation
	for _, a := range storedAnnotations(t, ctx) {
		switch a.Tag {
		case annotations.Claim:
			c = a
		case annotations.Source:
			src = a
		}
	}
	if src.ID == "" || len(c.Links) != 1 || c.Links[0] != src.ID || src.Target.Quote.Exact != "ثلاث خطوات" {
		t.Errorf("claim links %v, source %s %q", c.Links, src.ID, src.Target.Quote.Exact)
	}
}
