package annotations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on a file Decode reads. A file beyond them is refused whole.
const (
	MaxFileSize    = 20 << 20 // bytes
	MaxDepth       = 64       // nesting of arrays and objects
	MaxAnnotations = 100000
)

// Import is what Decode read from a file.
type Import struct {
	// Annotations are those with a text target: a source and a
	// TextQuoteSelector or TextPositionSelector.
	Annotations []Annotation
	// Skipped are valid annotations that cannot be placed on a text (an
	// image, a whole page), each with the reason.
	Skipped []Skip
	// Untagged counts annotations with no claim, quote or source tag,
	// imported as claims.
	Untagged int
	// UnknownTags are tags other than claim, quote and source; they are
	// kept at the end of the annotation's note.
	UnknownTags []string
	// Notes says what else a reader should know (pages not read, say).
	Notes []string
	// Links are the links between annotations the file holds, as from and
	// to ids; Decode also puts each on its annotation when the file has it.
	Links [][2]string
}

// Skip is a valid annotation that was not imported.
type Skip struct {
	ID     string
	Reason string
}

// attachLinks puts each link on the annotation it starts from.
func (im *Import) attachLinks() {
	at := map[string]int{}
	for i, a := range im.Annotations {
		at[a.ID] = i
	}
	for _, l := range im.Links {
		if i, ok := at[l[0]]; ok && !slices.Contains(im.Annotations[i].Links, l[1]) {
			im.Annotations[i].Links = append(im.Annotations[i].Links, l[1])
		}
	}
}

// Sources are the distinct documents the imported annotations target.
func (im *Import) Sources() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range im.Annotations {
		if !seen[a.Target.Source] {
			seen[a.Target.Source] = true
			out = append(out, a.Target.Source)
		}
	}
	return out
}

