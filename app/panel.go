package app

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"annotator/annotations"
	"annotator/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderPanel draws the panel: the controls (go-app's), then the list,
// whose rows only the diffs draw (go-app never touches them: the list
// element is the same raw markup every time), then what is kept but not
// shown. The panel's three children stay the same three, so go-app never
// replaces the list.
func (r *Reader) renderPanel() app.UI {
	ws := r.ws
	counts := ws.Counts()
	filter := ws.Filter()
	return app.Aside().Class("panel").Aria("label", msgList.in(r.lang)).DataSet("open", r.drawerOpen).
		OnClick(func(ctx app.Context, e app.Event) { r.onListClick(ctx, e) }).
		OnInput(func(ctx app.Context, e app.Event) { r.onListInput(ctx, e) }).
		On("focusin", func(ctx app.Context, e app.Event) { r.onListFocus(ctx, e) }).
		// A note left (the change event) is one step of the history.
		OnChange(func(ctx app.Context, e app.Event) { r.ws.EndNote() }).
		Body(
			app.Div().Class("controls").Body(r.renderControls(ws, counts, filter)...),
			app.Raw(`<div class="items" role="list" data-list></div>`),
			app.Div().Class("after").Body(
				r.renderUnshown(),
				// The way back: Shift+Tab from the text reaches this
				// first, not the last row.
				app.If(ws.Len() > 0, func() app.UI {
					return app.Button().Class("skip").DataSet("action", "skip-list-back").Body(msgSkipListBack.ui(r.lang)).
						OnClick(func(ctx app.Context, e app.Event) {
							if f := app.Window().Get("document").Call("querySelector", `input[data-field="search"]`); f.Truthy() {
								f.Call("focus")
							}
						})
				}),
			),
		)
}

// countOf is how many annotations the list's heading and the drawer's
// handle say it holds: nothing until the stored ones are read (a
// returning reader with 10,000 saw "(0)" while they were read).
func (r *Reader) countOf(ws *workspace.Workspace) string {
	if !r.ready {
		return " "
	}
	return " (" + strconv.Itoa(ws.Len()) + ") "
}

