package annotations

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Tag is what a reader says a passage is.
type Tag string

// The tags.
const (
	Claim  Tag = "claim"  // something the article asserts
	Quote  Tag = "quote"  // someone's words, reported
	Source Tag = "source" // where the article says something comes from
)

// Tags lists the tags in the order a reader is offered them.
var Tags = []Tag{Claim, Quote, Source}

// Valid reports whether t is one of Tags.
func (t Tag) Valid() bool { return t == Claim || t == Quote || t == Source }

// ContextLen is how many code points of context a TextQuoteSelector keeps
// on each side of the exact text.
const ContextLen = 32

// TextQuote is a W3C TextQuoteSelector.
type TextQuote struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

// TextPosition is a W3C TextPositionSelector: code point offsets, End
// exclusive.
type TextPosition struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Target is the passage an annotation is about, in the document Source.
// Language and Direction are the document's, when a file said so.
type Target struct {
	Source    string       `json:"source"`
	Quote     TextQuote    `json:"quote"`
	Position  TextPosition `json:"position"`
	Language  string       `json:"language,omitempty"`
	Direction Direction    `json:"textDirection,omitempty"`
	// Hint is where another tool saw the passage in the page it annotated,
	// in UTF-16 code units as browsers count (Hypothesis' positions). It is
	// not a position in this document: the page may hold other text before
	// the article. Zero when unknown.
	Hint Hint `json:"hint,omitzero"`
}

