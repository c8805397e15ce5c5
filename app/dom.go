package app

import (
	"fmt"
	"strconv"

	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// This file is the whole of the Go side of the browser edge: it calls the
// small DOM helper in web/reader.js and converts between the DOM's UTF-16
// offsets and the code point offsets every annotation is kept in.

// edge returns the DOM helper, or an error when the page lacks it.
func edge() (app.Value, error) {
	h := app.Window().Get("annotator")
	if !h.Truthy() {
		return nil, fmt.Errorf("the page's reader.js helper is not loaded")
	}
	return h, nil
}

// call runs a helper method.
func call(method string, args ...any) (app.Value, error) {
	h, err := edge()
	if err != nil {
		return nil, err
	}
	return safeCall(method, func() app.Value { return h }, method, args...)
}

// safeCall gets an object and calls one of its methods, turning an
// exception (a full quota, storage refused in a private window) into an
// error instead of letting it end the Go program. what names the call in
// the error.
func safeCall(what string, get func() app.Value, method string, args ...any) (v app.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %v", what, r)
		}
	}()
	obj := get()
	if obj == nil || !obj.Truthy() {
		return nil, fmt.Errorf("%s is not available", what)
	}
	return obj.Call(method, args...), nil
}

// span is a selection in code points of the document's text.
type span struct{ Start, End int }

// readSelection returns the reader's selection in the article, if any.
func readSelection(x *annotations.BlockIndex, blocks int) (span, bool) {
	v, err := call("readSelection")
	if err != nil || v == nil || !v.Truthy() {
		return span{}, false
	}
	sb, so, eb, eo := v.Index(0).Int(), v.Index(1).Int(), v.Index(2).Int(), v.Index(3).Int()
	if sb < 0 || eb >= blocks || sb > eb {
		return span{}, false
	}
	s := span{Start: x.FromUTF16(sb, so), End: x.FromUTF16(eb, eo)}
	return s, s.Start < s.End
}

// appendSegments writes segments as a JSON array of [block, start, end].
func appendSegments(b []byte, segs []annotations.Segment) []byte {
	for i, s := range segs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(s.Block), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(s.Start), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(s.End), 10)
		b = append(b, ']')
	}
	return b
}

// paint draws the highlights of every placed annotation, one highlight
// per tag.
func paint(x *annotations.BlockIndex, placed []placedAnnotation, focusID string) error {
	b := make([]byte, 0, 64+len(placed)*24)
	b = append(b, '{')
	for i, tag := range annotations.Tags {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `"`+string(tag)+`":[`...)
		first := true
		for _, p := range placed {
			if p.Tag != tag || !p.Match.Placed() {
				continue
			}
			segs := x.Segments(p.Match.Start, p.Match.End)
			if len(segs) == 0 {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendSegments(b, segs)
		}
		b = append(b, ']')
	}
	b = append(b, `,"focus":[`...)
	for _, p := range placed {
		if p.ID == focusID && p.Match.Placed() {
			b = appendSegments(b, x.Segments(p.Match.Start, p.Match.End))
		}
	}
	b = append(b, ']', '}')
	v, err := call("paint", string(b))
	if err != nil {
		return err
	}
	if !v.Truthy() {
		return fmt.Errorf("this browser cannot draw highlights (no CSS Custom Highlight API)")
	}
	return nil
}

// flash scrolls to a passage and marks it for a moment.
func flash(x *annotations.BlockIndex, start, end int) {
	b := append(appendSegments([]byte{'['}, x.Segments(start, end)), ']')
	call("flash", string(b))
}

func clearSelection() { call("clearSelection") }

func download(name, mediaType, text string) error {
	_, err := call("download", name, mediaType, text)
	return err
}

// mark records a moment in the page's performance timeline, where the
// browser benchmark reads it.
func mark(name string) {
	defer func() { recover() }()
	app.Window().Get("performance").Call("mark", name)
}
