//go:build !wasm

package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestHighlightKeepsLetterShapes highlights part of an Arabic word and
// compares screenshots of its paragraph with and without the highlight,
// its colour made transparent: any change in how a letter joins shows as
// changed pixels. Two controls prove the comparison can see a change: the
// highlight in its real colour, and the same letters cut apart by a
// zero-width non-joiner.
func TestHighlightKeepsLetterShapes(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	const block = 8
	para := fmt.Sprintf(`article [data-block="%d"]`, block)
	// A constructed style sheet: the page's policy refuses <style> elements.
	eval[bool](t, ctx, `(() => {
		const s = new CSSStyleSheet();
		s.replaceSync("::highlight(claim), ::highlight(quote), ::highlight(source), ::highlight(focus), ::highlight(flash) { background-color: transparent !important; text-decoration: none !important; color: inherit !important; }");
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
		window.transparentHighlights = s;
		return true;
	})()`)
	shot := func() image.Image {
		t.Helper()
		eval[bool](t, ctx, `(document.querySelector('`+para+`').scrollIntoView({block: "center"}), true)`)
		b, err := chromedp.Run(ctx, chromedp.Screenshot(para, chromedp.NodeVisible))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	before := shot()

	// "لادي" inside "فلاديمير": the highlight starts between two joined
	// letters (ف and ل) and ends between two more (ي and م).
	s, e := span(t, block, "لادي")
	selectRange(t, ctx, s, e)
	click(t, ctx, `[data-action="tag-claim"]`)
	waitListed(t, ctx, 1)
	if got := eval[string](t, ctx, `Array.from(CSS.highlights.get("claim")).map((r) => r.toString()).join("|")`); got != "لادي" {
		t.Fatalf("the claim highlight holds %q", got)
	}
	// A highlight's range is measured on screen as a live Range is.
	if w := eval[float64](t, ctx, `Array.from(CSS.highlights.get("claim"))[0].getBoundingClientRect().width`); w <= 0 {
		t.Errorf("the claim highlight's range is %v px wide on screen", w)
	}
	if n := eval[int](t, ctx, `getSelection().rangeCount && !getSelection().isCollapsed ? 1 : 0`); n != 0 {
		t.Fatal("the selection is still shown after tagging")
	}
	if d := diff(before, shot()); d != 0 {
		t.Errorf("a transparent highlight inside a word changed %d pixels: letters changed shape", d)
	}

	// Control 1: in its colour the highlight does show.
	eval[bool](t, ctx, `(transparentHighlights.disabled = true, true)`)
	if d := diff(before, shot()); d == 0 {
		t.Error("the highlight in its colour changed no pixels: the screenshots cannot see the highlight")
	}
	eval[bool](t, ctx, `(transparentHighlights.disabled = false, true)`)

	// Control 2: a break in joining where the highlight starts is seen.
	eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const n = document.querySelector('%s').firstChild;
		n.insertData(%d, "\u200c");
		return true;
	})()`, para, s-seedDoc.Blocks[block].Start))
	if d := diff(before, shot()); d == 0 {
		t.Error("breaking the joining of a word changed no pixels: the comparison cannot see letter shapes")
	}
}

// diff counts the pixels that differ visibly between two images of the
// same size (all of them if the sizes differ). Repainting the glyphs of a
// highlighted range can move an anti-aliased edge pixel by a level or two
// of one channel; a changed letter shape moves many pixels by far more.
func diff(a, b image.Image) int {
	const tolerance = 16 << 8 // in the 16-bit units of color.RGBA
	if a.Bounds().Size() != b.Bounds().Size() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, a1 := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, a2 := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			if far(r1, r2, tolerance) || far(g1, g2, tolerance) || far(b1, b2, tolerance) || far(a1, a2, tolerance) {
				n++
			}
		}
	}
	return n
}

func far(x, y, tolerance uint32) bool {
	if x > y {
		return x-y > tolerance
	}
	return y-x > tolerance
}