func (r *Reader) renderControls(ws *workspace.Workspace, counts [3]int, filter workspace.Filter) []app.UI {
	readers := ws.Readers()
	return []app.UI{
		// On a phone the panel is a drawer at the bottom; this opens it.
		app.Button().Class("drawer-handle").DataSet("action", "drawer").Aria("expanded", r.drawerOpen).
			Body(msgList.ui(r.lang), app.Text(r.countOf(ws)), app.Span().Aria("hidden", "true").Text(map[bool]string{true: "▾", false: "▴"}[r.drawerOpen])).
			OnClick(func(ctx app.Context, e app.Event) {
				r.drawerOpen = !r.drawerOpen
				// Opened, the drawer shows the row the reader is on (the one
				// just tagged or tapped), not the top of a long list.
				if id := r.ws.Focused(); r.drawerOpen && id != "" {
					ctx.Defer(func(app.Context) { call("revealItem", id) })
				}
			}),
		// The alert says what happened, and no more: its Dismiss button
		// is beside it, not read out as part of it.
		app.Div().Class("alert").Body(
			app.Span().Attr("role", "alert").Body(
				app.If(r.alert != msg{}, func() app.UI { return r.alert.ui(r.lang) }),
			),
			app.If(r.alert != msg{}, func() app.UI {
				return app.Button().Body(msgDismiss.ui(r.lang)).OnClick(func(ctx app.Context, e app.Event) { r.alert = msg{} })
			}),
		),
		app.If(len(r.pending) > 0, func() app.UI {
			p := r.pending[0]
			// The question is the alert; its answers are beside it, not
			// read out as part of it.
			return app.Div().Class("pending").Body(
				app.Div().Attr("role", "alert").Body(p.question(r.lang)),
				app.Button().DataSet("action", "anchor-anyway").Body(msgAnchorAnyway.ui(r.lang)).
					OnClick(func(ctx app.Context, e app.Event) { r.anchorAnyway(ctx) }),
				r.renderKeepForDocument(),
				app.Button().DataSet("action", "cancel-import").Body(msgCancelImport.ui(r.lang)).
					OnClick(func(ctx app.Context, e app.Event) { r.cancelImport() }),
			)
		}),
		r.renderToolbar(ws),
		app.H2().Body(msgList.ui(r.lang), app.Text(r.countOf(ws))),
		app.Div().Class("filters").Attr("role", "group").Aria("label", msgFilterByTag.in(r.lang)).Body(
			app.Range(annotations.Tags).Slice(func(i int) app.UI {
				t := annotations.Tags[i]
				return app.Button().Class("filter").DataSet("filter-tag", string(t)).
					Aria("pressed", !filter.Hidden[i]).
					Body(
						app.Span().Class("swatch", string(t)).Aria("hidden", "true").Text(tagLetter[string(t)]),
						app.Text(" "+tagMsg[string(t)].in(r.lang)+" ("+strconv.Itoa(counts[i])+")"),
					).
					OnClick(func(ctx app.Context, e app.Event) {
						r.filter(ctx, func(f *workspace.Filter) { f.Hidden[i] = !f.Hidden[i] })
					})
			}),
		),
		app.Label().Class("search").For("status-filter").Body(msgByStatus.ui(r.lang)),
		app.Select().ID("status-filter").DataSet("field", "status-filter").
			OnChange(func(ctx app.Context, e app.Event) {
				st := annotations.Status(ctx.JSSrc().Get("value").String())
				r.filter(ctx, func(f *workspace.Filter) { f.Status = st })
			}).
			Body(
				option("", msgAllStatuses.in(r.lang), filter.Status == ""),
				app.Range(statusOrder).Slice(func(i int) app.UI {
					st := statusOrder[i]
					return option(string(st), statusMark[st]+" "+statusMsg[st].in(r.lang), filter.Status == st)
				}),
			),
		app.Label().Class("search").For("reader-name").Body(msgYourName.ui(r.lang)),
		app.Input().Type("text").ID("reader-name").DataSet("field", "reader-name").Attr("dir", "auto").
			Value(ws.Me.Name).AutoComplete(false).
			OnChange(func(ctx app.Context, e app.Event) { r.setName(ctx.JSSrc().Get("value").String()) }),
		app.Label().Class("search").For("reader-filter").Body(msgByReader.ui(r.lang)),
		app.Select().ID("reader-filter").DataSet("field", "reader-filter").
			OnChange(func(ctx app.Context, e app.Event) {
				who := ctx.JSSrc().Get("value").String()
				r.filter(ctx, func(f *workspace.Filter) { f.Creator = who })
			}).
			Body(
				option("", msgAllReaders.in(r.lang), filter.Creator == ""),
				app.Range(readers).Slice(func(i int) app.UI {
					a := readers[i]
					label := a.Name // an id means nothing to a reader
					if label == "" {
						label = msgNoName.in(r.lang)
					}
					key := workspace.CreatorKey(a)
					return option(key, label, filter.Creator == key)
				}),
			),
		app.Label().Class("search").For("search").Body(msgSearch.ui(r.lang)),
		app.Input().Type("search").ID("search").DataSet("field", "search").Attr("dir", "auto").
			OnInput(func(ctx app.Context, e app.Event) {
				q := strings.TrimSpace(annotations.FoldString(ctx.JSSrc().Get("value").String()))
				r.filter(ctx, func(f *workspace.Filter) { f.Query = q })
			}),
		app.If(filter.On(), func() app.UI {
			return app.P().Class("count").Attr("aria-live", "polite").Text(strconv.Itoa(len(ws.Shown())) + " / " + strconv.Itoa(ws.Len()) + " " + msgShown.in(r.lang))
		}),
		// An import's report comes last, above the list it changed: at the
		// top of the panel, it pushed the fields below it down 80 to 170
		// px as it came, and a click aimed at one landed on another.
		app.If(r.report != msg{}, func() app.UI {
			return app.Div().Class("report").DataSet("import-report", true).Body(
				app.Span().Attr("role", "status").Body(r.report.ui(r.lang)),
				app.Button().Body(msgDismiss.ui(r.lang)).OnClick(func(ctx app.Context, e app.Event) { r.report = msg{} }),
			)
		}),
		// Until the stored annotations are read, none is not yet known.
		app.If(ws.Len() == 0 && r.ready, func() app.UI {
			return app.P().Class("empty").Body(msgEmpty.ui(r.lang))
		}),
		// The list comes before the text in the keyboard's order: with
		// 1,000 annotations, 3,000 presses of Tab. This, shown when the
		// keyboard reaches it, skips them.
		app.If(ws.Len() > 0, func() app.UI {
			return app.Button().Class("skip").DataSet("action", "skip-list").Body(msgSkipList.ui(r.lang)).
				OnClick(func(ctx app.Context, e app.Event) {
					if a := app.Window().Get("document").Call("querySelector", "article[data-doc]"); a.Truthy() {
						a.Call("focus")
					}
				})
		}),
	}
}

