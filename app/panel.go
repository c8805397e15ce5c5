package app

import (
	"strconv"
	"strings"
	"time"

	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func (r *Reader) renderPanel() app.UI {
	shown := r.shown()
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
		app.Label().Class("search").For("search").Body(msgSearch.ui()),
		app.Input().Type("search").ID("search").DataSet("field", "search").Attr("dir", "auto").
			OnInput(func(ctx app.Context, e app.Event) {
				r.query = strings.TrimSpace(annotations.FoldString(ctx.JSSrc().Get("value").String()))
			}),
		app.If(r.query != "", func() app.UI {
			return app.P().Class("count").Attr("aria-live", "polite").Text(strconv.Itoa(len(shown)) + " / " + strconv.Itoa(len(r.placed)) + " " + msgShown.both())
		}),
		app.If(len(r.placed) == 0, func() app.UI {
			return app.P().Class("empty").Body(msgEmpty.ui())
		}),
		app.Ol().Class("items").Body(
			app.Range(shown).Slice(func(i int) app.UI { return r.renderItem(shown[i]) }),
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
		app.Span().Class("status", string(p.Match.Status)).Title(statusMsg[p.Match.Status].both()).Text(statusText(p.Match)),
		app.Button().Class("quote-text").Title(msgGoTo.both()).Aria("label", msgGoTo.both()+": "+shown).Text(shown).
			OnClick(func(ctx app.Context, e app.Event) { r.goTo(itemID(ctx)) }),
		app.If(p.Match.Status == annotations.Orphan || p.Match.Status == annotations.Fuzzy, func() app.UI {
			return app.Button().DataSet("action", "reattach").DataSet("keep-selection", true).
				Title(msgOrphanHelp.both()).Text(msgReattach.both()).
				OnClick(func(ctx app.Context, e app.Event) { r.reattach(itemID(ctx)) })
		}),
		app.Label().For(noteID).Text(msgNote.both()),
		app.Textarea().ID(noteID).DataSet("field", "note").Attr("dir", "auto").Text(p.Note).
			OnInput(func(ctx app.Context, e app.Event) { r.setNote(itemID(ctx), ctx.JSSrc().Get("value").String()) }),
		app.Button().DataSet("action", "delete").Text(msgDelete.both()).
			OnClick(func(ctx app.Context, e app.Event) { r.remove(itemID(ctx)) }),
	)
}

// statusText is the status as the list shows it: a sign, the words, and
// for a fuzzy match its score.
func statusText(m annotations.Match) string {
	s := statusMark[m.Status] + " " + statusMsg[m.Status].both()
	if m.Status == annotations.Fuzzy {
		s += " " + strconv.Itoa(int(m.Score*100+0.5)) + "%"
	}
	return s
}
