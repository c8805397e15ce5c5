package annotations

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// W3C Web Annotation vocabulary used in exports.
const (
	// Context is the JSON-LD context of the Web Annotation Data Model.
	Context = "http://www.w3.org/ns/anno.jsonld"
	// MediaType is the media type of an exported file.
	MediaType = `application/ld+json;profile="http://www.w3.org/ns/anno.jsonld"`
	// FileExt is the extension of an exported file.
	FileExt = ".jsonld"
)

// TimeLayout is how times are written in exports: UTC, to the millisecond,
// a valid xsd:dateTime.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// OriginKey is the property under which an export keeps the target a
// file gave an annotation before it was placed on the document shown.
const OriginKey = "originalTarget"

// ConflictOfKey is the property under which an export names, for a
// version kept beside another made at the same moment, the other's id.
const ConflictOfKey = "conflictOf"

// DocumentKey is the property under which a collection written WithText
// carries its document:
//
//	"document": {
//	  "id": "urn:sha256:…", "type": "Text", "format": "text/plain",
//	  "language": "ar", "textDirection": "rtl",
//	  "label": "<its title>", "value": "<its text>"
//	}
//
// It is the resource the annotations' target.source names, described with
// the model's own terms for a resource (id, type, format, language,
// textDirection; label as a collection has one) and holding its text in
// value, as an embedded TextualBody does. It is a property of the
// collection, not of each annotation, because the model has no place for
// a target's content: a target's source is an IRI, and embedding the text
// there would repeat it in every annotation and break tools that read the
// source as an IRI; an extra annotation holding it would be counted and
// shown by other tools as an annotation. So the text is written once; the
// annotations are written exactly as without it, and the file still
// passes the W3C checks. Like originalTarget and conflictOf the key is not
// in the Web Annotation context: a JSON-LD processor leaves it out, and
// other tools ignore it. The text is the document's (NFC, "\n" line
// endings), so that its SHA-256 is the id and positions count its code
// points; Decode uses it only when it is (see Import.Document).
const DocumentKey = "document"

// Encoder writes annotations as a W3C AnnotationCollection.
type Encoder struct {
	w      io.Writer
	indent bool
	text   bool
}

// NewEncoder returns an encoder that writes JSON-LD to w, indented unless
// that would make the file larger than Decode reads.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w, indent: true} }

// Compact makes the encoder write without indentation.
func (e *Encoder) Compact() *Encoder { e.indent = false; return e }

// WithText makes the encoder write the document's text and title into the
// collection (see DocumentKey), so that whoever reads the file has the
// text the annotations were made on. Without a document (Encode's d nil)
// nothing more is written.
func (e *Encoder) WithText() *Encoder { e.text = true; return e }

// ErrTooLarge is returned by Encode for a file Decode would not read.
var ErrTooLarge = errors.New("annotations: the file would be larger than files that are read back")

// Encode writes annotations as one AnnotationCollection whose single page
// lists them in reading order, then the links between them. Each
// annotation is written as it stands: its target (the document, the
// passage's position and its quote with context) and what a file brought
// that the app does not use, unchanged. d names the collection; with a nil
// d (annotations merged from files, say) it is named by its content.
// Nothing is written that Decode would refuse: Encode fails with
// ErrTooLarge instead.
func (e *Encoder) Encode(d *Document, list []Annotation) error {
	list = slices.Clone(list)
	SortByPosition(list)
	if len(list) > MaxAnnotations {
		return fmt.Errorf("%w: %d annotations, at most %d", ErrTooLarge, len(list), MaxAnnotations)
	}
	var id, label string
	if d != nil {
		id, label = d.ID+"#annotations", d.Title
	} else {
		h := sha256.New()
		for _, a := range list {
			fmt.Fprintln(h, a.ID, a.Modified.UnixMilli())
		}
		id, label = "urn:sha256:"+hex.EncodeToString(h.Sum(nil)), "Annotations"
	}
	items := make([]any, 0, len(list))
	for _, a := range list {
		items = append(items, annotationJSON(a))
	}
	// Each link is an annotation of its own, motivated by linking, whose
	// targets are the two annotations it joins.
	for _, a := range list {
		for _, to := range a.Links {
			items = append(items, object{
				{"id", LinkID(a.ID, to)}, {"type", "Annotation"}, {"motivation", "linking"},
				{"created", timeString(a.Modified)}, {"modified", timeString(a.Modified)},
				{"target", []string{a.ID, to}},
			})
		}
	}
	c := object{{"@context", Context}, {"id", id}, {"type", "AnnotationCollection"}, {"label", label}, {"total", len(items)}}
	if e.text && d != nil {
		c = append(c, member{DocumentKey, documentJSON(d)})
	}
	if len(items) > 0 {
		c = append(c, member{"first", object{{"type", "AnnotationPage"}, {"startIndex", 0}, {"items", items}}})
	}
	out, err := c.append(nil)
	if err != nil {
		return err
	}
	if e.indent {
		var b bytes.Buffer
		if err := json.Indent(&b, out, "", "  "); err != nil {
			return err
		}
		if b.Len() < MaxFileSize {
			out = b.Bytes()
		}
	}
	if len(out) >= MaxFileSize {
		return fmt.Errorf("%w: %d MB, at most %d MB", ErrTooLarge, len(out)>>20, MaxFileSize>>20)
	}
	_, err = e.w.Write(append(out, '\n'))
	return err
}

