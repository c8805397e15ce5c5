package app

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"annotator/annotations"
	"annotator/app/workspace"

	"github.com/google/uuid"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Annotations are kept in IndexedDB, one record per annotation (see
// web/reader.js). Saving writes only the records that changed, in one
// transaction; a deleted annotation leaves a tombstone. An earlier layout
// kept a document's annotations as one JSON value in localStorage; it is
// moved over on first load.

// await calls done with a promise's value or its error, on the app's loop.
func await(ctx app.Context, promise app.Value, done func(app.Context, app.Value, error)) {
	var then, catch app.Func
	release := func() { then.Release(); catch.Release() }
	then = app.FuncOf(func(this app.Value, args []app.Value) any {
		var v app.Value = app.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ctx.Dispatch(func(ctx app.Context) { release(); done(ctx, v, nil) })
		return nil
	})
	catch = app.FuncOf(func(this app.Value, args []app.Value) any {
		err := fmt.Errorf("storage failed")
		if len(args) > 0 && args[0].Truthy() {
			err = fmt.Errorf("%s", args[0].Call("toString").String())
		}
		ctx.Dispatch(func(ctx app.Context) { release(); done(ctx, nil, err) })
		return nil
	})
	promise.Call("then", then).Call("catch", catch)
}

// storeCall calls a method of the page's store.
// storeAwait calls a method of the page's store, call[0] with the rest as
// its arguments, and waits for the promise it returns; a call that fails
// reaches done as the promise's error would.
func storeAwait(ctx app.Context, call []any, done func(app.Context, app.Value, error)) {
	p, err := storeCall(call[0].(string), call[1:]...)
	if err != nil {
		done(ctx, nil, err)
		return
	}
	await(ctx, p, done)
}

func storeCall(method string, args ...any) (app.Value, error) {
	h, err := edge()
	if err != nil {
		return nil, err
	}
	return safeCall("store."+method, func() app.Value { return h.Get("store") }, method, args...)
}

// loadAnnotations reads a document's annotations and tombstones, moving
// any kept in the earlier localStorage layout over first.
func loadAnnotations(ctx app.Context, docID string, done func(app.Context, []annotations.Annotation, map[string]int64, error)) {
	legacy, legacyErr := takeLegacy(docID)
	next := func(ctx app.Context) {
		p, err := storeCall("loadFast", docID)
		if err != nil {
			done(ctx, nil, nil, err)
			return
		}
		await(ctx, p, func(ctx app.Context, v app.Value, err error) {
			if err != nil {
				done(ctx, nil, nil, err)
				return
			}
			mark("annotator:stored-read")
			var dead map[string]int64
			derr := json.Unmarshal([]byte(v.Index(0).String()), &dead)
			b := make([]byte, v.Index(1).Get("length").Int())
			app.CopyBytesToGo(b, v.Index(1))
			live, lerr := annotations.UnmarshalList(b)
			mark("annotator:decoded")
			if derr == nil && lerr == nil {
				done(ctx, live, dead, legacyErr)
				return
			}
			loadOneByOne(ctx, docID, func(ctx app.Context, list []annotations.Annotation, dead map[string]int64, err error) {
				done(ctx, list, dead, cmp.Or(err, legacyErr))
			})
		})
	}
	if len(legacy) == 0 {
		next(ctx)
		return
	}
	recs := make([]workspace.Record, len(legacy))
	for i, a := range legacy {
		recs[i] = workspace.RecordOf(a)
	}
	saveRecords(ctx, docID, recs, func(ctx app.Context, err error) {
		if err != nil {
			done(ctx, legacy, nil, err) // shown, and still in localStorage
			return
		}
		localStorage("removeItem", StoreKey(docID))
		next(ctx)
	})
}

// loadOneByOne reads a document's records one by one: one unreadable
// record does not hide the others.
func loadOneByOne(ctx app.Context, docID string, done func(app.Context, []annotations.Annotation, map[string]int64, error)) {
	p, err := storeCall("load", docID)
	if err != nil {
		done(ctx, nil, nil, err)
		return
	}
	await(ctx, p, func(ctx app.Context, v app.Value, err error) {
		if err != nil {
			done(ctx, nil, nil, err)
			return
		}
		var recs []workspace.Record
		if err := json.Unmarshal([]byte(v.String()), &recs); err != nil {
			done(ctx, nil, nil, err)
			return
		}
		var list []annotations.Annotation
		dead := map[string]int64{}
		for _, r := range recs {
			if r.Deleted {
				dead[r.ID] = r.Modified
				continue
			}
			var a annotations.Annotation
			if err := annotations.ReadStored([]byte(r.Data), &a); err != nil {
				continue // one unreadable record must not hide the others
			}
			list = append(list, a)
		}
		done(ctx, list, dead, nil)
	})
}

// manyRecords is the size of records' JSON (about a hundred
// annotations') from which a save goes to the page as bytes, not as a
// string: the page keeps them as they are until it stores them, once the
// list is drawn (see reader.js's write). Made a string at once, the
// records of an import of 1,000 (1.2 MB) took 25 to 30 ms of the task
// that shows it, to be read as UTF-16.
const manyRecords = 100 << 10

// saveRecords writes records in one transaction.
func saveRecords(ctx app.Context, docID string, recs []workspace.Record, done func(app.Context, error)) {
	var records any
	if b := workspace.AppendRecords(nil, recs); len(b) > manyRecords {
		u := app.Window().Get("Uint8Array").New(len(b))
		app.CopyBytesToJS(u, b)
		records = u
	} else {
		records = string(b)
	}
	p, err := storeCall("write", docID, records)
	if err != nil {
		done(ctx, err)
		return
	}
	await(ctx, p, func(ctx app.Context, _ app.Value, err error) { done(ctx, err) })
}

// The earlier layout: one JSON value per document in localStorage.

// storeFormat names the earlier layout.
const storeFormat = "annotator-store/1"

type stored struct {
	Format      string                   `json:"format"`
	Doc         string                   `json:"doc"`
	Saved       time.Time                `json:"saved"`
	Annotations []annotations.Annotation `json:"annotations"`
}

// StoreKey is the localStorage key of the earlier layout.
func StoreKey(docID string) string { return "annotator:" + docID }

// EncodeStore is a document's annotations in the earlier layout.
func EncodeStore(docID string, list []annotations.Annotation) ([]byte, error) {
	return json.Marshal(stored{Format: storeFormat, Doc: docID, Saved: time.Now().UTC(), Annotations: list})
}

// localStorage calls the browser's localStorage.
func localStorage(method string, args ...any) (app.Value, error) {
	return safeCall("localStorage."+method, func() app.Value { return app.Window().Get("localStorage") }, method, args...)
}

// errUnreadable reports a record of the earlier layout that could not be
// read; it was copied aside, not deleted.
var errUnreadable = fmt.Errorf("saved annotations could not be read")

// takeLegacy reads a document's annotations from the earlier layout. An
// unreadable value is copied aside under a key of its own and reported.
func takeLegacy(docID string) ([]annotations.Annotation, error) {
	v, err := localStorage("getItem", StoreKey(docID))
	if err != nil || v == nil || v.IsNull() || v.IsUndefined() {
		return nil, nil
	}
	raw := v.String()
	var s stored
	if err := json.Unmarshal([]byte(raw), &s); err != nil || s.Format != storeFormat {
		aside := StoreKey(docID) + ":unreadable:" + time.Now().UTC().Format(time.RFC3339)
		if _, e := localStorage("setItem", aside, raw); e == nil {
			localStorage("removeItem", StoreKey(docID))
		}
		return nil, errUnreadable
	}
	return s.Annotations, nil
}

// readerKey keeps who the reader is: an id made once for this browser and
// the name they chose, put on each annotation they make.
const readerKey = "annotator:reader"

func loadReader() annotations.Agent {
	var a annotations.Agent
	if v, err := localStorage("getItem", readerKey); err == nil && v != nil && v.Truthy() {
		json.Unmarshal([]byte(v.String()), &a)
	}
	if a.ID == "" {
		a.ID = "urn:uuid:" + uuid.NewString()
		saveReader(a)
	}
	return a
}

func saveReader(a annotations.Agent) {
	b, _ := json.Marshal(a)
	localStorage("setItem", readerKey, string(b))
}

// uiLangKey keeps the interface language the reader chose.
const uiLangKey = "annotator:ui-lang"

// loadUILang is the language the reader chose, else the best match for
// the browser's languages.
func loadUILang() string {
	if v, err := localStorage("getItem", uiLangKey); err == nil && v != nil && v.Truthy() {
		if l := v.String(); l == "ar" || l == "en" {
			return l
		}
	}
	var prefs []string
	langs := app.Window().Get("navigator").Get("languages")
	if langs.Truthy() {
		for i := 0; i < langs.Length(); i++ {
			prefs = append(prefs, langs.Index(i).String())
		}
	}
	return matchLanguage(prefs)
}
