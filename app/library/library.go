// Package library is the reader's own documents as the browser keeps
// them: one Entry per document, holding its text, so that a document
// opened once opens again after a reload, offline, and from a /doc/ link.
//
// The text is what identifies a document: an Entry keeps the document's
// text (NFC, "\n" line endings) and Restore parses it again, which gives
// the same id, blocks, directions and offsets (see annotations.Parse); an
// Entry whose text no longer hashes to its id is refused, never shown as
// that document. The kinds of block a file's markup said (headings, list
// items, quotations) and the title are kept beside the text, because
// Parse alone reads them from a plain text.
//
// The seed, the document the app ships with, is always in the library:
// its Entry holds no text, only when it was last opened.
//
// Annotations are kept apart, by document id (see app/store.go); an id
// with annotations and no Entry is a document waiting for its text (an
// import kept them for it). Rows lists both.
//
// The package imports neither go-app nor syscall/js: it is tested natively.
package library

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"annotator/annotations"
	"annotator/app/workspace"
)

// Entry is one document of the library as the browser stores it (in the
// IndexedDB object store "documents", keyed by ID).
type Entry struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Lang  string `json:"lang"`
	Dir   string `json:"dir"`
	// Text is the document's text, whose SHA-256 is the id; empty for the
	// seed. The browser keeps it apart from the rest (listing, renaming
	// and marking a document opened never copy it).
	Text string `json:"text,omitempty"`
	// Kinds are the kinds of the document's blocks, one per block, and
	// Repeat the blocks that repeat the title; a file's markup says them.
	Kinds  []string `json:"kinds,omitempty"`
	Repeat []int    `json:"repeat,omitempty"`
	// Name is the file the document was opened from ("" for pasted text),
	// Format and Encoding how it was read.
	Name     string `json:"name,omitempty"`
	Format   string `json:"format,omitempty"`
	Encoding string `json:"encoding,omitempty"`
	// Size is the text's length in code points.
	Size int `json:"size,omitempty"`
	// Added and Opened are Unix milliseconds: when the document joined the
	// library and when it was last shown.
	Added  int64 `json:"added"`
	Opened int64 `json:"opened,omitempty"`
	// Seed marks the app's own document, whose text ships with the app.
	Seed bool `json:"seed,omitempty"`
	// Renamed says the reader gave the title: opening the file again
	// keeps it.
	Renamed bool `json:"renamed,omitempty"`
}

// NewEntry is the entry of a document opened at a moment from a file
// named name (det says how it was read; zero for a text a file of
// annotations carried).
func NewEntry(d *annotations.Document, det annotations.Detected, name string, now time.Time) Entry {
	e := Entry{
		ID: d.ID, Title: d.Title, Lang: d.Lang, Dir: string(d.Dir), Text: d.Text,
		Name: name, Format: string(det.Format), Encoding: det.Encoding,
		Size:  d.Len(),
		Added: now.UnixMilli(), Opened: now.UnixMilli(),
		Kinds: make([]string, len(d.Blocks)),
	}
	for i, b := range d.Blocks {
		e.Kinds[i] = string(b.Kind)
		if b.Repeat {
			e.Repeat = append(e.Repeat, i)
		}
	}
	return e
}

// ErrDamaged says an entry's text is not the document its id names: the
// stored text was changed or cut. It is not shown as that document.
var ErrDamaged = errors.New("library: the stored text is not the document's")

// Restore is the document an entry keeps: its text parsed again, with
// the kinds of block and the title the entry kept. The seed's entry gives
// seed.
func (e Entry) Restore(seed *annotations.Document) (*annotations.Document, error) {
	if e.ID == seed.ID {
		return seed, nil
	}
	d, err := annotations.Parse(e.Text)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if d.ID != e.ID {
		return nil, fmt.Errorf("%w: its text hashes to %s, not %s", ErrDamaged, d.ID, e.ID)
	}
	if len(e.Kinds) == len(d.Blocks) {
		for i := range d.Blocks {
			d.Blocks[i].Kind = annotations.Kind(e.Kinds[i])
			d.Blocks[i].Repeat = false
		}
		for _, i := range e.Repeat {
			if i >= 0 && i < len(d.Blocks) {
				d.Blocks[i].Repeat = true
			}
		}
	}
	if t := strings.TrimSpace(e.Title); t != "" {
		d.Title = t
	}
	// The language and direction it was opened with: a page may have
	// declared them (see annotations.Open).
	if l := annotations.PrimaryLanguage(e.Lang); l != "" {
		d.Lang = l
	}
	if dir := annotations.Direction(e.Dir); dir == annotations.RTL || dir == annotations.LTR {
		d.Dir = dir
	}
	return d, nil
}

