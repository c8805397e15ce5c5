//go:build !wasm

package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusedID is the annotation the list marks as focused.
func focusedID(t testing.TB, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector('.panel [aria-current="true"]')?.dataset.annotationId || ""`)
}

// press sends a key as a keyboard does: one keyDown carrying its text
// (so that a handled keydown also cancels the typing) and one keyUp.
// chromedp.KeyEvent sends the text as a separate event, which a page
// cannot cancel.
func press(t testing.TB, ctx context.Context, key string, mods ...chromedp.Modifier) {
	t.Helper()
	var m int64
	for _, x := range mods {
		m |= int64(x)
	}
	for _, r := range key {
		evs := kb.Encode(r)
		down, up := *evs[0], *evs[len(evs)-1]
		if len(evs) == 3 && m&^int64(chromedp.ModifierShift) == 0 {
			down.Text, down.UnmodifiedText = evs[1].Text, evs[1].UnmodifiedText
		}
		down.Modifiers |= m
		up.Modifiers |= m
		for _, ev := range []input.DispatchKeyEventParams{down, up} {
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, ev); err != nil {
				t.Fatal(err)
			}
		}
	}
	time.Sleep(150 * time.Millisecond)
}

// waitFocused waits until the list marks id as focused.
func waitFocused(t testing.TB, ctx context.Context, id string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for focusedID(t, ctx) != id {
		if time.Now().After(deadline) {
			t.Fatalf("focused %q, want %q", focusedID(t, ctx), id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestLinkNotesReloadFollow: a claim and its source, linked; notes in
// Arabic and in English, each in its own direction; after a reload the
// link is listed both ways and following it moves the focus.
func TestLinkNotesReloadFollow(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagText(t, ctx, 29, "أعرب بوتين عن معارضته", "claim", 1)
	claimID := listed(t, ctx)[0]["id"]
	click(t, ctx, `.panel [data-annotation-id="`+claimID+`"] [data-action="go-to"]`)
	waitFocused(t, ctx, claimID)
	s, e := span(t, 27, "The Bush-Putin Transcripts")
	selectRange(t, ctx, s, e)
	press(t, ctx, "l")
	items := waitListed(t, ctx, 2)
	sourceID := ""
	for _, it := range items {
		if it["tag"] == "source" {
			sourceID = it["id"]
		}
	}
	if sourceID == "" {
		t.Fatal("L made no source")
	}
	typeNote := func(id, text string) {
		t.Helper()
		sel := `.panel [data-annotation-id="` + id + `"] [data-field="note"]`
		click(t, ctx, sel)
		waitFor(t, ctx, `document.activeElement === document.querySelector('`+sel+`')`, "the note field to take the focus")
		if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, fmt.Sprintf(`annotator.store.load(%q).then((s) => s.includes(%q))`, seedDoc.ID, text), "the note to be saved")
	}
	typeNote(claimID, "المصدر لا يذكر ذلك صراحة.")
	typeNote(sourceID, "Declassified transcript, page 3.")
	time.Sleep(300 * time.Millisecond)
	reload(t, ctx)

	info := eval[map[string]string](t, ctx, fmt.Sprintf(`(() => {
		const item = (id) => document.querySelector('.panel [data-annotation-id="' + id + '"]');
		const note = (id) => item(id).querySelector('[data-field="note"]');
		return {claimLinks: item(%q).querySelector(".links")?.textContent || "",
			sourceLinks: item(%q).querySelector(".links")?.textContent || "",
			claimNoteDir: getComputedStyle(note(%q)).direction, sourceNoteDir: getComputedStyle(note(%q)).direction,
			claimNote: note(%q).value};
	})()`, claimID, sourceID, claimID, sourceID, claimID))
	if !strings.Contains(info["claimLinks"], "The Bush-Putin Transcripts") || !strings.Contains(info["sourceLinks"], "أعرب بوتين") {
		t.Errorf("links are not listed both ways: %v", info)
	}
	if info["claimNoteDir"] != "rtl" || info["sourceNoteDir"] != "ltr" || info["claimNote"] != "المصدر لا يذكر ذلك صراحة." {
		t.Errorf("notes: %v", info)
	}
	// A link's tag letter stands at its start, as on the badges, whatever
	// the direction of its quote: at the right in the Arabic interface, at
	// the left in the English one.
	for range 2 {
		lang := eval[string](t, ctx, `document.querySelector(".layout").lang`)
		for _, id := range []string{claimID, sourceID} {
			side := eval[map[string]float64](t, ctx, fmt.Sprintf(`(() => {
				const b = document.querySelector('.panel [data-annotation-id=%q] [data-action="follow-link"]');
				const r = document.createRange(); r.setStart(b.firstChild, 0); r.setEnd(b.firstChild, 1);
				return {letter: r.getBoundingClientRect().left, quote: b.querySelector("bdi").getBoundingClientRect().left};
			})()`, id))
			if (lang == "ar") != (side["letter"] > side["quote"]) {
				t.Errorf("%s, %s interface: the link's letter is at %v, its quote at %v", id, lang, side["letter"], side["quote"])
			}
		}
		click(t, ctx, `[data-action="ui-lang"]`)
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector(".layout").lang !== %q`, lang), "the other interface language")
	}
	click(t, ctx, `.panel [data-annotation-id="`+claimID+`"] [data-action="follow-link"]`)
	waitFocused(t, ctx, sourceID)
	// The export carries the link as a W3C linking annotation.
	dl := allowDownloads(t, ctx)
	click(t, ctx, `[data-action="export"]`)
	b, _ := os.ReadFile(waitFile(t, dl, annotations.FileExt))
	im, err := annotations.Decode(b)
	if err != nil || len(im.Links) != 1 || im.Links[0] != [2]string{claimID, sourceID} || !strings.Contains(string(b), `"motivation": "linking"`) {
		t.Errorf("export links %v (%v)", im, err)
	}
}

