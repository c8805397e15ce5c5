package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"annotator/annotations"
	"annotator/app/library"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The library panel: the reader's documents (the seed first), each shown
// with one click, renamed or removed (with its annotations, undoably);
// the ids whose annotations wait for their text; a field to paste a text
// into. The controls that open files are in the top bar, always there.

// libraryState is what the library panel shows.
type libraryState struct {
	open     bool
	rows     []library.Row
	focus    bool     // move the keyboard into the library once listed
	renaming string   // the id whose title is being edited
	removed  *removal // the last removal, which can be undone
	notice   msg      // what the last change to the library did
}

// removal is a document taken out of the library; the page keeps what
// the store took until it is put back.
type removal struct {
	id, title string
	shown     bool // it was the document shown
}

// The library's messages.
var (
	msgLibrary            = msg{"المكتبة", "Library"}
	msgOpenDocument       = msg{"افتح نصًا", "Open a text"}
	msgPasteLabel         = msg{"أو الصق نصًا لتقرأه", "Or paste a text to read"}
	msgOpenPasted         = msg{"افتح", "Open"}
	msgPasteEmpty         = msg{"لا نص في الحقل؛ الصق نصًا أولًا.", "The field is empty; paste a text first."}
	msgOpened             = msg{"فُتح", "Opened"}
	msgRename             = msg{"إعادة تسمية", "Rename"}
	msgSaveTitle          = msg{"احفظ الاسم", "Save the title"}
	msgCancel             = msg{"إلغاء", "Cancel"}
	msgRemove             = msg{"إزالة", "Remove"}
	msgUndoRemove         = msg{"تراجع", "Undo"}
	msgDefaultDocument    = msg{"المقال الافتراضي", "default article"}
	msgNeverOpened        = msg{"لم يُفتح بعد", "not opened yet"}
	msgLastOpened         = msg{"آخر فتح", "last opened"}
	msgAnnotationsCount   = msg{"التعليقات", "annotations"}
	msgWaiting            = msg{"تعليقات تنتظر نصها", "Annotations waiting for their text"}
	msgWaitingHelp        = msg{"جاءت بها ملفات لنص ليس في مكتبتك؛ تظهر حين تفتح ذلك النص.", "Files brought them for a text that is not in your library; they show when you open that text."}
	msgTitleField         = msg{"اسم المستند", "Document title"}
	msgDocumentNotKept    = msg{"فُتح النص لكن تعذّر حفظه في المكتبة (قد تكون ذاكرة المتصفح ممتلئة)؛ لن يبقى بعد إعادة التحميل.", "The text was opened but could not be kept in the library (the browser's storage may be full); it will not be there after a reload."}
	msgDocumentUnreadable = msg{"تعذّرت قراءة المستند المحفوظ في المكتبة، فعُرض المقال الافتراضي؛ لم يُحذف شيء.", "The document kept in the library could not be read, so the default article is shown; nothing was deleted."}
	msgLibraryFailed      = msg{"تعذّرت قراءة المكتبة أو تغييرها في ذاكرة المتصفح؛ لم يتغير شيء.", "The library could not be read or changed in the browser's storage; nothing has changed."}
	msgExportWithText     = msg{"تصدير مع النص", "Export with text"}
	msgKeepForDocument    = msg{"احفظها لنصها", "Keep them for their own text"}
)

// languageMsg names a document's language.
var languageMsg = map[string]msg{
	"ar": {"العربية", "Arabic"},
	"en": {"الإنجليزية", "English"},
	"he": {"العبرية", "Hebrew"},
}

// renderLibraryButton opens and closes the library.
func (r *Reader) renderLibraryButton() app.UI {
	return app.Button().DataSet("action", "library").Aria("expanded", r.lib.open).Aria("controls", "library").
		Body(msgLibrary.ui(r.lang)).
		OnClick(func(ctx app.Context, e app.Event) { r.toggleLibrary(ctx) })
}

// renderOpenDocument opens files of the reader's own.
func (r *Reader) renderOpenDocument() app.UI {
	return fileField(msgOpenDocument.ui(r.lang), "open-document", ".txt,.md,.markdown,.html,.htm,.xhtml,text/plain,text/markdown,text/html", r.takeFiles)
}

