package app

import (
	"encoding/json"
	"fmt"
	"time"

	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// storeFormat names the layout of what is kept in browser storage.
const storeFormat = "annotator-store/1"

// stored is what is kept for one document.
type stored struct {
	Format      string                   `json:"format"`
	Doc         string                   `json:"doc"`
	Saved       time.Time                `json:"saved"`
	Annotations []annotations.Annotation `json:"annotations"`
}

// StoreKey is the localStorage key under which a document's annotations
// are kept.
func StoreKey(docID string) string { return "annotator:" + docID }

// EncodeStore is the record kept for a document's annotations.
func EncodeStore(docID string, list []annotations.Annotation) ([]byte, error) {
	return json.Marshal(stored{Format: storeFormat, Doc: docID, Saved: time.Now().UTC(), Annotations: list})
}

// localStorage calls the browser's localStorage, turning its exceptions
// (a full quota, storage refused in a private window) into errors.
func localStorage(method string, args ...any) (v app.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("localStorage.%s: %v", method, r)
		}
	}()
	ls := app.Window().Get("localStorage")
	if !ls.Truthy() {
		return nil, fmt.Errorf("localStorage is not available")
	}
	return ls.Call(method, args...), nil
}

// loadAnnotations reads the annotations kept for a document. A record that
// cannot be read is copied aside under a key of its own, never dropped, and
// reported as an error.
func loadAnnotations(docID string) ([]annotations.Annotation, error) {
	v, err := localStorage("getItem", StoreKey(docID))
	if err != nil {
		return nil, err
	}
	if v == nil || v.IsNull() || v.IsUndefined() {
		return nil, nil
	}
	raw := v.String()
	var s stored
	if err := json.Unmarshal([]byte(raw), &s); err != nil || s.Format != storeFormat {
		if err == nil {
			err = fmt.Errorf("unknown format %q", s.Format)
		}
		aside := StoreKey(docID) + ":unreadable:" + time.Now().UTC().Format(time.RFC3339)
		if _, e := localStorage("setItem", aside, raw); e != nil {
			return nil, &loadError{err: err, kept: false}
		}
		return nil, &loadError{err: err, kept: true}
	}
	return s.Annotations, nil
}

// loadError is an unreadable record. When it could not be copied aside
// (kept is false), nothing may be saved over it.
type loadError struct {
	err  error
	kept bool
}

func (e *loadError) Error() string { return "reading saved annotations: " + e.err.Error() }
func (e *loadError) Unwrap() error { return e.err }

// saveAnnotations replaces what is kept for a document in one write. When
// the write fails the browser keeps the previous record whole.
func saveAnnotations(docID string, list []annotations.Annotation) error {
	b, err := EncodeStore(docID, list)
	if err != nil {
		return err
	}
	_, err = localStorage("setItem", StoreKey(docID), string(b))
	return err
}
