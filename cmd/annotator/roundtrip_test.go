//go:build !wasm

package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestExportReimportChangesNothing: tag, link, write a note, export, import
// that file: the report says nothing is new, the list and the store are
// unchanged, and a second export is the same file byte for byte.
func TestExportReimportChangesNothing(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	s, e := span(t, 8, "لأول مرة علنًا")
	selectRange(t, ctx, s, e)
	click(t, ctx, `[data-action="tag-claim"]`)
	waitListed(t, ctx, 1)
	click(t, ctx, `.panel [data-annotation-id] [data-action="go-to"]`)
	waitFor(t, ctx, `!document.querySelector('[data-action="link-source"]').disabled`, "Link as source enabled")
	s, e = span(t, 33, "satellite image")
	selectRange(t, ctx, s, e)
	click(t, ctx, `[data-action="link-source"]`)
	waitListed(t, ctx, 2)
	sel := `.panel [data-tag="claim"] [data-field="note"]`
	click(t, ctx, sel)
	waitFor(t, ctx, `document.activeElement === document.querySelector('`+sel+`')`, "the note field to take the focus")
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "مصدر واحد فقط — one source"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, fmt.Sprintf(`annotator.store.load(%q).then((s) => s.includes("one source"))`, seedDoc.ID), "the note to be saved")

	dir := t.TempDir()
	dl := allowDownloads(t, ctx)
	click(t, ctx, `[data-action="export"]`)
	first, err := os.ReadFile(waitFile(t, dl, annotations.FileExt))
	if err != nil {
		t.Fatal(err)
	}
	before := storedAnnotations(t, ctx)
	// What the list shows: each item's id, tag and status, and each note.
	shown := func() string {
		var b strings.Builder
		for _, l := range listed(t, ctx) {
			fmt.Fprintln(&b, l["id"], l["tag"], l["status"])
		}
		b.WriteString(eval[string](t, ctx, `Array.from(document.querySelectorAll('.panel [data-field="note"]')).map((n) => n.value).join("|")`))
		return b.String()
	}
	listedBefore := shown()
	path := filepath.Join(dir, "mine.jsonld")
	os.WriteFile(path, first, 0o644)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{path}))
	waitFor(t, ctx, `(document.querySelector("[data-import-report]")?.textContent || "").includes("mine.jsonld")`, "the import report")
	report := eval[string](t, ctx, `document.querySelector("[data-import-report]").textContent`)
	if !strings.Contains(report, ": 0 new, 0 updated, 2 unchanged") || strings.Contains(report, "conflict") {
		t.Errorf("importing one's own export: %q", report)
	}
	waitSaved(t, ctx)
	if got := shown(); got != listedBefore {
		t.Errorf("the list changed:\n%v\n%v", listedBefore, got)
	}
	after := storedAnnotations(t, ctx)
	if len(after) != len(before) {
		t.Fatalf("%d stored, was %d", len(after), len(before))
	}
	for i := range after {
		if !annotations.Same(after[i], before[i]) {
			t.Errorf("stored annotation changed:\n%s\n%s", annotations.Canonical(before[i]), annotations.Canonical(after[i]))
		}
	}
	os.Remove(filepath.Join(dl, filepath.Base(waitFile(t, dl, annotations.FileExt))))
	click(t, ctx, `[data-action="export"]`)
	second, err := os.ReadFile(waitFile(t, dl, annotations.FileExt))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("the second export differs from the first")
	}
}

