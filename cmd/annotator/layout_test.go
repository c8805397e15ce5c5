//go:build !wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// box is an element's or a line's rectangle on screen.
type box struct{ Left, Top, Right, Bottom float64 }

func (a box) overlaps(b box) bool {
	return a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom
}

func rectOf(t testing.TB, ctx context.Context, selector string) box {
	t.Helper()
	return eval[box](t, ctx, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return {Left: r.left, Top: r.top, Right: r.right, Bottom: r.bottom}; })()`, selector))
}

// TestReadingLayout checks on a wide screen what a reader sees while
// reading and tagging: the keys' help comes and goes without drawing the
// article anew, the top bar stays in reach, the panel does not move
// when the toolbar floats to a selection, the toolbar covers neither the
// selected lines nor the line after them, a claim's underline is unbroken
// through Arabic descenders, the invocation printed twice is shown once,
// a passage from an Arabic line into an English "Source:" line is listed
// with each line in its own direction, the import control speaks the
// interface language and stays focusable, and a document id in the import
// question stays inside its box.
func TestReadingLayout(t *testing.T) {
	ctx := newBrowser(t, 1366, 800)
	openApp(t, ctx)
	click(t, ctx, `[data-action="ui-lang"]`)
	waitFor(t, ctx, `document.querySelector(".layout").lang === "ar"`, "the Arabic interface")
	tagText(t, ctx, 8, "الإرهاب الدولي ذي الطابع الإسلامي", "claim", 1)

	if d := eval[string](t, ctx, `getComputedStyle(document.querySelector('article [data-block="1"]')).display`); d != "none" {
		t.Errorf("the invocation's second copy is shown (display %s)", d)
	}

	// Opening and closing the keys' help leaves the article as it is:
	// the same text nodes, so a selection in them survives.
	eval[bool](t, ctx, `(window.keptNode = document.querySelector('article [data-block="8"]').firstChild, true)`)
	click(t, ctx, `[data-action="help"]`)
	waitFor(t, ctx, `!!document.querySelector("[data-help]")`, "the keys' help")
	click(t, ctx, `[data-action="close-help"]`)
	waitFor(t, ctx, `!document.querySelector("[data-help]")`, "the keys' help to close")
	if !eval[bool](t, ctx, `window.keptNode.isConnected && document.querySelector('article [data-block="8"]').firstChild === window.keptNode`) {
		t.Error("opening and closing the keys' help drew the article anew")
	}

	// The top bar after scrolling half the article.
	eval[bool](t, ctx, `(scrollTo(0, document.body.scrollHeight / 2), true)`)
	if bar := rectOf(t, ctx, ".topbar"); bar.Top != 0 || bar.Bottom > 64 {
		t.Errorf("scrolled, the top bar is at %+v, want at the top and at most 64 px tall", bar)
	}
	if undo := rectOf(t, ctx, `[data-action="undo"]`); undo.Top < 0 || undo.Bottom > 64 {
		t.Errorf("scrolled, Undo is at %+v", undo)
	}

	// The floating toolbar, for a selection mid-screen and one at the
	// bottom of the screen.
	for _, c := range []struct {
		name   string
		block  int
		needle string
		at     string // where the selection's block is scrolled to
	}{
		{"mid-screen", 10, "الوثائق التي رُفعت عنها السرية", "center"},
		{"on a block's last line", 10, "هي نفسها التي يكررها اليوم", "center"},
		{"at the bottom", 11, "أحد أسباب ذلك", "end"},
	} {
		s, e := span(t, c.block, c.needle)
		eval[bool](t, ctx, fmt.Sprintf(`(getSelection().removeAllRanges(), document.querySelector('article [data-block="%d"]').scrollIntoView({block: %q}), true)`, c.block, c.at))
		heading := rectOf(t, ctx, ".panel h2")
		selectRange(t, ctx, s, e)
		waitFor(t, ctx, `document.querySelector("[data-toolbar]").dataset.floating === "true"`, "the toolbar to float")
		if moved := rectOf(t, ctx, ".panel h2"); moved.Top-heading.Top > 1 || moved.Top-heading.Top < -1 {
			t.Errorf("%s: the panel moved by %.0f px when the toolbar floated", c.name, moved.Top-heading.Top)
		}
		// The lines of the selection's block and of the next one, and
		// which are selected.
		lines := eval[[]box](t, ctx, fmt.Sprintf(`(() => {
			const r = document.createRange(), out = [];
			for (const b of [%d, %d]) {
				r.selectNodeContents(document.querySelector('article [data-block="' + b + '"]'));
				out.push(...Array.from(r.getClientRects()).filter((x) => x.width > 0)
					.map((x) => ({Left: x.left, Top: x.top, Right: x.right, Bottom: x.bottom})));
			}
			return out;
		})()`, c.block, c.block+1))
		sel := eval[[]box](t, ctx, `Array.from(getSelection().getRangeAt(0).getClientRects()).filter((x) => x.width > 0)
			.map((x) => ({Left: x.left, Top: x.top, Right: x.right, Bottom: x.bottom}))`)
		bar := rectOf(t, ctx, "[data-toolbar]")
		last := sel[len(sel)-1]
		covered := append([]box(nil), sel...)
		next := -1.0 // the top of the line after the selection
		for _, l := range lines {
			if l.Top >= last.Bottom-1 && (next < 0 || l.Top < next) {
				next = l.Top
			}
		}
		for _, l := range lines { // every piece of that line
			if next >= 0 && l.Top > next-1 && l.Top < next+1 {
				covered = append(covered, l)
			}
		}
		if len(covered) == len(sel) {
			t.Fatalf("%s: no line after the selection in block %d", c.name, c.block)
		}
		for _, l := range covered {
			if bar.overlaps(l) {
				t.Errorf("%s: the toolbar %+v covers the line %+v (selection %+v)", c.name, bar, l, sel)
			}
		}
		if top := rectOf(t, ctx, ".topbar"); bar.Top < top.Bottom || bar.Bottom > eval[float64](t, ctx, `innerHeight`) {
			t.Errorf("%s: the toolbar %+v is under the top bar or off the screen", c.name, bar)
		}
	}
	eval[bool](t, ctx, `(getSelection().removeAllRanges(), true)`)

	// The claim's underline, read from the screen: one unbroken line. The
	// claim just made is the focused one, drawn with the focus's own
	// underline: Escape leaves it.
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, `!CSS.highlights.get("focus") || CSS.highlights.get("focus").size === 0`, "no annotation to be focused")
	underlineUnbroken(t, ctx, 8, "الإرهاب الدولي ذي الطابع الإسلامي", [3]uint8{0xa3, 0x5f, 0x00})

	// From an Arabic line into "Source:": the English line keeps its
	// direction in the list, so its colon stays after the word.
	s, _ := span(t, 12, "هذا خداع روسي لنفسه.")
	_, e := span(t, 13, "Source:")
	selectRange(t, ctx, s, e)
	click(t, ctx, `[data-action="tag-quote"]`)
	waitListed(t, ctx, 2)
	order := eval[[]float64](t, ctx, `(() => {
		const b = Array.from(document.querySelectorAll(".panel .quote-text")).find((q) => q.textContent.includes("Source:"));
		const w = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
		let text;
		while ((text = w.nextNode()) && !text.data.includes("Source:"));
		const i = text.data.indexOf("Source:");
		const at = (k) => { const r = document.createRange(); r.setStart(text, k); r.setEnd(text, k + 1); return r.getBoundingClientRect().left; };
		return [at(i), at(i + 6)];
	})()`)
	if order[1] <= order[0] {
		t.Errorf(`in the list "Source:" reads right to left (S at %.0f, the colon at %.0f)`, order[0], order[1])
	}

	// Import: a label in Arabic; the file field is hidden from the eye
	// only, and takes the keyboard's focus.
	imp := eval[map[string]string](t, ctx, `(() => {
		const input = document.querySelector('input[type=file][data-action="import"]');
		input.focus();
		const label = input.closest("label");
		return {text: label.textContent.trim(), display: getComputedStyle(input).display, focused: String(document.activeElement === input),
			outline: getComputedStyle(label).outlineStyle, width: String(label.getBoundingClientRect().width)};
	})()`)
	if imp["text"] != "استيراد" || imp["display"] == "none" || imp["focused"] != "true" || imp["outline"] == "none" || imp["width"] == "0" {
		t.Errorf("the import control: %v", imp)
	}

	// A file made for another document: its id stays in the box.
	foreignQuestion(t, ctx)
}

// foreignQuestion imports a file made for another document and checks
// that the question's text stays inside its box.
func foreignQuestion(t *testing.T, ctx context.Context) {
	t.Helper()
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	other := annotations.Target{Source: "urn:sha256:" + strings.Repeat("fedcba9876543210", 4),
		Quote: annotations.TextQuote{Exact: "أشاد بوتين كثيراً بتعامل بوش"}}
	f := readerFile(t, t.TempDir(), "another-copy-of-the-article-with-a-long-name.jsonld", []annotations.Annotation{{
		ID: "urn:uuid:aaaaaaaa-0000-4000-8000-0000000000e1", Tag: annotations.Claim, Created: at, Modified: at, Target: other}})
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{f}))
	waitFor(t, ctx, `!!document.querySelector('[data-action="anchor-anyway"]')`, "the question about a file for another text")
	spill := eval[[]string](t, ctx, `(() => {
		const box = document.querySelector(".pending"), b = box.getBoundingClientRect(), out = [];
		if (box.scrollWidth > box.clientWidth) out.push("the box scrolls sideways: " + box.scrollWidth + " > " + box.clientWidth);
		for (const el of box.querySelectorAll("*")) {
			for (const r of el.getClientRects()) {
				if (r.left < b.left - 0.5 || r.right > b.right + 0.5) out.push(el.outerHTML.slice(0, 80) + " spills to " + r.left + ".." + r.right);
			}
		}
		const id = box.querySelector(".doc-id");
		if (!id || !id.title.startsWith("urn:sha256:fedcba") || id.title.length !== 75) out.push("the id's title is " + (id && id.title));
		return out;
	})()`)
	for _, s := range spill {
		t.Errorf("the import question: %s", s)
	}
	click(t, ctx, `[data-action="cancel-import"]`)
}

// underlineUnbroken reads the underline of the highlight over needle in
// block from a screenshot: the row of pixels in the tag's line colour must
// run under the whole passage with no gap wider than a pixel.
func underlineUnbroken(t *testing.T, ctx context.Context, block int, needle string, line [3]uint8) {
	t.Helper()
	s, e := span(t, block, needle)
	r := eval[box](t, ctx, fmt.Sprintf(`(() => {
		const el = document.querySelector('article [data-block="%d"]');
		el.scrollIntoView({block: "center"});
		const r = document.createRange();
		r.setStart(el.firstChild, %d);
		r.setEnd(el.firstChild, %d);
		const rs = r.getClientRects();
		if (rs.length !== 1) return {Left: 0, Top: 0, Right: 0, Bottom: 0};
		return {Left: rs[0].left + scrollX, Top: rs[0].top + scrollY, Right: rs[0].right + scrollX, Bottom: rs[0].bottom + scrollY};
	})()`, block, annotations.CodePointToUTF16(seedDoc.BlockText(block), s-seedDoc.Blocks[block].Start),
		annotations.CodePointToUTF16(seedDoc.BlockText(block), e-seedDoc.Blocks[block].Start)))
	if r.Right == 0 {
		t.Fatalf("%q is not on one line", needle)
	}
	const scale = 2
	h := r.Bottom - r.Top
	shot, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Clip: &page.Viewport{X: r.Left, Y: r.Top + h/2, Width: r.Right - r.Left, Height: h, Scale: scale}})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -48 && d < 48 }
	b := img.Bounds()
	// Inset by a few pixels: the line's ends are the passage's ends.
	x0, x1 := b.Min.X+4*scale, b.Max.X-4*scale
	bestRow, bestCount := -1, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		n := 0
		for x := x0; x < x1; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if near(cr, line[0]) && near(cg, line[1]) && near(cb, line[2]) {
				n++
			}
		}
		if n > bestCount {
			bestRow, bestCount = y, n
		}
	}
	if bestRow < 0 {
		t.Fatalf("no underline in the line's colour under %q", needle)
	}
	// Along that row a pixel is the line, or a letter drawn over it (dark
	// ink); a light pixel is a gap, where the line skipped a letter.
	gap, widest, drawn := 0, 0, 0
	for x := x0; x < x1; x++ {
		cr, cg, cb, _ := img.At(x, bestRow).RGBA()
		if near(cr, line[0]) && near(cg, line[1]) && near(cb, line[2]) || cr>>8 < 128 && cg>>8 < 128 && cb>>8 < 128 {
			gap = 0
			drawn++
			continue
		}
		gap++
		widest = max(widest, gap)
	}
	if widest > 1 || drawn < (x1-x0)*99/100 {
		t.Errorf("the underline under %q is broken: %d of %d pixels drawn, the widest gap %d device pixels", needle, drawn, x1-x0, widest)
	}
}

// TestPhoneLayout checks the page on a 390 px touch screen in both
// interface languages: the top bar is one row of at most 64 px, Keys is
// not offered, and a listed annotation is a compact card whose note opens
// when focused.
func TestPhoneLayout(t *testing.T) {
	ctx := openPhone(t)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	tagText(t, ctx, 9, "ثلاث خطوات", "quote", 2)
	for _, lang := range []string{"en", "ar"} {
		if eval[string](t, ctx, `document.querySelector(".layout").lang`) != lang {
			do(t, ctx, chromedp.Tap(`.more-toggle`))
			waitFor(t, ctx, `document.querySelector(".more").matches(":popover-open")`, "the menu")
			do(t, ctx, chromedp.Tap(`[data-action="ui-lang"]`))
			waitFor(t, ctx, fmt.Sprintf(`document.querySelector(".layout").lang === %q`, lang), "the interface in "+lang)
		}
		eval[bool](t, ctx, `(scrollTo(0, 3000), true)`)
		bar := rectOf(t, ctx, ".topbar")
		if bar.Top != 0 || bar.Bottom > 64 {
			t.Errorf("%s: the top bar at 390 px is %+v, want at the top and at most 64 px", lang, bar)
		}
		for _, sel := range []string{`[data-action="undo"]`, `[data-action="redo"]`, `[data-action="export"]`, `.more-toggle`} {
			if b := rectOf(t, ctx, sel); b.Top < bar.Top || b.Bottom > bar.Bottom || b.Left < 0 || b.Right > 390 {
				t.Errorf("%s: %s is at %+v, outside the bar %+v", lang, sel, b, bar)
			}
		}
		if d := eval[string](t, ctx, `getComputedStyle(document.querySelector('[data-action="help"]')).display`); d != "none" {
			t.Errorf("%s: Keys (?) is offered on a touch screen", lang)
		}
		if eval[string](t, ctx, `document.querySelector(".panel").dataset.open`) != "true" {
			do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
			waitFor(t, ctx, `document.querySelector(".panel").dataset.open === "true"`, "the drawer")
		}
		heights := eval[[]float64](t, ctx, `Array.from(document.querySelectorAll(".panel [data-annotation-id]")).map((e) => e.getBoundingClientRect().height)`)
		for _, h := range heights {
			if h > 140 {
				t.Errorf("%s: a card is %.0f px tall on a phone, want at most 140", lang, h)
			}
		}
		note := eval[[]float64](t, ctx, `(() => { const n = document.querySelector('.panel [data-field="note"]'); const a = n.getBoundingClientRect().height;
			n.focus(); const b = n.getBoundingClientRect().height; n.blur(); return [a, b]; })()`)
		if note[0] > 40 || note[1] < 60 {
			t.Errorf("%s: the note is %.0f px, %.0f px focused; want one line, then room to write", lang, note[0], note[1])
		}
		do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
		waitFor(t, ctx, `document.querySelector(".panel").dataset.open !== "true"`, "the drawer to close")
		// Closed, the drawer shows its handle and nothing of what follows.
		peek := eval[[]string](t, ctx, `(() => { const p = document.querySelector(".panel").getBoundingClientRect(); const seen = [];
			for (const e of document.querySelectorAll(".panel *")) {
				if (e.closest(".drawer-handle") || !e.checkVisibility({visibilityProperty: true})) continue;
				const r = e.getBoundingClientRect();
				if (r.width > 0 && r.height > 0 && r.bottom > p.top && r.top < p.bottom) seen.push(e.tagName + "." + e.className + " " + Math.round(p.bottom - r.top) + "px");
			}
			return seen; })()`)
		if len(peek) > 0 {
			t.Errorf("%s: the closed drawer shows %v beside its handle", lang, peek)
		}
	}
}

// TestPhoneDrawerHandleStaysInReach: on a phone, the drawer's handle stays
// at its top however far its list is scrolled, and closes it from there.
func TestPhoneDrawerHandleStaysInReach(t *testing.T) {
	ctx := openPhone(t)
	keep(t, ctx, randomAnnotations(t, 40))
	reload(t, ctx)
	waitListed(t, ctx, 40)
	for round := range 2 {
		do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
		waitFor(t, ctx, `document.querySelector(".panel").dataset.open === "true"`, "the drawer")
		eval[bool](t, ctx, `(() => { const p = document.querySelector(".panel"); p.scrollTop = p.scrollHeight; return true; })()`)
		waitFor(t, ctx, `(() => { const p = document.querySelector(".panel"); return p.scrollTop > 1000; })()`, "the list scrolled")
		handle, panel := rectOf(t, ctx, `[data-action="drawer"]`), rectOf(t, ctx, ".panel")
		if handle.Top < panel.Top-1 || handle.Bottom > panel.Top+80 {
			t.Errorf("round %d: with the list scrolled the handle is at %+v, the drawer at %+v: want it at the drawer's top", round, handle, panel)
		}
		do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
		waitFor(t, ctx, `document.querySelector(".panel").dataset.open !== "true"`, "the drawer to close from its handle")
		// Closed, it shows its handle, not the rows it was scrolled to.
		waitFor(t, ctx, `document.querySelector(".panel").scrollTop === 0`, "the closed drawer back at its top")
	}
	// A row gone to from far down the list stays clear of the handle
	// when the interface changes language (the rows are drawn anew).
	rows := waitListed(t, ctx, 40)
	do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
	waitFor(t, ctx, `document.querySelector(".panel").dataset.open === "true"`, "the drawer")
	row := fmt.Sprintf(`.panel [data-annotation-id=%q]`, rows[30]["id"])
	eval[bool](t, ctx, `(document.querySelector('`+row+` [data-action="go-to"]').scrollIntoView({block: "nearest"}), true)`)
	click(t, ctx, row+` [data-action="go-to"]`)
	for range 2 {
		lang := map[string]string{"ar": "en", "en": "ar"}[eval[string](t, ctx, `document.querySelector(".layout").lang`)]
		if !eval[bool](t, ctx, `document.querySelector(".more").matches(":popover-open")`) {
			do(t, ctx, chromedp.Tap(`.more-toggle`))
			waitFor(t, ctx, `document.querySelector(".more").matches(":popover-open")`, "the menu")
		}
		do(t, ctx, chromedp.Tap(`[data-action="ui-lang"]`))
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector(".layout").lang === %q`, lang), "the interface in "+lang)
		clear := `(() => { const r = document.querySelector('` + row + `').getBoundingClientRect();
			const h = document.querySelector('[data-action="drawer"]').getBoundingClientRect();
			const p = document.querySelector(".panel").getBoundingClientRect();
			return r.top >= h.bottom - 1 && r.bottom <= p.bottom + 1; })()`
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](clear, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			r, h := rectOf(t, ctx, row), rectOf(t, ctx, `[data-action="drawer"]`)
			t.Errorf("in %s the row is at %+v, the handle at %+v", lang, r, h)
		}
	}
	// A passage tagged near the end with the drawer closed: opening the
	// drawer shows its row, not the top of the list.
	eval[bool](t, ctx, `(document.querySelector(".more").matches(":popover-open") && document.querySelector(".more").hidePopover(), true)`)
	do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
	waitFor(t, ctx, `document.querySelector(".panel").dataset.open !== "true"`, "the drawer closed")
	s, e := seedDoc.Len()-30, seedDoc.Len()-18
	selectRange(t, ctx, s, e)
	do(t, ctx, chromedp.Tap(`[data-action="tag-quote"]`))
	waitListed(t, ctx, 41)
	do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
	waitFor(t, ctx, `document.querySelector(".panel").dataset.open === "true"`, "the drawer")
	shown := `(() => { const r = document.querySelector('.panel [aria-current="true"]')?.getBoundingClientRect();
		const h = document.querySelector('[data-action="drawer"]').getBoundingClientRect();
		const p = document.querySelector(".panel").getBoundingClientRect();
		return !!r && r.top >= h.bottom - 1 && r.bottom <= p.bottom + 1; })()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](shown, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the drawer opened without the new row in view (scrolled %v)", eval[float64](t, ctx, `document.querySelector(".panel").scrollTop`))
	}
}

// TestGoToPassageShowsItWhereItCanBeRead: "go to passage" on a listed
// annotation scrolls its passage into the part of the screen the text
// has: below the top bar, and on a phone above the open drawer, which
// stays open with the row. Passages far down, far up and near the
// start, on a phone and on a desktop.
func TestGoToPassageShowsItWhereItCanBeRead(t *testing.T) {
	list := claimsAt(t, 20, 150, seedDoc.Len()/2, seedDoc.Len()-40, 2000)
	for _, phone := range []bool{true, false} {
		var ctx context.Context
		if phone {
			ctx = openPhone(t)
		} else {
			ctx = newBrowser(t, 1280, 900)
			openApp(t, ctx)
		}
		keep(t, ctx, list)
		reload(t, ctx)
		waitListed(t, ctx, len(list))
		if phone {
			do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
			waitFor(t, ctx, `document.querySelector(".panel").dataset.open === "true"`, "the drawer")
		}
		for _, i := range []int{2, 0, 3, 1} {
			row := fmt.Sprintf(`.panel [data-annotation-id=%q]`, list[i].ID)
			eval[bool](t, ctx, `(document.querySelector('`+row+` [data-action="go-to"]').scrollIntoView({block: "nearest"}), true)`)
			click(t, ctx, row+` [data-action="go-to"]`)
			waitFor(t, ctx, `document.querySelector('`+row+`').getAttribute("aria-current") === "true"`, "the row focused")
			// The passage is the focus highlight; the text is free between
			// the bar's bottom and the drawer's top (or the window's).
			got := eval[map[string]float64](t, ctx, `new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
				const r = CSS.highlights.get("focus").values().next().value.getBoundingClientRect();
				const bar = document.querySelector(".topbar").getBoundingClientRect();
				const panel = document.querySelector(".panel");
				const p = panel.getBoundingClientRect();
				const fixed = getComputedStyle(panel).position === "fixed";
				done({top: r.top, bottom: r.bottom, free: bar.bottom, until: fixed ? p.top : innerHeight, open: panel.dataset.open === "true" ? 1 : 0});
			})))`, chromedp.EvalAwaitPromise)
			if got["top"] < got["free"]-1 || got["bottom"] > got["until"]+1 || got["bottom"]-got["top"] < 5 {
				t.Errorf("phone %v, passage %d: at [%.0f, %.0f], the text has [%.0f, %.0f]", phone, i, got["top"], got["bottom"], got["free"], got["until"])
			}
			if phone && got["open"] != 1 {
				t.Errorf("passage %d: the drawer closed", i)
			}
		}
	}
}

// TestPhoneKeysFitTheScreen opens the list of keys on a phone in both
// languages: nothing goes past the screen's edge, and what each key does
// reads in lines, not a word a line.
func TestPhoneKeysFitTheScreen(t *testing.T) {
	ctx := openPhone(t)
	for _, lang := range []string{"ar", "en"} {
		eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem("annotator:ui-lang", %q), true)`, lang))
		reload(t, ctx)
		press(t, ctx, "?")
		waitFor(t, ctx, `!!document.querySelector("[data-help]")`, "the keys")
		got := eval[map[string]float64](t, ctx, `(() => {
			const dd = [...document.querySelectorAll("[data-help] dd")].map((d) => d.getBoundingClientRect().width);
			return {page: document.documentElement.scrollWidth, narrowest: Math.min(...dd)};
		})()`)
		if got["page"] > 390 || got["narrowest"] < 250 {
			t.Errorf("%s: the page is %.0f px wide with the keys open, the narrowest description %.0f px", lang, got["page"], got["narrowest"])
		}
		press(t, ctx, "?")
	}
}