// fileField is a button of the bar that chooses files (data-action
// action) and gives them to take. The file field is hidden from the eye,
// not from the keyboard; its label, in the interface language, is what is
// seen and clicked.
func fileField(label app.UI, action, accept string, take func(app.Context, app.Value)) app.UI {
	class := []string{"import"}
	if action != "import" {
		class = append(class, action)
	}
	return app.Label().Class(class...).Body(
		label,
		app.Input().Type("file").Class("visually-hidden").DataSet("action", action).Multiple(true).Accept(accept).
			OnChange(func(ctx app.Context, e app.Event) {
				take(ctx, ctx.JSSrc().Get("files"))
				ctx.JSSrc().Set("value", "") // the same file can be chosen again
			}),
	)
}

// renderExportWithText is the export that carries the document's text.
func (r *Reader) renderExportWithText() app.UI {
	return app.Button().DataSet("action", "export-with-text").Body(msgExportWithText.ui(r.lang)).
		OnClick(func(ctx app.Context, e app.Event) { r.export(true) })
}

// renderKeepForDocument is the third answer to a file made for another
// text: keep its annotations for that text.
func (r *Reader) renderKeepForDocument() app.UI {
	return app.Button().DataSet("action", "keep-for-document").Body(msgKeepForDocument.ui(r.lang)).
		OnClick(func(ctx app.Context, e app.Event) { r.keepForOwnDocument(ctx) })
}

// renderLibrary is the library panel.
func (r *Reader) renderLibrary() app.UI {
	var docs, waiting []library.Row
	for _, row := range r.lib.rows {
		if row.Waiting {
			waiting = append(waiting, row)
		} else {
			docs = append(docs, row)
		}
	}
	return app.Section().ID("library").Class("library").DataSet("library", true).
		Attr("role", "region").Aria("label", msgLibrary.in(r.lang)).Body(
		app.H2().Body(msgLibrary.ui(r.lang)),
		app.If(r.lib.notice != msg{}, func() app.UI {
			return app.P().Class("library-notice").Attr("role", "status").DataSet("library-notice", true).Body(
				r.lib.notice.ui(r.lang),
				app.If(r.lib.removed != nil, func() app.UI {
					return app.Button().DataSet("action", "undo-remove").Body(msgUndoRemove.ui(r.lang)).
						OnClick(func(ctx app.Context, e app.Event) { r.undoRemove(ctx) })
				}),
			)
		}),
		app.Ul().Class("library-list").Body(
			app.Range(docs).Slice(func(i int) app.UI { return r.renderLibraryRow(docs[i]) }),
		),
		app.If(len(waiting) > 0, func() app.UI {
			return app.Div().Class("waiting").Body(
				app.H3().Body(msgWaiting.ui(r.lang)),
				app.P().Body(msgWaitingHelp.ui(r.lang)),
				app.Ul().Class("library-list").Body(
					app.Range(waiting).Slice(func(i int) app.UI {
						w := waiting[i]
						return app.Li().Class("library-row").DataSet("waiting-id", w.ID).Body(
							app.Bdi().Dir("ltr").Class("doc-id").Text(w.ID),
							app.Span().Class("doc-meta").Text(msgAnnotationsCount.in(r.lang)+": "+strconv.Itoa(w.Count)),
							app.Button().DataSet("action", "remove-document").Body(msgRemove.ui(r.lang)).
								OnClick(func(ctx app.Context, e app.Event) { r.removeFromLibrary(ctx, w) }, app.EventScope(w.ID, w.Count)),
						)
					}),
				),
			)
		}),
		app.Div().Class("paste").Body(
			app.Label().For("paste-text").Body(msgPasteLabel.ui(r.lang)),
			app.Textarea().ID("paste-text").DataSet("field", "paste-text").Attr("dir", "auto").Rows(4),
			app.Button().DataSet("action", "open-pasted").Body(msgOpenPasted.ui(r.lang)).
				OnClick(func(ctx app.Context, e app.Event) { r.openPasted(ctx) }),
		),
		app.Button().DataSet("action", "close-library").Body(msgClose.ui(r.lang)).
			OnClick(func(ctx app.Context, e app.Event) { r.lib.open = false }),
	)
}

