package app

import (
	"encoding/json"
	"time"

	"annotator/app/library"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The library is kept in IndexedDB beside the annotations, in the object
// store "documents" (see web/reader.js): one library.Entry per document,
// text included. These calls are its Go side; each tells other tabs.

// putDocument keeps a document in the library.
func putDocument(ctx app.Context, e library.Entry, done func(app.Context, error)) {
	b, err := json.Marshal(e)
	if err != nil {
		done(ctx, err)
		return
	}
	p, err := storeCall("putDocument", string(b))
	if err != nil {
		done(ctx, err)
		return
	}
	await(ctx, p, func(ctx app.Context, _ app.Value, err error) { done(ctx, err) })
}

// getDocument reads a document's entry; nil when the library does not
// hold it.
func getDocument(ctx app.Context, id string, done func(app.Context, *library.Entry, error)) {
	p, err := storeCall("getDocument", id)
	if err != nil {
		done(ctx, nil, err)
		return
	}
	await(ctx, p, func(ctx app.Context, v app.Value, err error) {
		if err != nil || v.String() == "" {
			done(ctx, nil, err)
			return
		}
		var e library.Entry
		if err := json.Unmarshal([]byte(v.String()), &e); err != nil {
			done(ctx, nil, err)
			return
		}
		done(ctx, &e, nil)
	})
}

// touchDocument records that a document is shown now.
func touchDocument(id string) {
	storeCall("touchDocument", id, id == Seed.ID)
}

// renameDocument gives a document the reader's title.
func renameDocument(ctx app.Context, id, title string, done func(app.Context, error)) {
	p, err := storeCall("renameDocument", id, title)
	if err != nil {
		done(ctx, err)
		return
	}
	await(ctx, p, func(ctx app.Context, _ app.Value, err error) { done(ctx, err) })
}

// readLibrary reads the library's rows.
func readLibrary(ctx app.Context, done func(app.Context, []library.Row, error)) {
	p, err := storeCall("library")
	if err != nil {
		done(ctx, nil, err)
		return
	}
	await(ctx, p, func(ctx app.Context, v app.Value, err error) {
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
		done(ctx, library.Rows(Seed, all.Docs, all.Counts), nil)
	})
}

// removeDocument takes a document and its annotations out of the library
// and hands back what it took (JSON), for restoreDocument.
func removeDocument(ctx app.Context, id string, done func(app.Context, string, error)) {
	p, err := storeCall("removeDocument", id)
	if err != nil {
		done(ctx, "", err)
		return
	}
	await(ctx, p, func(ctx app.Context, v app.Value, err error) {
		if err != nil {
			done(ctx, "", err)
			return
		}
		done(ctx, v.String(), nil)
	})
}

// restoreDocument puts back what removeDocument took.
func restoreDocument(ctx app.Context, removed string, done func(app.Context, error)) {
	p, err := storeCall("restoreDocument", removed)
	if err != nil {
		done(ctx, err)
		return
	}
	await(ctx, p, func(ctx app.Context, _ app.Value, err error) { done(ctx, err) })
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
