//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// want is an annotation the test makes and expects back everywhere.
type want struct {
	tag        string
	start, end int
}

func (w want) exact() string { return seedDoc.Slice(w.start, w.end) }

// collapse makes runs of white space one space, as a selection's text and
// the source differ only there between blocks.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestReaderAnnotatesKeepsAndExports(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)

	// Direction: the page is right-to-left, English lines are left-to-right.
	dirs := eval[map[string]string](t, ctx, `(() => {
		const art = document.querySelector("article[data-doc]");
		const dir = (sel) => getComputedStyle(art.querySelector(sel)).direction;
		return {html: document.documentElement.dir, article: art.dir, doc: art.dataset.doc,
			source: dir('[data-kind="source"]'), caption: dir('[data-kind="caption"]'),
			paragraph: dir('[data-kind="paragraph"]'), title: art.querySelector("h1").textContent,
			visibleTitles: String(Array.from(art.querySelectorAll('[data-kind="title"]')).filter((e) => e.getClientRects().length).length)};
	})()`)
	for k, v := range map[string]string{"html": "rtl", "article": "rtl", "source": "ltr", "caption": "ltr", "paragraph": "rtl", "doc": seedDoc.ID, "visibleTitles": "1"} {
		if dirs[k] != v {
			t.Errorf("%s: got %q, want %q", k, dirs[k], v)
		}
	}

	var made []want
	tagSelection := func(tag, selected string, w want) {
		t.Helper()
		before := len(listed(t, ctx))
		click(t, ctx, `[data-action="tag-`+tag+`"]`)
		waitListed(t, ctx, before+1)
		stored := storedAnnotations(t, ctx)
		var a *annotations.Annotation
		for i := range stored {
			if stored[i].Target.Position == (annotations.TextPosition{Start: w.start, End: w.end}) && string(stored[i].Tag) == tag {
				a = &stored[i]
			}
		}
		if a == nil {
			t.Fatalf("tagging %s: no stored annotation at %d–%d; stored: %+v", tag, w.start, w.end, stored)
		}
		if a.Target.Quote.Exact != w.exact() {
			t.Errorf("tagging %s: exact %q, want %q", tag, a.Target.Quote.Exact, w.exact())
		}
		if collapse(selected) != collapse(w.exact()) {
			t.Errorf("tagging %s: the reader selected %q but the annotation holds %q", tag, selected, w.exact())
		}
		made = append(made, w)
	}

	// 1. A claim that starts and ends inside words and carries diacritics,
	// selected with a DOM range.
	s, e := span(t, 8, "شِفَ لأول مرة عل")
	tagSelection("claim", selectRange(t, ctx, s, e), want{"claim", s, e})

	// 2. A quote from the end of an Arabic paragraph into the English
	// "Source:" line after it.
	s, _ = span(t, 12, "لنفسه.")
	_, e = span(t, 13, "Source:\u00a0Memo")
	if seedDoc.Blocks[12].Kind != annotations.Paragraph || seedDoc.Blocks[13].Kind != annotations.SourceRef {
		t.Fatalf("blocks 12 and 13 are %s and %s", seedDoc.Blocks[12].Kind, seedDoc.Blocks[13].Kind)
	}
	tagSelection("quote", selectRange(t, ctx, s+2, e), want{"quote", s + 2, e})

	// 3. A source inside an English caption, dragged with the mouse.
	s, e = span(t, 33, "satellite image")
	x0, y0, _, h0 := charRect(t, ctx, s)
	x1, y1, w1, _ := charRect(t, ctx, e-1)
	do(t, ctx,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x0+1, y0+h0/2, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (x0+x1)/2, y0+h0/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x1+w1-1, y1+h0/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x1+w1-1, y1+h0/2, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	)
	selected := eval[string](t, ctx, `getSelection().toString()`)
	if selected != "satellite image" {
		t.Fatalf("the mouse drag selected %q", selected)
	}
	tagSelection("source", selected, want{"source", s, e})

	// 4. A claim made from the keyboard alone: a caret placed in an Arabic
	// paragraph, shift+arrow to extend (left is forward in Arabic), C to tag.
	// It overlaps the first claim.
	s, _ = span(t, 8, "لأول")
	eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const art = document.querySelector("article[data-doc]");
		art.focus();
		getSelection().collapse(art.querySelector('[data-block="8"]').firstChild, %d);
		return true;
	})()`, annotations.CodePointToUTF16(seedDoc.BlockText(8), s-seedDoc.Blocks[8].Start)))
	for range 8 {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowLeft, chromedp.KeyModifiers(chromedp.ModifierShift)))
	}
	selected = eval[string](t, ctx, `getSelection().toString()`)
	if len([]rune(selected)) != 8 {
		t.Fatalf("eight shift+left presses selected %q", selected)
	}
	before := len(listed(t, ctx))
	do(t, ctx, chromedp.KeyEvent("c"))
	waitListed(t, ctx, before+1)
	// The keyboard goes to the new annotation once it is drawn; the click
	// below comes after, as a reader's would.
	waitFor(t, ctx, `!!document.activeElement?.closest(".panel [data-annotation-id]")`, "the keyboard on the new annotation")
	made = append(made, want{"claim", s, s + 8})
	if got := seedDoc.Slice(s, s+8); got != selected {
		t.Fatalf("keyboard selection %q, document span %q", selected, got)
	}

	// A note in Arabic on the quote, typed into its note field.
	quoteID := ""
	for _, l := range listed(t, ctx) {
		if l["tag"] == "quote" {
			quoteID = l["id"]
		}
	}
	noteSel := `[data-annotation-id="` + quoteID + `"] [data-field="note"]`
	click(t, ctx, noteSel)
	waitFor(t, ctx, `document.activeElement === document.querySelector('`+noteSel+`')`, "the note field to take the focus")
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "مصدر رسمي؟ check"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, fmt.Sprintf(`annotator.store.load(%q).then((s) => s.includes("مصدر رسمي؟ check"))`, seedDoc.ID), "the note to be saved")

	// A fifth annotation, deleted again.
	s, e = span(t, 15, "خمس دقائق")
	selectRange(t, ctx, s, e)
	click(t, ctx, `[data-action="tag-source"]`)
	var deleteID string
	for _, l := range waitListed(t, ctx, len(made)+1) {
		if strings.Contains(l["text"], "خمس دقائق") {
			deleteID = l["id"]
		}
	}
	if deleteID == "" {
		t.Fatal("the annotation to delete is not listed")
	}
	click(t, ctx, `[data-annotation-id="`+deleteID+`"] [data-action="delete"]`)
	waitListed(t, ctx, len(made))

	checkPage := func(when string) {
		t.Helper()
		got := listed(t, ctx)
		if len(got) != len(made) {
			t.Fatalf("%s: %d listed, want %d", when, len(got), len(made))
		}
		// Listed in reading order, each with its tag and quoted text.
		order := append([]want(nil), made...)
		sortWants(order)
		for i, w := range order {
			q := []rune(w.exact())
			if len(q) > 80 {
				q = q[:80]
			}
			if got[i]["tag"] != w.tag || !strings.Contains(got[i]["text"], string(q)) || got[i]["status"] != "anchored" {
				t.Errorf("%s: item %d is %v, want a %s quoting %q", when, i, got[i], w.tag, w.exact())
			}
		}
		// Highlights: per tag, the highlighted text is the annotations' text.
		hl := eval[map[string][]string](t, ctx, `(() => {
			const out = {};
			for (const tag of ["claim", "quote", "source"]) {
				const h = CSS.highlights.get(tag);
				out[tag] = h ? Array.from(h).map((r) => r.toString()) : [];
			}
			return out;
		})()`)
		for _, tag := range []string{"claim", "quote", "source"} {
			var wantText []string
			for _, w := range order {
				if w.tag == tag {
					for _, part := range strings.Split(w.exact(), "\n") {
						if part != "" {
							wantText = append(wantText, part)
						}
					}
				}
			}
			if fmt.Sprint(hl[tag]) != fmt.Sprint(wantText) {
				t.Errorf("%s: %s highlights %q, want %q", when, tag, hl[tag], wantText)
			}
		}
		note := eval[string](t, ctx, `document.querySelector('`+noteSel+`').value`)
		if note != "مصدر رسمي؟ check" {
			t.Errorf("%s: note is %q", when, note)
		}
	}
	checkPage("before reload")
	reload(t, ctx)
	checkPage("after reload")

	// Clicking an item scrolls to its passage and marks it.
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	click(t, ctx, `[data-annotation-id="`+quoteID+`"] .quote-text`)
	waitFor(t, ctx, `Array.from(CSS.highlights.get("flash") || []).map((r) => r.toString()).join("|").includes("Source:\u00a0Memo")`,
		"the quote's passage to be marked")

	// Export and check the file against the source text.
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, `[data-action="export"]`)
	file := waitFile(t, dl, annotations.FileExt)
	checkExport(t, file, made, quoteID)
}

func sortWants(ws []want) {
	for i := range ws {
		for j := i + 1; j < len(ws); j++ {
			if ws[j].start < ws[i].start || ws[j].start == ws[i].start && ws[j].end < ws[i].end {
				ws[i], ws[j] = ws[j], ws[i]
			}
		}
	}
}

// waitFile waits for a finished download with the given extension: one
// file whose size has stopped changing.
func waitFile(t testing.TB, dir, ext string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last := int64(-1)
	for time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(m) == 1 {
			if st, err := os.Stat(m[0]); err == nil && st.Size() > 0 {
				if st.Size() == last {
					return m[0]
				}
				last = st.Size()
			}
		}
		time.Sleep(150 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	t.Fatalf("no finished %s file was downloaded (folder holds %v)", ext, entries)
	return ""
}

// checkExport reads an exported file the way another tool would: by its
// JSON alone, checking each position against the source text.
func checkExport(t *testing.T, file string, made []want, notedID string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Context string `json:"@context"`
		Type    string `json:"type"`
		Total   int    `json:"total"`
		First   struct {
			Items []struct {
				ID         string `json:"id"`
				Motivation string `json:"motivation"`
				Body       []struct {
					Purpose, Value string
				} `json:"body"`
				Target struct {
					Source        string `json:"source"`
					Language      string `json:"language"`
					TextDirection string `json:"textDirection"`
					Selector      []struct {
						Type                  string
						Exact, Prefix, Suffix string
						Start, End            int
					} `json:"selector"`
				} `json:"target"`
			} `json:"items"`
		} `json:"first"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("export %s is not JSON: %v", filepath.Base(file), err)
	}
	if c.Context != annotations.Context || c.Type != "AnnotationCollection" || c.Total != len(made) || len(c.First.Items) != len(made) {
		t.Fatalf("export: context %q type %q total %d items %d, want %d", c.Context, c.Type, c.Total, len(c.First.Items), len(made))
	}
	source := []rune(seedDoc.Text)
	found := map[want]bool{}
	for _, it := range c.First.Items {
		tr := it.Target
		if tr.Source != seedDoc.ID || tr.Language != "ar" || tr.TextDirection != "rtl" || len(tr.Selector) != 2 {
			t.Errorf("export %s: target %+v", it.ID, tr)
			continue
		}
		q, p := tr.Selector[0], tr.Selector[1]
		if q.Type != "TextQuoteSelector" || p.Type != "TextPositionSelector" {
			t.Errorf("export %s: selectors %s, %s", it.ID, q.Type, p.Type)
			continue
		}
		if got := string(source[p.Start:p.End]); got != q.Exact {
			t.Errorf("export %s: text at %d–%d is %q, quote is %q", it.ID, p.Start, p.End, got, q.Exact)
		}
		if !strings.HasSuffix(string(source[:p.Start]), q.Prefix) || !strings.HasPrefix(string(source[p.End:]), q.Suffix) {
			t.Errorf("export %s: prefix/suffix do not surround the quote", it.ID)
		}
		var tag, note string
		for _, body := range it.Body {
			switch body.Purpose {
			case "tagging":
				tag = body.Value
			case "commenting":
				note = body.Value
			}
		}
		found[want{tag, p.Start, p.End}] = true
		if it.ID == notedID && note != "مصدر رسمي؟ check" {
			t.Errorf("export %s: note %q", it.ID, note)
		}
		if it.Motivation == "" {
			t.Errorf("export %s: no motivation", it.ID)
		}
	}
	for _, w := range made {
		if !found[w] {
			t.Errorf("export lacks the %s at %d–%d (%q)", w.tag, w.start, w.end, w.exact())
		}
	}
}

