package app

import (
	"encoding/json"
	"time"

	"annotator/app/library"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The library is kept in IndexedDB beside the annotations, in the object
// stores "documents" (one library.Entry per document) and "texts" (its
// text, apart: see web/reader.js). These calls are its Go side; those
// that change it tell other tabs.

// putDocument keeps a document in the library. Its text goes as a string
// of its own, not written into the JSON of its entry.
func putDocument(ctx app.Context, e library.Entry, done func(app.Context, error)) {
	text := e.Text
	e.Text = ""
	b, err := json.Marshal(e)
	if err != nil {
		done(ctx, err)
		return
	}
	storeAwait(ctx, []any{"putDocument", string(b), text}, func(ctx app.Context, _ app.Value, err error) { done(ctx, err) })
}

// getDocument reads a document's entry; nil when the library does not
// hold it.
func getDocument(ctx app.Context, id string, done func(app.Context, *library.Entry, error)) {
	storeAwait(ctx, []any{"getDocument", id}, func(ctx app.Context, v app.Value, err error) {
		if err != nil || v.IsNull() || v.IsUndefined() {
			done(ctx, nil, err)
			return
		}
		var e library.Entry
		if err := json.Unmarshal([]byte(v.Index(0).String()), &e); err != nil {
			done(ctx, nil, err)
			return
		}
		e.Text = v.Index(1).String()
		done(ctx, &e, nil)
	})
}

// touchDocument records that a document is shown now.
func touchDocument(id string) {
	storeCall("touchDocument", id, id == Seed().ID)
}

// renameDocument gives a document the reader's title.
func renameDocument(ctx app.Context, id, title string, done func(app.Context, error)) {
	storeAwait(ctx, []any{"renameDocument", id, title}, func(ctx app.Context, _ app.Value, err error) { done(ctx, err) })
}

// readLibrary reads the library's rows.
func readLibrary(ctx app.Context, done func(app.Context, []library.Row, error)) {
	storeAwait(ctx, []any{"library"}, func(ctx app.Context, v app.Value, err error) {
		if err != nil {
			done(ctx, nil, err)
			return
		}
		var all struct {
			Docs   []library.Entry `json:"docs"`
			Counts map[string]int  `json:"counts"`
		}
		if err := json.Unmarshal([]byte(v.String()), &all); err != nil {
			done(ctx, nil, err)
			return
		}
		done(ctx, library.Rows(Seed(), all.Docs, all.Counts), nil)
	})
}

// removeDocument takes a document, its text and its annotations out of
// the library, and says how many annotations went with it; the page keeps
// what it took until restoreDocument.
func removeDocument(ctx app.Context, id string, done func(app.Context, int, error)) {
	storeAwait(ctx, []any{"removeDocument", id}, func(ctx app.Context, v app.Value, err error) {
		if err != nil {
			done(ctx, 0, err)
			return
		}
		done(ctx, v.Int(), nil)
	})
}

// restoreDocument puts back what removeDocument took of a document.
func restoreDocument(ctx app.Context, id string, done func(app.Context, error)) {
	storeAwait(ctx, []any{"restoreDocument", id}, func(ctx app.Context, _ app.Value, err error) { done(ctx, err) })
}

// readBytes reads a file the reader gave (a File of the page) as bytes.
func readBytes(ctx app.Context, file app.Value, done func(app.Context, []byte, error)) {
	p, err := call("readBytes", file)
	if err != nil {
		done(ctx, nil, err)
		return
	}
	await(ctx, p, func(ctx app.Context, v app.Value, err error) {
		if err != nil {
			done(ctx, nil, err)
			return
		}
		b := make([]byte, v.Get("length").Int())
		app.CopyBytesToGo(b, v)
		done(ctx, b, nil)
	})
}

// now is the clock of the library.
var now = time.Now
