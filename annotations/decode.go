package annotations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Limits on a file Decode reads. A file beyond them is refused whole.
const (
	MaxFileSize    = 128 << 20 // bytes: 100,000 annotations as the app writes them
	MaxDepth       = 64        // nesting of arrays and objects
	MaxAnnotations = 100000
	MaxNoteSize    = 1 << 20 // bytes of one note: a page of notes is 10 KB
)

// Import is what Decode read from a file.
type Import struct {
	// Annotations are those with a text target: a TextQuoteSelector or a
	// TextPositionSelector, with or without a source.
	Annotations []Annotation
	// Unshown are valid annotations that cannot be placed on a text (about
	// an image, a whole page, another annotation): kept whole, each with
	// its Kept.Reason, and written back as they came.
	Unshown []Annotation
	// Untagged counts annotations with no claim, quote or source tag,
	// imported as claims.
	Untagged int
	// UnknownTags are tags other than claim, quote and source; they stay
	// on their annotations, as tagging bodies.
	UnknownTags []string
	// Notices says what else a reader should know (pages not read, ids
	// made, private annotations).
	Notices []Notice
	// Links are the links between annotations the file holds, as from and
	// to ids; Decode also puts each on its annotation when the file has it.
	Links [][2]string
	// Document is the document a collection carries with its annotations
	// (see DocumentKey and Encoder.WithText): its text parsed, its title
	// the one the file gives. It is set only when the text is the one the
	// annotations were made on: its hash is the id the file gives it, and
	// at least one annotation targets that id (or none names a source).
	// Otherwise it is nil and a Notice says why; the annotations are read
	// all the same. Its blocks' kinds are those Parse reads in a plain
	// text.
	Document *Document
}

// attachLinks puts each link on the annotation it starts from, once.
func (im *Import) attachLinks() {
	at := map[string]int{}
	for i, a := range im.Annotations {
		at[a.ID] = i
	}
	has := map[[2]string]bool{}
	for _, l := range im.Links {
		if i, ok := at[l[0]]; ok && !has[l] {
			has[l] = true
			im.Annotations[i].Links = append(im.Annotations[i].Links, l[1])
		}
	}
	for i := range im.Annotations {
		slices.Sort(im.Annotations[i].Links)
	}
}

// DecodeError says what is wrong with a file and where: a line and column
// for a file that is not JSON, a path such as first.items[3].created for
// one that is not a valid annotation file.
type DecodeError struct {
	Line, Col int    // for syntax errors, 1-based; 0 otherwise
	Path      string // where in the JSON, "" for the whole file
	Msg       string
	// Format names the format of a file another kind of tool wrote
	// (Label Studio, doccano, WebAnno TSV, UIMA CAS, JSON Lines).
	Format string
	// Kind says what kind of problem it is, for a message in the
	// reader's language; Cause, where it is known, says which.
	Kind  ErrorKind
	Cause Cause
	// Value is the value refused, where it is a text or a number (the id
	// or source of NotIRI), for a message in the reader's language.
	Value string
}

// ErrorKind is what kind of problem a DecodeError is.
type ErrorKind int

// The kinds of problems.
const (
	Invalid     ErrorKind = iota // JSON, but not what the Web Annotation model allows
	NotJSON                      // not JSON (or not UTF-8 text)
	Strict                       // JSON this reader refuses: a repeated key, half a surrogate pair
	OverLimit                    // beyond a limit: size, nesting, annotations, memory
	OtherFormat                  // a file of another kind of tool (see Format)
)

// blank reports whether b holds nothing but JSON's white space.
func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// Cause narrows a kind of problem down, where the reader can be told more.
type Cause int

// The causes.
const (
	UnknownCause Cause = iota
	NotUTF8            // bytes that are not UTF-8 text (NotJSON)
	CutShort           // the JSON ends before it is complete: a file cut short (NotJSON)
	RepeatedKey        // a key twice in one object (Strict)
	HalfPair           // half a UTF-16 surrogate pair (Strict)
	Empty              // nothing but white space (NotJSON)
	ManyValues         // more values than annotations would hold in a file of its size (OverLimit)
	LongNote           // a note over MaxNoteSize (OverLimit)
	NotText            // an image, a PDF, an archive: not text at all (NotJSON; Format names it)
	NotIRI             // an id or a source that is not an IRI (Invalid)
	CutInLetter        // the file ends within the bytes of one letter: cut short (NotJSON)
)

func (e *DecodeError) Error() string {
	switch {
	case e.Line > 0:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
	case e.Path != "":
		return e.Path + ": " + e.Msg
	}
	return e.Msg
}

// ErrNotAnnotations is wrapped by a DecodeError for JSON that is not an
// annotation, a list of them, an AnnotationPage or an AnnotationCollection.
var ErrNotAnnotations = errors.New("not a Web Annotation file")

// Decode reads a file of W3C Web Annotations: one annotation, a JSON list
// of them, an AnnotationPage, an AnnotationCollection with its first page
// embedded, or a Hypothesis export. It checks what the Web Annotation Data
// Model says an annotation must be and refuses the whole file, with a
// DecodeError, at the first thing that is wrong. Valid annotations that
// target no text are kept whole in Unshown.
func Decode(data []byte) (*Import, error) { return DecodeYielding(data, nil) }

