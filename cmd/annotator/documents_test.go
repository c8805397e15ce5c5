//go:build !wasm

package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// A reader's own documents: opened from files, kept in the library,
// shown one at a time with their own annotations, linked as /doc/<id>,
// exported and shared with their text.

// ownDoc is a file of the reader's own and the document the app must
// make of it (annotations.Open, as the app runs it).
type ownDoc struct {
	path string
	doc  *annotations.Document
}

func writeDoc(t testing.TB, dir, name string, data []byte) ownDoc {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	d, _, err := annotations.Open(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ownDoc{path: p, doc: d}
}

// fixtureDoc is a file of annotations/testdata/documents.
func fixtureDoc(t testing.TB, name string) ownDoc {
	t.Helper()
	p, _ := filepath.Abs(filepath.Join("..", "..", "annotations", "testdata", "documents", name))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := annotations.Open(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return ownDoc{path: p, doc: d}
}

// The reader's files. The Arabic text has diacritics, tatweel, an emoji
// and English in it; the page has a script, handlers and javascript:
// links, each of which marks the page if it ever runs.
const (
	arabicText = "مفاوضاتٌ جديدةٌ حول الاتفاق\n\n" +
		"قال المتحدثُ إنّ الجولة المقـــبلة ستُعقد في جنيف 🌍، وأضاف أن «الوفد» سيحضر مع ممثلي IAEA.\n\n" +
		"وأكّد الوزير أن اللجنة ستجتمع يوم الخميس.\n"
	englishMarkdown = "# Talks resume in Geneva\n\n" +
		"The spokesman said the **next round** will be held in Geneva, and that the *delegation* would attend.\n\n" +
		"- First point\n- Second point about the العربية text\n"
	hostilePage = `<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>صفحة محفوظة</title>
<script>window.__ran = "script"; document.documentElement.dataset.ran = "script";</script>
<style>body { background: red }</style>
</head>
<body onload="document.documentElement.dataset.ran='onload'">
<h1>عنوان الصفحة المحفوظة</h1>
<p onclick="document.documentElement.dataset.ran='onclick'">فقرة أولى فيها <a href="javascript:document.documentElement.dataset.ran='href'">رابط خبيث</a> ونص بعده.</p>
<p><img src="x" onerror="document.documentElement.dataset.ran='onerror'">الفقرة الثانية من الصفحة.</p>
<iframe src="javascript:parent.document.documentElement.dataset.ran='iframe'"></iframe>
<form action="javascript:document.documentElement.dataset.ran='form'"><button>زر</button></form>
</body></html>`
)

// waitShown waits until the article shows document id, ready.
func waitShown(t testing.TB, ctx context.Context, id string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
		`(() => { const a = document.querySelector("article[data-doc]"); return !!a && a.dataset.doc === %q && a.dataset.ready === "true" && !a.hidden; })()`, id),
		chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		shown := eval[string](t, ctx, `(document.querySelector("article[data-doc]")?.dataset.doc || "") + " ready=" + document.querySelector("article[data-doc]")?.dataset.ready`)
		t.Fatalf("document %s was never shown ready (shown: %s; alert: %q): %v", id, shown, alertText(t, ctx), err)
	}
}

// openOwn opens a file with the open control and waits for it.
func openOwn(t testing.TB, ctx context.Context, od ownDoc) {
	t.Helper()
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="open-document"]`, []string{od.path}))
	waitShown(t, ctx, od.doc.ID)
}

// fromLibrary shows a document by activating it in the library.
func fromLibrary(t testing.TB, ctx context.Context, id string) {
	t.Helper()
	openLibrary(t, ctx)
	click(t, ctx, fmt.Sprintf(`[data-document-id=%q]`, id))
	waitShown(t, ctx, id)
}

// openLibrary opens the library panel and waits for its rows.
func openLibrary(t testing.TB, ctx context.Context) {
	t.Helper()
	if !eval[bool](t, ctx, `!!document.querySelector("[data-library]")`) {
		click(t, ctx, `[data-action="library"]`)
	}
	waitFor(t, ctx, `document.querySelectorAll("[data-library] [data-document-id]").length > 0`, "the library")
}

// libraryIDs lists the ids the library shows as documents.
func libraryIDs(t testing.TB, ctx context.Context) []string {
	t.Helper()
	openLibrary(t, ctx)
	return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("[data-document-id]")).map((e) => e.dataset.documentId)`)
}