// TestNoteUndoRedoDelete types a note, undoes and redoes it from the top
// bar, and deletes the annotation with the mouse right after typing in
// its note: the field shows what the note is at every step, and the first
// click on Delete deletes.
func TestNoteUndoRedoDelete(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	tagText(t, ctx, 9, "ثلاث خطوات", "quote", 2)
	// A new annotation's row takes the keyboard once it is drawn; a click
	// in another row before that would lose the keyboard to it.
	waitFor(t, ctx, `!!document.activeElement.closest('.panel [data-tag="quote"]')`, "the keyboard on the new row")
	id := eval[string](t, ctx, `document.querySelector('.panel [data-tag="claim"]').dataset.annotationId`)
	row := `.panel [data-annotation-id="` + id + `"] `
	note := func() string {
		return eval[string](t, ctx, `document.querySelector('`+row+`[data-field="note"]').value`)
	}
	stored := func() string {
		for _, a := range storedAnnotations(t, ctx) {
			if a.ID == id {
				return a.Note
			}
		}
		t.Fatalf("%s is not stored", id)
		return ""
	}
	typeIn := func(text string) {
		t.Helper()
		click(t, ctx, row+`[data-field="note"]`)
		waitFor(t, ctx, `document.activeElement === document.querySelector('`+row+`[data-field="note"]')`, "the note field to take the focus")
		if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
			t.Fatal(err)
		}
		last := text[strings.LastIndex(text, "\n")+1:]
		waitFor(t, ctx, fmt.Sprintf(`annotator.store.load(%q).then((s) => s.includes(%q))`, seedDoc.ID, last), "the note to be saved")
	}
	typeIn("يحتاج إلى مصدر ثانٍ")
	for _, step := range []struct{ action, want string }{{"undo", ""}, {"redo", "يحتاج إلى مصدر ثانٍ"}, {"undo", ""}} {
		click(t, ctx, `[data-action="`+step.action+`"]`)
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector('%s[data-field="note"]').value === %q`, row, step.want), "the note field after "+step.action)
		if got := stored(); got != step.want {
			t.Errorf("after %s the stored note is %q, want %q", step.action, got, step.want)
		}
	}
	if got := note(); got != "" {
		t.Errorf("the note field shows %q after undo", got)
	}
	// Written, left, and written again: two steps.
	typeIn("أول")
	eval[bool](t, ctx, `(document.activeElement.blur(), true)`)
	typeIn("ثانٍ")
	click(t, ctx, `[data-action="undo"]`)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('%s[data-field="note"]').value === "أول"`, row), "undo to give back the note as it was left")
	typeIn("مكرر: المصدر نفسه في فقرتين.\nالأولى في المقدمة،\nوالثانية في الحوار،\nوكلتاهما بلا تاريخ.")
	click(t, ctx, row+`[data-action="delete"]`)
	waitListed(t, ctx, 1)
}