// TestEditedCopyExportsSeedPositions imports annotations made on a
// re-published copy of the article (a note at the top, tashkeel stripped,
// no-break spaces made spaces), exports, and checks every exported
// position against the seed; importing that export changes nothing.
func TestEditedCopyExportsSeedPositions(t *testing.T) {
	raw, err := os.ReadFile("../../annotations/testdata/edits/republished.txt")
	if err != nil {
		t.Fatal(err)
	}
	copyDoc, err := annotations.Parse(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	copyDoc.ID = "https://example.org/republished"
	rng := rand.New(rand.NewPCG(9, 9))
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var list []annotations.Annotation
	for len(list) < 300 {
		s := rng.IntN(copyDoc.Len() - 120)
		tg, err := annotations.Describe(copyDoc, s, s+8+rng.IntN(100))
		if err != nil {
			continue
		}
		list = append(list, annotations.Annotation{ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", len(list)),
			Tag: annotations.Tags[len(list)%3], Created: at, Modified: at, Target: tg})
	}
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(copyDoc, list); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "republished.jsonld")
	os.WriteFile(path, b.Bytes(), 0o644)

	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{path}))
	waitFor(t, ctx, `!!document.querySelector('[data-action="anchor-anyway"]')`, "the question for another document")
	click(t, ctx, `[data-action="anchor-anyway"]`)
	waitListed(t, ctx, len(list))
	waitSaved(t, ctx)
	statuses := map[string]int{}
	for _, l := range listed(t, ctx) {
		statuses[l["status"]]++
	}
	t.Logf("statuses after import: %v", statuses)

	dl := allowDownloads(t, ctx)
	click(t, ctx, `[data-action="export"]`)
	out, err := os.ReadFile(waitFile(t, dl, annotations.FileExt))
	if err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(out)
	if err != nil {
		t.Fatalf("the export is refused: %v", err)
	}
	wrong, placed := 0, 0
	for _, a := range im.Annotations {
		p := a.Target.Position
		if a.Target.Source != seedDoc.ID {
			continue // an orphan keeps what it had
		}
		placed++
		if p.Start < 0 || seedDoc.Slice(p.Start, p.End) != a.Target.Quote.Exact {
			wrong++
			if wrong < 5 {
				t.Errorf("%s exported at %d–%d as %q; the seed has %q there", a.ID, p.Start, p.End, a.Target.Quote.Exact, seedDoc.Slice(p.Start, p.End))
			}
		}
	}
	t.Logf("%d of %d exported on the seed; %d positions that do not hold their quote", placed, len(list), wrong)
	if placed < len(list)*9/10 || wrong > 0 {
		t.Errorf("%d placed of %d, %d wrong", placed, len(list), wrong)
	}
	// The export back in: nothing new, nothing changed.
	back := filepath.Join(dir, "export.jsonld")
	os.WriteFile(back, out, 0o644)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{back}))
	waitFor(t, ctx, `(document.querySelector("[data-import-report]")?.textContent || "").includes("export.jsonld")`, "the second report")
	if r := eval[string](t, ctx, `document.querySelector("[data-import-report]").textContent`); !strings.Contains(r, fmt.Sprintf(": 0 new, 0 updated, %d unchanged", len(list))) {
		t.Errorf("importing the export: %q", r)
	}
	if n := len(listed(t, ctx)); n != len(list) {
		t.Errorf("%d listed after importing the export, want %d", n, len(list))
	}
}