// DecodeYielding is Decode calling yield, when it is not nil, now and then
// as it reads (every few hundred values of the file, every few hundred
// annotations as it checks them): a program that shares its thread with a
// page can let the page answer meanwhile. What it returns is Decode's.
func DecodeYielding(data []byte, yield func()) (*Import, error) {
	if len(data) > MaxFileSize {
		return nil, &DecodeError{Kind: OverLimit, Msg: fmt.Sprintf("the file is %d MB; files over %d MB are not read", len(data)>>20, MaxFileSize>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte-order mark
	if blank(data) {
		line, col := position(data, len(data))
		return nil, &DecodeError{Kind: NotJSON, Cause: Empty, Line: line, Col: col, Msg: "the file is empty"}
	}
	if f := textFormat(data); f != "" {
		return nil, otherFormatError(f)
	}
	if kind := binaryFormat(data); kind != "" {
		return nil, &DecodeError{Kind: NotJSON, Cause: NotText, Format: kind,
			Msg: "the file is " + binaryNames[kind] + ", not text: choose the annotations' file (.jsonld or .json)"}
	}
	if !utf8.Valid(data) {
		i := notUTF8(data)
		if !utf8.FullRune(data[i:]) { // the file ends within a letter: cut short
			line, col := position(data, len(data))
			return nil, &DecodeError{Kind: NotJSON, Cause: CutInLetter, Line: line, Col: col,
				Msg: "the file ends in the middle of a character (is the file cut short?)"}
		}
		line, col := position(data, i)
		return nil, &DecodeError{Kind: NotJSON, Cause: NotUTF8, Line: line, Col: col,
			Msg: "the file is not UTF-8 text (" + badByte(data[i]) + "): save it as UTF-8 and import it again"}
	}
	v, err := scanUTF8(data, yield)
	if err != nil {
		if f := linesFormat(data); f != "" {
			return nil, otherFormatError(f)
		}
		return nil, err
	}
	im := &Import{}
	d := &decoder{im: im, yield: ticker{f: yield}}
	if err := d.file(v); err != nil {
		if f := jsonFormat(v); f != "" {
			return nil, otherFormatError(f)
		}
		return nil, err
	}
	im.attachLinks()
	if d.hasDoc {
		im.readDocument(d.doc)
	}
	if d.minted > 0 {
		im.Notices = append(im.Notices, Notice{Code: NoticeMintedIDs, N: d.minted})
	}
	if d.private > 0 {
		im.Notices = append(im.Notices, Notice{Code: NoticePrivate, N: d.private})
	}
	if len(im.Annotations)+len(im.Unshown) > MaxAnnotations {
		return nil, &DecodeError{Kind: OverLimit, Msg: fmt.Sprintf("the file holds more than %d annotations", MaxAnnotations)}
	}
	return im, nil
}

// readDocument reads the document a collection carries (v, under
// DocumentKey), and keeps it if its text is the one the annotations were
// made on; otherwise it says why in a Notice.
func (im *Import) readDocument(v any) {
	unreadable := func(why string) {
		im.Notices = append(im.Notices, Notice{Code: NoticeTextUnreadable, Value: why})
	}
	m, ok := v.(map[string]any)
	if !ok {
		unreadable("it is a " + kind(v) + ", not an object")
		return
	}
	text, ok := m["value"].(string)
	switch {
	case !ok:
		unreadable("it has no text (value)")
		return
	case len(text) > MaxDocumentSize:
		unreadable(fmt.Sprintf("its text is over %d MB", MaxDocumentSize>>20))
		return
	}
	doc, err := Parse(text)
	if err != nil {
		unreadable("its text is empty")
		return
	}
	id, _ := m["id"].(string)
	same, other := 0, 0
	for _, a := range im.Annotations {
		switch a.Target.Source {
		case doc.ID:
			same++
		case "":
		default:
			other++
		}
	}
	if id != doc.ID || other > 0 && same == 0 {
		im.Notices = append(im.Notices, Notice{Code: NoticeTextMismatch, Value: doc.ID})
		return
	}
	if label, ok := m["label"].(string); ok && strings.TrimSpace(label) != "" {
		doc.Title = shortTitle(label)
	}
	im.Document = doc
}

// position turns a byte offset into a line and a column in code points.
func position(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	line, start := 1, 0
	for i, c := range data[:off] {
		if c == '\n' {
			line, start = line+1, i+1
		}
	}
	return line, utf8.RuneCount(data[start:off]) + 1
}

type decoder struct {
	im      *Import
	seen    map[string]string // id to the path it was first seen at
	base    string            // the collection's id, against which bare ids are resolved
	minted  int               // ids made for annotations whose id is not an IRI
	private int               // private annotations
	tags    map[string]bool   // other tags already listed
	doc     any               // the collection's DocumentKey, if hasDoc
	hasDoc  bool
	yield   ticker
}

// once refuses an id seen before in the file.
func (d *decoder) once(id, path string) error {
	if d.seen == nil {
		d.seen = map[string]string{}
	}
	if first, ok := d.seen[id]; ok {
		return d.fail(path, "the id %s is used twice (first at %s)", show(id), orRoot(first))
	}
	d.seen[id] = path
	return nil
}

func orRoot(path string) string {
	if path == "" {
		return "the top"
	}
	return path
}

func (d *decoder) fail(path, format string, args ...any) error {
	return &DecodeError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// anIRI says what an IRI is, for a reader who has not read the model.
const anIRI = ", an address such as urn:uuid:… or https://…"

// notIRI refuses what (the id, the source) for not being an IRI, saying
// what it is when it is not even text.
func (d *decoder) notIRI(path, what string, v any) error {
	var err error
	if _, ok := v.(string); ok {
		err = d.fail(path, "%s %s is not an IRI"+anIRI, what, show(v))
	} else {
		err = d.fail(path, "%s must be an IRI"+anIRI+", not %s", what, show(v))
	}
	de := err.(*DecodeError)
	de.Cause = NotIRI
	switch v := v.(type) {
	case string:
		de.Value = v
	case json.Number:
		de.Value = v.String()
	}
	return err
}

// file reads the top-level value.
func (d *decoder) file(v any) error {
	switch v := v.(type) {
	case []any:
		for i, item := range v {
			if err := d.item(item, at("", "", i), false); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		if isHypothesisExport(v) {
			return d.hypothesis([]any{v}, "")
		}
		for _, key := range []string{"annotations", "rows"} { // Hypothesis' export and its API
			if rows, ok := v[key].([]any); ok && v["type"] == nil {
				return d.hypothesis(rows, key)
			}
		}
		if err := d.context(v, ""); err != nil {
			return err
		}
		switch {
		case hasType(v, "AnnotationCollection"):
			return d.collection(v)
		case hasType(v, "AnnotationPage"):
			return d.page(v, "")
		}
		return d.item(v, "", true)
	}
	return &DecodeError{Msg: fmt.Sprintf("%v: the file holds a %s, not annotations", ErrNotAnnotations, kind(v))}
}

func (d *decoder) context(v map[string]any, path string) error {
	c, ok := v["@context"]
	if !ok {
		return d.fail(path, "no @context: a Web Annotation file names %q as its context", Context)
	}
	for _, s := range asList(c) {
		if s == Context {
			return nil
		}
	}
	return d.fail(join(path, "@context"), "the context is not %q", Context)
}

func (d *decoder) collection(v map[string]any) error {
	if err := d.total(v, ""); err != nil {
		return err
	}
	if isURI(v["id"]) {
		d.base = v["id"].(string)
	}
	d.doc, d.hasDoc = v[DocumentKey]
	first, ok := v["first"]
	if !ok {
		if n, isNum := v["total"].(json.Number); isNum && n.String() != "0" {
			return d.fail("first", "the collection says it holds %s annotations but has no first page", n)
		}
		return nil
	}
	switch f := first.(type) {
	case string:
		d.im.Notices = append(d.im.Notices, Notice{Code: NoticeLinkedPages, Value: f})
		return nil
	case map[string]any:
		return d.page(f, "first")
	}
	return d.fail("first", "the first page is a %s, not an AnnotationPage", kind(first))
}

func (d *decoder) total(v map[string]any, path string) error {
	t, ok := v["total"]
	if !ok {
		return nil
	}
	n, isNum := t.(json.Number)
	if i, err := n.Int64(); !isNum || err != nil || i < 0 {
		return d.fail(join(path, "total"), "the total is not a whole number of annotations")
	}
	return nil
}

func (d *decoder) page(v map[string]any, path string) error {
	if t, ok := v["type"]; !ok {
		return d.fail(path, "the page has no type: it must be AnnotationPage")
	} else if !hasType(v, "AnnotationPage") {
		return d.fail(join(path, "type"), "the page's type is %s, not AnnotationPage", show(t))
	}
	items, ok := v["items"].([]any)
	if x, there := v["items"]; there && !ok {
		return d.fail(join(path, "items"), "the page's items must be a list of annotations, not %s", show(x))
	} else if !ok {
		return d.fail(join(path, "items"), "the page has no list of items")
	}
	if next, ok := v["next"].(string); ok {
		d.im.Notices = append(d.im.Notices, Notice{Code: NoticeNextPage, Value: next})
	}
	// Room for every item at once: grown one at a time, the annotations
	// of a file of 1,000 took 1.4 MB.
	d.im.Annotations = slices.Grow(d.im.Annotations, len(items))
	for i, item := range items {
		if err := d.item(item, at(path, "items", i), false); err != nil {
			return err
		}
	}
	return nil
}

var (
	motivates = map[string]bool{"assessing": true, "bookmarking": true, "classifying": true, "commenting": true, "describing": true,
		"editing": true, "highlighting": true, "identifying": true, "linking": true, "moderating": true, "questioning": true,
		"replying": true, "tagging": true}
)

func isURI(v any) bool {
	s, ok := v.(string)
	return ok && isAbsoluteIRI(s)
}

// isAbsoluteIRI reports whether s is a scheme, a colon and no white space
// (the test holds it to ^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$). It is read
// for every id and source of a file: a regular expression took a tenth of
// an import in the browser.
func isAbsoluteIRI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < colon; i++ {
		if c := s[i]; !isAlnum(c) && c != '+' && c != '.' && c != '-' {
			return false
		}
	}
	return strings.IndexAny(s[colon:], " \t\n\f\r") < 0
}

// isRelativeRef reports whether s is a relative IRI reference: not
// empty, no white space, controls or characters IRIs exclude (the test
// holds it to ^[^\s\x00-\x1f\x7f<>"{}|\\^`]+$).
func isRelativeRef(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= 0x20, c == 0x7f, strings.IndexByte("<>\"{}|\\^`", c) >= 0:
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// item reads one annotation. top says it is the whole file, which must
// then carry the context.
func (d *decoder) item(v any, path string, top bool) error {
	d.yield.tick()
	a, ok := v.(map[string]any)
	if !ok {
		return d.fail(path, "an annotation must be an object, not a %s", kind(v))
	}
	if top {
		if err := d.context(a, path); err != nil {
			return err
		}
	}
	if !hasType(a, "Annotation") {
		if _, ok := a["type"]; !ok {
			return d.fail(path, "no type: an annotation has the type \"Annotation\"")
		}
		return d.fail(join(path, "type"), "the type is %s, not \"Annotation\"", show(a["type"]))
	}
	for _, key := range []string{"created", "modified", "generated"} {
		if err := d.dateTime(a, path, key); err != nil {
			return err
		}
	}
	for _, key := range []string{"creator", "generator"} {
		if err := d.agents(a, path, key); err != nil {
			return err
		}
	}
	for _, key := range []string{"rights", "via"} {
		if x, ok := a[key]; ok {
			for _, u := range asList(x) {
				if !isURI(u) {
					return d.fail(join(path, key), "%s must be a URI, not %s", key, show(u))
				}
			}
		}
	}
	if x, ok := a["canonical"]; ok && !isURI(x) {
		return d.fail(join(path, "canonical"), "canonical must be one URI, not %s", show(x))
	}
	if m, ok := a["motivation"]; ok {
		for _, x := range asList(m) {
			if s, _ := x.(string); !motivates[s] && !isURI(x) {
				return d.fail(join(path, "motivation"), "unknown motivation %s", show(x))
			}
		}
	}
	target, ok := a["target"]
	if !ok {
		return d.fail(path, "no target: an annotation says what it is about")
	}
	targets := asList(target)
	if len(targets) == 0 {
		return d.fail(join(path, "target"), "the target list is empty")
	}
	for i, t := range targets {
		if err := d.resource(t, at(path, "target", i)); err != nil {
			return err
		}
	}
	if body, ok := a["body"]; ok {
		for i, b := range asList(body) {
			if err := d.resource(b, at(path, "body", i)); err != nil {
				return err
			}
		}
	}
	id, err := d.id(a, path)
	if err != nil {
		return err
	}
	if err := d.once(id, path); err != nil {
		return err
	}
	return d.take(a, id, targets, path)
}

func (d *decoder) id(a map[string]any, path string) (string, error) {
	v, ok := a["id"]
	if !ok {
		return "", d.fail(path, "no id: an annotation has exactly one IRI as its id")
	}
	if l, isList := v.([]any); isList {
		if len(l) != 1 {
			return "", d.fail(join(path, "id"), "an annotation has exactly one id, not %d", len(l))
		}
		v = l[0]
	}
	s, ok := v.(string)
	if isURI(s) {
		return s, nil
	}
	if !ok || !isRelativeRef(s) {
		return "", d.notIRI(join(path, "id"), "the id", v)
	}
	// A bare or relative id (Recogito writes UUIDs, Annotorious names)
	// is still an id: a UUID becomes its urn:uuid:, anything else a
	// name-based one made from the collection's id and it, so that the
	// same file always gives the same ids.
	d.minted++
	if u, err := uuid.Parse(s); err == nil && len(s) == 36 {
		return "urn:uuid:" + u.String(), nil
	}
	return nameUUID("id\x00" + d.base + "\x00" + s), nil
}

// xsd:dateTime, with or without a time zone and fractions of a second.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05"}

func parseDateTime(s string) (time.Time, bool) {
	if s == "" { // no date: not worth time.Parse's three errors
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func (d *decoder) dateTime(a map[string]any, path, key string) error {
	v, ok := a[key]
	if !ok {
		return nil
	}
	s, isString := v.(string)
	if !isString {
		return d.fail(join(path, key), "%s must be one date and time, not %s", key, show(v))
	}
	if _, ok := parseDateTime(s); !ok {
		return d.fail(join(path, key), "%s %s is not a date and time such as 2026-01-21T09:30:00Z", key, show(s))
	}
	return nil
}

func (d *decoder) agents(a map[string]any, path, key string) error {
	v, ok := a[key]
	if !ok {
		return nil
	}
	for _, x := range asList(v) {
		switch x := x.(type) {
		case string:
			if !isURI(x) {
				return d.fail(join(path, key), "%s %s is not an IRI", key, show(x))
			}
		case map[string]any:
			if n, ok := x["name"]; ok {
				if _, isString := n.(string); !isString {
					return d.fail(join(path, key, "name"), "the %s's name is not text", key)
				}
			}
		default:
			return d.fail(join(path, key), "%s must be an IRI or an agent, not %s", key, show(x))
		}
	}
	return nil
}

// resource checks a body or a target.
func (d *decoder) resource(v any, path string) error {
	switch r := v.(type) {
	case string:
		if !isURI(r) {
			return d.fail(path, "%s is not an IRI", show(r))
		}
		return nil
	case map[string]any:
		if td, ok := r["textDirection"]; ok && td != "ltr" && td != "rtl" && td != "auto" {
			return d.fail(join(path, "textDirection"), "textDirection must be ltr, rtl or auto, not %s", show(td))
		}
		if src, ok := r["source"]; ok {
			if m, isObj := src.(map[string]any); isObj {
				src = m["id"]
			}
			if s, _ := src.(string); !isURI(src) && !isRelativeRef(s) {
				return d.notIRI(join(path, "source"), "the source", src)
			}
		}
		if sel, ok := r["selector"]; ok {
			for i, s := range asList(sel) {
				if err := d.selector(s, at(path, "selector", i)); err != nil {
					return err
				}
			}
		}
		if items, ok := r["items"]; ok {
			for i, it := range asList(items) {
				if err := d.resource(it, at(path, "items", i)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return d.fail(path, "must be an IRI or a resource, not %s", show(v))
}

func (d *decoder) selector(v any, path string) error {
	if isURI(v) {
		return nil
	}
	s, ok := v.(map[string]any)
	if !ok {
		return d.fail(path, "a selector must be an object or an IRI, not %s", show(v))
	}
	switch {
	case hasType(s, "FragmentSelector"), hasType(s, "CssSelector"), hasType(s, "XPathSelector"):
		val, ok := s["value"]
		if !ok {
			return d.fail(path, "the %s has no value", show(s["type"]))
		}
		if _, isString := val.(string); !isString {
			return d.fail(join(path, "value"), "the %s must have exactly one value", show(s["type"]))
		}
	case hasType(s, "TextQuoteSelector"):
		for _, k := range []string{"exact", "prefix", "suffix"} {
			if x, ok := s[k]; ok {
				if _, isString := x.(string); !isString {
					return d.fail(join(path, k), "%s must be text, not %s", k, show(x))
				}
			} else if k == "exact" {
				return d.fail(path, "the TextQuoteSelector has no exact text")
			}
		}
	case hasType(s, "TextPositionSelector"), hasType(s, "DataPositionSelector"):
		start, ok1 := wholeNumber(s["start"])
		end, ok2 := wholeNumber(s["end"])
		if !ok1 || !ok2 || start < 0 || end < start {
			return d.fail(path, "start and end must be whole numbers with 0 ≤ start ≤ end, not %s and %s", show(s["start"]), show(s["end"]))
		}
	}
	if r, ok := s["refinedBy"]; ok {
		for i, x := range asList(r) {
			if err := d.selector(x, at(path, "refinedBy", i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// The properties of an annotation that the app reads; the others are
// kept as they are.
var modelled = []string{"@context", "id", "type", "motivation", "created", "modified", "creator", "body", "target", OriginKey, ConflictOfKey}

// take turns a valid annotation into ours, keeping whole what the app
// cannot show.
func (d *decoder) take(a map[string]any, id string, targets []any, path string) error {
	if isLink(a, targets) {
		from, _ := targets[0].(string)
		for _, t := range targets[1:] {
			to, _ := t.(string)
			d.im.Links = append(d.im.Links, [2]string{from, to})
		}
		return nil
	}
	out := Annotation{ID: id}
	out.Created, _ = parseDateTime(str(a["created"]))
	out.Modified, _ = parseDateTime(str(a["modified"]))
	if out.Modified.IsZero() {
		out.Modified = out.Created
	}
	if isPrivate(a) {
		d.private++
	}
	target, ok := textTarget(targets, strings.HasPrefix(id, hypothesisIRI))
	reason := Reason("")
	switch {
	case len(asList(a["references"])) > 0 || hasMotivation(a, "replying"):
		reason = ReasonReply
	case !ok:
		reason = unshownReason(targets)
	}
	if c, ok := a[ConflictOfKey].(string); ok && isURI(c) {
		out.ConflictOf = c
	}
	if reason != "" {
		whole := maps.Clone(a)
		whole["id"] = id
		delete(whole, "@context")
		if out.ConflictOf != "" {
			delete(whole, ConflictOfKey) // written from the annotation's own
		}
		out.Kept = Kept{Whole: canon(whole), Reason: reason}
		out.Target = Target{Source: sourceOf(targets), Position: TextPosition{Start: -1, End: -1}}
		d.im.Unshown = append(d.im.Unshown, out)
		return nil
	}
	out.Target = target
	out.Creator = agentOf(a["creator"])
	k := &out.Kept
	k.Props = extras(a, modelled...)
	if m, ok := a["motivation"]; ok && m != "tagging" {
		k.setProp("motivation", m)
	}
	if !hasType(a, "Annotation") || len(asList(a["type"])) != 1 {
		k.setProp("type", a["type"])
	}
	if c, ok := a["creator"]; ok && !isAgentAsWritten(c, out.Creator) {
		k.setProp("creator", c)
	}
	if o, ok := a[OriginKey]; ok {
		k.Origin = canon(o)
	}
	if c, ok := a[ConflictOfKey]; ok && !isURI(c) {
		k.setProp(ConflictOfKey, c)
	}
	if t := a["target"]; !isTargetAsWritten(t, target) {
		k.Target = canon(t)
	}
	var tag string
	note := false
	for _, b := range asList(a["body"]) {
		body, isObj := b.(map[string]any)
		value, isText := body["value"].(string)
		purposes := asList(body["purpose"])
		if m := asList(a["motivation"]); len(purposes) == 0 && !(len(m) == 1 && m[0] == "tagging") {
			// A body without a purpose has the annotation's; but "tagging"
			// is what the app writes for annotations that carry comments too.
			purposes = m
		}
		purpose := ""
		if len(purposes) == 1 {
			purpose, _ = purposes[0].(string)
		}
		switch {
		case !isObj || !isText || (body["type"] != nil && !hasType(body, "TextualBody")) || len(purposes) > 1:
		case tag == "" && (purpose == "tagging" || purpose == "classifying") && tagOf(value) != "":
			tag = tagOf(value)
			if value != tag || purpose != "tagging" || body["type"] == nil {
				k.Bodies = append(k.Bodies, canon(b)) // written as it was, beside ours
				continue
			}
			k.TagBody = extras(body, "type", "purpose", "value")
			continue
		case !note && (purpose == "" || purpose == "commenting" || purpose == "describing"):
			if len(value) > MaxNoteSize {
				return &DecodeError{Kind: OverLimit, Cause: LongNote, Path: join(path, "body"),
					Msg: fmt.Sprintf("a note of %s bytes; notes over %s bytes (1 MB) are not read: shorten the note or split it, then import the file", thousands(len(value)), thousands(MaxNoteSize))}
			}
			note = true
			out.Note = value
			k.NoteBody = extras(body, "type", "purpose", "value", "textDirection")
			if f, ok := k.NoteBody["format"]; ok && string(f) == `"text/plain"` {
				delete(k.NoteBody, "format")
			}
			if td, ok := body["textDirection"]; ok && td != string(directionOf(value)) {
				k.NoteBody["textDirection"] = canon(td)
			}
			if len(k.NoteBody) == 0 {
				k.NoteBody = nil
			}
			continue
		case purpose == "tagging" && strings.TrimSpace(value) != "" && (tagOf(value) == "" || tagOf(value) != tag):
			if d.tags == nil {
				d.tags = map[string]bool{}
			}
			if !d.tags[value] {
				d.tags[value] = true
				d.im.UnknownTags = append(d.im.UnknownTags, value)
			}
		}
		k.Bodies = append(k.Bodies, canon(b))
	}
	if tag == "" {
		d.im.Untagged++
		tag = string(Claim)
	}
	out.Tag = Tag(tag)
	d.im.Annotations = append(d.im.Annotations, out)
	return nil
}

// isAgentAsWritten reports whether v is the creator as agentJSON writes
// a: nothing else would be lost by keeping only a.
func isAgentAsWritten(v any, a Agent) bool {
	m, ok := v.(map[string]any)
	if !ok || m["type"] != "Person" {
		return false
	}
	n, ok := hasTexts(m, map[string]string{"id": a.ID, "name": a.Name})
	return ok && len(m) == n+1
}

// hasTexts reports whether m has each key of want with its text, and
// lacks those whose text is empty; n is how many it has.
func hasTexts(m map[string]any, want map[string]string) (n int, ok bool) {
	for k, w := range want {
		if x, has := m[k]; has {
			if x != w {
				return 0, false
			}
			n++
		} else if w != "" {
			return 0, false
		}
	}
	return n, true
}

// isTargetAsWritten reports whether v is the target as targetJSON writes
// t, so that keeping only t loses nothing.
func isTargetAsWritten(v any, t Target) bool {
	m, ok := v.(map[string]any)
	if !ok || m["type"] != "SpecificResource" {
		return false
	}
	n, ok := hasTexts(m, map[string]string{"source": t.Source, "language": t.Language, "textDirection": string(t.Direction)})
	sel, isList := m["selector"].([]any)
	if !ok || !isList || len(m) != n+2 { // and type and selector
		return false
	}
	var want []map[string]any
	if q := t.Quote; q.Exact != "" {
		want = append(want, map[string]any{"type": "TextQuoteSelector", "exact": q.Exact, "prefix": q.Prefix, "suffix": q.Suffix})
	}
	if p := t.Position; p.Start >= 0 && p.End >= p.Start {
		want = append(want, map[string]any{"type": "TextPositionSelector", "start": json.Number(strconv.Itoa(p.Start)), "end": json.Number(strconv.Itoa(p.End))})
	}
	if len(sel) != len(want) {
		return false
	}
	for i, w := range want {
		got, ok := sel[i].(map[string]any)
		if !ok || len(got) != len(w) {
			return false
		}
		for k, x := range w {
			if got[k] != x {
				return false
			}
		}
	}
	return true
}

// setProp keeps a property as the file had it.
func (k *Kept) setProp(key string, v any) {
	if k.Props == nil {
		k.Props = map[string]json.RawMessage{}
	}
	k.Props[key] = canon(v)
}

func hasMotivation(a map[string]any, m string) bool {
	return slices.Contains(asList(a["motivation"]), any(m))
}

// isPrivate recognizes a Hypothesis annotation only its author may read.
func isPrivate(a map[string]any) bool {
	p, ok := a["permissions"].(map[string]any)
	if !ok {
		return false
	}
	read, ok := p["read"].([]any)
	return ok && !slices.ContainsFunc(read, func(r any) bool {
		s, _ := r.(string)
		return strings.HasPrefix(s, "group:")
	})
}

// agentOf reads the first creator: an IRI or an agent with a name.
func agentOf(v any) Agent {
	for _, x := range asList(v) {
		switch x := x.(type) {
		case string:
			return Agent{ID: x}
		case map[string]any:
			name := str(x["name"])
			if name == "" {
				name = str(x["nickname"])
			}
			return Agent{ID: str(x["id"]), Name: name}
		}
	}
	return Agent{}
}

// isLink recognizes a linking annotation between annotations: motivated
// by linking, with two or more targets that are ids.
func isLink(a map[string]any, targets []any) bool {
	if !hasMotivation(a, "linking") || len(targets) < 2 {
		return false
	}
	for _, t := range targets {
		if _, ok := t.(string); !ok {
			return false
		}
	}
	return true
}

// tagOf reads a tag, in English or Arabic.
func tagOf(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "claim", "ادعاء":
		return string(Claim)
	case "quote", "اقتباس":
		return string(Quote)
	case "source", "مصدر":
		return string(Source)
	}
	return ""
}

// hypothesisIRI starts the id of a Hypothesis annotation. Its positions
// count UTF-16 code units of the web page it was made on: a hint, not a
// place in the document.
const hypothesisIRI = "https://hypothes.is/a/"

// textTarget finds the first target with a text selector: a quote (also
// inside a refinement of another selector) or a position of the whole
// source. A position that refines another selector counts from what that
// selector picks, not from the start of the text: it is not read. With
// pagePositions the position is another tool's page offset, kept as a
// Hint.
func textTarget(targets []any, pagePositions bool) (Target, bool) {
	for _, t := range targets {
		r, ok := t.(map[string]any)
		if !ok {
			continue
		}
		out := Target{Source: sourceOf([]any{r}), Position: TextPosition{Start: -1, End: -1}, Language: str(r["language"])}
		if td := Direction(str(r["textDirection"])); td == RTL || td == LTR || td == Auto {
			out.Direction = td
		}
		var found bool
		var walk func(s any, top bool)
		walk = func(s any, top bool) {
			m, ok := s.(map[string]any)
			if !ok {
				return
			}
			switch {
			case hasType(m, "TextQuoteSelector"):
				if out.Quote.Exact == "" && str(m["exact"]) != "" {
					out.Quote = TextQuote{Exact: str(m["exact"]), Prefix: str(m["prefix"]), Suffix: str(m["suffix"])}
					found = true
				}
			case hasType(m, "TextPositionSelector") && top:
				s, _ := wholeNumber(m["start"])
				e, _ := wholeNumber(m["end"])
				switch {
				case pagePositions && out.Hint == (Hint{}) && e > s:
					out.Hint = Hint{Start: s, End: e}
				case !pagePositions && out.Position.Start < 0:
					out.Position = TextPosition{Start: s, End: e}
					found = true
				}
			}
			// A refinement of a text selector still counts from the
			// source; one of any other selector does not.
			sub := top && (hasType(m, "TextQuoteSelector") || hasType(m, "TextPositionSelector"))
			for _, x := range asList(m["refinedBy"]) {
				walk(x, sub)
			}
		}
		for _, s := range asList(r["selector"]) {
			walk(s, true)
		}
		if found {
			return out, true
		}
	}
	return Target{}, false
}

// sourceOf is the first target's source: an IRI, or the id of a resource.
func sourceOf(targets []any) string {
	for _, t := range targets {
		switch r := t.(type) {
		case string:
			return r
		case map[string]any:
			src := r["source"]
			if m, isObj := src.(map[string]any); isObj {
				src = m["id"]
			}
			if s, ok := src.(string); ok {
				return s
			}
			if s, ok := r["id"].(string); ok {
				return s
			}
		}
	}
	return ""
}

// unshownReason says why targets with no text selector cannot be shown.
func unshownReason(targets []any) Reason {
	for _, t := range targets {
		if r, ok := t.(map[string]any); ok {
			for _, k := range []string{"Image", "Video", "Sound", "Dataset"} {
				if hasType(r, k) {
					return ReasonMedia
				}
			}
			if hasType(r, "Composite") || hasType(r, "List") || hasType(r, "Independents") {
				return ReasonSet
			}
			if _, ok := r["selector"]; ok {
				for _, s := range asList(r["selector"]) {
					if m, ok := s.(map[string]any); ok && (hasType(m, "FragmentSelector") && strings.HasPrefix(str(m["value"]), "xywh=") || hasType(m, "SvgSelector")) {
						return ReasonMedia
					}
				}
				return ReasonSelector
			}
			if _, hasSource := r["source"]; !hasSource && len(r) == 1 && r["id"] != nil {
				return ReasonRelation // RecogitoJS writes a relation's ends as {id}
			}
		}
	}
	return ReasonPage
}

// isHypothesisExport recognizes one annotation as Hypothesis exports it
// or its API returns it: an id, a list of targets, no type.
func isHypothesisExport(v map[string]any) bool {
	_, hasID := v["id"].(string)
	_, hasTarget := v["target"].([]any)
	return hasID && hasTarget && v["type"] == nil
}

// hypothesis reads Hypothesis' JSON export (or its API's rows): each row
// becomes the W3C annotation Hypothesis itself publishes for it (id under
// hypothesisIRI, the text as a Markdown comment, each tag a tagging body)
// with every other field kept, and is then read as any annotation is.
func (d *decoder) hypothesis(rows []any, path string) error {
	for i, row := range rows {
		p := at(path, "", i)
		h, ok := row.(map[string]any)
		if !ok || !isHypothesisExport(h) {
			return d.fail(p, "not a Hypothesis annotation (one with an id and a list of targets)")
		}
		id := str(h["id"])
		if id == "" {
			return d.fail(join(p, "id"), "the annotation has no id")
		}
		id = strings.TrimPrefix(id, "urn:x-hypothesis:")
		if !isURI(id) {
			id = hypothesisIRI + url.PathEscape(id)
		}
		w := map[string]any{"type": "Annotation", "id": id}
		for k, v := range h {
			switch k {
			case "id", "text", "tags", "user", "updated":
			case "target":
				targets := asList(v)
				for j, t := range targets {
					if m, ok := t.(map[string]any); ok && m["selector"] == nil {
						targets[j] = str(m["source"]) // a page note: about the page
					}
				}
				w["target"] = targets
			default:
				w[k] = v
			}
		}
		if u, ok := h["updated"]; ok {
			w["modified"] = u
		}
		var body []any
		if text := str(h["text"]); text != "" {
			body = append(body, map[string]any{"type": "TextualBody", "purpose": "commenting", "value": text, "format": "text/markdown"})
		}
		for _, t := range asList(h["tags"]) {
			body = append(body, map[string]any{"type": "TextualBody", "purpose": "tagging", "value": t})
		}
		if body != nil {
			w["body"] = body
		}
		if user := str(h["user"]); user != "" {
			name := strings.TrimPrefix(user, "acct:")
			name, _, _ = strings.Cut(name, "@")
			if info, ok := h["user_info"].(map[string]any); ok && str(info["display_name"]) != "" {
				name = str(info["display_name"])
			}
			w["creator"] = map[string]any{"id": user, "type": "Person", "name": name}
		}
		if err := d.item(w, p, false); err != nil {
			return err
		}
	}
	return nil
}

func hasType(v map[string]any, t string) bool {
	for _, x := range asList(v["type"]) {
		if x == t {
			return true
		}
	}
	return false
}

func asList(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func wholeNumber(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	if err != nil || i > 1<<31 {
		return 0, false
	}
	return int(i), true
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "true or false"
	case json.Number:
		return "number"
	case string:
		return "text"
	case []any:
		return "list"
	}
	return "object"
}

// show writes a value briefly for a message. A long text keeps its first
// 24 and last 16 code points, so that ids that differ at the end (UUIDs,
// hashes) still look different; control and bidi characters are escaped,
// so that a message cannot move the terminal or reorder its text.
func show(v any) string {
	switch v := v.(type) {
	case string:
		if utf8.RuneCountInString(v) > 64 {
			r := []rune(v)
			return strconv.Quote(string(r[:24])) + "…" + strconv.Quote(string(r[len(r)-16:]))
		}
		return strconv.Quote(v)
	case json.Number:
		if i, err := v.Int64(); err == nil && i > 1<<31 || errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(string(v), "-") {
			return fmt.Sprintf("the number %s, over %d, the largest this reader takes", v, int64(1)<<31)
		}
		return "the number " + v.String()
	case nil:
		return "nothing"
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "a list"
	}
	return "an object"
}

// at is the path of the item i of the list key of path (of path itself
// when key is ""): written for every item of a file, so without fmt.
func at(path, key string, i int) string {
	return join(path, key) + "[" + strconv.Itoa(i) + "]"
}

func join(path string, keys ...string) string {
	for _, k := range keys {
		if k == "" {
			continue
		}
		if path == "" {
			path = k
		} else {
			path += "." + k
		}
	}
	return path
}