// tagIn selects needle in document d, shown, and tags it, waiting for n
// annotations to be listed.
func tagIn(t testing.TB, ctx context.Context, d *annotations.Document, needle, tag string, n int) (start, end int) {
	t.Helper()
	start, end = spanIn(t, d, needle)
	got := selectIn(t, ctx, d, start, end)
	if got != needle {
		t.Fatalf("selected %q, want %q", got, needle)
	}
	click(t, ctx, `[data-action="tag-`+tag+`"]`)
	waitListed(t, ctx, n)
	return start, end
}

// exported clicks an export control and reads the file it downloads.
func exported(t testing.TB, ctx context.Context, action string) (string, *annotations.Import) {
	t.Helper()
	dl := allowDownloads(t, ctx)
	click(t, ctx, `[data-action="`+action+`"]`)
	path := waitFile(t, dl, annotations.FileExt)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(b)
	if err != nil {
		t.Fatalf("the export is refused: %v", err)
	}
	return path, im
}

// checkArticle checks that the article shows d: its language and
// direction, every block as text in its own direction, and no element
// but its blocks.
func checkArticle(t testing.TB, ctx context.Context, d *annotations.Document) {
	t.Helper()
	got := eval[map[string]any](t, ctx, `(() => {
		const a = document.querySelector("article[data-doc]");
		const blocks = Array.from(a.querySelectorAll("[data-block]"));
		return {lang: a.lang, dir: a.dir, n: blocks.length,
			others: a.querySelectorAll(":scope *:not([data-block])").length,
			texts: blocks.map((b) => b.textContent), dirs: blocks.map((b) => getComputedStyle(b).direction)};
	})()`)
	if got["lang"] != d.Lang || got["dir"] != string(d.Dir) || int(got["n"].(float64)) != len(d.Blocks) || got["others"].(float64) != 0 {
		t.Fatalf("the article shows lang %v dir %v, %v blocks and %v other elements; want %s %s %d and none", got["lang"], got["dir"], got["n"], got["others"], d.Lang, d.Dir, len(d.Blocks))
	}
	texts, dirs := got["texts"].([]any), got["dirs"].([]any)
	for i := range d.Blocks {
		if texts[i] != d.BlockText(i) {
			t.Errorf("block %d shows %q, want %q", i, texts[i], d.BlockText(i))
		}
		if want := d.Blocks[i].Dir; want != annotations.Auto && dirs[i] != string(want) {
			t.Errorf("block %d is drawn %v, want %s", i, dirs[i], want)
		}
	}
}

