package app

import (
	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Render draws the page.
func (r *Reader) Render() app.UI {
	return app.Div().Class("layout").DataSet("version", r.version).DataSet("saving", r.saving > 0).Lang(uiLang).Dir(uiDir()).Body(
		app.If(r.updateReady, func() app.UI {
			return app.Div().Class("update").Attr("role", "status").Body(
				msgUpdate.ui(),
				app.Button().DataSet("action", "update").Body(msgUpdateNow.ui()).
					OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
			)
		}),
		r.renderTopbar(),
		r.renderPanel(),
		app.Div().Class("visually-hidden").Attr("role", "status").Attr("aria-live", "polite").Text(r.said),
		// The panels that open and close come last: go-app matches children
		// by their place, so one opening before the list would replace the
		// list (and the rows the page drew in it). CSS places them.
		app.If(r.help, func() app.UI { return r.renderHelp() }),
		app.If(r.lib.open && !r.help, func() app.UI { return r.renderLibrary() }),
	)
}

func (r *Reader) renderTopbar() app.UI {
	return app.Header().Class("topbar").Body(
		app.P().Class("brand").Body(msgBrand.ui()),
		app.Ul().Class("legend").Aria("label", msgLegend.text()).Body(
			app.Range(annotations.Tags).Slice(func(i int) app.UI {
				t := string(annotations.Tags[i])
				return app.Li().Body(
					app.Span().Class("swatch", t).Aria("hidden", "true").Text(tagLetter[t]),
					tagMsg[t].ui(),
				)
			}),
		),
		app.Span().Class("spacer"),
		app.Button().DataSet("action", "undo").Attr("aria-keyshortcuts", "Control+Z").Disabled(!r.ws.CanUndo()).
			Body(msgUndo.ui()).OnClick(func(ctx app.Context, e app.Event) { r.undo(ctx) }),
		app.Button().DataSet("action", "redo").Attr("aria-keyshortcuts", "Control+Shift+Z").Disabled(!r.ws.CanRedo()).
			Body(msgRedo.ui()).OnClick(func(ctx app.Context, e app.Event) { r.redo(ctx) }),
		app.Button().DataSet("action", "help").Attr("aria-keyshortcuts", "?").Aria("expanded", r.help).
			Body(msgKeys.ui(), app.Text(" (?)")).OnClick(func(ctx app.Context, e app.Event) { r.help = !r.help }),
		app.Button().DataSet("action", "ui-lang").Lang(otherLang()).
			Aria("label", msgSwitchLanguage.text()).Text(languageName[otherLang()]).
			OnClick(func(ctx app.Context, e app.Event) { r.switchLanguage(ctx) }),
		app.P().Class("offline").DataSet("offline", true).Hidden(true).Body(msgOffline.ui()),
		r.renderLibraryControls(),
		app.Label().Class("import").Body(
			msgImport.ui(),
			app.Input().Type("file").DataSet("action", "import").Multiple(true).
				Accept(".jsonld,.json,application/ld+json,application/json").
				OnChange(func(ctx app.Context, e app.Event) {
					r.importFiles(ctx, ctx.JSSrc().Get("files"))
					ctx.JSSrc().Set("value", "") // the same file can be chosen again
				}),
		),
		app.Button().DataSet("action", "export").Body(msgExport.ui(), app.Text(" "), app.Bdi().Dir("ltr").Text("(.jsonld)")).
			OnClick(func(ctx app.Context, e app.Event) { r.export(false) }),
		r.renderExportWithText(),
		app.Button().DataSet("action", "share").Body(msgShare.ui()).
			OnClick(func(ctx app.Context, e app.Event) { r.share(ctx) }),
	)
}

// renderHelp lists the keyboard commands.
func (r *Reader) renderHelp() app.UI {
	return app.Section().Class("help").DataSet("help", true).Attr("role", "region").Aria("label", msgKeys.text()).Body(
		app.H2().Body(msgKeys.ui()),
		app.Dl().Body(app.Range(keys).Slice(func(i int) app.UI {
			return app.Div().Body(
				app.Dt().Dir("ltr").Body(app.Kbd().Text(keys[i].key)),
				app.Dd().Text(keys[i].what.text()),
			)
		})),
		app.Button().DataSet("action", "close-help").Body(msgClose.ui()).
			OnClick(func(ctx app.Context, e app.Event) { r.help = false }),
	)
}