// renderLibraryRow is one document of the library: a button that shows
// it, with its title, language, annotations and when it was last opened;
// then its title field or its rename and remove buttons. Each handler is
// scoped by what it captures: go-app keeps a handler drawn again as long
// as its function and scope are the same, and rows change places.
func (r *Reader) renderLibraryRow(row library.Row) app.UI {
	shown := row.ID == r.ws.Doc().ID
	lang := row.Lang
	if m, ok := languageMsg[lang]; ok {
		lang = m.in(r.lang)
	}
	meta := []string{lang, msgAnnotationsCount.in(r.lang) + ": " + strconv.Itoa(row.Count)}
	if row.Seed {
		meta = append([]string{msgDefaultDocument.in(r.lang)}, meta...)
	}
	when := msgNeverOpened.in(r.lang)
	if row.Opened > 0 {
		when = msgLastOpened.in(r.lang) + " " + time.UnixMilli(row.Opened).Local().Format("2006-01-02 15:04")
	}
	meta = append(meta, when)
	open := app.Button().Class("doc-open").DataSet("document-id", row.ID).
		Body(
			app.Span().Class("doc-title").Dir("auto").Text(row.Title),
			app.Span().Class("doc-meta").Text(strings.Join(meta, " · ")),
		).
		OnClick(func(ctx app.Context, e app.Event) { r.openFromLibrary(ctx, row.ID) }, app.EventScope(row.ID))
	if shown {
		open = open.Aria("current", "page")
	}
	var tools app.UI
	switch {
	case row.Seed:
	case r.lib.renaming == row.ID:
		tools = app.Span().Class("doc-tools").Body(
			app.Label().Class("visually-hidden").For("document-title").Body(msgTitleField.ui(r.lang)),
			app.Input().Type("text").ID("document-title").DataSet("field", "document-title").Attr("dir", "auto").
				Value(row.Title).AutoFocus(true).
				OnKeyDown(func(ctx app.Context, e app.Event) {
					switch e.Get("key").String() {
					case "Enter":
						r.saveTitle(ctx, row.ID)
					case "Escape":
						r.lib.renaming = ""
					}
				}, app.EventScope(row.ID)),
			app.Button().DataSet("action", "save-title").Body(msgSaveTitle.ui(r.lang)).
				OnClick(func(ctx app.Context, e app.Event) { r.saveTitle(ctx, row.ID) }, app.EventScope(row.ID)),
			app.Button().DataSet("action", "cancel-rename").Body(msgCancel.ui(r.lang)).
				OnClick(func(ctx app.Context, e app.Event) { r.lib.renaming = "" }),
		)
	default:
		tools = app.Span().Class("doc-tools").Body(
			app.Button().DataSet("action", "rename-document").Aria("label", msgRename.in(r.lang)+": "+row.Title).Body(msgRename.ui(r.lang)).
				OnClick(func(ctx app.Context, e app.Event) { r.lib.renaming = row.ID }, app.EventScope(row.ID)),
			app.Button().DataSet("action", "remove-document").Aria("label", msgRemove.in(r.lang)+": "+row.Title).Body(msgRemove.ui(r.lang)).
				OnClick(func(ctx app.Context, e app.Event) { r.removeFromLibrary(ctx, row) }, app.EventScope(row.ID, row.Title, row.Count)),
		)
	}
	return app.Li().Class("library-row").Body(open, tools)
}

// toggleLibrary opens or closes the library; opening reads it again.
func (r *Reader) toggleLibrary(ctx app.Context) {
	r.lib.open = !r.lib.open || r.help // the keys panel hides it
	if !r.lib.open {
		return
	}
	r.help = false   // they take the same place on the page
	r.lib.rows = nil // listed once read
	r.refreshLibrary(ctx)
	r.lib.focus = true // once listed, the keyboard goes to the document shown
}

// refreshLibrary reads the library's rows again.
func (r *Reader) refreshLibrary(ctx app.Context) {
	ctx = r.async(ctx)
	readLibrary(ctx, func(ctx app.Context, rows []library.Row, err error) {
		if err != nil {
			app.Log(err)
			r.alert = msgLibraryFailed
			return
		}
		r.lib.rows = rows
		if r.lib.focus {
			r.lib.focus = false
			ctx.Defer(func(app.Context) { call("focusSelector", `[data-library] [aria-current="page"]`) })
		}
	})
}