// Hint is a span in UTF-16 code units of a page another tool read.
type Hint struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Annotation is one tagged passage with an optional note.
type Annotation struct {
	ID       string    `json:"id"`
	Tag      Tag       `json:"tag"`
	Note     string    `json:"note,omitempty"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
	Creator  Agent     `json:"creator,omitzero"`
	Target   Target    `json:"target"`
	// Links are the ids of the annotations this one is linked to: the
	// sources of a claim, the source that reports a quote.
	Links []string `json:"links,omitempty"`
	// ConflictOf is, for a version kept beside another made at the same
	// moment, the id of that other; it is written as ConflictOfKey. Such a
	// copy gives way when the original is changed later, unless the copy
	// itself was changed (Touch).
	ConflictOf string `json:"conflictOf,omitempty"`
	// Kept is what a file said of the annotation that this app does not
	// use; it is written back as it came.
	Kept Kept `json:"kept,omitzero"`
}

// Touch marks a as changed now by the reader: a conflicting copy they
// change becomes an annotation of its own.
func (a *Annotation) Touch(now time.Time) {
	a.Modified = now
	a.ConflictOf = ""
}

// Kept is what a file said of an annotation beyond what the app shows,
// as the file had it (in canonical JSON), so that exporting or merging
// the annotation writes it back whole. Only what differs from what the
// encoder would write anyway is kept: an annotation read from this app's
// own export keeps nothing.
type Kept struct {
	// Props are the annotation's other properties (rights, generator,
	// audience, stylesheet, a motivation other than tagging, several
	// creators, …). They are written after the ones the app writes, and
	// replace those of the same name.
	Props map[string]json.RawMessage `json:"props,omitempty"`
	// Bodies are the bodies other than the tag and the note: more
	// comments, tags other than claim, quote and source, links to other
	// resources.
	Bodies []json.RawMessage `json:"bodies,omitempty"`
	// TagBody and NoteBody are the other properties of the tag's body and
	// of the note's body (its language, creator, format, id, …).
	TagBody  map[string]json.RawMessage `json:"tagBody,omitempty"`
	NoteBody map[string]json.RawMessage `json:"noteBody,omitempty"`
	// Target is the target as the file had it, when the app would write
	// it otherwise (other selectors, several targets, other properties).
	// It is written as it is while the annotation stays where the file
	// put it; placing the annotation elsewhere moves it to Origin.
	Target json.RawMessage `json:"target,omitempty"`
	// Origin is the target the file gave before the annotation was placed
	// on another document, written as the property OriginKey.
	Origin json.RawMessage `json:"origin,omitempty"`
	// Whole is an annotation the app cannot show (about an image, a whole
	// page, another annotation), as the file had it, with the Reason.
	Whole  json.RawMessage `json:"whole,omitempty"`
	Reason Reason          `json:"reason,omitempty"`
}

// IsZero reports whether nothing is kept.
func (k Kept) IsZero() bool {
	return len(k.Props) == 0 && len(k.Bodies) == 0 && len(k.TagBody) == 0 && len(k.NoteBody) == 0 &&
		len(k.Target) == 0 && len(k.Origin) == 0 && len(k.Whole) == 0 && k.Reason == ""
}

// Shown reports whether the app can show the annotation on a text: it
// has a target with a quote or a position, and is not kept whole.
func (a Annotation) Shown() bool { return len(a.Kept.Whole) == 0 }

// Agent is who made an annotation: a W3C creator. ID is an IRI that
// tells readers with the same name apart; Name is what they chose to be
// called.
type Agent struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// Label is how the agent is shown: its name, or its id.
func (a Agent) Label() string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

// Describe returns the target for the span [start, end) of d. It fails if
// the span is empty, out of range, or made only of white space.
func Describe(d *Document, start, end int) (Target, error) {
	if start < 0 || end > d.Len() || start >= end {
		return Target{}, fmt.Errorf("annotations: describe: span %d–%d is outside the text (0–%d) or empty", start, end, d.Len())
	}
	exact := d.Slice(start, end)
	if strings.TrimSpace(exact) == "" {
		return Target{}, fmt.Errorf("annotations: describe: span %d–%d holds only white space", start, end)
	}
	return Target{
		Source: d.ID,
		Quote: TextQuote{
			Exact:  exact,
			Prefix: d.Slice(start-ContextLen, start),
			Suffix: d.Slice(end, end+ContextLen),
		},
		Position:  TextPosition{Start: start, End: end},
		Language:  d.Lang,
		Direction: d.Dir,
	}, nil
}

// Place returns a as it stands at m in d: its target becomes d's passage
// at m, described as Describe does, and the target it had is kept as its
// origin (the first one, if it was placed before). An annotation already
// described so, or not placed, is returned as it is. Its modification time
// is kept: it says the same, only where it is now.
func Place(d *Document, a Annotation, m Match) Annotation {
	if !a.Shown() || m.Status == Orphan || m.Status == "" || m.Status == Ambiguous {
		return a
	}
	if len(a.Kept.Target) == 0 && described(d, a.Target, m.Start, m.End) {
		return a // as Describe would write it: nothing to do, nothing made
	}
	t, err := Describe(d, m.Start, m.End)
	if err != nil || (t == a.Target && len(a.Kept.Target) == 0) {
		return a
	}
	if old := a.Target; old.Language == "" && old.Direction == "" && len(a.Kept.Target) == 0 {
		// The same passage, described before targets said the
		// document's language and direction: only those are added.
		old.Language, old.Direction = t.Language, t.Direction
		if old == t {
			a.Target = t
			return a
		}
	}
	if len(a.Kept.Origin) == 0 {
		if len(a.Kept.Target) > 0 {
			a.Kept.Origin = a.Kept.Target
		} else {
			a.Kept.Origin = canon(targetJSON(a.Target))
		}
	}
	a.Kept.Target = nil
	a.Target = t
	return a
}

// described reports whether t is what Describe(d, start, end) returns,
// without making it.
func described(d *Document, t Target, start, end int) bool {
	return t.Source == d.ID && t.Language == d.Lang && t.Direction == d.Dir &&
		t.Position == TextPosition{Start: start, End: end} &&
		d.holds(t.Quote.Exact, start, end) &&
		d.holds(t.Quote.Prefix, max(0, start-ContextLen), start) &&
		d.holds(t.Quote.Suffix, end, min(d.Len(), end+ContextLen))
}

// Extras are the texts of the bodies a file brought beside the tag and the
// note: other tags, and other comments (with replies), for showing.
func (a Annotation) Extras() (tags, comments []string) {
	bodies := a.Kept.Bodies
	if len(a.Kept.Whole) > 0 {
		var whole struct {
			Body json.RawMessage `json:"body"`
		}
		if json.Unmarshal(a.Kept.Whole, &whole) == nil && len(whole.Body) > 0 {
			var list []json.RawMessage
			if json.Unmarshal(whole.Body, &list) != nil {
				list = []json.RawMessage{whole.Body}
			}
			bodies = list
		}
	}
	own := false // the body the annotation's tag was read from
	for _, raw := range bodies {
		var b struct {
			Value   any `json:"value"`
			Purpose any `json:"purpose"`
		}
		if json.Unmarshal(raw, &b) != nil {
			continue
		}
		v, ok := b.Value.(string)
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		if b.Purpose == "tagging" || b.Purpose == "classifying" {
			if !own && tagOf(v) == string(a.Tag) {
				own = true
				continue
			}
			tags = append(tags, v)
		} else {
			comments = append(comments, v)
		}
	}
	return tags, comments
}

// Placed reports whether m puts its target somewhere in the text.
func (m Match) Placed() bool { return m.Status != Orphan && m.Status != Ambiguous && m.Status != "" }

// OriginTarget is the text target a file gave an annotation before it was
// placed where it stands (see Place), if it had one.
func OriginTarget(a Annotation) (Target, bool) {
	if len(a.Kept.Origin) == 0 {
		return Target{}, false
	}
	v, err := scanJSON(a.Kept.Origin)
	if err != nil {
		return Target{}, false
	}
	return textTarget(asList(v), strings.HasPrefix(a.ID, hypothesisIRI))
}

// ReadStored reads one annotation as the browser keeps it (as json.Marshal
// writes it), as UnmarshalList reads each of a list. What a file brought
// (Kept) reads back as the canonical JSON it was kept as: json.Marshal
// wrote <, > and & in its strings as \u003c, \u003e and \u0026, and those
// bytes, no longer the file's, made the same file merged again after a
// reload look like a change.
func ReadStored(b []byte, a *Annotation) error {
	if err := json.Unmarshal(b, a); err != nil || a.Kept.IsZero() || bytes.IndexByte(b, '\\') < 0 {
		return err
	}
	var k Kept
	if json.Unmarshal(canon(a.Kept), &k) == nil {
		a.Kept = k
	}
	return nil
}
