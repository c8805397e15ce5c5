package app

import (
	"errors"
	"fmt"
	"strings"

	"annotator/annotations"
	"annotator/app/library"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Opening a reader's own documents: a file chosen with the open control,
// files dropped on the page or opened with the installed app, and text
// pasted into the library. The bytes are read here, in Go, by
// annotations.Open, which keeps text only: nothing in a file is run, and
// the page draws its blocks as text nodes. A file that cannot be opened
// is said so and changes nothing.

// newFiles clears what the files given before left on screen (their
// alert, their report): what follows is about the files given now. That
// another tab removed the document shown stays said.
func (r *Reader) newFiles() {
	if r.alert != msgRemovedElsewhere {
		r.alert = msg{}
	}
	r.report = msg{}
}

// given is a file the reader gave, read.
type given struct {
	name string
	data []byte
	err  error
}

// takeFiles reads files the reader gave: documents (text, Markdown, web
// pages) are opened and the last one is shown; annotation files (see
// library.Classify) are then imported into the document shown.
func (r *Reader) takeFiles(ctx app.Context, files app.Value) {
	ctx = r.async(ctx)
	if files == nil || !files.Truthy() {
		return
	}
	r.newFiles()
	n := files.Get("length").Int()
	list := make([]app.Value, n)
	for i := range n {
		list[i] = files.Index(i)
	}
	r.readAll(ctx, list, nil, func(ctx app.Context, all []given) {
		var docs, annots []given
		for _, g := range all {
			if g.err == nil && library.Classify(g.name, g.data[:min(len(g.data), 512)]) == library.Annotations {
				annots = append(annots, g)
			} else {
				docs = append(docs, g)
			}
		}
		importAll := func(ctx app.Context) {
			for _, g := range annots {
				r.importData(ctx, g.name, g.data)
			}
		}
		r.openAll(ctx, docs, nil, importAll)
	})
}

// readAll reads files one after the other.
func (r *Reader) readAll(ctx app.Context, files []app.Value, read []given, done func(app.Context, []given)) {
	if len(files) == 0 {
		done(ctx, read)
		return
	}
	f := files[0]
	name := f.Get("name").String()
	if size := f.Get("size").Int(); size > annotations.MaxFileSize {
		read = append(read, given{name: name, err: fmt.Errorf("the file is %d MB; files over %d MB are not read", size>>20, annotations.MaxFileSize>>20)})
		r.readAll(ctx, files[1:], read, done)
		return
	}
	readBytes(ctx, f, func(ctx app.Context, b []byte, err error) {
		r.readAll(ctx, files[1:], append(read, given{name: name, data: b, err: err}), done)
	})
}

// openAll opens documents one after the other, keeps each in the
// library, and shows the last one opened; then runs when it is shown (or
// at once when none could be opened).
func (r *Reader) openAll(ctx app.Context, docs []given, last *opened, then func(app.Context)) {
	if len(docs) == 0 {
		if last == nil {
			then(ctx)
			return
		}
		r.show(ctx, last.doc, pushAddress, func(ctx app.Context) {
			r.said = msgOpened.in(r.lang) + ": " + last.doc.Title
			if m, ok := readingNotice(last.name, last.det); ok {
				// In the list's report; on a phone the drawer stays
				// closed over the text just opened.
				r.report = m
			}
			then(ctx)
		})
		r.lib.open = false
		return
	}
	g := docs[0]
	if g.err != nil {
		r.openFailed(g.name, g.err)
		r.openAll(ctx, docs[1:], last, then)
		return
	}
	mark("annotator:open-read")
	d, det, err := annotations.Open(g.name, g.data)
	mark("annotator:open-decoded")
	if err != nil {
		r.openFailed(g.name, err)
		r.openAll(ctx, docs[1:], last, then)
		return
	}
	putDocument(ctx, library.NewEntry(d, det, g.name, now()), func(ctx app.Context, err error) {
		mark("annotator:open-kept")
		if err != nil {
			app.Log(err)
			r.alert = msgDocumentNotKept
		}
		r.openAll(ctx, docs[1:], &opened{name: g.name, doc: d, det: det}, then)
	})
}

// opened is a document just opened from a file.
type opened struct {
	name string
	doc  *annotations.Document
	det  annotations.Detected
}

// openPasted opens the text pasted into the library as a document.
func (r *Reader) openPasted(ctx app.Context) {
	ctx = r.async(ctx)
	field := app.Window().Get("document").Call("querySelector", `[data-field="paste-text"]`)
	if !field.Truthy() {
		return
	}
	text := field.Get("value").String()
	r.newFiles()
	if strings.TrimSpace(text) == "" {
		r.alert = msgPasteEmpty
		return
	}
	r.openAll(ctx, []given{{name: "", data: []byte(text)}}, nil, func(ctx app.Context) {
		call("clearField", `[data-field="paste-text"]`)
	})
}

// openFailed tells the reader why a file was not opened, in plain words.
func (r *Reader) openFailed(name string, err error) {
	r.drawerOpen = true // on a phone, the alert is in the drawer
	r.alert = openFailedMsg(name, err)
}

// openFailedMsg says why a file could not be opened as a document.
func openFailedMsg(name string, err error) msg {
	shown := isolate(name)
	if name == "" {
		shown = "—"
	}
	ar, en := "تعذّرت قراءته", "it could not be read"
	var oe *annotations.OpenError
	if errors.As(err, &oe) {
		format := isolate(oe.Format)
		switch {
		case errors.Is(err, annotations.ErrEmpty) && oe.Format != "":
			ar, en = "لا نص فيه يُقرأ (فيه وسوم أو نصوص برمجية أو تنقّل فقط)", "there is no text in it to read (only markup, scripts, styles or navigation)"
		case errors.Is(err, annotations.ErrEmpty):
			ar, en = "لا نص فيه يُقرأ (الملف فارغ أو فيه مسافات فقط)", "there is no text in it to read (the file is empty or holds only white space)"
		case errors.Is(err, annotations.ErrDocumentTooLarge):
			ar = fmt.Sprintf("حجمه أكبر من %d ميغابايت، وهو أكبر ما يُفتح", annotations.MaxDocumentSize>>20)
			en = fmt.Sprintf("it is larger than %d MB, the largest document that is opened", annotations.MaxDocumentSize>>20)
		case errors.Is(err, annotations.ErrBinary) && oe.Format != "":
			ar = "هو " + format + " وليس نصًا؛ احفظه نصًا أو Markdown أو صفحة ويب أولًا"
			en = "it is a " + oe.Format + ", not a text: save it as text, Markdown or a web page first"
		case errors.Is(err, annotations.ErrBinary):
			ar, en = "ليس نصًا (أو ليس بترميز يُقرأ)", "it is not text (or not in an encoding that is read)"
		case errors.Is(err, annotations.ErrFormat):
			ar = "هو " + format + "، وهي صيغة لا تُقرأ؛ احفظه نصًا أو صفحة ويب أولًا"
			en = "it is a " + oe.Format + ", a format that is not read: save it as text or as a web page first"
		}
	}
	return msg{
		ar: "لم يُفتح الملف «" + shown + "»: " + ar + ". لم يتغير شيء مما لديك.",
		en: "The file " + shown + " was not opened: " + en + ". Nothing you had has changed.",
	}
}

// readingNotice says what a reader should know about how a file was
// read: characters that were not valid, an encoding guessed.
func readingNotice(name string, det annotations.Detected) (msg, bool) {
	if name == "" {
		name = "—"
	}
	name = isolate(name)
	switch {
	case det.Replaced > 0:
		return msg{
			ar: fmt.Sprintf("فُتح «%s» بترميز %s، لكن %d حرفًا فيه لم تكن صالحة فظهرت هكذا: �. قد يكون الملف تالفًا في مواضع.", name, isolate(det.Encoding), det.Replaced),
			en: fmt.Sprintf("%s was opened as %s, but %d characters in it were not valid and are shown as �: the file may be damaged in places.", name, det.Encoding, det.Replaced),
		}, true
	case det.By == annotations.ByGuess:
		return msg{
			ar: fmt.Sprintf("فُتح «%s» بترميز %s، وهو تخمين: لم يذكر الملف ترميزه. إن بدا النص غريبًا فاحفظه بترميز UTF-8 وافتحه ثانية.", name, isolate(det.Encoding)),
			en: fmt.Sprintf("%s was opened as %s, a guess: the file does not say its encoding. If the text looks wrong, save it as UTF-8 and open it again.", name, det.Encoding),
		}, true
	}
	return msg{}, false
}

// notInLibraryMsg says that a link names a document the library does not
// hold.
func notInLibraryMsg(id string) msg {
	return msg{
		ar: "المستند في هذا الرابط (" + isolate(id) + ") ليس في مكتبتك في هذا المتصفح، فعُرض المقال الافتراضي. افتح ملفه ليظهر.",
		en: "The document in this link (" + isolate(id) + ") is not in your library in this browser, so the default article is shown. Open its file to see it.",
	}
}