// TestOwnDocuments opens an Arabic text, an English Markdown file, a
// windows-1256 text and a saved web page with scripts in it; annotates
// each; switches between them through the library and the history;
// reloads on one's /doc/ link; and exports one, whose file holds only its
// own annotations.
func TestOwnDocuments(t *testing.T) {
	dir := t.TempDir()
	arabic := writeDoc(t, dir, "خبر.txt", []byte(arabicText))
	english := writeDoc(t, dir, "talks.md", []byte(englishMarkdown))
	legacy := fixtureDoc(t, "news-windows-1256.txt")
	page := writeDoc(t, dir, "saved-page.html", []byte(hostilePage))

	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1) // on the seed

	openOwn(t, ctx, arabic)
	checkArticle(t, ctx, arabic.doc)
	if p := eval[string](t, ctx, `location.pathname`); p != "/doc/"+arabic.doc.ID {
		t.Errorf("the address is %s, want /doc/%s", p, arabic.doc.ID)
	}
	if n := len(listed(t, ctx)); n != 0 {
		t.Fatalf("a new document lists %d annotations", n)
	}
	as, ae := tagIn(t, ctx, arabic.doc, "الجولة المقـــبلة ستُعقد في جنيف 🌍", "quote", 1)

	openOwn(t, ctx, english)
	checkArticle(t, ctx, english.doc)
	if strings.Contains(eval[string](t, ctx, `document.querySelector("article").textContent`), "**") {
		t.Error("the Markdown's markup is shown as text")
	}
	tagIn(t, ctx, english.doc, "next round will be held in Geneva", "claim", 1)

	openOwn(t, ctx, legacy)
	checkArticle(t, ctx, legacy.doc)
	tagIn(t, ctx, legacy.doc, "المفاوضات ستُستأنف الأسبوع المقبل", "claim", 1)
	if r := eval[string](t, ctx, `document.querySelector("[data-import-report]")?.textContent || ""`); !strings.Contains(r, "windows-1256") {
		t.Errorf("the reader is not told the encoding was guessed: %q", r)
	}

	openOwn(t, ctx, page)
	checkArticle(t, ctx, page.doc)
	text := eval[string](t, ctx, `document.querySelector("article").textContent`)
	for _, markup := range []string{"<", "script", "onclick", "javascript", "dataset", "background", "زر"} {
		if strings.Contains(text, markup) {
			t.Errorf("the page's markup is shown as text: %q in %q", markup, text)
		}
	}
	tagIn(t, ctx, page.doc, "رابط خبيث", "source", 1)
	click(t, ctx, `article [data-block="1"]`) // where the onclick and the link were
	time.Sleep(300 * time.Millisecond)
	if ran := eval[string](t, ctx, `String(window.__ran) + "/" + String(document.documentElement.dataset.ran)`); ran != "undefined/undefined" {
		t.Fatalf("something in the opened page ran: %s", ran)
	}

	// Each document has its own annotations; the library shows them all.
	ids := libraryIDs(t, ctx)
	for _, d := range []*annotations.Document{seedDoc, arabic.doc, english.doc, legacy.doc, page.doc} {
		if !strings.Contains(strings.Join(ids, " "), d.ID) {
			t.Errorf("the library lacks %s (%s): %v", d.Title, d.ID, ids)
		}
	}
	if ids[0] != seedDoc.ID {
		t.Errorf("the library does not list the seed first: %v", ids)
	}
	row := eval[string](t, ctx, fmt.Sprintf(`document.querySelector('[data-document-id=%q]').textContent`, english.doc.ID))
	for _, want := range []string{"Talks resume in Geneva", "English", "annotations: 1", "last opened"} {
		if !strings.Contains(row, want) {
			t.Errorf("the library row %q does not say %q", row, want)
		}
	}
	fromLibrary(t, ctx, arabic.doc.ID)
	got := waitListed(t, ctx, 1)
	if got[0]["tag"] != "quote" || !strings.Contains(got[0]["text"], "جنيف 🌍") {
		t.Errorf("the Arabic text lists %v", got)
	}
	fromLibrary(t, ctx, seedDoc.ID)
	if got := waitListed(t, ctx, 1); got[0]["tag"] != "claim" || eval[string](t, ctx, `location.pathname`) != "/" {
		t.Errorf("the seed lists %v at %s", got, eval[string](t, ctx, `location.pathname`))
	}

	// Back and forward in the history show the documents again.
	eval[bool](t, ctx, `(history.back(), true)`)
	waitShown(t, ctx, arabic.doc.ID)
	waitListed(t, ctx, 1)
	eval[bool](t, ctx, `(history.forward(), true)`)
	waitShown(t, ctx, seedDoc.ID)
	eval[bool](t, ctx, `(history.back(), true)`)
	waitShown(t, ctx, arabic.doc.ID)

	// A reload keeps the document and its annotation.
	reload(t, ctx)
	waitShown(t, ctx, arabic.doc.ID)
	checkArticle(t, ctx, arabic.doc)
	if got := waitListed(t, ctx, 1); got[0]["status"] != "anchored" {
		t.Errorf("after a reload the annotation is %v", got)
	}

	// The export is this document's, and only its annotations.
	_, im := exported(t, ctx, "export")
	if len(im.Annotations) != 1 || im.Document != nil {
		t.Fatalf("the export holds %d annotations (text carried: %v), want 1 and no text", len(im.Annotations), im.Document != nil)
	}
	a := im.Annotations[0]
	if a.Target.Source != arabic.doc.ID || a.Target.Position.Start != as || a.Target.Position.End != ae || arabic.doc.Slice(as, ae) != a.Target.Quote.Exact {
		t.Errorf("the exported annotation is on %s [%d, %d) %q; want %s [%d, %d)", a.Target.Source, a.Target.Position.Start, a.Target.Position.End, a.Target.Quote.Exact, arabic.doc.ID, as, ae)
	}
}