// TestBrowserUndoInANote: the browser's own undo inside a note (Ctrl+Z in
// the field) empties it of what was typed in one go; the app's Undo then
// gives back what was typed, and its Redo empties it again.
func TestBrowserUndoInANote(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	field := `.panel [data-annotation-id] [data-field="note"]`
	click(t, ctx, field)
	waitFor(t, ctx, `document.activeElement === document.querySelector('`+field+`')`, "the note field to take the focus")
	// Typed key by key.
	do(t, ctx, chromedp.KeyEvent("first note"))
	waitFor(t, ctx, fmt.Sprintf(`annotator.store.load(%q).then((s) => s.includes("first note"))`, seedDoc.ID), "the note to be saved")
	// The browser's undo, as Ctrl+Z in the field does it, until the field
	// is empty.
	undos := 0
	for ; undos < 20 && eval[string](t, ctx, `document.querySelector('`+field+`').value`) != ""; undos++ {
		eval[bool](t, ctx, `document.execCommand("undo")`)
	}
	waitFor(t, ctx, `document.querySelector('`+field+`').value === ""`, "the browser's undo to empty the field")
	// What was typed in one go is undone in one go, as in any text field
	// (it took 9 undos, a letter at a time, while the program set the
	// field's markup at each key).
	if undos > 2 {
		t.Errorf("the browser's undo emptied the note in %d steps, a letter at a time", undos)
	}
	for _, step := range []struct{ action, want string }{{"undo", "first note"}, {"redo", ""}, {"undo", "first note"}} {
		click(t, ctx, `[data-action="`+step.action+`"]`)
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector('%s').value === %q`, field, step.want), "the note field after the app's "+step.action)
	}
	// More typed, then undone and redone in the field: the note is as it
	// was, and the app's first Undo takes the typing away (it changed
	// nothing once: the field's undo and redo were a step of their own).
	click(t, ctx, field)
	eval[bool](t, ctx, `(() => { const f = document.activeElement; f.setSelectionRange(f.value.length, f.value.length); return true; })()`)
	do(t, ctx, chromedp.KeyEvent(" again"))
	waitFor(t, ctx, fmt.Sprintf(`annotator.store.load(%q).then((s) => s.includes("first note again"))`, seedDoc.ID), "the note to be saved")
	eval[bool](t, ctx, `document.execCommand("undo")`)
	waitFor(t, ctx, `document.querySelector('`+field+`').value === "first note"`, "the browser's undo")
	eval[bool](t, ctx, `document.execCommand("redo")`)
	waitFor(t, ctx, `document.querySelector('`+field+`').value === "first note again"`, "the browser's redo")
	waitFor(t, ctx, fmt.Sprintf(`annotator.store.load(%q).then((s) => s.includes("first note again"))`, seedDoc.ID), "the note to be saved")
	click(t, ctx, `[data-action="undo"]`)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('%s').value === "first note"`, field), "the app's first Undo to take the typing away")
	click(t, ctx, `[data-action="redo"]`)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('%s').value === "first note again"`, field), "the app's Redo")
	// The buttons leave the keyboard in the field: its caret is after
	// the text the Redo brought back, not before it.
	if got := eval[[]int](t, ctx, `(() => { const f = document.querySelector('`+field+`'); return [document.activeElement === f ? 1 : 0, f.selectionStart, f.value.length]; })()`); got[0] != 1 || got[1] != got[2] {
		t.Errorf("after Redo: the field focused %d, its caret at %d of %d", got[0], got[1], got[2])
	}
}

// TestKeyboardOnly: from a caret in the article to a tagged claim, its
// note, its deletion, undo and redo, with the keyboard alone.
func TestKeyboardOnly(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	// Tab to the article (the first focusable thing after the top bar's controls).
	for i := 0; i < 30 && !eval[bool](t, ctx, `document.activeElement && document.activeElement.matches("article[data-doc]")`); i++ {
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	if !eval[bool](t, ctx, `document.activeElement.matches("article[data-doc]")`) {
		t.Fatal("Tab never reached the article")
	}
	for range 12 {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	}
	for range 6 {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowLeft, chromedp.KeyModifiers(chromedp.ModifierShift)))
	}
	selected := eval[string](t, ctx, `getSelection().toString()`)
	if len([]rune(selected)) != 6 {
		t.Fatalf("shift+left selected %q", selected)
	}
	press(t, ctx, "c")
	items := waitListed(t, ctx, 1)
	id := items[0]["id"]
	if q := storedAnnotations(t, ctx)[0].Target.Quote.Exact; q != selected {
		t.Errorf("tagged %q, selected %q", q, selected)
	}
	press(t, ctx, "]")
	waitFocused(t, ctx, id)
	if !eval[bool](t, ctx, `document.activeElement.closest("[data-annotation-id]") !== null`) {
		t.Error("the keyboard focus is not on the focused annotation")
	}
	press(t, ctx, "n")
	waitFor(t, ctx, `document.activeElement.matches('[data-field="note"]')`, "N to open the note")
	if v := eval[string](t, ctx, `document.activeElement.value`); v != "" {
		t.Errorf("N opened the note with %q in it; the key is not typed", v)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "typed by keyboard"}); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Escape)
	waitFor(t, ctx, `!document.activeElement.matches('[data-field="note"]') && !!document.activeElement.closest("[data-annotation-id]")`, "Escape to go back from the note to the annotation")
	press(t, ctx, "q") // retag
	waitFor(t, ctx, `document.querySelector(".panel [data-annotation-id]").dataset.tag === "quote"`, "Q to retag as a quote")
	press(t, ctx, kb.Delete)
	waitListed(t, ctx, 0)
	waitFor(t, ctx, `document.activeElement !== document.body && document.activeElement !== null`, "the keyboard focus to land somewhere after deleting")
	press(t, ctx, "z", chromedp.ModifierCtrl)
	got := waitListed(t, ctx, 1)
	if got[0]["id"] != id {
		t.Errorf("undo brought back %v", got)
	}
	if notes := eval[string](t, ctx, `document.querySelector('.panel [data-field="note"]').value`); notes != "typed by keyboard" {
		t.Errorf("undo lost the note: %q", notes)
	}
	press(t, ctx, "z", chromedp.ModifierCtrl, chromedp.ModifierShift)
	waitListed(t, ctx, 0)
	reload(t, ctx)
	if n := len(listed(t, ctx)); n != 0 {
		t.Errorf("after redo of the delete and a reload, %d listed", n)
	}
	press(t, ctx, "?")
	waitFor(t, ctx, `!!document.querySelector("[data-help]") && document.querySelector("[data-help]").textContent.includes("Ctrl+Z")`, "? to open the keys panel")
	// Closed from inside with Escape, the help gives the keyboard back to
	// the button that opens it, not to the page.
	eval[bool](t, ctx, `(document.querySelector('[data-action="close-help"]').focus(), true)`)
	press(t, ctx, kb.Escape)
	waitFor(t, ctx, `!document.querySelector("[data-help]") && document.activeElement.matches('[data-action="help"]')`, "Escape in the keys panel to put the keyboard on its button")
	// So does its Close button, pressed from the keyboard.
	press(t, ctx, kb.Enter)
	waitFor(t, ctx, `!!document.querySelector("[data-help]")`, "Enter on Keys to open the keys panel")
	eval[bool](t, ctx, `(document.querySelector('[data-action="close-help"]').focus(), true)`)
	press(t, ctx, kb.Enter)
	waitFor(t, ctx, `!document.querySelector("[data-help]") && document.activeElement.matches('[data-action="help"]')`, "Close in the keys panel to put the keyboard on the Keys button")
}

func TestUndoImport(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	f := readerFile(t, dir, "x.jsonld", []annotations.Annotation{
		{ID: "urn:uuid:cccccccc-0000-4000-8000-000000000001", Tag: annotations.Quote, Created: at, Modified: at, Target: describeSeed(t, 9, "ثلاث خطوات")},
		{ID: "urn:uuid:cccccccc-0000-4000-8000-000000000002", Tag: annotations.Source, Created: at, Modified: at, Target: describeSeed(t, 13, "Memorandum")},
	})
	// The report, as it comes, moves none of the panel's controls: a click
	// aimed at one lands on it. The tag bar floats by a selection: with
	// none, it stays in the panel.
	eval[bool](t, ctx, `(getSelection().removeAllRanges(), true)`)
	waitFor(t, ctx, `!document.querySelector("[data-toolbar][data-floating]")`, "the tag bar back in the panel")
	fields := []string{`input[data-field="search"]`, `[data-field="reader-name"]`, `[data-filter-tag="claim"]`, `.panel [data-action="tag-claim"]`}
	before := map[string]box{}
	for _, f := range fields {
		before[f] = rectOf(t, ctx, f)
	}
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{f}))
	waitListed(t, ctx, 3)
	waitFor(t, ctx, `!!document.querySelector("[data-import-report]")`, "the import's report")
	for _, f := range fields {
		if now := rectOf(t, ctx, f); math.Abs(now.Top-before[f].Top) >= 1 { // not a fraction of a pixel
			t.Errorf("the import's report moved %s by %.0f px", f, now.Top-before[f].Top)
		}
	}
	click(t, ctx, `[data-action="undo"]`)
	waitListed(t, ctx, 1)
	// The report of what the import did goes with it.
	waitFor(t, ctx, `!document.querySelector("[data-import-report]")`, "the import's report gone with the import undone")
	click(t, ctx, `[data-action="redo"]`)
	waitListed(t, ctx, 3)
	click(t, ctx, `[data-action="undo"]`)
	waitListed(t, ctx, 1)
	reload(t, ctx)
	if n := len(listed(t, ctx)); n != 1 {
		t.Errorf("after undoing the import and a reload, %d listed, want 1", n)
	}
}

// TestNoUnnamedControls asks Chromium's accessibility tree for every
// control and requires a name for each.
func TestNoUnnamedControls(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	click(t, ctx, `[data-action="help"]`)
	res, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatal(err)
	}
	controls := map[string]bool{"button": true, "textbox": true, "combobox": true, "searchbox": true, "checkbox": true, "link": true, "menuitem": true, "tab": true, "listbox": true, "ListBox": true}
	n := 0
	for _, node := range res.Nodes {
		if node.Ignored || node.Role == nil {
			continue
		}
		role := strings.Trim(string(node.Role.Value), `"`)
		if !controls[role] {
			continue
		}
		n++
		name := ""
		if node.Name != nil {
			name = strings.Trim(string(node.Name.Value), `"`)
		}
		if strings.TrimSpace(name) == "" {
			t.Errorf("a %s has no accessible name (DOM node %d)", role, node.BackendDOMNodeID)
		}
	}
	if n < 10 {
		t.Errorf("only %d controls in the accessibility tree", n)
	}
}