// openFromLibrary shows a document of the library.
func (r *Reader) openFromLibrary(ctx app.Context, id string) {
	r.lib.open = false
	if id == r.ws.Doc().ID {
		ctx.Defer(func(app.Context) { call("focusSelector", "article[data-doc]") })
		return
	}
	r.showID(ctx, id, pushAddress, func(ctx app.Context) {
		r.said = msgOpened.in(r.lang) + ": " + r.ws.Doc().Title
	})
}

// nav shows the document of a step of the history (back or forward).
func (r *Reader) nav(ctx app.Context, path string) {
	id := docInPath(path)
	if id == "" {
		id = Seed().ID
	}
	if id != r.ws.Doc().ID {
		r.showID(ctx, id, keepAddress, nil)
	}
}

// saveTitle keeps the title the reader typed.
func (r *Reader) saveTitle(ctx app.Context, id string) {
	ctx = r.async(ctx)
	v := app.Window().Get("document").Call("querySelector", `[data-field="document-title"]`)
	r.lib.renaming = ""
	if !v.Truthy() {
		return
	}
	title := strings.Join(strings.Fields(v.Get("value").String()), " ")
	if title == "" {
		return
	}
	renameDocument(ctx, id, title, func(ctx app.Context, err error) {
		if err != nil {
			app.Log(err)
			r.alert = msgLibraryFailed
			return
		}
		if id == r.ws.Doc().ID {
			r.ws.Doc().Title = title // an export is labelled with it
		}
		r.refreshLibrary(ctx)
	})
}

// removeFromLibrary takes a document (or annotations waiting for their
// text) out of the library with its annotations; the notice that says so
// can undo it. The document shown gives way to the seed first.
func (r *Reader) removeFromLibrary(ctx app.Context, row library.Row) {
	ctx = r.async(ctx)
	if row.Seed {
		return
	}
	shown := row.ID == r.ws.Doc().ID
	take := func(ctx app.Context) {
		removeDocument(ctx, row.ID, func(ctx app.Context, count int, err error) {
			if err != nil {
				app.Log(err)
				r.alert = msgLibraryFailed
				return
			}
			title := row.Title
			if title == "" {
				title = row.ID
			}
			r.lib.rows = slices.DeleteFunc(r.lib.rows, func(x library.Row) bool { return x.ID == row.ID })
			r.lib.removed = &removal{id: row.ID, title: title, shown: shown}
			r.lib.notice = msg{
				ar: "أُزيل «" + isolate(title) + "» من المكتبة مع تعليقاته (" + strconv.Itoa(count) + ").",
				en: isolate(title) + " was removed from the library with its " + nOf(count, "annotation.", "annotations."),
			}
			r.said = r.lib.notice.in(r.lang)
			r.refreshLibrary(ctx)
		})
	}
	if shown {
		r.show(ctx, Seed(), pushAddress, take)
		return
	}
	take(ctx)
}

// undoRemove puts back the last document removed, and shows it again if
// it was shown.
func (r *Reader) undoRemove(ctx app.Context) {
	ctx = r.async(ctx)
	rm := r.lib.removed
	if rm == nil {
		return
	}
	r.lib.removed = nil
	restoreDocument(ctx, rm.id, func(ctx app.Context, err error) {
		if err != nil {
			app.Log(err)
			r.alert = msgLibraryFailed
			return
		}
		r.lib.notice = msg{ar: "أُعيد «" + isolate(rm.title) + "» إلى المكتبة.", en: isolate(rm.title) + " is back in the library."}
		r.said = r.lib.notice.in(r.lang)
		r.refreshLibrary(ctx)
		if rm.shown {
			r.showID(ctx, rm.id, pushAddress, nil)
		}
	})
}