// TestShareWithText exports a document with its text and imports the
// file into a fresh profile: the document joins that library, is shown,
// and holds the annotations. Annotations that come without their text
// wait for it in the library, and show once the text is opened.
func TestShareWithText(t *testing.T) {
	dir := t.TempDir()
	arabic := writeDoc(t, dir, "arabic.txt", []byte(arabicText))
	legacy := fixtureDoc(t, "news-windows-1256.txt")

	one := newBrowser(t, 1280, 900)
	openApp(t, one)
	openOwn(t, one, legacy)
	s, e := tagIn(t, one, legacy.doc, "المفاوضات ستُستأنف الأسبوع المقبل", "claim", 1)
	withText, im := exported(t, one, "export-with-text")
	if im.Document == nil || im.Document.ID != legacy.doc.ID || len(im.Annotations) != 1 {
		t.Fatalf("the export with text carries %v and %d annotations", im.Document != nil, len(im.Annotations))
	}
	openOwn(t, one, arabic)
	tagIn(t, one, arabic.doc, "الوزير أن اللجنة", "claim", 1)
	bare, _ := exported(t, one, "export")

	two := newBrowser(t, 1280, 900)
	openApp(t, two)
	do(t, two, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{withText}))
	waitShown(t, two, legacy.doc.ID)
	got := waitListed(t, two, 1)
	if got[0]["status"] != "anchored" || !strings.Contains(got[0]["text"], legacy.doc.Slice(s, e)) {
		t.Errorf("the shared annotation is listed as %v", got)
	}
	checkArticle(t, two, legacy.doc)
	if ids := libraryIDs(t, two); len(ids) != 2 || ids[1] != legacy.doc.ID {
		t.Errorf("the fresh profile's library lists %v", ids)
	}
	if p := eval[string](t, two, `location.pathname`); p != "/doc/"+legacy.doc.ID {
		t.Errorf("the address is %s", p)
	}

	// Without its text: kept for its own document, which the library
	// lists as waiting for its text.
	fromLibrary(t, two, seedDoc.ID)
	do(t, two, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{bare}))
	waitFor(t, two, `!!document.querySelector('[data-action="keep-for-document"]')`, "the question for another text")
	// The id is shown shortened, whole in its title.
	if q := eval[bool](t, two, fmt.Sprintf(`!!document.querySelector('.pending [title=%q]')`, arabic.doc.ID)); !q {
		t.Errorf("the question does not name the text: %q", eval[string](t, two, `document.querySelector(".pending").innerHTML`))
	}
	click(t, two, `[data-action="keep-for-document"]`)
	// The question goes once the program has taken the answer; the saves
	// it started are waited for from then on.
	waitFor(t, two, `!document.querySelector('[data-action="keep-for-document"]')`, "the question to go")
	waitSaved(t, two)
	if n := len(listed(t, two)); n != 0 {
		t.Errorf("the seed lists %d annotations kept for another text", n)
	}
	if n := len(storedFor(t, two, arabic.doc.ID)); n != 1 {
		t.Fatalf("%d annotations kept for %s, want 1", n, arabic.doc.ID)
	}
	openLibrary(t, two)
	waitFor(t, two, fmt.Sprintf(`!!document.querySelector('[data-waiting-id=%q]')`, arabic.doc.ID), "the library to list the text awaited")
	openOwn(t, two, arabic)
	if got := waitListed(t, two, 1); got[0]["status"] != "anchored" {
		t.Errorf("the kept annotation shows as %v", got)
	}
	openLibrary(t, two)
	if n := eval[int](t, two, `document.querySelectorAll("[data-waiting-id]").length`); n != 0 {
		t.Errorf("%d ids still wait for their text", n)
	}
}