// TestKeysActOnTheRowTheKeyboardIsOn: a row reached with Tab, not clicked,
// is the one Delete deletes; a row deleted with the mouse hands the
// keyboard to the row after it, whichever row was chosen before.
func TestKeysActOnTheRowTheKeyboardIsOn(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	list := claimsAt(t, 15, 300, 700, 1100, 1500)
	keep(t, ctx, list)
	reload(t, ctx)
	waitListed(t, ctx, 4)
	goTo := func(i int) string {
		return fmt.Sprintf(`.panel [data-annotation-id=%q] [data-action="go-to"]`, list[i].ID)
	}
	click(t, ctx, goTo(0))
	waitFocused(t, ctx, list[0].ID)
	// Tab from the first row to the last one's passage.
	for range 30 {
		if eval[bool](t, ctx, fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, goTo(3))) {
			break
		}
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	if !eval[bool](t, ctx, fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, goTo(3))) {
		t.Fatal("Tab never reached the last row")
	}
	press(t, ctx, kb.Delete)
	got := waitListed(t, ctx, 3)
	for i, l := range got {
		if l["id"] != list[i].ID {
			t.Fatalf("Delete on the row reached by Tab left %v", got)
		}
	}
	// The mouse deletes the second row while the first is chosen: the
	// keyboard goes to the row after the second.
	click(t, ctx, goTo(0))
	waitFocused(t, ctx, list[0].ID)
	click(t, ctx, fmt.Sprintf(`.panel [data-annotation-id=%q] [data-action="delete"]`, list[1].ID))
	waitListed(t, ctx, 2)
	waitFocused(t, ctx, list[2].ID)
	waitFor(t, ctx, fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, goTo(2)), "the keyboard on the row after the deleted one")
}

