package annotations

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

type w3cCollection struct {
	Context string   `json:"@context"`
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Label   string   `json:"label"`
	Total   int      `json:"total"`
	First   *w3cPage `json:"first,omitempty"`
}

type w3cPage struct {
	Type       string          `json:"type"`
	StartIndex int             `json:"startIndex"`
	Items      []w3cAnnotation `json:"items"`
}

type w3cAnnotation struct {
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	Motivation string    `json:"motivation"`
	Created    string    `json:"created,omitempty"`
	Modified   string    `json:"modified,omitempty"`
	Creator    *w3cAgent `json:"creator,omitempty"`
	Body       []w3cBody `json:"body,omitempty"`
	Target     any       `json:"target"` // a w3cTarget, or the ids a link joins
}

type w3cAgent struct {
	ID   string `json:"id,omitempty"`
	Type string `json:"type"`
	Name string `json:"name,omitempty"`
}

type w3cBody struct {
	Type          string    `json:"type"`
	Purpose       string    `json:"purpose"`
	Value         string    `json:"value"`
	Format        string    `json:"format,omitempty"`
	Language      string    `json:"language,omitempty"`
	TextDirection Direction `json:"textDirection,omitempty"`
}

type w3cTarget struct {
	Type          string        `json:"type"`
	Source        string        `json:"source"`
	Language      string        `json:"language,omitempty"`
	TextDirection Direction     `json:"textDirection,omitempty"`
	Selector      []w3cSelector `json:"selector"`
}

// w3cSelector is either a TextQuoteSelector or a TextPositionSelector.
type w3cSelector struct {
	Type   string  `json:"type"`
	Exact  *string `json:"exact,omitempty"`
	Prefix *string `json:"prefix,omitempty"`
	Suffix *string `json:"suffix,omitempty"`
	Start  *int    `json:"start,omitempty"`
	End    *int    `json:"end,omitempty"`
}

// Encoder writes annotations as a W3C AnnotationCollection.
type Encoder struct {
	w      io.Writer
	indent bool
}

// NewEncoder returns an encoder that writes indented JSON-LD to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w, indent: true} }

// Encode writes all annotations of d as one AnnotationCollection whose
// single page lists them in reading order. Each annotation has the
// motivation "tagging", a tagging body with its tag, a commenting body with
// its note if it has one, and a target with the document's id, language,
// direction and both selectors. With a nil d (annotations merged from
// files, say) each target keeps the language and direction it came with.
func (e *Encoder) Encode(d *Document, list []Annotation) error {
	list = slices.Clone(list)
	SortByPosition(list)
	c := w3cCollection{
		Context: Context,
		Type:    "AnnotationCollection",
		Total:   len(list),
	}
	if d != nil {
		c.ID, c.Label = d.ID+"#annotations", d.Title
	} else {
		h := sha256.New()
		for _, a := range list {
			fmt.Fprintln(h, a.ID, a.Modified.UnixMilli())
		}
		c.ID, c.Label = "urn:sha256:"+hex.EncodeToString(h.Sum(nil)), "Annotations"
	}
	if len(list) > 0 {
		c.First = &w3cPage{Type: "AnnotationPage", Items: make([]w3cAnnotation, 0, len(list))}
		for _, a := range list {
			c.First.Items = append(c.First.Items, encodeAnnotation(d, a))
		}
		// Each link is an annotation of its own, motivated by linking,
		// whose targets are the two annotations it joins.
		for _, a := range list {
			for _, to := range a.Links {
				c.First.Items = append(c.First.Items, w3cAnnotation{
					ID: LinkID(a.ID, to), Type: "Annotation", Motivation: "linking",
					Created: timeString(a.Modified), Modified: timeString(a.Modified),
					Target: []string{a.ID, to},
				})
			}
		}
		c.Total = len(c.First.Items)
	}
	enc := json.NewEncoder(e.w)
	enc.SetEscapeHTML(false)
	if e.indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(c)
}

func encodeAnnotation(d *Document, a Annotation) w3cAnnotation {
	lang, dir := a.Target.Language, a.Target.Direction
	if d != nil && a.Target.Source == d.ID {
		lang, dir = d.Lang, d.Dir
	}
	body := []w3cBody{{Type: "TextualBody", Purpose: "tagging", Value: string(a.Tag)}}
	if strings.TrimSpace(a.Note) != "" {
		body = append(body, w3cBody{
			Type:          "TextualBody",
			Purpose:       "commenting",
			Value:         a.Note,
			Format:        "text/plain",
			TextDirection: directionOf(a.Note),
		})
	}
	q, p := a.Target.Quote, a.Target.Position
	var creator *w3cAgent
	if a.Creator != (Agent{}) {
		creator = &w3cAgent{ID: a.Creator.ID, Type: "Person", Name: a.Creator.Name}
	}
	return w3cAnnotation{
		Creator:    creator,
		ID:         a.ID,
		Type:       "Annotation",
		Motivation: "tagging",
		Created:    timeString(a.Created),
		Modified:   timeString(a.Modified),
		Body:       body,
		Target: w3cTarget{
			Type:          "SpecificResource",
			Source:        a.Target.Source,
			Language:      lang,
			TextDirection: dir,
			Selector: []w3cSelector{
				{Type: "TextQuoteSelector", Exact: &q.Exact, Prefix: &q.Prefix, Suffix: &q.Suffix},
				{Type: "TextPositionSelector", Start: &p.Start, End: &p.End},
			},
		},
	}
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
	slices.SortStableFunc(list, func(a, b Annotation) int {
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
}

// ExportName is the file name an export of d is saved under.
func ExportName(d *Document, now time.Time) string {
	id := strings.TrimPrefix(d.ID, "urn:sha256:")
	if len(id) > 12 {
		id = id[:12]
	}
	return "annotations-" + id + "-" + now.UTC().Format("20060102-150405") + FileExt
}