// TestLibraryRenameRemoveUndo renames a document, removes the one shown
// with its annotations, and undoes the removal; another tab's saves
// reload only the document it shows; a link to a document the library
// does not hold says so and shows the seed; pasted text opens as a
// document.
func TestLibraryRenameRemoveUndo(t *testing.T) {
	dir := t.TempDir()
	english := writeDoc(t, dir, "talks.md", []byte(englishMarkdown))
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	openOwn(t, ctx, english)
	tagIn(t, ctx, english.doc, "next round will be held in Geneva", "claim", 1)

	// A second tab on the seed: its saves do not touch the document here.
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	openApp(t, tab)
	tagText(t, tab, 8, "الإرهاب الدولي", "claim", 1)
	waitSaved(t, tab)
	time.Sleep(300 * time.Millisecond)
	if got := listed(t, ctx); len(got) != 1 || got[0]["tag"] != "claim" || !strings.Contains(got[0]["text"], "Geneva") {
		t.Errorf("a save on the seed in another tab changed this document's list: %v", got)
	}
	fromLibrary(t, tab, english.doc.ID)
	tagIn(t, tab, english.doc, "delegation", "quote", 2)
	waitListed(t, ctx, 2) // told by the other tab

	openLibrary(t, ctx)
	row := fmt.Sprintf(`li:has([data-document-id=%q])`, english.doc.ID)
	click(t, ctx, row+` [data-action="rename-document"]`)
	do(t, ctx, chromedp.SetValue(`[data-field="document-title"]`, "محادثات جنيف"))
	click(t, ctx, `[data-action="save-title"]`)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('[data-document-id=%q]')?.textContent.includes("محادثات جنيف")`, english.doc.ID), "the new title")

	click(t, ctx, row+` [data-action="remove-document"]`)
	waitShown(t, ctx, seedDoc.ID)
	waitFor(t, ctx, `!!document.querySelector('[data-action="undo-remove"]')`, "the undo of the removal")
	if ids := libraryIDs(t, ctx); strings.Contains(strings.Join(ids, " "), english.doc.ID) {
		t.Errorf("the removed document is still listed: %v", ids)
	}
	if n := eval[string](t, ctx, `document.querySelector("[data-library-notice]").textContent`); !strings.Contains(n, "محادثات جنيف") || !strings.Contains(n, "2 annotations") {
		t.Errorf("the removal is told as %q", n)
	}
	if n := len(storedFor(t, ctx, english.doc.ID)); n != 0 {
		t.Errorf("%d annotations of the removed document are kept", n)
	}
	if n := len(listed(t, ctx)); n != 1 {
		t.Errorf("the seed lists %d annotations, want its own 1", n)
	}
	// The other tab, still on the document, is told; what it adds there
	// is kept, and comes back with the document.
	waitFor(t, tab, `Array.from(document.querySelectorAll('[role="alert"]')).some((e) => e.textContent.includes("removed from the library in another tab"))`, "the other tab to be told of the removal")
	tagIn(t, tab, english.doc, "First point", "source", 3)
	quote := `.panel [data-tag="quote"] [data-field="note"]`
	click(t, tab, quote)
	if _, err := chromedp.Call(tab, input.InsertText, input.InsertTextParams{Text: "بعد الإزالة"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tab, fmt.Sprintf(`annotator.store.load(%q).then((s) => s.includes("بعد الإزالة"))`, english.doc.ID), "the note to be saved")
	click(t, ctx, `[data-action="undo-remove"]`)
	waitShown(t, ctx, english.doc.ID)
	waitListed(t, ctx, 3)
	if n := eval[string](t, ctx, `document.querySelector('`+quote+`').value`); n != "بعد الإزالة" {
		t.Errorf("the note written in the other tab after the removal is %q once the document is back", n)
	}
	waitFor(t, tab, `!Array.from(document.querySelectorAll('[role="alert"]')).some((e) => e.textContent.includes("another tab"))`, "the other tab to be told it is back")
	cancel()
	openLibrary(t, ctx)
	waitFor(t, ctx, fmt.Sprintf(`(document.querySelector('[data-document-id=%q]')?.textContent || "").includes("محادثات جنيف")`, english.doc.ID),
		"the restored document with the title the reader gave")
	reload(t, ctx)
	waitShown(t, ctx, english.doc.ID)
	waitListed(t, ctx, 3)

	// A link to a text this browser does not hold.
	unknown := "urn:sha256:" + strings.Repeat("ab", 32)
	do(t, ctx, chromedp.Navigate(appURL+"doc/"+unknown))
	waitShown(t, ctx, seedDoc.ID)
	if a := alertText(t, ctx); !strings.Contains(a, "not in your library") || !strings.Contains(a, unknown) {
		t.Errorf("the alert for a document not in the library is %q", a)
	}
	if p := eval[string](t, ctx, `location.pathname`); p != "/" {
		t.Errorf("the address still names the missing text: %s", p)
	}

	// Pasted text is a document too.
	openLibrary(t, ctx)
	pasted := "عنوان ملصق\n\nنصّ ملصق فيه تشكيلٌ وتطويـــل 😀 وEnglish.\n"
	do(t, ctx, chromedp.SetValue(`[data-field="paste-text"]`, pasted))
	click(t, ctx, `[data-action="open-pasted"]`)
	d := mustParse(pasted)
	waitShown(t, ctx, d.ID)
	checkArticle(t, ctx, d)
	tagIn(t, ctx, d, "تطويـــل 😀", "claim", 1)

	// An empty paste and a file that is not a text change nothing.
	openLibrary(t, ctx)
	click(t, ctx, `[data-action="open-pasted"]`)
	waitFor(t, ctx, `Array.from(document.querySelectorAll('[role="alert"]')).some((e) => e.textContent.includes("paste a text first"))`, "the alert for an empty paste")
	pdf := filepath.Join(dir, "report.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), 0o644)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="open-document"]`, []string{pdf}))
	waitFor(t, ctx, `Array.from(document.querySelectorAll('[role="alert"]')).some((e) => e.textContent.includes("report.pdf") && e.textContent.includes("PDF"))`, "the alert for a PDF")
	if got := eval[string](t, ctx, `document.querySelector("article[data-doc]").dataset.doc`); got != d.ID {
		t.Errorf("a refused file changed the document shown to %s", got)
	}
	waitListed(t, ctx, 1)

	// The panels that open above the article leave the list as it is.
	click(t, ctx, `[data-action="help"]`)
	waitFor(t, ctx, `!!document.querySelector("[data-help]")`, "the keys panel")
	if n := len(listed(t, ctx)); n != 1 {
		t.Errorf("with the keys panel open %d annotations are listed, want 1", n)
	}
	click(t, ctx, `[data-action="library"]`)
	waitFor(t, ctx, `!!document.querySelector("[data-library]")`, "the library")
	if n := len(listed(t, ctx)); n != 1 {
		t.Errorf("with the library open %d annotations are listed, want 1", n)
	}
}

