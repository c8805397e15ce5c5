package app

import (
	"encoding/json"
	"fmt"

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

// call runs a helper method, turning a JavaScript exception into an error
// instead of letting it end the Go program.
func call(method string, args ...any) (v app.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %v", method, r)
		}
	}()
	h, err := edge()
	if err != nil {
		return nil, err
	}
	return h.Call(method, args...), nil
}

// span is a selection in code points of the document's text.
type span struct {
	Start, End int
	Text       string // the selection as the browser serializes it
}

// readSelection returns the reader's selection in the article, if any.
func readSelection(d *annotations.Document, texts []string) (span, bool) {
	v, err := call("readSelection")
	if err != nil || v == nil || !v.Truthy() {
		return span{}, false
	}
	sb, so, eb, eo := v.Index(0).Int(), v.Index(1).Int(), v.Index(2).Int(), v.Index(3).Int()
	if sb < 0 || eb >= len(d.Blocks) || sb > eb {
		return span{}, false
	}
	s := span{
		Start: d.Blocks[sb].Start + annotations.UTF16ToCodePoint(texts[sb], so),
		End:   d.Blocks[eb].Start + annotations.UTF16ToCodePoint(texts[eb], eo),
		Text:  v.Index(4).String(),
	}
	return s, s.Start < s.End
}

// segments cuts the span [start, end) into [block, utf16 start, utf16 end]
// triples, one for each visible block it touches.
func segments(d *annotations.Document, texts []string, start, end int) [][3]int {
	var out [][3]int
	for i := d.BlockAt(start); i < len(d.Blocks) && d.Blocks[i].Start < end; i++ {
		b := d.Blocks[i]
		s, e := max(start, b.Start)-b.Start, min(end, b.End)-b.Start
		if b.Repeat || s >= e {
			continue
		}
		t := texts[i]
		out = append(out, [3]int{i, annotations.CodePointToUTF16(t, s), annotations.CodePointToUTF16(t, e)})
	}
	return out
}

// paint draws the highlights of every placed annotation, one highlight
// per tag.
func paint(d *annotations.Document, texts []string, placed []placedAnnotation) error {
	byTag := map[string][][3]int{"claim": {}, "quote": {}, "source": {}}
	for _, p := range placed {
		if p.Match.Status == annotations.Orphan {
			continue
		}
		t := string(p.Tag)
		byTag[t] = append(byTag[t], segments(d, texts, p.Match.Start, p.Match.End)...)
	}
	b, err := json.Marshal(byTag)
	if err != nil {
		return err
	}
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
func flash(d *annotations.Document, texts []string, start, end int) {
	b, _ := json.Marshal(segments(d, texts, start, end))
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