// DecodeError says what is wrong with a file and where: a line and column
// for a file that is not JSON, a path such as first.items[3].created for
// one that is not a valid annotation file.
type DecodeError struct {
	Line, Col int    // for syntax errors, 1-based; 0 otherwise
	Path      string // where in the JSON, "" for the whole file
	Msg       string
}

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
// target no text are counted in Skipped, not imported.
func Decode(data []byte) (*Import, error) {
	if len(data) > MaxFileSize {
		return nil, &DecodeError{Msg: fmt.Sprintf("the file is %d MB; files over %d MB are not read", len(data)>>20, MaxFileSize>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte-order mark
	if !utf8.Valid(data) {
		return nil, &DecodeError{Msg: "the file is not UTF-8 text"}
	}
	v, err := scanJSON(data)
	if err != nil {
		return nil, err
	}
	im := &Import{}
	d := &decoder{im: im}
	if err := d.file(v); err != nil {
		return nil, err
	}
	im.attachLinks()
	if len(im.Annotations)+len(im.Skipped) > MaxAnnotations {
		return nil, &DecodeError{Msg: fmt.Sprintf("the file holds more than %d annotations", MaxAnnotations)}
	}
	return im, nil
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
	im   *Import
	seen map[string]string // id to the path it was first seen at
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

// file reads the top-level value.
func (d *decoder) file(v any) error {
	switch v := v.(type) {
	case []any:
		for i, item := range v {
			if err := d.item(item, fmt.Sprintf("[%d]", i), false); err != nil {
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
	first, ok := v["first"]
	if !ok {
		if n, _ := v["total"].(json.Number).Int64(); n > 0 {
			return d.fail("first", "the collection says it holds %d annotations but has no first page", n)
		}
		return nil
	}
	switch f := first.(type) {
	case string:
		d.im.Notes = append(d.im.Notes, "the collection's pages are only linked ("+f+"), not included in the file: they cannot be read offline")
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
	if !hasType(v, "AnnotationPage") {
		return d.fail(join(path, "type"), "the page's type is not AnnotationPage")
	}
	items, ok := v["items"].([]any)
	if !ok {
		return d.fail(join(path, "items"), "the page has no list of items")
	}
	if next, ok := v["next"].(string); ok {
		d.im.Notes = append(d.im.Notes, "only the first page was read; the next one ("+next+") is not included in the file")
	}
	for i, item := range items {
		if err := d.item(item, fmt.Sprintf("%s[%d]", join(path, "items"), i), false); err != nil {
			return err
		}
	}
	return nil
}

var (
	schemeRE  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$`)
	motivates = map[string]bool{"assessing": true, "bookmarking": true, "classifying": true, "commenting": true, "describing": true,
		"editing": true, "highlighting": true, "identifying": true, "linking": true, "moderating": true, "questioning": true,
		"replying": true, "tagging": true}
)

func isURI(v any) bool {
	s, ok := v.(string)
	return ok && schemeRE.MatchString(s)
}

// item reads one annotation. top says it is the whole file, which must
// then carry the context.
func (d *decoder) item(v any, path string, top bool) error {
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
		if err := d.resource(t, fmt.Sprintf("%s[%d]", join(path, "target"), i)); err != nil {
			return err
		}
	}
	if body, ok := a["body"]; ok {
		for i, b := range asList(body) {
			if err := d.resource(b, fmt.Sprintf("%s[%d]", join(path, "body"), i)); err != nil {
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
	if s, ok := v.(string); ok && strings.HasPrefix(s, "#") && len(s) > 1 && !strings.ContainsAny(s, " \t\n") {
		return s, nil // a relative IRI, as Recogito writes them
	}
	if !isURI(v) {
		return "", d.fail(join(path, "id"), "the id %s is not an IRI", show(v))
	}
	return v.(string), nil
}

// xsd:dateTime, with or without a time zone and fractions of a second.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05"}

func parseDateTime(s string) (time.Time, bool) {
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
		return d.fail(join(path, key), "%s %q is not a date and time such as 2026-01-21T09:30:00Z", key, s)
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
				return d.fail(join(path, key), "%s %q is not an IRI", key, x)
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
			return d.fail(path, "%q is not an IRI", r)
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
			if !isURI(src) {
				return d.fail(join(path, "source"), "the source %s is not an IRI", show(src))
			}
		}
		if sel, ok := r["selector"]; ok {
			for i, s := range asList(sel) {
				if err := d.selector(s, fmt.Sprintf("%s[%d]", join(path, "selector"), i)); err != nil {
					return err
				}
			}
		}
		if items, ok := r["items"]; ok {
			for i, it := range asList(items) {
				if err := d.resource(it, fmt.Sprintf("%s[%d]", join(path, "items"), i)); err != nil {
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
			if err := d.selector(x, fmt.Sprintf("%s[%d]", join(path, "refinedBy"), i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// take turns a valid annotation into ours, or counts it as skipped.
func (d *decoder) take(a map[string]any, id string, targets []any, path string) error {
	if isLink(a, targets) {
		from, _ := targets[0].(string)
		for _, t := range targets[1:] {
			to, _ := t.(string)
			d.im.Links = append(d.im.Links, [2]string{from, to})
		}
		return nil
	}
	target, ok := textTarget(targets)
	if !ok {
		d.im.Skipped = append(d.im.Skipped, Skip{ID: id, Reason: skipReason(targets)})
		return nil
	}
	out := Annotation{ID: id, Target: target, Creator: agentOf(a["creator"])}
	out.Created, _ = parseDateTime(str(a["created"]))
	out.Modified, _ = parseDateTime(str(a["modified"]))
	if out.Modified.IsZero() {
		out.Modified = out.Created
	}
	var tag string
	var unknown []string
	for _, b := range asList(a["body"]) {
		body, ok := b.(map[string]any)
		if !ok {
			continue
		}
		value, _ := body["value"].(string)
		purposes := asList(body["purpose"])
		if len(purposes) == 0 {
			purposes = asList(a["motivation"])
		}
		for _, p := range purposes {
			switch p {
			case "tagging", "classifying":
				if t := tagOf(value); t != "" {
					tag = t
				} else if strings.TrimSpace(value) != "" {
					unknown = append(unknown, value)
				}
			case "commenting", "describing", "replying":
				if out.Note == "" {
					out.Note = value
				}
			}
		}
	}
	if len(unknown) > 0 {
		// Kept in the note, so that nothing of the file is lost.
		d.im.UnknownTags = append(d.im.UnknownTags, unknown...)
		out.Note = strings.TrimSpace(out.Note + "\n[tags: " + strings.Join(unknown, ", ") + "]")
	}
	if tag == "" {
		d.im.Untagged++
		tag = string(Claim)
	}
	out.Tag = Tag(tag)
	d.im.Annotations = append(d.im.Annotations, out)
	return nil
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
	linking := false
	for _, m := range asList(a["motivation"]) {
		linking = linking || m == "linking"
	}
	if !linking || len(targets) < 2 {
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

// textTarget finds the first target with a source and a text selector,
// reading refinedBy chains and lists of alternative selectors.
func textTarget(targets []any) (Target, bool) {
	for _, t := range targets {
		r, ok := t.(map[string]any)
		if !ok {
			continue
		}
		src := r["source"]
		if m, isObj := src.(map[string]any); isObj {
			src = m["id"]
		}
		source, _ := src.(string) // may be empty: RecogitoJS leaves it out
		out := Target{Source: source, Position: TextPosition{Start: -1, End: -1}, Language: str(r["language"])}
		if td := Direction(str(r["textDirection"])); td == RTL || td == LTR || td == Auto {
			out.Direction = td
		}
		var found bool
		var walk func(any)
		walk = func(s any) {
			m, ok := s.(map[string]any)
			if !ok {
				return
			}
			switch {
			case hasType(m, "TextQuoteSelector"):
				if out.Quote.Exact == "" {
					out.Quote = TextQuote{Exact: str(m["exact"]), Prefix: str(m["prefix"]), Suffix: str(m["suffix"])}
					found = true
				}
			case hasType(m, "TextPositionSelector"):
				if out.Position.Start < 0 {
					s, _ := wholeNumber(m["start"])
					e, _ := wholeNumber(m["end"])
					out.Position = TextPosition{Start: s, End: e}
					found = true
				}
			}
			for _, x := range asList(m["refinedBy"]) {
				walk(x)
			}
		}
		for _, s := range asList(r["selector"]) {
			walk(s)
		}
		if found {
			return out, true
		}
	}
	return Target{}, false
}

func skipReason(targets []any) string {
	for _, t := range targets {
		if r, ok := t.(map[string]any); ok {
			for k, what := range map[string]string{"Image": "an image", "Video": "a video", "Sound": "a sound", "Dataset": "a dataset"} {
				if hasType(r, k) {
					return "it is about " + what + ", not a text"
				}
			}
			if hasType(r, "Composite") || hasType(r, "List") || hasType(r, "Independents") {
				return "it is about a set of resources, not a passage of a text"
			}
			if _, ok := r["selector"]; ok {
				return "its selector does not pick a passage of a text by quote or position"
			}
		}
	}
	return "it is about a whole resource, not a passage of a text"
}

// isHypothesisExport recognizes one annotation as Hypothesis exports it.
func isHypothesisExport(v map[string]any) bool {
	_, hasURI := v["uri"]
	_, hasUser := v["user"]
	_, hasTarget := v["target"].([]any)
	return hasURI && hasUser && hasTarget && v["type"] == nil
}

// hypothesis reads Hypothesis' JSON export. Its positions count UTF-16
// units, so only its quotes are kept to anchor by.
func (d *decoder) hypothesis(rows []any, path string) error {
	for i, row := range rows {
		p := fmt.Sprintf("%s[%d]", path, i)
		h, ok := row.(map[string]any)
		if !ok || !isHypothesisExport(h) {
			return d.fail(p, "not a Hypothesis annotation")
		}
		id := str(h["id"])
		if id == "" {
			return d.fail(join(p, "id"), "the annotation has no id")
		}
		if !isURI(id) {
			id = "urn:x-hypothesis:" + id
		}
		if err := d.once(id, p); err != nil {
			return err
		}
		targets := asList(h["target"])
		target, ok := textTarget(targets)
		if !ok {
			d.im.Skipped = append(d.im.Skipped, Skip{ID: id, Reason: "a page note, not about a passage"})
			continue
		}
		target.Position = TextPosition{Start: -1, End: -1}
		a := Annotation{ID: id, Target: target, Note: str(h["text"])}
		if user := str(h["user"]); user != "" {
			name := strings.TrimPrefix(user, "acct:")
			name, _, _ = strings.Cut(name, "@")
			a.Creator = Agent{ID: user, Name: name}
		}
		a.Created, _ = parseDateTime(str(h["created"]))
		a.Modified, _ = parseDateTime(str(h["updated"]))
		for _, t := range asList(h["tags"]) {
			if tag := tagOf(str(t)); tag != "" {
				a.Tag = Tag(tag)
			}
		}
		if a.Tag == "" {
			d.im.Untagged++
			a.Tag = Claim
		}
		d.im.Annotations = append(d.im.Annotations, a)
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
	}
	return "a " + kind(v)
}

func join(path string, keys ...string) string {
	for _, k := range keys {
		if path == "" {
			path = k
		} else {
			path += "." + k
		}
	}
	return path
}