// TestOwnDocumentOffline opens a document, then reads it offline from
// its /doc/ link, with its annotation: from the app's server, and from a
// static site under a sub-path, whose file server has no /doc/ pages.
func TestOwnDocumentOffline(t *testing.T) {
	arabic := writeDoc(t, t.TempDir(), "arabic.txt", []byte(arabicText))
	static := t.TempDir()
	if err := writeStatic(static, webDir, "/annotator"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/annotator/", http.StripPrefix("/annotator", http.FileServer(http.Dir(static))))
	for _, c := range []struct {
		name, base string
		h          http.Handler
	}{
		{"server", "/", server(webDir, handler("documents-offline", ""))},
		{"static site", "/annotator/", mux},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := startServer(t, "127.0.0.1:0", c.h)
			ctx := newBrowser(t, 1280, 900)
			do(t, ctx, chromedp.Navigate(s.url(c.base)))
			waitReady(t, ctx)
			openOwn(t, ctx, arabic)
			link := c.base + "doc/" + arabic.doc.ID
			if p := eval[string](t, ctx, `location.pathname`); p != link {
				t.Errorf("the address is %s, want %s", p, link)
			}
			tagIn(t, ctx, arabic.doc, "الجولة المقـــبلة", "claim", 1)
			waitCached(t, ctx)
			if c.base != "/" {
				// Online, a reload of the link: the static site's server
				// answers 404, the worker the app's page.
				reload(t, ctx)
				waitShown(t, ctx, arabic.doc.ID)
			}
			waitSaved(t, ctx)
			s.stop(t)
			do(t, ctx, chromedp.Navigate(s.url(link)))
			waitShown(t, ctx, arabic.doc.ID)
			checkArticle(t, ctx, arabic.doc)
			waitListed(t, ctx, 1)
			tagIn(t, ctx, arabic.doc, "اللجنة ستجتمع", "quote", 2)
			fromLibrary(t, ctx, seedDoc.ID)
			if p := eval[string](t, ctx, `location.pathname`); p != c.base {
				t.Errorf("the seed's address is %s, want %s", p, c.base)
			}
			reload(t, ctx) // offline, the seed's page
			fromLibrary(t, ctx, arabic.doc.ID)
			waitListed(t, ctx, 2)
		})
	}
}