// renderToolbar is the bar that tags the selection, or, in the browser's
// first renders, the bar as the server sent it (see unfold).
func (r *Reader) renderToolbar(ws *workspace.Workspace) app.UI {
	if r.early.toolbar != "" {
		return app.Raw(r.early.toolbar)
	}
	return app.Div().Class("toolbar").DataSet("toolbar", true).Attr("role", "toolbar").Aria("label", msgToolbar.in(r.lang)).Body(
		app.Range(annotations.Tags).Slice(func(i int) app.UI {
			t := annotations.Tags[i]
			return app.Button().
				DataSet("action", "tag-"+string(t)).
				Attr("aria-keyshortcuts", tagLetter[string(t)]).
				Body(
					app.Span().Class("swatch", string(t)).Aria("hidden", "true").Text(tagLetter[string(t)]),
					app.Text(" "),
					tagMsg[string(t)].ui(r.lang),
				).
				OnClick(func(ctx app.Context, e app.Event) { r.tag(ctx, t) })
		}),
		app.Button().DataSet("action", "link-source").Attr("aria-keyshortcuts", "L").
			Disabled(!ws.CanLink()).Title(msgLinkNeedsClaim.in(r.lang)).
			Body(app.Span().Class("swatch", "source").Aria("hidden", "true").Text("↤"), app.Text(" "), msgLinkSource.ui(r.lang)).
			OnClick(func(ctx app.Context, e app.Event) { r.linkSource(ctx) }),
		app.Span().Class("hint").Body(msgToolbarHint.ui(r.lang)),
	)
}

// renderUnshown lists what is kept but not shown.
func (r *Reader) renderUnshown() app.UI {
	unshown := r.ws.Unshown()
	if len(unshown) == 0 {
		return nil
	}
	return app.Details().Class("unshown").Body(
		app.Summary().Body(msgUnshown.ui(r.lang), app.Text(" ("+strconv.Itoa(len(unshown))+")")),
		app.P().Body(msgUnshownHelp.ui(r.lang)),
		app.Div().Body(app.Raw(unshownHTML(unshown, r.lang))),
	)
}

// unshownHTML lists the annotations kept but not shown on the text, each
// with why and what it says.
func unshownHTML(list []annotations.Annotation, l string) string {
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<ul class="items">`)
	for _, a := range list {
		fmt.Fprintf(&b, `<li class="item" data-unshown-id="%s" data-reason="%s">`, esc(a.ID), esc(string(a.Kept.Reason)))
		_, one := reasonMsg(a.Kept.Reason) // said of this one
		fmt.Fprintf(&b, `<span class="status">%s</span> <bdi dir="ltr" class="id">%s</bdi>`, esc(one.in(l)), esc(a.ID))
		writeExtras(&b, a, l)
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul>`)
	return b.String()
}

// writeExtras writes the other tags and comments a file brought with an
// annotation, as text.
func writeExtras(b *strings.Builder, a annotations.Annotation, l string) {
	tags, comments := a.Extras()
	if len(tags) > 0 {
		put(b, `<div class="kept-tags"><span>`, esc(msgOtherTags.in(l)), `:</span>`)
		for _, t := range tags {
			put(b, ` <bdi class="tag">`, esc(t), `</bdi>`)
		}
		b.WriteString(`</div>`)
	}
	for _, c := range comments {
		put(b, `<p class="kept-comment" dir="auto">`, esc(c), `</p>`)
	}
}