// TestLanguageSwitchKeepsTheNoteBeingWritten: with a long list, the row
// whose note the reader clicked into becomes the current one, and stays in
// view when the interface's language is switched with the mouse.
func TestLanguageSwitchKeepsTheNoteBeingWritten(t *testing.T) {
	ctx, rows := storedAndListed(t, 700)
	far := rows[650]["id"]
	note := fmt.Sprintf(`[data-annotation-id=%q] [data-field="note"]`, far)
	eval[bool](t, ctx, fmt.Sprintf(`(document.querySelector('%s').scrollIntoView({block: "center"}), true)`, note))
	click(t, ctx, note)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('[data-annotation-id=%q]').getAttribute("aria-current") === "true"`, far), "the row written in to be the current one")
	lang := eval[string](t, ctx, `document.querySelector(".layout").lang`)
	click(t, ctx, `[data-action="ui-lang"]`)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector(".layout").lang !== %q`, lang), "the other language")
	waitFor(t, ctx, inPanelView(far), "the row written in to stay in view")
}

// storedAndListed opens the app at desktop width with n annotations
// stored, once all are listed.
func storedAndListed(t *testing.T, n int) (context.Context, []map[string]string) {
	t.Helper()
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	keep(t, ctx, randomAnnotations(t, n))
	reload(t, ctx)
	return ctx, waitListed(t, ctx, n)
}

