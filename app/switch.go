package app

import (
	"net/url"
	"strings"

	"annotator/annotations"
	"annotator/app/library"
	"annotator/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Showing a document. The page is one component for every document: to
// show another, the Reader takes a new workspace for it, the page draws
// its text (showArticle) and its annotations (the load's diff), and the
// address becomes its /doc/ link through the history, never through a
// navigation, so nothing is mounted again. The article is not ready
// (data-ready="false") from the moment its text is drawn until its
// annotations are.

// async is the context that work continues in once it waits (for the
// store, for a file): the Reader's own, which stays mounted. go-app drops
// what is dispatched from the context of an element that has gone, such
// as a button of the library once the library closes.
func (r *Reader) async(ctx app.Context) app.Context {
	if r.mounted {
		return r.root
	}
	return ctx
}

// How show changes the address.
type addressing int

const (
	keepAddress    addressing = iota // the address already names it (the first start)
	pushAddress                      // a new step of the history
	replaceAddress                   // this step of the history now names it
)

// show makes d the document shown. then, if given, runs once its
// annotations are drawn, unless another document was shown meanwhile.
func (r *Reader) show(ctx app.Context, d *annotations.Document, how addressing, then func(app.Context)) {
	ctx = r.async(ctx)
	old := r.ws
	ws := workspace.New(d)
	ws.Me = old.Me
	ws.SetFilter(old.Filter())
	r.ws = ws
	r.ready = false
	r.pending = nil      // questions about files for the document shown before
	r.report = msg{}     // what an import did there
	r.drawerOpen = false // on a phone, the new text shows
	setReady(false)
	if err := showArticle(d); err != nil {
		r.alert = errorMsg(err)
	}
	mark("annotator:article-drawn")
	// The page shows the text before its annotations are read, placed
	// and drawn, each in a task of its own.
	pause()
	if r.ws != ws {
		return // another document is shown now
	}
	switch how {
	case pushAddress:
		call("pushPath", docPath(d.ID))
	case replaceAddress:
		call("replacePath", docPath(d.ID))
	}
	touchDocument(d.ID)
	loadAnnotations(ctx, d.ID, func(ctx app.Context, list []annotations.Annotation, dead map[string]int64, err error) {
		pause()
		if r.ws != ws {
			return // another document is shown now
		}
		if err != nil {
			app.Log(err)
			r.alert = msgLoadFailed
		}
		d := ws.Load(list, dead)
		mark("annotator:placed")
		r.draw(ctx, d)
		mark("annotator:drawn")
		r.ready = true
		if then != nil {
			then(ctx)
		}
		// The page says it is ready once it shows what then said too.
		ctx.Defer(func(app.Context) {
			if r.ws == ws {
				setReady(true) // and marks annotator:ready, once all are listed
			}
		})
	})
}

// showID shows the document with an id from the library; the seed needs
// none. A document the library does not hold is said so, and the seed is
// shown instead.
func (r *Reader) showID(ctx app.Context, id string, how addressing, then func(app.Context)) {
	ctx = r.async(ctx)
	if id == "" || id == Seed().ID {
		r.show(ctx, Seed(), how, then)
		return
	}
	getDocument(ctx, id, func(ctx app.Context, e *library.Entry, err error) {
		if err == nil && e != nil {
			d, rerr := e.Restore(Seed())
			if rerr == nil {
				r.show(ctx, d, how, then)
				return
			}
			err = rerr
		}
		switch {
		case err != nil:
			app.Log(err)
			r.alert = msgDocumentUnreadable
		case annotations.IsDocumentID(id):
			r.alert = notInLibraryMsg(id)
		default: // not an id: nothing of the link is shown
			r.alert = msgNoSuchDocument
		}
		if how == keepAddress {
			how = replaceAddress // the link names what is not here
		}
		r.show(ctx, Seed(), how, nil)
	})
}

// msgNoSuchDocument says a link names no document.
var msgNoSuchDocument = msg{"لا يدل هذا الرابط على مستند، فعُرض المقال الافتراضي.", "This link names no document, so the default article is shown."}

// rootPath is the path the app is served under, ending in "/".
func rootPath() string {
	p := app.Getenv("GOAPP_ROOT_PREFIX")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// docPath is the address of a document: the app's root for the seed,
// /doc/<id> for any other.
func docPath(id string) string {
	if id == Seed().ID {
		return rootPath()
	}
	return rootPath() + "doc/" + id
}

// docInPath is the id a path names: "" for the app's root (the seed) or
// a path that names none.
func docInPath(path string) string {
	rest, ok := strings.CutPrefix(path, rootPath())
	if !ok {
		return ""
	}
	id, ok := strings.CutPrefix(rest, "doc/")
	if !ok {
		return ""
	}
	if dec, err := url.PathUnescape(id); err == nil { // ids hold no "%"
		id = dec
	}
	return id
}
