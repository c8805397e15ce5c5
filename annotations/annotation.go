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
type Target struct {
	Source   string       `json:"source"`
	Quote    TextQuote    `json:"quote"`
	Position TextPosition `json:"position"`
}

// Annotation is one tagged passage with an optional note.
type Annotation struct {
	ID       string    `json:"id"`
	Tag      Tag       `json:"tag"`
	Note     string    `json:"note,omitempty"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
	Target   Target    `json:"target"`
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

// Status says how Locate found a target.
type Status string

// The statuses.
const (
	Anchored Status = "anchored" // at the stored position
	Moved    Status = "moved"    // the exact quote, elsewhere
	Orphan   Status = "orphan"   // not found
)

// Match is where a target was found.
type Match struct {
	Start, End int
	Status     Status
}

// Locate finds t in d. It tries the stored position first, accepting it
// only if the text there is the stored quote; then every place where the
// quote occurs, choosing the one whose surroundings best agree with the
// stored prefix and suffix, and then the nearest to the stored position.
// If the quote occurs nowhere, the match is an Orphan.
func Locate(d *Document, t Target) Match {
	exact := []rune(t.Quote.Exact)
	n := len(exact)
	if n == 0 {
		return Match{Status: Orphan}
	}
	p := t.Position
	if p.Start >= 0 && p.End == p.Start+n && p.End <= d.Len() && equalRunes(d.runes[p.Start:p.End], exact) {
		return Match{Start: p.Start, End: p.End, Status: Anchored}
	}
	best, bestScore := -1, -1
	prefix, suffix := []rune(t.Quote.Prefix), []rune(t.Quote.Suffix)
	for i := indexRunes(d.runes, exact, 0); i >= 0; i = indexRunes(d.runes, exact, i+1) {
		score := commonSuffix(d.runes[max(0, i-len(prefix)):i], prefix) +
			commonPrefix(d.runes[i+n:min(len(d.runes), i+n+len(suffix))], suffix)
		if score > bestScore || score == bestScore && abs(i-p.Start) < abs(best-p.Start) {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return Match{Status: Orphan}
	}
	return Match{Start: best, End: best + n, Status: Moved}
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// indexRunes returns the first index at or after from where sub occurs in
// s, or -1.
func indexRunes(s, sub []rune, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i] == sub[0] && equalRunes(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
