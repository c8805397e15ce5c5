//go:build !wasm

package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"annotator/annotations"
	ui "annotator/app"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestAnchoringStatusOrphansAndSearch stores annotations the way another
// copy of the article would leave them, opens the app, and checks what a
// reader sees: a status for each, the orphan listed with its quote and not
// highlighted, re-attached by selecting new text, and Arabic-aware search.
func TestAnchoringStatusOrphansAndSearch(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	do(t, ctx, chromedp.Navigate(appURL))
	waitReady(t, ctx)

	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	mk := func(id string, tag annotations.Tag, tg annotations.Target, note string) annotations.Annotation {
		return annotations.Annotation{ID: "urn:uuid:00000000-0000-4000-8000-00000000000" + id, Tag: tag, Note: note, Created: at, Modified: at, Target: tg}
	}
	describe := func(block int, needle string) annotations.Target {
		s, e := span(t, block, needle)
		tg, err := annotations.Describe(seedDoc, s, e)
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	anchored := describe(8, "الإرهاب الدولي")
	moved := describe(9, "ثلاث خطوات")
	moved.Position.Start += 40
	moved.Position.End += 40
	// Made on a copy without tashkeel: the quote lacks the marks the seed has.
	strip := regexp.MustCompile("[\u064B-\u0652]")
	fuzzy := describe(2, "ما قدًمت لهم أنفسُهم")
	fuzzy.Source = "urn:sha256:0000000000000000000000000000000000000000000000000000000000000000"
	fuzzy.Quote = annotations.TextQuote{Exact: strip.ReplaceAllString(fuzzy.Quote.Exact, ""), Prefix: strip.ReplaceAllString(fuzzy.Quote.Prefix, ""), Suffix: strip.ReplaceAllString(fuzzy.Quote.Suffix, "")}
	fuzzy.Position = annotations.TextPosition{Start: 70, End: 85}
	orphan := annotations.Target{Source: seedDoc.ID,
		Quote:    annotations.TextQuote{Exact: "فقرة حذفها المحرر من المقال كله", Prefix: "قبلها ", Suffix: " بعدها"},
		Position: annotations.TextPosition{Start: 5000, End: 5031}}
	list := []annotations.Annotation{
		mk("1", annotations.Claim, anchored, ""),
		mk("2", annotations.Quote, moved, "Check the ARCHIVE"),
		mk("3", annotations.Source, fuzzy, ""),
		mk("4", annotations.Claim, orphan, "ملاحظة على مقطع محذوف"),
	}
	rec, err := ui.EncodeStore(seedDoc.ID, list)
	if err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem(%q, %q), true)`, ui.StoreKey(seedDoc.ID), rec))
	reload(t, ctx)

	status := func() map[string]string {
		out := map[string]string{}
		for _, l := range listed(t, ctx) {
			out[l["id"][len(l["id"])-1:]] = l["status"]
		}
		return out
	}
	want := map[string]string{"1": "anchored", "2": "moved", "3": "fuzzy", "4": "orphan"}
	if got := status(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	items := listed(t, ctx)
	for _, l := range items {
		if strings.HasSuffix(l["id"], "4") && !strings.Contains(l["text"], orphan.Quote.Exact) {
			t.Errorf("the orphan is listed without its quote: %q", l["text"])
		}
		if strings.HasSuffix(l["id"], "3") && !strings.Contains(l["text"], "%") {
			t.Errorf("the fuzzy match shows no score: %q", l["text"])
		}
	}
	hl := eval[map[string][]string](t, ctx, `(() => {
		const out = {};
		for (const tag of ["claim", "quote", "source"]) out[tag] = Array.from(CSS.highlights.get(tag) || []).map((r) => r.toString());
		return out;
	})()`)
	wantHL := map[string][]string{"claim": {"الإرهاب الدولي"}, "quote": {"ثلاث خطوات"}, "source": {"ما قدًمت لهم أنفسُهم"}}
	if fmt.Sprint(hl) != fmt.Sprint(wantHL) {
		t.Errorf("highlights %q, want %q (the orphan is not drawn)", hl, wantHL)
	}
	// Going to the orphan's passage says why there is none to go to.
	click(t, ctx, `.panel [data-annotation-id$="4"] [data-action="go-to"]`)
	waitFor(t, ctx, `/حدِّد النص الصحيح|Select the right text/.test(document.querySelector('.alert')?.textContent || "")`, "the orphan's explanation")

	// Search folds Arabic: "قدمت" finds "قدًمت"; Latin case is ignored in notes.
	// search types a query and waits until the list shows exactly the
	// annotations whose ids end in want.
	search := func(q, want string) []map[string]string {
		t.Helper()
		eval[bool](t, ctx, `(() => { const s = document.querySelector('input[data-field="search"]'); s.value = ""; s.focus(); return true; })()`)
		if q != "" {
			if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: q}); err != nil {
				t.Fatal(err)
			}
		} else {
			eval[bool](t, ctx, `(document.querySelector('input[data-field="search"]').dispatchEvent(new Event("input", {bubbles: true})), true)`)
		}
		waitFor(t, ctx, fmt.Sprintf(`Array.from(document.querySelectorAll(".panel [data-annotation-id]")).map((e) => e.dataset.annotationId.slice(-1)).join("") === %q`, want),
			fmt.Sprintf("the results for %q to be %s", q, want))
		return listed(t, ctx)
	}
	if got := search("قدمت", "3"); len(got) != 1 || !strings.HasSuffix(got[0]["id"], "3") {
		t.Errorf(`search "قدمت" lists %v, want the annotation on "قدًمت"`, got)
	}
	if got := search("archive", "2"); len(got) != 1 || !strings.HasSuffix(got[0]["id"], "2") {
		t.Errorf(`search "archive" lists %v, want the one whose note says ARCHIVE`, got)
	}
	if got := search("الارهاب", "1"); len(got) != 1 || !strings.HasSuffix(got[0]["id"], "1") {
		t.Errorf(`search "الارهاب" lists %v, want the one on "الإرهاب"`, got)
	}
	if got := search("", "3124"); len(got) != 4 {
		t.Errorf("an empty search lists %d, want all 4", len(got))
	}

	// The orphan is exported with its stored selectors.
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, `[data-action="export"]`)
	exported, err := os.ReadFile(waitFile(t, dl, annotations.FileExt))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"exact": "` + orphan.Quote.Exact + `"`, `"start": 5000`, `"total": 4`} {
		if !strings.Contains(string(exported), want) {
			t.Errorf("the export lacks %s:\n%.600s", want, exported)
		}
	}

	// Re-attach the orphan to newly selected text.
	s, e := span(t, 10, "الأرشيف الرئاسي")
	selectRange(t, ctx, s, e)
	click(t, ctx, `[data-annotation-id$="4"] [data-action="reattach"]`)
	deadline := time.Now().Add(10 * time.Second)
	for status()["4"] != "anchored" && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := status(); got["4"] != "anchored" {
		t.Fatalf("after re-attaching, statuses %v (alert %q)", got, alertText(t, ctx))
	}
	for _, a := range storedAnnotations(t, ctx) {
		if strings.HasSuffix(a.ID, "4") {
			if a.Target.Quote.Exact != "الأرشيف الرئاسي" || a.Target.Position.Start != s || a.Note != "ملاحظة على مقطع محذوف" || !a.Created.Equal(at) || !a.Modified.After(at) {
				t.Errorf("re-attached annotation stored as %+v", a)
			}
		}
	}
	if got := eval[string](t, ctx, `Array.from(CSS.highlights.get("claim")).map((r) => r.toString()).join("|")`); !strings.Contains(got, "الأرشيف الرئاسي") {
		t.Errorf("the re-attached claim is not highlighted: %q", got)
	}
}

