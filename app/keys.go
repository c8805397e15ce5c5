package app

import (
	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// keys lists the keyboard commands as the help panel shows them.
var keys = []struct {
	key  string
	what msg
}{
	{"C · Q · S", msg{"وسم التحديد ادعاءً أو اقتباسًا أو مصدرًا؛ ودون تحديد: تغيير وسم التعليق المحدد", "Tag the selection as a claim, quote or source; with no selection, retag the focused annotation"}},
	{"← → ↑ ↓ · Shift", msg{"في المقال: تحريك المؤشر، ومع Shift توسيع التحديد", "In the article: move the caret; with Shift, extend the selection"}},
	{"] · [", msg{"التعليق التالي أو السابق بترتيب القراءة", "Next or previous annotation, in reading order"}},
	{"← → ↑ ↓", msg{"في القائمة: التعليق التالي أو السابق (اليسار هو التالي في النص العربي)", "In the list: next or previous annotation (left is next in Arabic text)"}},
	{"N", msg{"فتح ملاحظة التعليق المحدد (Esc للرجوع)", "Open the focused annotation's note (Esc to go back)"}},
	{"L", msg{"ربط التحديد مصدرًا للادعاء أو الاقتباس المحدد", "Link the selection as a source of the focused claim or quote"}},
	{"Delete", msg{"حذف التعليق المحدد", "Delete the focused annotation"}},
	{"Ctrl+Z · Ctrl+Shift+Z", msg{"تراجع وإعادة", "Undo and redo"}},
	{"?", msg{"إظهار هذه القائمة أو إخفاؤها", "Show or hide this list"}},
}

// wants says whether a command applies now, so that a key the app does not
// use keeps its ordinary meaning.
func (r *Reader) wants(name string) bool {
	switch name {
	case "undo", "redo", "help", "next", "prev":
		return true
	case "escape":
		return r.help || r.ws.Focused() != ""
	}
	return r.ws.Focused() != "" // note, delete, link, retag-*, leave-note
}

func (r *Reader) command(ctx app.Context, name string) {
	switch name {
	case "undo":
		r.undo(ctx)
	case "redo":
		r.redo(ctx)
	case "help":
		r.help = !r.help
	case "escape":
		if r.help {
			r.help = false
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