// documentJSON is a document as DocumentKey holds it.
func documentJSON(d *Document) object {
	o := object{{"id", d.ID}, {"type", "Text"}, {"format", "text/plain"}}
	if d.Lang != "" {
		o = append(o, member{"language", d.Lang})
	}
	if d.Dir != "" {
		o = append(o, member{"textDirection", d.Dir})
	}
	return append(o, member{"label", d.Title}, member{"value", d.Text})
}

// annotationJSON is an annotation as a W3C Web Annotation: motivated by
// tagging, a tagging body with its tag, a commenting body with its note if
// it has one, its target with both selectors, and whatever else the file
// it came from said of it.
func annotationJSON(a Annotation) any {
	if len(a.Kept.Whole) > 0 {
		return wholeJSON(a)
	}
	o := object{{"id", a.ID}, {"type", "Annotation"}, {"motivation", "tagging"}}
	if t := timeString(a.Created); t != "" {
		o = append(o, member{"created", t})
	}
	if t := timeString(a.Modified); t != "" {
		o = append(o, member{"modified", t})
	}
	if a.Creator != (Agent{}) {
		o = append(o, member{"creator", agentJSON(a.Creator)})
	}
	body := []any{tagBody(a)}
	if nb := noteBody(a); nb != nil {
		body = append(body, nb)
	}
	for _, b := range a.Kept.Bodies {
		body = append(body, b)
	}
	o = append(o, member{"body", body})
	if len(a.Kept.Target) > 0 {
		o = append(o, member{"target", a.Kept.Target})
	} else {
		o = append(o, member{"target", targetJSON(a.Target)})
	}
	if len(a.Kept.Origin) > 0 {
		o = append(o, member{OriginKey, a.Kept.Origin})
	}
	if a.ConflictOf != "" {
		o = append(o, member{ConflictOfKey, a.ConflictOf})
	}
	return o.with(a.Kept.Props)
}

// wholeJSON is an annotation kept whole, under its id (a conflicting copy
// has its own, and names the original).
func wholeJSON(a Annotation) any {
	dec := json.NewDecoder(bytes.NewReader(a.Kept.Whole))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || m == nil {
		return a.Kept.Whole
	}
	if m["id"] == a.ID && a.ConflictOf == "" {
		return a.Kept.Whole
	}
	m["id"] = a.ID
	if a.ConflictOf != "" {
		m[ConflictOfKey] = a.ConflictOf
	}
	return canon(m)
}

func agentJSON(a Agent) object {
	o := object{}
	if a.ID != "" {
		o = append(o, member{"id", a.ID})
	}
	o = append(o, member{"type", "Person"})
	if a.Name != "" {
		o = append(o, member{"name", a.Name})
	}
	return o
}

func tagBody(a Annotation) object {
	return object{{"type", "TextualBody"}, {"purpose", "tagging"}, {"value", string(a.Tag)}}.with(a.Kept.TagBody)
}

// noteBody is the note's body, or nil for an empty note.
func noteBody(a Annotation) object {
	if strings.TrimSpace(a.Note) == "" {
		return nil
	}
	return object{
		{"type", "TextualBody"}, {"purpose", "commenting"}, {"value", a.Note},
		{"format", "text/plain"}, {"textDirection", directionOf(a.Note)},
	}.with(a.Kept.NoteBody)
}

// targetJSON is a text target: the document, its language and direction,
// a TextQuoteSelector when the quote is known and a TextPositionSelector
// when the position is.
func targetJSON(t Target) object {
	o := object{{"type", "SpecificResource"}}
	if t.Source != "" {
		o = append(o, member{"source", t.Source})
	}
	if t.Language != "" {
		o = append(o, member{"language", t.Language})
	}
	if t.Direction != "" {
		o = append(o, member{"textDirection", t.Direction})
	}
	var sel []any
	if q := t.Quote; q.Exact != "" {
		sel = append(sel, object{{"type", "TextQuoteSelector"}, {"exact", q.Exact}, {"prefix", q.Prefix}, {"suffix", q.Suffix}})
	}
	if p := t.Position; p.Start >= 0 && p.End >= p.Start {
		sel = append(sel, object{{"type", "TextPositionSelector"}, {"start", p.Start}, {"end", p.End}})
	}
	return append(o, member{"selector", sel})
}

// timeString writes a time for an export, or nothing for an unknown one.
func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeLayout)
}

// SortByPosition sorts annotations in reading order: by start, then end,
// then creation time, then id, so the order is the same on every machine.
func SortByPosition(list []Annotation) {
	// Sorted by index, then moved once: an annotation is a large value.
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &list[i], &list[j]
		pa, pb := a.Target.Position, b.Target.Position
		switch {
		case pa.Start != pb.Start:
			return pa.Start - pb.Start
		case pa.End != pb.End:
			return pa.End - pb.End
		case !a.Created.Equal(b.Created):
			return a.Created.Compare(b.Created)
		}
		return strings.Compare(a.ID, b.ID)
	})
	if slices.IsSorted(order) {
		return
	}
	sorted := make([]Annotation, len(list))
	for i, j := range order {
		sorted[i] = list[j]
	}
	copy(list, sorted)
}

// ExportName is the file name an export of d is saved under.
func ExportName(d *Document, now time.Time) string {
	id := strings.TrimPrefix(d.ID, "urn:sha256:")
	if len(id) > 12 {
		id = id[:12]
	}
	return "annotations-" + id + "-" + now.UTC().Format("20060102-150405") + FileExt
}