// TestRepeatedCopyShownWhenAnnotated: a block the seed repeats (its
// headline, printed twice) is hidden, but an annotation another tool made
// on that copy is placed there: the copy shows while it holds one, with
// the highlight, and hides again once it is deleted.
func TestRepeatedCopyShownWhenAnnotated(t *testing.T) {
	rep := -1
	for i, b := range seedDoc.Blocks {
		if b.Repeat && b.End-b.Start > 12 {
			rep = i
			break
		}
	}
	if rep < 0 {
		t.Fatal("the seed has no repeated block")
	}
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	list := claimsAt(t, 10, seedDoc.Blocks[rep].Start+1)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{readerFile(t, t.TempDir(), "copy.jsonld", list)}))
	waitListed(t, ctx, 1)
	state := fmt.Sprintf(`(() => { const el = document.querySelector('article [data-block="%d"]');
		let n = 0; for (const r of CSS.highlights.get("claim") || []) if (el.contains(r.startContainer)) n++;
		return getComputedStyle(el).display + " " + n; })()`, rep)
	waitFor(t, ctx, state+` === "block 1"`, "the repeated copy shown with its highlight")
	click(t, ctx, `[data-annotation-id="`+list[0].ID+`"] [data-action="delete"]`)
	waitListed(t, ctx, 0)
	waitFor(t, ctx, state+` === "none 0"`, "the repeated copy hidden again")
}