// inPanelView is a script that says whether annotation id's row is in the
// panel's view.
func inPanelView(id string) string {
	return fmt.Sprintf(`(() => { const r = document.querySelector('.panel [data-annotation-id=%q]').getBoundingClientRect();
		const p = document.querySelector(".panel").getBoundingClientRect();
		return r.top >= p.top - 1 && r.bottom <= p.bottom + 1; })()`, id)
}

// TestLanguageSwitchKeepsTheListsPlace: with a long list scrolled to a
// focused annotation far down, switching the interface language draws the
// rows again in the other language and keeps that row in view; so does
// undoing a delete there.
func TestLanguageSwitchKeepsTheListsPlace(t *testing.T) {
	ctx, rows := storedAndListed(t, 700)
	far := rows[600]["id"]
	eval[bool](t, ctx, fmt.Sprintf(`(document.querySelector('[data-annotation-id=%q] [data-action="go-to"]').scrollIntoView({block: "center"}), true)`, far))
	click(t, ctx, fmt.Sprintf(`[data-annotation-id=%q] [data-action="go-to"]`, far))
	inView := inPanelView(far)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('[data-annotation-id=%q]').getAttribute("aria-current") === "true"`, far), "the far row focused")
	waitFor(t, ctx, inView, "the focused row in view")
	for _, lang := range []string{"en", "ar"} {
		if eval[string](t, ctx, `document.querySelector(".layout").lang`) == lang {
			continue
		}
		click(t, ctx, `[data-action="ui-lang"]`)
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector(".layout").lang === %q`, lang), "the interface in "+lang)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](inView, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Log(eval[string](t, ctx, fmt.Sprintf(`(() => { const li = document.querySelector('.panel [data-annotation-id=%q]'); const r = li.getBoundingClientRect();
				const p = document.querySelector(".panel"); const pr = p.getBoundingClientRect();
				return JSON.stringify({row: [r.top, r.bottom], panel: [pr.top, pr.bottom], st: p.scrollTop, sh: p.scrollHeight, cur: li.getAttribute("aria-current"), groups: document.querySelectorAll("[data-list] > .rows").length, rows: document.querySelectorAll("[data-list] .item").length}); })()`, far)))
			t.Fatalf("not in view after switching to %s", lang)
		}
	}
	eval[bool](t, ctx, fmt.Sprintf(`(document.querySelector('[data-annotation-id=%q] [data-action="go-to"]').focus(), true)`, far))
	click(t, ctx, fmt.Sprintf(`[data-annotation-id=%q] [data-action="delete"]`, far))
	waitListed(t, ctx, 699)
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitListed(t, ctx, 700)
	waitFor(t, ctx, `(() => { const r = document.querySelector('.panel [data-annotation-id][aria-current="true"]').getBoundingClientRect();
		const p = document.querySelector(".panel").getBoundingClientRect();
		return r.top >= p.top - 1 && r.bottom <= p.bottom + 1; })()`, "the focused row in view after undoing the delete")
}

