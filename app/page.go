package app

import (
	"encoding/base64"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Render draws the page around the article (which the server sends and
// go-app never draws). What comes and goes (the update notice, the keys'
// help, the library) sits in a slot that is always there: go-app matches children by
// their place, so a child that appeared before the panel would have the
// panel, and the list the diffs drew in it, drawn anew.
//
// The server cannot know the reader's language. Its page is in Arabic,
// with the same page in English in a template, which reader.js shows at
// once to a reader of the English interface. It also carries the table of
// keys, for keys pressed before the program starts (see reader.js), in
// base64: go-app writes attributes in Go's quotes, not HTML's, so a quote
// in one would end it.
func (r *Reader) Render() app.UI {
	if app.IsClient {
		return r.layout()
	}
	l := r.lang
	r.lang = "en"
	en := r.layout()
	r.lang = l
	return r.layout(app.Template().DataSet("lang", "en").Body(en)).
		DataSet("keys", base64.StdEncoding.EncodeToString([]byte(keysJSON())))
}

// layout is the page around the article, in the interface language, after
// first (the English copy, which comes first so that it is read before
// anything in Arabic is painted).
func (r *Reader) layout(first ...app.UI) app.HTMLDiv {
	return app.Div().Class("layout").DataSet("live", app.IsClient).DataSet("version", r.version).DataSet("saving", r.saving > 0).DataSet("drawer", r.drawerOpen).Lang(r.lang).Dir(dirOf(r.lang)).Body(
		append(first,
			app.Div().Class("slot").Body(app.If(r.updateReady, func() app.UI {
				return app.Div().Class("update").Attr("role", "status").Body(
					msgUpdate.ui(r.lang),
					app.Button().DataSet("action", "update").Body(msgUpdateNow.ui(r.lang)).
						OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
				)
			})),
			r.renderTopbar(),
			app.Div().Class("slot").Body(
				app.If(r.help, func() app.UI { return r.renderHelp() }).
					ElseIf(r.lib.open, func() app.UI { return r.renderLibrary() }),
			),
			r.panel(),
			app.Div().Class("visually-hidden").Attr("role", "status").Attr("aria-live", "polite").Text(r.said),
		)...,
	)
}

// panel is the side panel, or, in the browser's first renders, the panel
// as the server sent it (see unfold).
func (r *Reader) panel() app.UI {
	if r.early.panel != "" {
		return app.Raw(r.early.panel)
	}
	return r.renderPanel()
}

// renderTopbar draws the bar of the page's commands. It stays at the top
// of the screen; on a phone the less used commands (opening a file,
// language, keys, import, export with text, share) are in a menu, so that the bar is one row.
func (r *Reader) renderTopbar() app.UI {
	if r.early.bar != "" {
		return app.Raw(r.early.bar) // see unfold
	}
	return app.Header().Class("topbar").Body(
		app.P().Class("brand").Body(msgBrand.ui(r.lang)),
		app.Span().Class("spacer"),
		app.P().Class("offline").DataSet("offline", true).Hidden(true).Body(msgOffline.ui(r.lang)),
		app.Button().DataSet("action", "undo").Attr("aria-keyshortcuts", "Control+Z").Disabled(!r.ws.CanUndo()).
			Body(msgUndo.ui(r.lang)).OnClick(func(ctx app.Context, e app.Event) { r.undo(ctx) }),
		app.Button().DataSet("action", "redo").Attr("aria-keyshortcuts", "Control+Shift+Z").Disabled(!r.ws.CanRedo()).
			Body(msgRedo.ui(r.lang)).OnClick(func(ctx app.Context, e app.Event) { r.redo(ctx) }),
		app.Button().DataSet("action", "export").Body(msgExport.ui(r.lang), app.Span().Class("ext").Body(app.Text(" "), app.Bdi().Dir("ltr").Text("(.jsonld)"))).
			OnClick(func(ctx app.Context, e app.Event) { r.export(false) }),
		r.renderLibraryButton(),
		// The menu's button shows on a phone only; elsewhere the menu's
		// commands are in the bar (see app.css).
		app.Button().Class("more-toggle").Attr("popovertarget", "more").Body(
			app.Span().Aria("hidden", "true").Text("⋯"),
			app.Span().Class("visually-hidden").Body(msgMore.ui(r.lang)),
		),
		r.renderMore(),
	)
}

// renderMore is the bar's menu, or, in the browser's first renders, the
// menu as the server sent it (see unfold).
func (r *Reader) renderMore() app.UI {
	if r.early.more != "" {
		return app.Raw(r.early.more)
	}
	return app.Div().ID("more").Class("more").Attr("popover", "auto").Body(
		r.renderOpenDocument(),
		// Named by its visible text, the language's own name; what
		// it does is its description.
		app.Button().DataSet("action", "ui-lang").Title(msgSwitchLanguage.in(r.lang)).
			Body(app.Span().Lang(otherLang(r.lang)).Text(languageName[otherLang(r.lang)])).
			OnClick(func(ctx app.Context, e app.Event) { r.switchLanguage(ctx) }),
		app.Button().DataSet("action", "help").Attr("aria-keyshortcuts", "?").Aria("expanded", r.help).
			Body(msgKeys.ui(r.lang), app.Text(" (?)")).OnClick(func(ctx app.Context, e app.Event) { r.toggleHelp(r.async(ctx)) }),
		fileField(msgImport.ui(r.lang), "import", ".jsonld,.json,application/ld+json,application/json", r.importFiles),
		r.renderExportWithText(),
		app.Button().DataSet("action", "share").Body(msgShare.ui(r.lang)).
			OnClick(func(ctx app.Context, e app.Event) { r.share(ctx) }),
	)
}

// renderHelp lists the keyboard commands.
func (r *Reader) renderHelp() app.UI {
	return app.Section().Class("help").DataSet("help", true).Attr("role", "region").Aria("label", msgKeys.in(r.lang)).TabIndex(-1).Body(
		app.H2().Body(msgKeys.ui(r.lang)),
		app.Dl().Body(app.Range(keys).Slice(func(i int) app.UI {
			return app.Div().Body(
				app.Dt().Dir("ltr").Body(app.Kbd().Text(keys[i].key)),
				app.Dd().Text(keys[i].what.in(r.lang)),
			)
		})),
		// The button goes with the help, and what its context defers
		// with it: the Reader's own gives the keyboard back.
		app.Button().DataSet("action", "close-help").Body(msgClose.ui(r.lang)).
			OnClick(func(ctx app.Context, e app.Event) { r.closeHelp(r.async(ctx)) }),
	)
}