// put writes parts one after the other. A list of a thousand rows is
// written at once; writing each piece where it goes, without fmt, took a
// third of the time, and one call for many pieces keeps the code small.
func put(b *strings.Builder, parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// esc is s escaped as html.EscapeString escapes it; s itself, without a
// copy, when it holds nothing to escape. A list of 10,000 rows calls it
// some 100,000 times: strings.ContainsAny made its set of bytes at each
// call; with a table, the rows of 2,000 annotations are written in 1.7 ms
// natively against 2.3 (BenchmarkRowsHTML).
func esc(s string) string {
	for i := 0; i < len(s); i++ {
		if escaped[s[i]] {
			return html.EscapeString(s)
		}
	}
	return s
}

var escaped = [256]bool{'<': true, '>': true, '&': true, '\'': true, '"': true}

// cut is s up to its n-th code point, with … when it goes on.
func cut(s string, n int) string {
	if len(s) <= n { // no more code points than bytes
		return s
	}
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}

// writeItem writes one listed annotation. Every text from an annotation is
// escaped: a note is shown as the characters it holds, never as markup.
func writeItem(b *strings.Builder, ws *workspace.Workspace, p *workspace.Item, l string) {
	t, st := string(p.Tag), string(p.Match.Status)
	shown := esc(cut(p.Target.Quote.Exact, 160))
	current := ""
	if p.ID == ws.Focused() {
		current = `" aria-current="true`
	}
	put(b, `<div class="item" role="listitem" data-annotation-id="`, esc(p.ID), `" data-tag="`, t, `" data-status="`, st, current,
		`"><span class="badge `, t, `">`, tagLetter[t], ` `, esc(tagMsg[t].in(l)), `</span>`)
	if !p.Created.IsZero() { // a file may say nothing of when
		var at, day [32]byte // two buffers: both strings are made before put copies them
		put(b, `<time datetime="`, string(p.Created.AppendFormat(at[:0], time.RFC3339)), `">`,
			string(p.Created.Local().AppendFormat(day[:0], "2006-01-02 15:04")), `</time>`)
	}
	if who := p.Creator.Label(); who != "" && who != p.Creator.ID {
		put(b, `<span class="creator" dir="auto">`, esc(who), `</span>`)
	}
	goTo := esc(msgGoTo.in(l))
	put(b, `<span class="status `, st, `" title="`, esc(statusMsg[p.Match.Status].in(l)), `">`, esc(statusText(p.Match, l)),
		`</span><button class="quote-text" data-action="go-to" dir="auto" title="`, goTo, `" aria-label="`, goTo, `: `, shown, `">`)
	writeGapped(b, shown)
	b.WriteString(`</button>`)
	if s := p.Match.Status; s == annotations.Orphan || s == annotations.Fuzzy || s == annotations.Ambiguous {
		put(b, `<button data-action="reattach" data-keep-selection="true" title="`, esc(msgOrphanHelp.in(l)), `">`, esc(msgReattach.in(l)), `</button>`)
	}
	writeExtras(b, p.Annotation, l)
	writeLinks(b, msgSourcesOf, ws.LinksTo(p), l)
	writeLinks(b, msgSourceFor, ws.LinkedFrom(p), l)
	noteID := esc("note-" + strings.TrimPrefix(p.ID, "urn:uuid:"))
	long := ""
	if len(p.Note) > longNote {
		long = `" data-long="true`
	}
	put(b, `<label for="`, noteID, `">`, esc(msgNote.in(l)), `</label><textarea id="`, noteID, `" data-field="note" dir="auto" maxlength="`, noteLength(p.Note), long, `">`, esc(p.Note),
		`</textarea><button data-action="delete">`, esc(msgDelete.in(l)), `</button></div>`)
}

// writeLinks writes the annotations an item is linked with, each a button
// that follows the link.
func writeLinks(b *strings.Builder, label msg, links []*workspace.Item, l string) {
	if len(links) == 0 {
		return
	}
	put(b, `<div class="links"><span>`, esc(label.in(l)), `:</span>`)
	for _, to := range links {
		// The tag's letter stands first in the interface's direction, as
		// on the badges; the quote keeps its own.
		put(b, ` <button data-action="follow-link" data-link="`, esc(to.ID), `">`, tagLetter[string(to.Tag)], ` <bdi dir="auto">`, esc(cut(to.Target.Quote.Exact, 60)), `</bdi></button>`)
	}
	b.WriteString(`</div>`)
}

// onListFocus makes the annotation whose note the reader goes to write
// the one they are on (aria-current, its passage marked in the text): the
// list drawn anew (in the other language, say) is brought back to it.
// Any other move of the keyboard in the panel changes nothing, and draws
// nothing again.
func (r *Reader) onListFocus(ctx app.Context, e app.Event) {
	if _, id := listTarget(e, `[data-field="note"]`); id != "" && id != r.ws.Focused() {
		r.draw(ctx, r.ws.SetFocus(id))
		return
	}
	ctx.PreventUpdate()
}

// onListClick acts on a click on a button of a listed annotation.
func (r *Reader) onListClick(ctx app.Context, e app.Event) {
	button, id := listTarget(e, "[data-action]")
	if id == "" {
		return
	}
	switch button.Get("dataset").Get("action").String() {
	case "go-to":
		r.focus(ctx, id, true)
	case "follow-link":
		r.focus(ctx, button.Get("dataset").Get("link").String(), true)
	case "delete":
		r.remove(ctx, id)
	case "reattach":
		r.reattach(ctx, id)
	}
}

// onListInput takes an edit of a listed annotation's note.
func (r *Reader) onListInput(ctx app.Context, e app.Event) {
	field, id := listTarget(e, `[data-field="note"]`)
	if id == "" {
		return
	}
	v := field.Get("value").String()
	// The field's markup (its defaultValue) is left as it was drawn: set
	// at each input, it made the browser undo the note a letter at a time
	// (9 undos for "first note"). The page tells a row's change from the
	// note's value (see sameRow in reader.js).
	field.Call("toggleAttribute", "data-long", len(v) > longNote)
	// The browser's own undos and redos inside the field (Ctrl+Z there),
	// one after the other, are a step of their own: the typing before
	// them stays one, which the app's Undo brings back. Taken into it,
	// typing a note and undoing it in the field made one step from
	// nothing to nothing.
	t := e.Get("inputType")
	history := t.Truthy() && strings.HasPrefix(t.String(), "history")
	if history != r.noteHistory {
		r.ws.EndNote()
		r.noteHistory = history
	}
	r.setNote(ctx, id, v)
}

// listTarget finds the element matching selector that an event came from,
// and the id of the listed annotation that holds it.
func listTarget(e app.Event, selector string) (app.Value, string) {
	t := e.Get("target")
	if !t.Truthy() || !t.Get("closest").Truthy() {
		return nil, ""
	}
	el := t.Call("closest", selector)
	if !el.Truthy() {
		return nil, ""
	}
	item := el.Call("closest", "[data-annotation-id]")
	if !item.Truthy() {
		return nil, ""
	}
	return el, item.Get("dataset").Get("annotationId").String()
}

// option is an option of a list to choose from. Only the chosen one says
// selected: the page drawn on the server writes selected="false" for the
// others, which a browser reads as selected, and showed the last option
// chosen until the program started.
func option(value, text string, selected bool) app.UI {
	o := app.Option().Value(value).Text(text)
	if selected {
		o = o.Selected(true)
	}
	return o
}

// statusText is the status as the list shows it: a sign, the words, and
// for a fuzzy match its score.
func statusText(m annotations.Match, l string) string {
	s := statusMark[m.Status] + " " + statusMsg[m.Status].in(l)
	if m.Status == annotations.Fuzzy {
		s += " " + strconv.Itoa(int(m.Score*100+0.5)) + "%"
	}
	return s
}

// longNote is the length, in bytes, from which a note's field lays its
// text out in one direction, the note's first strong letter's, instead
// of each line in its own (CSS unicode-bidi: plaintext): laid out line by
// line, a note of 128 KB took 454 ms to lay out, 256 KB 761 ms, and 1 MB
// froze the page for 14 s, on every draw of its row; in one direction,
// 36, 58 and some 250 ms. A note of 20,000 bytes is some ten pages.
const longNote = 20_000

// noteLength is how long a note may be typed, in UTF-16 code units (a
// textarea's maxlength): each takes at most 3 bytes of UTF-8, so a note
// typed in full is within annotations.MaxNoteSize and its export reads
// back. A longer note a file brought (up to MaxNoteSize bytes: 1,048,576
// letters of English, 524,288 of Arabic) may be edited up to its own
// length: a field shorter than its note takes no key that adds to it.
func noteLength(note string) string {
	if len(note) <= annotations.MaxNoteSize/3 { // fewer units than bytes
		return typedNoteLength
	}
	n := 0
	for _, r := range note {
		n += utf16.RuneLen(r)
	}
	return strconv.Itoa(max(n, annotations.MaxNoteSize/3))
}

var typedNoteLength = strconv.Itoa(annotations.MaxNoteSize / 3)

// writeGapped writes a passage's HTML with the line breaks after the
// first of each run hidden: a passage across paragraphs is listed line
// after line, without the blank lines between, and its text is still the
// quote.
func writeGapped(b *strings.Builder, s string) {
	for {
		i := strings.Index(s, "\n\n")
		if i < 0 {
			break
		}
		j := i + 2
		for j < len(s) && s[j] == '\n' {
			j++
		}
		put(b, s[:i+1], `<span class="gap">`, s[i+1:j], `</span>`)
		s = s[j:]
	}
	b.WriteString(s)
}