// TestDeleteLeavesTheArticleWhereItIs: deleting an annotation from the
// list gives the keyboard to the next row without scrolling the article to
// that row's passage, and undoing the deletion does not scroll it either.
func TestDeleteLeavesTheArticleWhereItIs(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	list := claimsAt(t, 20, 200, seedDoc.Len()-200)
	keep(t, ctx, list)
	reload(t, ctx)
	waitListed(t, ctx, 2)
	scrolled := `document.scrollingElement.scrollTop`
	eval[bool](t, ctx, `(window.scrollTo(0, 300), true)`)
	y := eval[float64](t, ctx, scrolled)
	click(t, ctx, fmt.Sprintf(`[data-annotation-id=%q] [data-action="delete"]`, list[0].ID))
	waitListed(t, ctx, 1)
	waitFor(t, ctx, fmt.Sprintf(`!!document.activeElement.closest('[data-annotation-id=%q]')`, list[1].ID), "the keyboard on the next row")
	time.Sleep(300 * time.Millisecond) // a scroll would have happened by now
	if now := eval[float64](t, ctx, scrolled); now != y {
		t.Errorf("deleting scrolled the page from %v to %v", y, now)
	}
	press(t, ctx, "z", chromedp.ModifierCtrl)
	waitListed(t, ctx, 2)
	time.Sleep(300 * time.Millisecond)
	if now := eval[float64](t, ctx, scrolled); now != y {
		t.Errorf("undoing the deletion scrolled the page from %v to %v", y, now)
	}
}
