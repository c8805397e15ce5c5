// Package app is the annotator's user interface: a go-app component that
// shows a document right-to-left, lets a reader tag passages, lists and
// keeps the annotations, and exports them.
package app

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"annotator/annotations"
	"annotator/app/documents"

	"github.com/google/uuid"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// seed is the default document.
var seed = mustParse(documents.Seed)

func mustParse(text string) *annotations.Document {
	d, err := annotations.Parse(text)
	if err != nil {
		panic(err)
	}
	return d
}

// placedAnnotation is an annotation with where it was found in the text.
type placedAnnotation struct {
	annotations.Annotation
	Match annotations.Match
}

// Reader is the page: the article, the tag toolbar, the list of
// annotations and the alert area.
type Reader struct {
	app.Compo

	doc    *annotations.Document
	texts  []string // each block's text
	index  *annotations.BlockIndex
	placed []placedAnnotation // in reading order
	ready  bool
	noSave bool   // an unreadable record could not be set aside
	alert  msg    // shown in the alert region until dismissed
	status string // announced politely
}

// OnInit sets up the document; it runs on the server and in the browser.
func (r *Reader) OnInit() {
	r.doc = seed
	r.texts = make([]string, len(r.doc.Blocks))
	for i := range r.doc.Blocks {
		r.texts[i] = r.doc.BlockText(i)
	}
	r.index = annotations.NewBlockIndex(r.doc)
}

// OnMount restores the reader's annotations, draws them, and marks the
// article ready.
func (r *Reader) OnMount(ctx app.Context) {
	mark("annotator:mount")
	list, err := loadAnnotations(r.doc.ID)
	if err != nil {
		var le *loadError
		if errors.As(err, &le) && !le.kept {
			r.noSave = true
		}
		r.alert = msgLoadFailed
		app.Log(err)
	}
	r.setList(list)
	ctx.Defer(func(ctx app.Context) {
		r.repaint()
		r.ready = true
		ctx.Update()
		ctx.Defer(func(app.Context) { mark("annotator:ready") })
	})
}

// setList places each annotation in the text and keeps them in reading
// order.
func (r *Reader) setList(list []annotations.Annotation) {
	annotations.SortByPosition(list)
	r.placed = make([]placedAnnotation, len(list))
	for i, a := range list {
		r.placed[i] = placedAnnotation{Annotation: a, Match: annotations.Locate(r.doc, a.Target)}
	}
}

func (r *Reader) list() []annotations.Annotation {
	out := make([]annotations.Annotation, len(r.placed))
	for i, p := range r.placed {
		out[i] = p.Annotation
	}
	return out
}

func (r *Reader) repaint() {
	if err := paint(r.index, r.placed); err != nil {
		r.alert = errorMsg(err)
	}
}

// commit saves the new list at once and redraws. On failure the reader is
// told, the list on screen is kept, and the browser keeps its last record.
func (r *Reader) commit(list []annotations.Annotation) {
	r.setList(list)
	r.repaint()
	if r.noSave {
		r.alert = msgLoadFailed
		return
	}
	if err := saveAnnotations(r.doc.ID, list); err != nil {
		app.Log(err)
		r.alert = msgSaveFailed
	}
}