// TestFontsFoundBeforeTheFirstRow: once the page is ready and idle, rows
// of made-up annotations are laid out hidden in the panel for a moment, so
// that the browser finds a row's fonts before the reader's first row
// (see reader.js's warmFonts). They carry none of the page's hooks, are
// out of the list and of the keyboard, and are gone after.
func TestFontsFoundBeforeTheFirstRow(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	run := true
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{RunImmediately: &run, Source: `
		window.warm = [];
		new MutationObserver((records) => {
			for (const r of records) {
				for (const n of r.addedNodes) {
					if (n.nodeType !== 1 || !n.matches('.rows[aria-hidden="true"]')) continue;
					warm.push({
						ready: !!document.querySelector('article[data-ready="true"]'),
						rows: n.querySelectorAll(".item").length,
						notes: n.querySelectorAll("textarea").length,
						hooks: n.querySelectorAll("[id], [for], [data-annotation-id], [data-action], [data-field], [data-tag], [data-status]").length,
						inList: !!n.closest("[data-list]"),
						inPanel: !!n.closest(".panel"),
						inert: n.inert,
					});
				}
				for (const n of r.removedNodes) if (n.nodeType === 1 && n.matches('.rows[aria-hidden="true"]')) warm.push("removed");
			}
		}).observe(document, { childList: true, subtree: true });`}); err != nil {
		t.Fatal(err)
	}
	openApp(t, ctx)
	got, err := chromedp.Run(ctx, chromedp.Poll[string](`warm.length >= 2 ? JSON.stringify(warm) : null`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("no sample rows were laid out and taken away after ready: %v (%s)", err, eval[string](t, ctx, `JSON.stringify(warm)`))
	}
	want := `[{"ready":true,"rows":2,"notes":2,"hooks":0,"inList":false,"inPanel":true,"inert":true},"removed"]`
	if got != want {
		t.Errorf("sample rows:\n got %s\nwant %s", got, want)
	}
	if n := len(listed(t, ctx)); n != 0 {
		t.Errorf("%d annotations listed, want none", n)
	}
}