// keepForOwnDocument answers a file made for other texts: its
// annotations are kept for the text each was made on, to be shown when
// that text is opened; those that name the text shown (or none) go in
// here.
func (r *Reader) keepForOwnDocument(ctx app.Context) {
	if len(r.pending) == 0 {
		return
	}
	p := r.pending[0]
	r.pending = r.pending[1:]
	here := r.ws.Doc().ID
	sources, by := library.BySource(append(append([]annotations.Annotation{}, p.im.Annotations...), p.im.Unshown...))
	local := *p.im
	local.Annotations, local.Unshown = nil, nil
	for _, a := range p.im.Annotations {
		if s := a.Target.Source; s == "" || s == here {
			local.Annotations = append(local.Annotations, a)
		}
	}
	for _, a := range p.im.Unshown {
		if s := a.Target.Source; s == "" || s == here {
			local.Unshown = append(local.Unshown, a)
		}
	}
	if len(local.Annotations)+len(local.Unshown) > 0 {
		r.mergeFile(ctx, p.name, &local)
	}
	var kept []string
	n := 0
	for _, s := range sources {
		if s == "" || s == here {
			continue
		}
		kept = append(kept, s)
		n += len(by[s])
		r.keepFor(ctx, s, by[s])
	}
	if len(kept) == 0 {
		return
	}
	ids := isolate(strings.Join(kept, ", "))
	en := "From " + isolate(p.name) + ": " + strconv.Itoa(n) + " annotations kept for their own text (" + ids + "); they show when that text is opened, and the library lists them."
	if n == 1 {
		en = "From " + isolate(p.name) + ": 1 annotation kept for its own text (" + ids + "); it shows when that text is opened, and the library lists it."
	}
	m := msg{
		ar: "من «" + isolate(p.name) + "»: حُفظ " + strconv.Itoa(n) + " تعليقًا لنصها (" + ids + ")، وتظهر حين يُفتح ذلك النص؛ المكتبة تذكرها.",
		en: en,
	}
	if len(local.Annotations)+len(local.Unshown) > 0 {
		r.report = msg{ar: r.report.ar + " " + m.ar, en: r.report.en + " " + m.en}
	} else {
		r.report = m
	}
	r.said = m.in(r.lang)
	r.drawerOpen = true
}

// keepFor merges annotations into those kept for a document not shown.
func (r *Reader) keepFor(ctx app.Context, id string, list []annotations.Annotation) {
	ctx = r.async(ctx)
	r.saving++ // from now: the page says it is saving until it is written
	setSaving(true)
	loadAnnotations(ctx, id, func(ctx app.Context, have []annotations.Annotation, dead map[string]int64, err error) {
		if err != nil {
			r.saving--
			setSaving(r.saving > 0)
			app.Log(err)
			r.alert = msgSaveFailed
			return
		}
		recs, _ := library.Keep(have, dead, list)
		saveRecords(ctx, id, recs, func(ctx app.Context, err error) {
			r.saving--
			setSaving(r.saving > 0)
			if err != nil {
				app.Log(err)
				r.alert = msgSaveFailed
			}
			if r.lib.open {
				r.refreshLibrary(ctx)
			}
		})
	})
}

// importWithText takes a file that carries the text its annotations were
// made on: a text not in the library joins it and is shown, and the
// file's annotations go into it; a text already known is asked about as
// any file for another text is.
func (r *Reader) importWithText(ctx app.Context, name string, im *annotations.Import) {
	ctx = r.async(ctx)
	doc := im.Document
	getDocument(ctx, doc.ID, func(ctx app.Context, e *library.Entry, err error) {
		if err != nil || e != nil {
			if err != nil {
				app.Log(err)
			}
			r.importDecoded(ctx, name, im)
			return
		}
		putDocument(ctx, library.NewEntry(doc, annotations.Detected{}, name, now()), func(ctx app.Context, err error) {
			if err != nil {
				app.Log(err)
				r.alert = msgDocumentNotKept
			}
			r.show(ctx, doc, pushAddress, func(ctx app.Context) { r.importDecoded(ctx, name, im) })
		})
	})
}

// exportJSON writes the document shown's annotations, with its text when
// asked.
func (r *Reader) exportJSON(withText bool) (string, error) {
	var b strings.Builder
	enc := annotations.NewEncoder(&b)
	if withText {
		enc = enc.WithText()
	}
	if err := enc.Encode(r.ws.Doc(), r.ws.All()); err != nil {
		return "", err
	}
	return b.String(), nil
}