// TestSkipTheList: with a long list, the keyboard goes from the list's
// controls to the text in two keys, not through every row's three
// controls (3,000 presses of Tab with 1,000 annotations).
func TestSkipTheList(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	keep(t, ctx, randomAnnotations(t, 1000))
	reload(t, ctx)
	waitListed(t, ctx, 1000)
	eval[bool](t, ctx, `(document.querySelector('input[data-field="search"]').focus(), true)`)
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if !eval[bool](t, ctx, `document.activeElement.matches('[data-action="skip-list"]')`) {
		t.Fatalf("Tab from the search went to %s, not to the list's skip", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 120)`))
	}
	if box := rectOf(t, ctx, `[data-action="skip-list"]`); box.Right-box.Left < 100 || box.Bottom-box.Top < 16 {
		t.Errorf("the skip, focused, is %+v: not visible", box)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `document.activeElement.matches("article[data-doc]")`, "Enter on the skip to put the keyboard on the text")
	// And back: Shift+Tab from the text reaches the way back first.
	press(t, ctx, kb.Tab, chromedp.ModifierShift)
	if !eval[bool](t, ctx, `document.activeElement.matches('[data-action="skip-list-back"]')`) {
		t.Fatalf("Shift+Tab from the text went to %s, not to the list's way back", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 120)`))
	}
	waitFor(t, ctx, `(() => { const r = document.querySelector('[data-action="skip-list-back"]').getBoundingClientRect();
		return r.width >= 100 && r.height >= 16 && r.top >= 0 && r.bottom <= innerHeight; })()`, "the way back, focused, on screen")
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `document.activeElement.matches('input[data-field="search"]')`, "Enter on the way back to put the keyboard on the search field")
}

