// Package app is the annotator's user interface: a go-app component that
// shows a document right-to-left, lets a reader tag passages, lists and
// keeps the annotations, and exports them.
//
// The reader's state and rules live in app/workspace, in pure Go; every
// change there returns a diff, which edge.go hands to web/reader.js to
// draw. go-app draws the controls around the article and the list; the
// article's text, its highlights and the list's rows are drawn by the
// diffs alone.
package app

import (
	"runtime"
	"strings"
	"sync"
	"time"

	"annotator/annotations"
	"annotator/app/documents"
	"annotator/app/library"
	"annotator/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Seed is the default document, parsed the first time it is asked for
// (see Start).
var Seed = sync.OnceValue(func() *annotations.Document {
	d, err := annotations.ParseNormal(documents.Seed) // as Parse makes it: see TestSeedIsNormal
	if err != nil {
		panic(err)
	}
	return d
})

// Reader is the page: the article, the tag toolbar, the list of
// annotations and the alert area.
type Reader struct {
	app.Compo

	ws    *workspace.Workspace
	ready bool
	lang  string // the interface's language: "ar" (the default) or "en"

	alert msg // shown in the alert region until dismissed
	// noteHistory is whether the last edit of a note was the browser's
	// own undo or redo in the field (see onListInput).
	noteHistory bool
	said        string // announced politely

	pending []pendingImport // files for another document, awaiting an answer
	report  msg             // what the last import did

	version     string // of the running app
	updateReady bool   // a new version is installed
	saving      int    // saves not yet written
	help        bool   // the keys panel is open
	drawerOpen  bool   // on a phone, the list is open

	lib libraryState // the reader's documents

	funcs []app.Func // given to the page, released on dismount

	root    app.Context // the Reader's own context (see async)
	mounted bool
	early   early // parts of the page as the server sent them, until drawn (see unfold)
}

// OnInit sets up the document; it runs on the server and in the browser.
// In the browser, go-app's start and its first render of the page run in
// tasks apart (see pause), and the first render is in the reader's
// language: drawing it again in another took a task of its own.
//
// A collection runs in a task of its own before the first render. Without
// it the runtime swept the heap a span at a time in the render, as go-app
// made the page's elements (each JavaScript value it keeps has a
// finalizer): 10 of the render's 40 to 60 ms.
func (r *Reader) OnInit() {
	r.ws = workspace.New(Seed())
	r.lang = "ar"
	if app.IsClient {
		pause()
		runtime.GC()
		pause()
		r.lang = loadUILang()
		call("uiLang", r.lang)
		r.early = early{
			bar: r.serverCopy("header.topbar"), more: r.serverCopy("#more"),
			panel: r.serverCopy("aside.panel"), toolbar: r.serverCopy("[data-toolbar]"),
		}
	}
}

// early holds parts of the page as the server sent them, as HTML: go-app's
// first render shows them, and each is drawn with its controls in a frame
// of its own (see unfold). go-app makes the page's elements one by one, a
// quarter to half a millisecond each before the browser has compiled its
// code: drawn at once, the bar and the panel took a task of 40 to 60 ms.
type early struct{ bar, more, panel, toolbar string }

// serverCopy is the part of the server's page that selector names, as
// HTML in the reader's language, or "" (see reader.js): on a first visit
// in English the page shown is Arabic, and the copies come from its
// English copy, so that no part of the page is in another language.
func (r *Reader) serverCopy(selector string) string {
	v, err := call("serverCopy", selector, r.lang)
	if err != nil {
		return ""
	}
	return v.String()
}

// OnMount shows the document the address names (the seed, or one of the
// reader's own from the library), restores its annotations, draws them,
// and marks the article ready; it also listens for saves made in other
// tabs. It first draws what the first render took from the server (see
// unfold).
func (r *Reader) OnMount(ctx app.Context) {
	mark("annotator:mount")
	r.root, r.mounted = ctx, true
	r.unfold(ctx)
}

// unfold draws the next part of the page the first render took as the
// server sent it (see early), in a task of its own, and comes back once
// it is drawn; with none left, it starts. It runs in a Dispatch (as
// OnMount does), after which go-app draws the Reader in its next frame;
// a Defer runs after that frame, and queues the next step.
func (r *Reader) unfold(ctx app.Context) {
	pause()
	switch {
	case r.early.bar != "":
		r.early.bar = ""
	case r.early.more != "":
		r.early.more = ""
	case r.early.panel != "":
		r.early.panel = ""
	case r.early.toolbar != "":
		r.early.toolbar = ""
	default:
		r.start(ctx)
		return
	}
	ctx.Defer(func(ctx app.Context) { ctx.Dispatch(r.unfold) })
}

// start shows the document once the page is drawn (see unfold).
func (r *Reader) start(ctx app.Context) {
	r.version = app.Getenv("GOAPP_VERSION")
	r.ws.Me = loadReader()
	call("showOnline")
	storeCall("persist")
	r.listen(ctx)
	pause() // the page's handlers, then the document, in tasks apart
	r.showID(ctx, docInPath(app.Window().URL().Path), keepAddress, nil)
}

// OnDismount stops listening to the page.
func (r *Reader) OnDismount() {
	r.mounted = false
	call("listen", nil)
	storeCall("onChange", nil)
	for _, f := range r.funcs {
		f.Release()
	}
	r.funcs = nil
}

// OnAppUpdate is called when a new version of the app has been installed.
// On a first visit the first worker's activation also calls it: that is
// not an update, and the reader is not told.
func (r *Reader) OnAppUpdate(ctx app.Context) {
	if h, err := edge(); err == nil && h.Get("controlledAtLoad").Bool() {
		r.updateReady = true
	}
}

// reload takes in what another tab saved, unless another document is
// shown by the time it is read.
func (r *Reader) reload(ctx app.Context) {
	ws := r.ws
	loadAnnotations(r.async(ctx), ws.Doc().ID, func(ctx app.Context, list []annotations.Annotation, dead map[string]int64, err error) {
		if r.ws != ws {
			return
		}
		if err != nil {
			app.Log(err)
			return
		}
		r.draw(ctx, r.ws.Sync(list, dead))
	})
}

// checkShown tells the reader when another tab has removed the document
// shown from the library, and when it has put it back. What the reader
// does here meanwhile is saved all the same: the library lists the text
// as awaited, and it shows again when the text is opened or put back.
func (r *Reader) checkShown(ctx app.Context) {
	id := r.ws.Doc().ID
	getDocument(r.async(ctx), id, func(ctx app.Context, e *library.Entry, err error) {
		if err != nil || r.ws.Doc().ID != id {
			return
		}
		switch {
		case e == nil && r.alert != msgRemovedElsewhere:
			r.alert = msgRemovedElsewhere
			r.drawerOpen = true // on a phone, the alert is in the drawer
		case e != nil && r.alert == msgRemovedElsewhere:
			r.alert = msg{}
			r.reload(ctx)
		}
	})
}

// draw saves and draws what a change did.
func (r *Reader) draw(ctx app.Context, d workspace.Diff) {
	if d.Empty() {
		return
	}
	r.save(ctx, d.Save)
	if err := drawDiff(r.ws, d, r.lang); err != nil {
		r.alert = errorMsg(err)
	}
}

// save writes records at once. If saving fails the reader is told, the
// list on screen is kept, and what was saved before is untouched (the save
// is one transaction).
func (r *Reader) save(ctx app.Context, recs []workspace.Record) {
	if len(recs) == 0 {
		return
	}
	r.saving++
	setSaving(true)
	saveRecords(r.async(ctx), r.ws.Doc().ID, recs, func(ctx app.Context, err error) {
		r.saving--
		setSaving(r.saving > 0)
		if err != nil {
			app.Log(err)
			r.alert = msgSaveFailed
		}
	})
}

// selection is the reader's selection in the article, in code points;
// without one the reader is told why with the message given.
func (r *Reader) selection(missing msg) (int, int, bool) {
	s, e, ok := readSelection(r.ws.Index(), len(r.ws.Doc().Blocks))
	if !ok {
		r.alert = missing
	}
	return s, e, ok
}

// tag makes an annotation of the selection; the new annotation is the
// focused one, and the keyboard goes to it.
func (r *Reader) tag(ctx app.Context, t annotations.Tag) {
	mark("annotator:tag")
	if !r.ready {
		r.alert = msgNotReady // the selection stays
		return
	}
	s, e, ok := r.selection(msgNoSelection)
	if !ok {
		return
	}
	d, id, err := r.ws.Tag(t, s, e)
	if err != nil {
		r.alert = msgNoSelection
		return
	}
	mark("annotator:tag-placed")
	r.draw(ctx, d)
	mark("annotator:tag-drawn")
	clearSelection()
	r.said = msgCreated.in(r.lang) + ": " + tagMsg[string(t)].in(r.lang)
	ctx.Defer(func(app.Context) { call("focusItem", id, "item") })
}

func (r *Reader) remove(ctx app.Context, id string) {
	next := r.ws.Neighbour(id)
	r.draw(ctx, r.ws.Delete(id))
	r.said = msgDeleted.in(r.lang)
	// The keyboard goes on to the next row, whichever row had the focus;
	// the article stays where the reader has it.
	if next != "" {
		r.draw(ctx, r.ws.SetFocus(next))
	}
	if id := r.ws.Focused(); id != "" {
		ctx.Defer(func(app.Context) { call("focusItem", id, "item") })
	} else { // nothing left to focus in the list: back to the article
		ctx.Defer(func(app.Context) { call("focusSelector", "article[data-doc]") })
	}
}

// reattach moves an annotation to the reader's selection, keeping its id,
// tag, note and creation time.
func (r *Reader) reattach(ctx app.Context, id string) {
	s, e, ok := r.selection(msgNoSelection)
	if !ok {
		return
	}
	d, err := r.ws.Reattach(id, s, e)
	if err != nil {
		r.alert = msgNoSelection
		return
	}
	r.draw(ctx, d)
	clearSelection()
	r.said = msgReattached.in(r.lang)
}

// retag changes an annotation's tag.
func (r *Reader) retag(ctx app.Context, id string, t annotations.Tag) {
	if d := r.ws.Retag(id, t); !d.Empty() {
		r.draw(ctx, d)
		r.said = msgRetagged.in(r.lang) + ": " + tagMsg[string(t)].in(r.lang)
	}
}

// linkSource tags the selection as a source and links the focused claim
// or quote to it, in one step.
func (r *Reader) linkSource(ctx app.Context) {
	if !r.ws.CanLink() {
		r.alert = msgLinkNeedsClaim
		return
	}
	s, e, ok := r.selection(msgLinkNeedsSelection)
	if !ok {
		return
	}
	d, err := r.ws.LinkSource(s, e)
	if err != nil {
		r.alert = msgLinkNeedsSelection
		return
	}
	r.draw(ctx, d)
	clearSelection()
	r.said = msgLinked.in(r.lang)
}

// setNote keeps a note as it is typed.
func (r *Reader) setNote(ctx app.Context, id, note string) {
	r.draw(ctx, r.ws.SetNote(id, note))
}

// undo and redo go back and forth in the history.
func (r *Reader) undo(ctx app.Context) {
	if d, l, ok := r.ws.Undo(); ok {
		r.draw(ctx, d)
		if l.Kind == workspace.Imported {
			r.report = msg{} // it said what the import undone did
		}
		r.said = msgUndone.in(r.lang) + ": " + labelMsg(l).in(r.lang)
		r.revealFocused(ctx)
	} else {
		r.said = msgNothingToUndo.in(r.lang)
	}
}

func (r *Reader) redo(ctx app.Context) {
	if d, l, ok := r.ws.Redo(); ok {
		r.draw(ctx, d)
		r.said = msgRedone.in(r.lang) + ": " + labelMsg(l).in(r.lang)
		r.revealFocused(ctx)
	} else {
		r.said = msgNothingToRedo.in(r.lang)
	}
}

// labelMsg names a step of the history.
func labelMsg(l workspace.Label) msg {
	switch l.Kind {
	case workspace.Created:
		return msgCreated
	case workspace.Deleted:
		return msgDeleted
	case workspace.Retagged:
		return msgRetagged
	case workspace.NoteEdited:
		return msgNoteEdit
	case workspace.Linked:
		return msgLinked
	case workspace.Reattached:
		return msgReattached
	}
	return msg{ar: "استيراد «" + isolate(l.Name) + "»", en: "import of " + isolate(l.Name)}
}

// focus marks an annotation as the one the keyboard acts on ("" for none).
// With reveal (the reader asked for it from the list or the keyboard) its
// passage is scrolled into view if it is not in view and its row gets the
// keyboard focus. A click on the passage itself moves nothing: its note
// takes what the reader types next.
func (r *Reader) focus(ctx app.Context, id string, reveal bool) {
	r.draw(ctx, r.ws.SetFocus(id))
	it := r.ws.Item(id)
	if it == nil {
		return
	}
	if reveal {
		// On a phone, the note shows with its passage: the passage is
		// shown above the drawer once it is open. An orphan has none to
		// show: the reader is told how to give it one.
		r.drawerOpen = true
		ss := r.ws.Segments(it)
		ctx.Defer(func(app.Context) { flash(ss) })
		if !it.Match.Placed() {
			r.alert = msgOrphanHelp
		}
	}
	r.said = tagMsg[string(it.Tag)].in(r.lang) + ": " + it.Target.Quote.Exact
	where := "note"
	if reveal {
		where = "item"
	}
	ctx.Defer(func(app.Context) { call("focusItem", id, where) })
}

// focusAt focuses the shortest annotation drawn at a point of the article.
func (r *Reader) focusAt(ctx app.Context, block, u16 int) {
	if block < 0 || block >= len(r.ws.Doc().Blocks) {
		return
	}
	if id := r.ws.At(r.ws.Index().FromUTF16(block, u16)); id != "" {
		r.focus(ctx, id, false)
	}
}

// filter changes what the list lets through.
func (r *Reader) filter(ctx app.Context, change func(*workspace.Filter)) {
	f := r.ws.Filter()
	change(&f)
	r.draw(ctx, r.ws.SetFilter(f))
}

// switchLanguage changes the interface language and remembers it.
func (r *Reader) switchLanguage(ctx app.Context) {
	if r.lang == "ar" {
		r.lang = "en"
	} else {
		r.lang = "ar"
	}
	localStorage("setItem", uiLangKey, r.lang)
	call("uiLang", r.lang)
	r.draw(ctx, workspace.Diff{Reset: true}) // the rows speak the new language
	r.said = msgLanguageChanged.in(r.lang)
	r.revealFocused(ctx)
}

// revealFocused brings the focused annotation's row into the panel's view
// once the page is drawn: after the list is drawn again, or a step of the
// history moved the rows around it.
func (r *Reader) revealFocused(ctx app.Context) {
	if id := r.ws.Focused(); id != "" {
		ctx.Defer(func(app.Context) { call("revealItem", id) })
	}
}

// setName keeps the reader's display name for their new annotations.
func (r *Reader) setName(name string) {
	r.ws.Me.Name = strings.TrimSpace(name)
	saveReader(r.ws.Me)
}

// exportData is the export of the document shown: its annotations, and
// its text when asked (see Encoder.WithText).
func (r *Reader) exportData(withText bool) (string, bool) {
	data, err := r.exportJSON(withText)
	if err != nil {
		r.alert = errorMsg(err)
		return "", false
	}
	return data, true
}

func (r *Reader) export(withText bool) {
	data, ok := r.exportData(withText)
	if !ok {
		return
	}
	if err := download(annotations.ExportName(r.ws.Doc(), time.Now()), annotations.MediaType, data); err != nil {
		r.alert = errorMsg(err)
		return
	}
	r.said = msgExported.in(r.lang)
}

// share offers the export to the system's share sheet, or downloads it.
func (r *Reader) share(ctx app.Context) {
	data, ok := r.exportData(false)
	if !ok {
		return
	}
	p, err := call("share", annotations.ExportName(r.ws.Doc(), time.Now()), annotations.MediaType, data)
	if err != nil {
		r.alert = errorMsg(err)
		return
	}
	await(ctx, p, func(ctx app.Context, v app.Value, err error) {
		if err != nil {
			r.alert = errorMsg(err)
			return
		}
		r.said = msgExported.in(r.lang)
	})
}
