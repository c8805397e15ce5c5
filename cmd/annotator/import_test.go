//go:build !wasm

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/chromedp"
)

// readerFile writes annotations of the seed as one reader would export them.
func readerFile(t *testing.T, dir, name string, list []annotations.Annotation) string {
	t.Helper()
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(seedDoc, list); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func describeSeed(t *testing.T, block int, needle string) annotations.Target {
	t.Helper()
	s, e := span(t, block, needle)
	tg, err := annotations.Describe(seedDoc, s, e)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// TestImportTwoReadersFiles imports two readers' files into a page that
// already has annotations: everything is there once, the newer version of
// a shared annotation wins, a second import changes nothing, a broken file
// changes nothing and says why, and a file for another text is only
// anchored when the reader says so.
func TestImportTwoReadersFiles(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	// The reader gives their name once; their annotations carry it.
	eval[bool](t, ctx, `(() => { const n = document.querySelector('[data-field="reader-name"]'); n.value = "سلمى"; n.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	waitFor(t, ctx, `(localStorage.getItem("annotator:reader") || "").includes("سلمى")`, "the reader's name to be kept")
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	if me := storedAnnotations(t, ctx)[0].Creator; me.Name != "سلمى" || !strings.HasPrefix(me.ID, "urn:uuid:") {
		t.Errorf("the reader's annotation has the creator %+v", me)
	}

	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	readerA := annotations.Agent{ID: "urn:uuid:aaaaaaaa-0000-4000-8000-0000000000a0", Name: "Reader A"}
	readerB := annotations.Agent{ID: "urn:uuid:aaaaaaaa-0000-4000-8000-0000000000b0", Name: "Reader B"}
	mk := func(id string, tag annotations.Tag, tg annotations.Target, note string, mod time.Time) annotations.Annotation {
		who := readerA
		if strings.Contains(note, "B") || id == "3" {
			who = readerB
		}
		return annotations.Annotation{ID: "urn:uuid:aaaaaaaa-0000-4000-8000-00000000000" + id, Tag: tag, Note: note, Created: at, Modified: mod, Creator: who, Target: tg}
	}
	shared := describeSeed(t, 9, "ثلاث خطوات")
	dir := t.TempDir()
	a := readerFile(t, dir, "reader-a.jsonld", []annotations.Annotation{
		mk("1", annotations.Quote, shared, "Reader A's note", at),
		mk("2", annotations.Source, describeSeed(t, 13, "Memorandum of Telephone Conversation"), "", at),
	})
	b := readerFile(t, dir, "reader-b.jsonld", []annotations.Annotation{
		mk("1", annotations.Quote, shared, "Reader B's later note", at.Add(time.Hour)),
		mk("3", annotations.Claim, describeSeed(t, 11, "أسلوب بوتين فاشلٌ"), "ملاحظة القارئ ب", at),
	})
	upload := func(files ...string) {
		t.Helper()
		do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, files))
	}
	upload(a, b)
	got := waitListed(t, ctx, 4)
	notes := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.panel [data-field="note"]')).map((n) => n.value)`)
	if strings.Contains(strings.Join(notes, "|"), "Reader A's note") || !strings.Contains(strings.Join(notes, "|"), "Reader B's later note") {
		t.Errorf("the shared annotation should carry the later note; notes: %q", notes)
	}
	if len(got) != 4 {
		t.Fatalf("%d listed", len(got))
	}

	// Filter by reader.
	filter := func(key string, n int) {
		t.Helper()
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('[data-field="reader-filter"]'); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, key))
		waitFor(t, ctx, fmt.Sprintf(`document.querySelectorAll(".panel [data-annotation-id]").length === %d`, n), fmt.Sprintf("%d annotations by %q", n, key))
	}
	filter(readerB.ID, 2)
	filter(readerA.ID, 1)
	filter("", 4)
	names := eval[string](t, ctx, `Array.from(document.querySelectorAll('[data-field="reader-filter"] option')).map((o) => o.textContent).join("|")`)
	for _, want := range []string{"سلمى", "Reader A", "Reader B"} {
		if !strings.Contains(names, want) {
			t.Errorf("the reader filter offers %q, not %q", names, want)
		}
	}

	// Share falls back to a download where files cannot be shared.
	dl := allowDownloads(t, ctx)
	click(t, ctx, `[data-action="share"]`)
	sharedFile, err := os.ReadFile(waitFile(t, dl, annotations.FileExt))
	if err != nil || !strings.Contains(string(sharedFile), `"name": "Reader B"`) {
		t.Errorf("the shared file (%v) lacks the readers' names", err)
	}

	// The same file again: nothing changes.
	upload(a)
	waitFor(t, ctx, `(document.querySelector("[data-import-report]")?.textContent || "").includes("reader-a.jsonld") && document.querySelector("[data-import-report]").textContent.includes(": 0 new")`, "the report of the second import")
	if n := len(listed(t, ctx)); n != 4 {
		t.Errorf("importing a file twice: %d listed, want 4", n)
	}
	if r := eval[string](t, ctx, `document.querySelector("[data-import-report]")?.textContent || ""`); !strings.Contains(r, "0 new") {
		t.Errorf("the report of a second import says %q", r)
	}

	// A broken file: an alert, and nothing changes.
	broken := filepath.Join(dir, "broken.jsonld")
	os.WriteFile(broken, []byte(`{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"items": [`), 0o644)
	before := storedAnnotations(t, ctx)
	upload(broken)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.querySelectorAll('[role="alert"]')).some((e) => e.textContent.includes("broken.jsonld"))`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no alert for a broken file: %q", alertText(t, ctx))
	}
	if a := alertText(t, ctx); !strings.Contains(a, "Nothing was imported") || !strings.Contains(a, "line ") {
		t.Errorf("the alert for a broken file says %q", a)
	} else if strings.Contains(a, "Dismiss") {
		t.Errorf("the alert is read with its Dismiss button: %q", a)
	}
	if !eval[bool](t, ctx, `!!document.querySelector(".alert button")?.checkVisibility()`) {
		t.Error("the alert has no Dismiss button")
	}
	if n := len(listed(t, ctx)); n != 4 || len(storedAnnotations(t, ctx)) != len(before) {
		t.Errorf("a broken file changed the annotations")
	}
	// What is on screen is about the file given last: the earlier file's
	// report went with the broken one, whose alert goes with the next.
	if eval[bool](t, ctx, `!!document.querySelector("[data-import-report]")`) {
		t.Error("the report of the file before stays beside the broken file's alert")
	}

	// A file made for another copy of the article: asked first.
	other := annotations.Target{Source: "https://example.org/republished-copy",
		Quote:    annotations.TextQuote{Exact: "أشاد بوتين كثيراً بتعامل بوش", Suffix: " مع هجمات 11"},
		Position: annotations.TextPosition{Start: 4700, End: 4728}}
	foreign := readerFile(t, dir, "other-copy.jsonld", []annotations.Annotation{mk("4", annotations.Claim, other, "", at)})
	upload(foreign)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('[data-action="anchor-anyway"]')`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal("a file for another document was not questioned")
	}
	if a := alertText(t, ctx); strings.Contains(a, "broken.jsonld") {
		t.Errorf("the broken file's alert stays once another file is given: %q", a)
	}
	if n := len(listed(t, ctx)); n != 4 {
		t.Fatalf("a file for another document went in before the reader said yes: %d listed", n)
	}
	click(t, ctx, `[data-action="anchor-anyway"]`)
	got = waitListed(t, ctx, 5)
	for _, l := range got {
		if l["id"] == "urn:uuid:aaaaaaaa-0000-4000-8000-000000000004" && l["status"] != "moved" {
			t.Errorf("the other copy's annotation is %s, want moved", l["status"])
		}
	}
	reload(t, ctx)
	if n := len(listed(t, ctx)); n != 5 {
		t.Errorf("after reload %d listed, want 5", n)
	}

	// A file dropped on the page, whose note is markup: imported, shown as
	// its characters, never run.
	payload := `</textarea><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`
	hostile := readerFile(t, dir, "hostile.jsonld", []annotations.Annotation{mk("5", annotations.Claim, describeSeed(t, 15, "خمس دقائق"), payload, at)})
	data, _ := os.ReadFile(hostile)
	eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([%q], "hostile.jsonld", {type: "application/ld+json"}));
		document.querySelector("article").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		return true;
	})()`, data))
	waitListed(t, ctx, 6)
	got2 := eval[map[string]any](t, ctx, `(() => ({xss: window.__xss || 0, imgs: document.querySelectorAll(".panel img, .panel script").length,
		notes: Array.from(document.querySelectorAll('.panel [data-field="note"]')).map((n) => n.value)}))()`)
	if got2["xss"] != float64(0) || got2["imgs"] != float64(0) || !strings.Contains(fmt.Sprint(got2["notes"]), payload) {
		t.Errorf("a dropped file with markup in a note: %v", got2)
	}
}

// TestLongNoteInOneDirection imports a note of the longest size a file may
// bring (1 MB): it is shown whole, in a field laid out in one direction,
// while a short note's lines each take their own; a note typed or pasted
// past the length takes the same layout. Laid out line by line, the long
// note froze the page for 14 s on every draw of its row.
func TestLongNoteInOneDirection(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	list := claimsAt(t, 10, 100, 300)
	list[0].Note = strings.Repeat("a", annotations.MaxNoteSize)
	list[1].Note = "ملاحظة\nand a line in English"
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{readerFile(t, t.TempDir(), "long.jsonld", list)}))
	waitListed(t, ctx, 2)
	layout := func() []string {
		return eval[[]string](t, ctx, fmt.Sprintf(`[%q, %q].map((id) => {
			const f = document.querySelector('[data-annotation-id="' + id + '"] [data-field="note"]');
			return f.value.length + " " + getComputedStyle(f).unicodeBidi;
		})`, list[0].ID, list[1].ID))
	}
	if got := layout(); got[0] != "1048576 isolate" || got[1] != "28 plaintext" {
		t.Errorf("the long and the short note: %q, want the long one whole and isolated, the short one plaintext", got)
	}
	// The short note pasted long, then cut short again.
	for _, n := range []int{30_000, 10} {
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const f = document.querySelector('[data-annotation-id="%s"] [data-field="note"]');
			f.focus(); f.value = "ب".repeat(%d); f.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, list[1].ID, n))
		want := map[int]string{30_000: "30000 isolate", 10: "10 plaintext"}[n]
		waitFor(t, ctx, fmt.Sprintf(`(() => { const f = document.querySelector('[data-annotation-id="%s"] [data-field="note"]'); return f.value.length + " " + getComputedStyle(f).unicodeBidi; })() === %q`, list[1].ID, want), want)
	}
}

// TestPasteTooLongIsSaid pastes into a note more than its field takes: the
// browser keeps the start only, and the reader is told so, in words; a
// paste that fits says nothing.
func TestPasteTooLongIsSaid(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	chooseEnglish(t, ctx)
	openApp(t, ctx)
	list := claimsAt(t, 10, 100)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{readerFile(t, t.TempDir(), "one.jsonld", list)}))
	waitListed(t, ctx, 1)
	paste := func(n int) {
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const f = document.querySelector('[data-annotation-id="%s"] [data-field="note"]');
			f.focus();
			const dt = new DataTransfer();
			dt.setData("text/plain", "ب\r\n".repeat(%d));
			f.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
			return true; })()`, list[0].ID, n))
	}
	const room = annotations.MaxNoteSize / 3 // UTF-16 units
	paste(room / 2)                          // "ب\n" each: fits exactly
	time.Sleep(300 * time.Millisecond)
	if got := eval[string](t, ctx, `document.querySelector('.alert [role="alert"]').textContent`); got != "" {
		t.Errorf("a paste that fits said %q", got)
	}
	paste(room/2 + 1)
	want := fmt.Sprintf("longer than a note can hold (%d characters)", room)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('.alert [role="alert"]').textContent.includes(%q)`, want), "the cut paste to be said")
}

// TestLargeImportLetsThePageAnswer imports a file of 5,000 annotations
// (some 5 MB): the page runs other tasks while the program reads it (it
// took one task of 520 ms for 10,000), and every annotation is listed.
func TestLargeImportLetsThePageAnswer(t *testing.T) {
	list := randomAnnotations(t, 5000)
	for i := range list {
		list[i].Note = "يحتاج إلى مصدر ثانٍ — needs a second source"
	}
	path := readerFile(t, t.TempDir(), "large.jsonld", list)
	if fi, err := os.Stat(path); err != nil || fi.Size() < 3<<20 {
		t.Fatalf("the file is not large enough to be read in parts: %v %v", fi.Size(), err)
	}
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	// Tasks of the page's own, one after the other, while the file is read.
	eval[bool](t, ctx, `(window.ticks = [], (function tick() { ticks.push(performance.now()); setTimeout(tick, 0); })(), true)`)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{path}))
	waitListed(t, ctx, 5000)
	between := eval[int](t, ctx, `(() => {
		const at = (n) => performance.getEntriesByName("annotator:" + n)[0].startTime;
		const from = at("import-read"), to = at("import-decoded");
		return ticks.filter((x) => x > from && x < to).length;
	})()`)
	if between == 0 {
		t.Error("the page ran nothing of its own while the program read the file")
	}
	if n := len(storedAnnotations(t, ctx)); n != 5000 {
		t.Errorf("%d annotations stored, want 5000", n)
	}
}