// TestHelpOpensInView opens the keys' help with the text scrolled down,
// from the key and from the button: it comes into view with the keyboard
// in it. It used to open at the top of the page, above the screen.
func TestHelpOpensInView(t *testing.T) {
	ctx := newBrowser(t, 1366, 900)
	openApp(t, ctx)
	for _, open := range []func(){
		func() { press(t, ctx, "?") },
		func() { // the mouse, where the button stands (chromedp.Click scrolls to it first)
			b := rectOf(t, ctx, `[data-action="help"]`)
			do(t, ctx, chromedp.MouseClickXY((b.Left+b.Right)/2, (b.Top+b.Bottom)/2))
		},
	} {
		eval[bool](t, ctx, `(document.querySelector("article[data-doc]").focus(), window.scrollTo(0, 1500), true)`)
		open()
		waitFor(t, ctx, `!!document.querySelector("[data-help]") && document.activeElement === document.querySelector("[data-help]")`, "the keys' help to take the keyboard")
		waitFor(t, ctx, `(() => { const r = document.querySelector("[data-help]").getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight - 100; })()`, "the keys' help on screen")
		// The text stays where the reader was, open and closed.
		if y := eval[float64](t, ctx, `scrollY`); y != 1500 {
			t.Errorf("with the help open, the page is scrolled to %v, not 1500", y)
		}
		press(t, ctx, kb.Escape)
		waitFor(t, ctx, `!document.querySelector("[data-help]")`, "Escape to close the keys' help")
		if y := eval[float64](t, ctx, `scrollY`); y != 1500 {
			t.Errorf("with the help closed, the page is scrolled to %v, not 1500", y)
		}
	}
}