// TestDropDocumentsAndAnnotations drops files on the page: a text and a
// file of annotations made on it go in together, the text opened and the
// annotations imported into it; a file with no extension is told apart
// by its content.
func TestDropDocumentsAndAnnotations(t *testing.T) {
	arabic := writeDoc(t, t.TempDir(), "arabic.txt", []byte(arabicText))
	s, e := spanIn(t, arabic.doc, "ستُعقد في جنيف 🌍")
	tg, err := annotations.Describe(arabic.doc, s, e)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	var notes strings.Builder
	if err := annotations.NewEncoder(&notes).Encode(arabic.doc, []annotations.Annotation{{
		ID: "urn:uuid:00000000-0000-4000-8000-00000000d0d0", Tag: annotations.Source, Created: at, Modified: at, Target: tg,
	}}); err != nil {
		t.Fatal(err)
	}
	legacy := fixtureDoc(t, "news-windows-1256.txt")
	raw, err := os.ReadFile(legacy.path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	drop := func(files ...[2]string) {
		t.Helper()
		eval[bool](t, ctx, fmt.Sprintf(`(() => {
			const dt = new DataTransfer();
			for (const [name, b64] of %s) {
				const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
				dt.items.add(new File([bytes], name));
			}
			document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
			return true;
		})()`, mustJSON(t, files)))
	}
	b64 := func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
	drop([2]string{"notes.jsonld", b64([]byte(notes.String()))}, [2]string{"arabic.txt", b64([]byte(arabicText))})
	waitShown(t, ctx, arabic.doc.ID)
	if got := waitListed(t, ctx, 1); got[0]["tag"] != "source" || got[0]["status"] != "anchored" {
		t.Errorf("the dropped annotations are listed as %v", got)
	}
	drop([2]string{"news", b64(raw)}) // windows-1256, no extension
	waitShown(t, ctx, legacy.doc.ID)
	checkArticle(t, ctx, legacy.doc)
}

// spanIn finds needle in d, in code points.
func spanIn(t testing.TB, d *annotations.Document, needle string) (int, int) {
	t.Helper()
	b := strings.Index(d.Text, needle)
	if b < 0 {
		t.Fatalf("%q is not in %s", needle, d.Title)
	}
	s := annotations.ByteToCodePoint(d.Text, b)
	return s, s + len([]rune(needle))
}

// TestLibraryUpgradeFromVersion1 starts from the database as the app's
// first version left it (annotations only) and checks that the upgrades
// (the library, then the snapshots, then the journal) keep them.
func TestLibraryUpgradeFromVersion1(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	do(t, ctx, chromedp.Navigate(appURL+"web/icon.svg")) // the origin, without the app
	a := randomAnnotations(t, 1)[0]
	eval[bool](t, ctx, fmt.Sprintf(`new Promise((resolve, reject) => {
		const req = indexedDB.open("annotator", 1);
		req.onupgradeneeded = () => {
			const os = req.result.createObjectStore("annotations", { keyPath: ["doc", "id"] });
			os.createIndex("doc", "doc");
		};
		req.onsuccess = () => {
			const d = req.result;
			const tx = d.transaction("annotations", "readwrite");
			tx.objectStore("annotations").put({doc: %q, id: %q, modified: %d, data: %q});
			tx.oncomplete = () => { d.close(); resolve(true); };
			tx.onerror = () => reject(tx.error);
		};
		req.onerror = () => reject(req.error);
	})`, seedDoc.ID, a.ID, a.Modified.UnixMilli(), mustJSON(t, a)), chromedp.EvalAwaitPromise)
	openApp(t, ctx)
	if got := waitListed(t, ctx, 1); got[0]["id"] != a.ID {
		t.Fatalf("after the upgrade the seed lists %v, want %s", got, a.ID)
	}
	db := eval[map[string]any](t, ctx, `new Promise((resolve) => {
		const req = indexedDB.open("annotator");
		req.onsuccess = () => { const d = req.result; resolve({version: d.version, stores: Array.from(d.objectStoreNames)}); d.close(); };
	})`, chromedp.EvalAwaitPromise)
	if db["version"] != float64(4) || fmt.Sprint(db["stores"]) != "[annotations documents journal snapshots texts]" {
		t.Errorf("the database after the upgrade: %v", db)
	}
	arabic := writeDoc(t, t.TempDir(), "arabic.txt", []byte(arabicText))
	openOwn(t, ctx, arabic)
	reload(t, ctx)
	waitShown(t, ctx, arabic.doc.ID)
	fromLibrary(t, ctx, seedDoc.ID)
	if got := waitListed(t, ctx, 1); got[0]["id"] != a.ID {
		t.Errorf("the annotation from the first version is gone: %v", got)
	}
}

// TestPhoneMenuAfterOpeningAText: on a phone, the menu a text was opened
// from closes, and the list's drawer stays closed over the text even when
// the reader is told how it was read (a guessed encoding).
func TestPhoneMenuAfterOpeningAText(t *testing.T) {
	legacy := fixtureDoc(t, "news-windows-1256.txt")
	ctx := openPhone(t)
	do(t, ctx, chromedp.Tap(`.more-toggle`))
	waitFor(t, ctx, `document.querySelector("#more").matches(":popover-open")`, "the menu")
	openOwn(t, ctx, legacy)
	if eval[bool](t, ctx, `document.querySelector("#more").matches(":popover-open")`) {
		t.Error("the menu is still open over the text opened from it")
	}
	if r := eval[string](t, ctx, `document.querySelector("[data-import-report]")?.textContent || ""`); !strings.Contains(r, "windows-1256") {
		t.Errorf("the reader is not told the encoding was guessed: %q", r)
	}
	if eval[string](t, ctx, `document.querySelector(".panel").dataset.open || ""`) == "true" {
		t.Error("the list's drawer opened over the text")
	}
}