// tag makes an annotation of the selection.
func (r *Reader) tag(ctx app.Context, t annotations.Tag) {
	s, ok := readSelection(r.index, len(r.doc.Blocks))
	if !ok {
		r.alert = msgNoSelection
		return
	}
	target, err := annotations.Describe(r.doc, s.Start, s.End)
	if err != nil {
		r.alert = msgNoSelection
		return
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	a := annotations.Annotation{
		ID:       "urn:uuid:" + uuid.NewString(),
		Tag:      t,
		Created:  now,
		Modified: now,
		Target:   target,
	}
	r.commit(append(r.list(), a))
	clearSelection()
	r.status = msgCreated.both() + ": " + tagMsg[string(t)].both()
}

func (r *Reader) remove(id string) {
	list := r.list()
	for i, a := range list {
		if a.ID == id {
			r.commit(append(list[:i], list[i+1:]...))
			r.status = msgDeleted.both()
			return
		}
	}
}

func (r *Reader) setNote(id, note string) {
	list := r.list()
	for i := range list {
		if list[i].ID == id && list[i].Note != note {
			list[i].Note = note
			list[i].Modified = time.Now().UTC().Truncate(time.Millisecond)
			r.commit(list)
			return
		}
	}
}

func (r *Reader) export() {
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(r.doc, r.list()); err != nil {
		r.alert = errorMsg(err)
		return
	}
	if err := download(annotations.ExportName(r.doc, time.Now()), annotations.MediaType, b.String()); err != nil {
		r.alert = errorMsg(err)
		return
	}
	r.status = msgExported.both()
}

// Render draws the page.
func (r *Reader) Render() app.UI {
	return app.Div().Class("layout").Body(
		r.renderTopbar(),
		app.Main().Class("reading").Body(r.renderArticle()),
		r.renderPanel(),
		app.Div().Class("visually-hidden").Attr("role", "status").Attr("aria-live", "polite").Text(r.status),
	)
}

func (r *Reader) renderTopbar() app.UI {
	return app.Header().Class("topbar").Body(
		app.P().Class("brand").Body(msgBrand.ui()),
		app.Ul().Class("legend").Aria("label", msgLegend.both()).Body(
			app.Range(annotations.Tags).Slice(func(i int) app.UI {
				t := string(annotations.Tags[i])
				return app.Li().Body(
					app.Span().Class("swatch", t).Aria("hidden", "true").Text(tagLetter[t]),
					tagMsg[t].ui(),
				)
			}),
		),
		app.Span().Class("spacer"),
		app.Button().DataSet("action", "export").Body(msgExport.ui(), app.Text(" "), app.Bdi().Dir("ltr").Text("(.jsonld)")).
			OnClick(func(ctx app.Context, e app.Event) { r.export() }),
	)
}

func (r *Reader) renderArticle() app.UI {
	d := r.doc
	return app.Article().
		DataSet("doc", d.ID).
		DataSet("ready", r.ready).
		Lang(d.Lang).
		Dir(string(d.Dir)).
		TabIndex(0).
		Aria("label", d.Title).
		Body(app.Range(d.Blocks).Slice(func(i int) app.UI {
			b := d.Blocks[i]
			switch {
			case b.Kind == annotations.Title && !b.Repeat:
				return app.H1().Class(string(b.Kind)).DataSet("block", i).DataSet("kind", b.Kind).Dir(string(b.Dir)).Text(r.texts[i])
			case b.Kind == annotations.Verse:
				return app.Blockquote().Class(string(b.Kind)).DataSet("block", i).DataSet("kind", b.Kind).Dir(string(b.Dir)).Text(r.texts[i])
			default:
				return app.P().Class(string(b.Kind)).DataSet("block", i).DataSet("kind", b.Kind).DataSet("repeat", b.Repeat).Aria("hidden", b.Repeat).Dir(string(b.Dir)).Text(r.texts[i])
			}
		}))
}

func (r *Reader) renderPanel() app.UI {
	return app.Aside().Class("panel").Aria("label", msgList.both()).Body(
		app.Div().Class("alert").Attr("role", "alert").Body(
			app.If(r.alert != msg{}, func() app.UI {
				return app.Span().Body(
					r.alert.ui(),
					app.Button().Body(msgDismiss.ui()).OnClick(func(ctx app.Context, e app.Event) { r.alert = msg{} }),
				)
			}),
		),
		app.Div().Class("toolbar").DataSet("toolbar", true).Attr("role", "toolbar").Aria("label", msgToolbar.both()).Body(
			app.Range(annotations.Tags).Slice(func(i int) app.UI {
				t := annotations.Tags[i]
				return app.Button().
					DataSet("action", "tag-"+string(t)).
					Attr("aria-keyshortcuts", tagLetter[string(t)]).
					Body(
						app.Span().Class("swatch", string(t)).Aria("hidden", "true").Text(tagLetter[string(t)]),
						app.Text(" "),
						tagMsg[string(t)].ui(),
					).
					OnClick(func(ctx app.Context, e app.Event) { r.tag(ctx, t) })
			}),
			app.Span().Class("hint").Body(msgToolbarHint.ui()),
		),
		app.H2().Body(msgList.ui(), app.Text(" ("+strconv.Itoa(len(r.placed))+")")),
		app.If(len(r.placed) == 0, func() app.UI {
			return app.P().Class("empty").Body(msgEmpty.ui())
		}),
		app.Ol().Class("items").Body(
			app.Range(r.placed).Slice(func(i int) app.UI { return r.renderItem(r.placed[i]) }),
		),
	)
}

func (r *Reader) renderItem(p placedAnnotation) app.UI {
	id, t := p.ID, string(p.Tag)
	quote := []rune(p.Target.Quote.Exact)
	shown := string(quote)
	if len(quote) > 160 {
		shown = string(quote[:160]) + "…"
	}
	noteID := "note-" + strings.TrimPrefix(id, "urn:uuid:")
	// go-app keeps a list's event handlers by position, so a handler reads
	// which annotation it acts on from the DOM, never from its closure.
	// Labels here are plain strings: a list can hold thousands of items.
	return app.Li().Class("item").DataSet("annotation-id", id).DataSet("tag", t).DataSet("status", p.Match.Status).Body(
		app.Span().Class("badge", t).Text(tagLetter[t]+" "+tagMsg[t].both()),
		app.Time().DateTime(p.Created.Format(time.RFC3339)).Text(p.Created.Local().Format("2006-01-02 15:04")),
		app.Button().Class("quote-text").Title(msgGoTo.both()).Aria("label", msgGoTo.both()+": "+shown).Text(shown).
			OnClick(func(ctx app.Context, e app.Event) { r.goTo(itemID(ctx)) }),
		app.Label().For(noteID).Text(msgNote.both()),
		app.Textarea().ID(noteID).DataSet("field", "note").Attr("dir", "auto").Text(p.Note).
			OnInput(func(ctx app.Context, e app.Event) { r.setNote(itemID(ctx), ctx.JSSrc().Get("value").String()) }),
		app.Button().DataSet("action", "delete").Text(msgDelete.both()).
			OnClick(func(ctx app.Context, e app.Event) { r.remove(itemID(ctx)) }),
	)
}

// itemID is the id of the listed annotation an event came from.
func itemID(ctx app.Context) string {
	item := ctx.JSSrc().Call("closest", "[data-annotation-id]")
	if !item.Truthy() {
		return ""
	}
	return item.Get("dataset").Get("annotationId").String()
}

func (r *Reader) goTo(id string) {
	for _, p := range r.placed {
		if p.ID == id && p.Match.Status != annotations.Orphan {
			flash(r.index, p.Match.Start, p.Match.End)
		}
	}
}