// TestOtherToolsFilesImportExportReimport imports a Hypothesis export and a
// Recogito Text Annotator file, exports, and imports the export into a
// fresh profile and back into the first: nothing is doubled, and what the
// app cannot show is kept and listed apart.
func TestOtherToolsFilesImportExportReimport(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	importAnyway := func(path string) {
		t.Helper()
		path, _ = filepath.Abs(path)
		do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{path}))
		waitFor(t, ctx, `!!document.querySelector('[data-action="anchor-anyway"]')`, "the question for another document")
		click(t, ctx, `[data-action="anchor-anyway"]`)
		waitFor(t, ctx, fmt.Sprintf(`(document.querySelector("[data-import-report]")?.textContent || "").includes(%q)`, filepath.Base(path)), "the report of "+path)
	}
	importAnyway("../../annotations/testdata/tools/hypothesis-client-export.json")
	report := eval[string](t, ctx, `document.querySelector("[data-import-report]").textContent`)
	for _, want := range []string{"7 new", "2 kept but not shown here", "fact-check", "عنوان"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report %q does not say %q", report, want)
		}
	}
	waitListed(t, ctx, 5)
	statuses := map[string]string{}
	for _, l := range listed(t, ctx) {
		statuses[l["id"]] = l["status"]
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("[data-unshown-id]").length`); n != 2 {
		t.Errorf("%d listed as not shown, want 2", n)
	}
	importAnyway("../../annotations/testdata/tools/recogito-text-annotator.w3c.json")
	orphans := 0
	for _, l := range waitListed(t, ctx, 8) {
		statuses[l["id"]] = l["status"]
		if l["status"] == "orphan" {
			orphans++
		}
	}
	waitSaved(t, ctx)
	before := storedAnnotations(t, ctx)

	dl := allowDownloads(t, ctx)
	click(t, ctx, `[data-action="export"]`)
	path := waitFile(t, dl, annotations.FileExt)
	out, _ := os.ReadFile(path)
	im, err := annotations.Decode(out)
	if err != nil {
		t.Fatalf("the export is refused: %v", err)
	}
	if len(im.Annotations) != 8 || len(im.Unshown) != 2 {
		t.Errorf("the export holds %d shown and %d kept apart, want 8 and 2", len(im.Annotations), len(im.Unshown))
	}
	for _, want := range []string{"needs-translation", "تاريخ", "Private: do not share yet", `"permissions"`, "نعم، بحسب الأرشيف.", "text/markdown", "A page note about the whole article"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the export lost %q", want)
		}
	}

	// Back into the same profile: nothing changes.
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{path}))
	waitFor(t, ctx, fmt.Sprintf(`(document.querySelector("[data-import-report]")?.textContent || "").includes(%q)`, filepath.Base(path)), "the report of the export")
	if r := eval[string](t, ctx, `document.querySelector("[data-import-report]").textContent`); !strings.Contains(r, "0 new, 0 updated, 10 unchanged") {
		t.Errorf("importing the export: %q", r)
	}
	waitSaved(t, ctx)
	if after := storedAnnotations(t, ctx); len(after) != len(before) {
		t.Errorf("%d stored after importing the export, was %d", len(after), len(before))
	}
	for _, l := range listed(t, ctx) {
		if statuses[l["id"]] != "" && statuses[l["id"]] != l["status"] {
			t.Errorf("%s was %s, now %s", l["id"], statuses[l["id"]], l["status"])
		}
	}

	// Into a fresh profile: the same annotations, placed the same way.
	fresh := newBrowser(t, 1280, 900)
	openApp(t, fresh)
	do(t, fresh, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{path}))
	// Annotations that could not be placed keep the text they were made
	// on, so the reader is asked again; the others are on this text now.
	t.Logf("statuses: %v", statuses)
	if orphans > 0 {
		waitFor(t, fresh, `!!document.querySelector('[data-action="anchor-anyway"]')`, "the question for the orphans' text")
		click(t, fresh, `[data-action="anchor-anyway"]`)
	}
	got := waitListed(t, fresh, 8)
	if q := eval[bool](t, fresh, `!!document.querySelector('[data-action="anchor-anyway"]')`); q {
		t.Errorf("asked whether to anchor annotations of another text, with %d orphans", orphans)
	}
	for _, l := range got {
		if statuses[l["id"]] != "" && statuses[l["id"]] != l["status"] {
			t.Errorf("in a fresh profile %s is %s, was %s", l["id"], l["status"], statuses[l["id"]])
		}
	}
}

// TestReloadThenReimportChangesNothing: a file whose annotations hold <, >
// and & in what the app keeps but does not show (a tag of its own, a
// generator's name, an SVG selector), imported, then imported again after each of
// two reloads: nothing is new or updated, and the export holds the tag once.
func TestReloadThenReimportChangesNothing(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	doc := eval[string](t, ctx, `document.querySelector("article[data-doc]").dataset.doc`)
	exact := eval[string](t, ctx, `[...document.querySelectorAll("article [data-block]")].map(b => b.textContent).find(s => s.length > 80).slice(10, 50)`)
	file := fmt.Sprintf(`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","first":{"type":"AnnotationPage","items":[
{"id":"urn:uuid:3f1c6a52-8d0e-4d59-9a57-1f0c2d9b7e01","type":"Annotation","motivation":"tagging","generator":{"name":"a & b <c>","type":"Software"},
 "body":[{"type":"TextualBody","purpose":"tagging","value":"<b>"},{"type":"TextualBody","purpose":"tagging","value":"claim"},
  {"type":"TextualBody","purpose":"commenting","value":"x > y","format":"text/html","language":"<en>"}],
 "target":{"source":%q,"selector":[{"type":"TextQuoteSelector","exact":%q},{"type":"CssSelector","value":"p > b"}]}},
{"id":"urn:uuid:3f1c6a52-8d0e-4d59-9a57-1f0c2d9b7e02","type":"Annotation","body":{"type":"TextualBody","value":"a map"},"target":{"source":"http://example.com/a&b.png",
 "selector":{"type":"SvgSelector","value":"<svg><polygon points=\"1,1 5,5 1,5\"/></svg>"}}}]}}`, doc, exact)
	path := filepath.Join(t.TempDir(), "kept-markup.jsonld")
	if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	importFile := func(want string) {
		t.Helper()
		do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{path}))
		waitFor(t, ctx, `(document.querySelector("[data-import-report]")?.textContent || "").includes("kept-markup")`, "the import's report")
		if r := eval[string](t, ctx, `document.querySelector("[data-import-report]").textContent`); !strings.Contains(r, want) {
			t.Fatalf("the report says %q, want %q", r, want)
		}
		waitSaved(t, ctx)
	}
	importFile("2 new")
	for range 2 {
		reload(t, ctx)
		importFile("0 new, 0 updated, 2 unchanged")
	}
	if n := len(storedAnnotations(t, ctx)); n != 2 {
		t.Errorf("%d stored, want 2", n)
	}
	dl := allowDownloads(t, ctx)
	click(t, ctx, `[data-action="export"]`)
	out, _ := os.ReadFile(waitFile(t, dl, annotations.FileExt))
	for _, want := range []string{`"<b>"`, `"a & b <c>"`, `"x > y"`, `"p > b"`, `<polygon points=\"1,1 5,5 1,5\"/>`} {
		if n := bytes.Count(out, []byte(want)); n != 1 {
			t.Errorf("the export holds %s %d times, want once", want, n)
		}
	}
}
