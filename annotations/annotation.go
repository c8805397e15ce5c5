package annotations

import (
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
}

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
		Position: TextPosition{Start: start, End: end},
	}, nil
}
