package app

import (
	"time"

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

// listenKeys takes the keyboard commands and the clicks on highlights.
func (r *Reader) listenKeys(ctx app.Context) {
	r.onKeys = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return false
		}
		name := args[0].String()
		if !r.wants(name) {
			return false
		}
		ctx.Dispatch(func(ctx app.Context) { r.command(ctx, name) })
		return true
	})
	call("onKeys", r.onKeys)
	r.onPoint = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 2 {
			b, u := args[0].Int(), args[1].Int()
			ctx.Dispatch(func(ctx app.Context) { r.focusAt(ctx, b, u) })
		}
		return nil
	})
	call("onPoint", r.onPoint)
}

// wants says whether a command applies now, so that a key the app does not
// use keeps its ordinary meaning.
func (r *Reader) wants(name string) bool {
	switch name {
	case "undo", "redo", "help", "next", "prev":
		return true
	case "escape":
		return r.help || r.focusID != ""
	case "link":
		return r.focusID != ""
	}
	return r.focusID != "" // note, delete, retag-*, leave-note
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
			r.focus(ctx, "")
		}
	case "next", "prev":
		r.step(ctx, name == "next")
	case "note":
		call("focusNote", r.focusID)
	case "leave-note":
		r.focus(ctx, r.focusID)
	case "delete":
		r.removeFocused(ctx)
	case "link":
		r.linkSource(ctx)
	case "retag-claim", "retag-quote", "retag-source":
		r.retag(ctx, r.focusID, annotations.Tag(name[len("retag-"):]))
	}
}

// step moves the focus to the next or previous shown annotation.
func (r *Reader) step(ctx app.Context, forward bool) {
	shown := r.shown()
	if len(shown) == 0 {
		return
	}
	at := -1
	for i, p := range shown {
		if p.ID == r.focusID {
			at = i
		}
	}
	switch {
	case at < 0 && forward:
		at = 0
	case at < 0:
		at = len(shown) - 1
	case forward:
		at = min(at+1, len(shown)-1)
	default:
		at = max(at-1, 0)
	}
	r.focus(ctx, shown[at].ID)
}

// focus marks an annotation as the one the keyboard acts on: its passage
// is shown and outlined, its entry in the list gets the keyboard focus.
func (r *Reader) focus(ctx app.Context, id string) {
	r.focusID = id
	r.listCache = ""
	if id != "" {
		r.drawerOpen = true // on a phone, the note shows with its passage
	}
	r.repaint()
	if id == "" {
		return
	}
	for _, p := range r.placed {
		if p.ID == id {
			if p.Match.Placed() {
				flash(r.index, p.Match.Start, p.Match.End)
			}
			r.said = tagMsg[string(p.Tag)].text() + ": " + p.Target.Quote.Exact
		}
	}
	ctx.Defer(func(app.Context) { call("focusItem", id) })
}

// focusAt focuses the shortest annotation drawn at a point of the article.
func (r *Reader) focusAt(ctx app.Context, block, u16 int) {
	if block < 0 || block >= len(r.doc.Blocks) {
		return
	}
	pos := r.index.FromUTF16(block, u16)
	best, size := "", 0
	for _, p := range r.placed {
		m := p.Match
		if m.Placed() && m.Start <= pos && pos < m.End && (best == "" || m.End-m.Start < size) {
			best, size = p.ID, m.End-m.Start
		}
	}
	if best != "" {
		r.focus(ctx, best)
	}
}

// removeFocused deletes the focused annotation and moves the focus to the
// next one, so the keyboard is never left nowhere.
func (r *Reader) removeFocused(ctx app.Context) {
	id := r.focusID
	shown := r.shown()
	next := ""
	for i, p := range shown {
		if p.ID == id {
			if i+1 < len(shown) {
				next = shown[i+1].ID
			} else if i > 0 {
				next = shown[i-1].ID
			}
		}
	}
	r.remove(ctx, id)
	r.focus(ctx, next)
	if next == "" { // nothing left to focus in the list: back to the article
		ctx.Defer(func(app.Context) { call("focusSelector", "article[data-doc]") })
	}
}

// retag changes an annotation's tag.
func (r *Reader) retag(ctx app.Context, id string, t annotations.Tag) {
	list := r.list()
	for i := range list {
		if list[i].ID == id && list[i].Tag != t {
			list[i].Tag = t
			list[i].Touch(time.Now().UTC().Truncate(time.Millisecond))
			r.change(ctx, list, msgRetagged)
			r.said = msgRetagged.text() + ": " + tagMsg[string(t)].text()
			r.focus(ctx, id)
			return
		}
	}
}

// linkSource tags the selection as a source and links the focused claim
// or quote to it, in one step.
func (r *Reader) linkSource(ctx app.Context) {
	var from *placedAnnotation
	for i := range r.placed {
		if r.placed[i].ID == r.focusID {
			from = &r.placed[i]
		}
	}
	if from == nil || from.Tag == annotations.Source {
		r.alert = msgLinkNeedsClaim
		return
	}
	target, ok := r.selected(msgLinkNeedsSelection)
	if !ok {
		return
	}
	src := r.newAnnotation(annotations.Source, target)
	now := src.Created
	list := r.list()
	for i := range list {
		if list[i].ID == from.ID {
			list[i].Links = append(append([]string(nil), list[i].Links...), src.ID)
			list[i].Touch(now)
		}
	}
	r.change(ctx, append(list, src), msgLinked)
	clearSelection()
	r.said = msgLinked.text()
	r.focus(ctx, from.ID)
}
