package app

import (
	"encoding/json"

	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// bindings is the one table of keys: web/reader.js takes it when the
// program starts and sends the command a key gives, where it applies, to
// command below. Key is a KeyboardEvent key or, with Code, a physical key
// (the same on every layout, Arabic too). Where says what the keyboard is
// on: "typing" is any text field (Ctrl+Z there is the field's own undo
// unless it is a menu), "note" a listed annotation's note, "selection" a
// selection in the article, "row" a control of a listed annotation,
// "page" anywhere but a text field. Dir limits a key to a direction of the
// article (in Arabic text the next annotation is to the left). The first
// binding that applies wins; keys that none takes keep their ordinary
// meaning (arrows in the article move the caret).
var bindings = []binding{
	{Key: "KeyZ", Code: true, Mod: true, Shift: true, Where: "anywhere", Command: "redo"},
	{Key: "KeyZ", Code: true, Mod: true, Where: "anywhere", Command: "undo"},
	{Key: "KeyY", Code: true, Mod: true, Where: "anywhere", Command: "redo"},
	{Key: "Escape", Where: "note", Command: "leave-note"},
	{Key: "KeyC", Code: true, Where: "selection", Command: "tag-claim"},
	{Key: "KeyQ", Code: true, Where: "selection", Command: "tag-quote"},
	{Key: "KeyS", Code: true, Where: "selection", Command: "tag-source"},
	{Key: "Digit1", Code: true, Where: "selection", Command: "tag-claim"},
	{Key: "Digit2", Code: true, Where: "selection", Command: "tag-quote"},
	{Key: "Digit3", Code: true, Where: "selection", Command: "tag-source"},
	{Key: "KeyC", Code: true, Where: "row", Command: "retag-claim"},
	{Key: "KeyQ", Code: true, Where: "row", Command: "retag-quote"},
	{Key: "KeyS", Code: true, Where: "row", Command: "retag-source"},
	{Key: "Digit1", Code: true, Where: "row", Command: "retag-claim"},
	{Key: "Digit2", Code: true, Where: "row", Command: "retag-quote"},
	{Key: "Digit3", Code: true, Where: "row", Command: "retag-source"},
	{Key: "]", Where: "page", Command: "next"},
	{Key: "[", Where: "page", Command: "prev"},
	{Key: "?", Where: "page", Command: "help"},
	{Key: "Escape", Where: "page", Command: "escape"},
	{Key: "KeyL", Code: true, AnyShift: true, Where: "selection", Command: "link"},
	{Key: "KeyL", Code: true, AnyShift: true, Where: "row", Command: "link"},
	{Key: "KeyN", Code: true, AnyShift: true, Where: "row", Command: "note"},
	{Key: "Delete", Where: "row", Command: "delete"},
	{Key: "ArrowDown", Where: "row", Command: "next"},
	{Key: "ArrowUp", Where: "row", Command: "prev"},
	{Key: "ArrowLeft", Where: "row", Dir: annotations.RTL, Command: "next"},
	{Key: "ArrowRight", Where: "row", Dir: annotations.RTL, Command: "prev"},
	{Key: "ArrowRight", Where: "row", Dir: annotations.LTR, Command: "next"},
	{Key: "ArrowLeft", Where: "row", Dir: annotations.LTR, Command: "prev"},
}

// keysJSON is the table of keys as the page takes it.
func keysJSON() string {
	b, err := json.Marshal(bindings)
	if err != nil {
		panic(err) // a table of strings and booleans
	}
	return string(b)
}

// binding is one key of the table. Shift is looked at for physical keys
// and keys with Ctrl only: "?" is Shift+/ on one layout and not another.
type binding struct {
	Key      string                `json:"key"`
	Code     bool                  `json:"code,omitempty"`
	Mod      bool                  `json:"mod,omitempty"`      // with Ctrl (or Cmd)
	Shift    bool                  `json:"shift,omitempty"`    // with Shift (a physical key or with Ctrl); without it when false
	AnyShift bool                  `json:"anyShift,omitempty"` // with Shift or without
	Where    string                `json:"where"`
	Dir      annotations.Direction `json:"dir,omitempty"`
	Command  string                `json:"command"`
}

// keys lists the keyboard commands as the help panel shows them.
var keys = []struct {
	key  string
	what msg
}{
	{"C · Q · S · 1 · 2 · 3", msg{"وسم التحديد ادعاءً أو اقتباسًا أو مصدرًا؛ ودون تحديد: تغيير وسم التعليق المحدد", "Tag the selection as a claim, quote or source; with no selection, retag the focused annotation"}},
	{"← → ↑ ↓ · Shift", msg{"في المقال: تحريك المؤشر، ومع Shift توسيع التحديد", "In the article: move the caret; with Shift, extend the selection"}},
	{"] · [", msg{"التعليق التالي أو السابق بترتيب القراءة", "Next or previous annotation, in reading order"}},
	{"← → ↑ ↓", msg{"في القائمة: التعليق التالي أو السابق (اليسار هو التالي في النص العربي)", "In the list: next or previous annotation (left is next in Arabic text)"}},
	{"N", msg{"فتح ملاحظة التعليق المحدد (Esc للرجوع)", "Open the focused annotation's note (Esc to go back)"}},
	{"L", msg{"ربط التحديد مصدرًا للادعاء أو الاقتباس المحدد", "Link the selection as a source of the focused claim or quote"}},
	{"Delete", msg{"حذف التعليق المحدد", "Delete the focused annotation"}},
	{"Ctrl+Z · Ctrl+Shift+Z · Ctrl+Y", msg{"تراجع وإعادة", "Undo and redo"}},
	{"?", msg{"إظهار هذه القائمة أو إخفاؤها", "Show or hide this list"}},
}

// wants says whether a command applies now, so that a key the app does not
// use keeps its ordinary meaning. row is the listed annotation whose row
// has the keyboard, if any.
func (r *Reader) wants(name, row string) bool {
	switch name {
	case "undo", "redo", "help", "next", "prev", "tag-claim", "tag-quote", "tag-source":
		return true
	case "escape":
		return r.help || r.ws.Focused() != ""
	}
	return row != "" || r.ws.Focused() != "" // note, delete, link, retag-*, leave-note
}

// toggleHelp opens the keys' help, or closes it (see closeHelp). Opened,
// it floats under the top bar (see app.css: in the page's flow, it opened
// above the screen when the text was scrolled), and takes the keyboard,
// unless the reader is typing in a field (a "?" pressed before the program
// started is done once it has, and the reader may have gone on to type
// their name).
func (r *Reader) toggleHelp(ctx app.Context) {
	if r.help {
		r.closeHelp(ctx)
		return
	}
	r.help = true
	ctx.Defer(func(app.Context) {
		doc := app.Window().Get("document")
		el := doc.Call("querySelector", "[data-help]")
		if a := doc.Get("activeElement"); !el.Truthy() || a.Truthy() && a.Call("matches", "input, textarea, select, [contenteditable]").Bool() {
			return
		}
		el.Call("focus", map[string]any{"preventScroll": true})
	})
}

// closeHelp closes the keys' help with Escape. The keyboard, if it was in
// the help (or already left on the page's body, the help gone), goes back
// to the button that opens it, or to the text where that button is folded
// away in the menu.
func (r *Reader) closeHelp(ctx app.Context) {
	r.help = false
	ctx.Defer(func(app.Context) {
		doc := app.Window().Get("document")
		if a := doc.Get("activeElement"); a.Truthy() && !a.Equal(doc.Get("body")) && !a.Call("closest", "[data-help]").Truthy() {
			return
		}
		for _, sel := range []string{`[data-action="help"]`, "article[data-doc]"} {
			if el := doc.Call("querySelector", sel); el.Truthy() && el.Call("checkVisibility").Bool() {
				// Without scrolling: the button is in the top bar, always
				// in view, and the browser scrolled the text by where the
				// bar would be unstuck (383 px up from 1,500).
				el.Call("focus", map[string]any{"preventScroll": true})
				return
			}
		}
	})
}

func (r *Reader) command(ctx app.Context, name string) {
	switch name {
	case "tag-claim", "tag-quote", "tag-source":
		r.tag(ctx, annotations.Tag(name[len("tag-"):]))
	case "undo":
		r.undo(ctx)
	case "redo":
		r.redo(ctx)
	case "help":
		r.toggleHelp(ctx)
	case "escape":
		if r.help {
			r.closeHelp(ctx)
		} else {
			r.focus(ctx, "", false)
		}
	case "next", "prev":
		r.focus(ctx, r.ws.Step(name == "next"), true)
	case "note":
		call("focusNote", r.ws.Focused())
	case "leave-note":
		call("focusItem", r.ws.Focused(), "item")
	case "delete":
		r.remove(ctx, r.ws.Focused())
	case "link":
		r.linkSource(ctx)
	case "retag-claim", "retag-quote", "retag-source":
		r.retag(ctx, r.ws.Focused(), annotations.Tag(name[len("retag-"):]))
	}
}