// Row is one line of the library as the reader sees it.
type Row struct {
	ID    string
	Title string // "" for a document waiting for its text
	Lang  string
	// Count is how many annotations are kept for the document.
	Count int
	// Opened is when it was last shown, in Unix milliseconds (0: never).
	Opened int64
	Seed   bool
	// Waiting says annotations are kept for this id but its text is not
	// in the library: opening the text shows them.
	Waiting bool
}

// Rows is the library as listed: the seed first, then the reader's
// documents, last opened first, then the ids whose annotations wait for
// their text. counts are the annotations kept per document id.
func Rows(seed *annotations.Document, entries []Entry, counts map[string]int) []Row {
	out := []Row{{ID: seed.ID, Title: seed.Title, Lang: seed.Lang, Count: counts[seed.ID], Seed: true}}
	known := map[string]bool{seed.ID: true}
	var docs []Row
	for _, e := range entries {
		if e.ID == seed.ID {
			out[0].Opened = e.Opened
			continue
		}
		if known[e.ID] {
			continue
		}
		known[e.ID] = true
		title := strings.TrimSpace(e.Title)
		if title == "" {
			title = e.ID
		}
		docs = append(docs, Row{ID: e.ID, Title: title, Lang: e.Lang, Count: counts[e.ID], Opened: cmp.Or(e.Opened, e.Added)})
	}
	slices.SortFunc(docs, func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Opened, a.Opened), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	out = append(out, docs...)
	var waiting []Row
	for id, n := range counts {
		if !known[id] && n > 0 {
			waiting = append(waiting, Row{ID: id, Count: n, Waiting: true})
		}
	}
	slices.SortFunc(waiting, func(a, b Row) int { return strings.Compare(a.ID, b.ID) })
	return append(out, waiting...)
}

// FileKind says what a file given to the app is.
type FileKind int

const (
	// Annotations is a file of annotations, to import into the document
	// shown.
	Annotations FileKind = iota
	// Document is a text, Markdown file or web page, to open as a
	// document.
	Document
)

// Classify says whether a file dropped on the page (or opened with the
// installed app) is annotations or a document: by its extension when it
// names one (.json and .jsonld are annotations; .txt, .md, .html and the
// like documents), else by its first bytes: JSON (an object or an array)
// is annotations, anything else a document. head is the file's start; a
// few hundred bytes are enough.
func Classify(name string, head []byte) FileKind {
	switch strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/"))) {
	case ".json", ".jsonld":
		return Annotations
	case ".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".xhtml", ".shtml":
		return Document
	}
	s := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	s = bytes.TrimLeft(s, " \t\r\n")
	if len(s) > 0 && (s[0] == '{' || s[0] == '[') {
		return Annotations
	}
	return Document
}

// BySource splits annotations by the document they were made on
// (target.source), in the order the sources first appear. Annotations
// that name no document go under "".
func BySource(list []annotations.Annotation) (sources []string, by map[string][]annotations.Annotation) {
	by = map[string][]annotations.Annotation{}
	for _, a := range list {
		s := a.Target.Source
		if _, ok := by[s]; !ok {
			sources = append(sources, s)
		}
		by[s] = append(by[s], a)
	}
	return sources, by
}

// Keep merges annotations into those kept for a document that is not
// shown (as annotations.MergeFile does: the newer version wins, what was
// deleted stays deleted) and returns the records to write and what the
// merge did. Nothing is placed: the annotations are placed on the text
// when it is shown.
func Keep(have []annotations.Annotation, dead map[string]int64, incoming []annotations.Annotation) ([]workspace.Record, annotations.Report) {
	gone := make(map[string]time.Time, len(dead))
	for id, ms := range dead {
		gone[id] = time.UnixMilli(ms).UTC()
	}
	merged, rep := annotations.MergeFile(have, incoming, gone)
	before := make(map[string]annotations.Annotation, len(have))
	for _, a := range have {
		before[a.ID] = a
	}
	var recs []workspace.Record
	for _, a := range merged {
		if b, ok := before[a.ID]; ok && annotations.Same(a, b) {
			continue
		}
		recs = append(recs, workspace.RecordOf(a))
	}
	return recs, rep
}
