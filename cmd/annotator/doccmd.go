//go:build !wasm

package main

import (
	"fmt"
	"io"

	"annotator/annotations"
)

// The doc command, and the -text flag of report and merge: a reader's own
// document, opened as the app opens it (annotations.Open).

func docCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("doc", stderr, `Usage: annotator doc FILE... [-o OUT]

Opens a file as the app opens a reader's own document (plain text, Markdown,
a saved web page; UTF-8, UTF-16, windows-1256, ISO-8859-6) and prints what it
makes of it: the id its annotations name as target.source, how the file was
read (format and encoding, and how many characters were not valid), the
title, the language, and each block: its number, direction, kind and text.
Nothing in the file is run: a page's scripts, styles, handlers and links are
left out, and control and bidi characters are shown escaped (\x1b, \u202e).

-o writes the document's text as UTF-8: the text whose SHA-256 is the id and
whose code points positions count. OUT is replaced safely, as by merge.
A FILE named - is standard input; files over 16 MB are refused.`)
	out := fs.String("o", "", "file to write the document's text to (UTF-8; one FILE only)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(files) == 0 || *out != "" && len(files) != 1 {
		fs.Usage()
		return 2
	}
	status := 0
	for _, name := range files {
		d, det, err := openDocument(name, stdin)
		if err != nil {
			say(stderr, "%s: %v", displayName(name), err)
			status = 1
			continue
		}
		say(stdout, "%s: %s", displayName(name), d.ID)
		say(stdout, "  read as: %s", det)
		say(stdout, "  title: %s", d.Title)
		say(stdout, "  language: %s, %s; %d code points in %d blocks", d.Lang, d.Dir, d.Len(), len(d.Blocks))
		for i, b := range d.Blocks {
			kind := string(b.Kind)
			if b.Repeat {
				kind += " (repeat)"
			}
			say(stdout, "  %4d  %-4s  %-17s %s", i, b.Dir, kind, d.BlockText(i))
		}
		if *out != "" {
			if code := writeOut(*out, []byte(d.Text), stdout, stderr, nil); code != 0 {
				return code
			}
		}
	}
	return status
}

// openDocument reads a file (or stdin for "-") and opens it as a
// document, with a panic turned into an error as decode does.
func openDocument(name string, stdin io.Reader) (d *annotations.Document, det annotations.Detected, err error) {
	b, err := readInput(name, stdin)
	if err != nil {
		return nil, det, err
	}
	if len(b) > annotations.MaxDocumentSize {
		return nil, det, fmt.Errorf("%.1f MB; documents over %d MB are not opened", float64(len(b))/(1<<20), annotations.MaxDocumentSize>>20)
	}
	heapFor(len(b))
	defer func() {
		if p := recover(); p != nil {
			d, err = nil, internalError(p)
		}
	}()
	return annotations.Open(name, b)
}

// textOf reads the document a -text FILE names: an annotation file that
// carries its text (annotations.Encoder.WithText), or any file
// annotations.Open reads.
func textOf(name string, stdin io.Reader) (*annotations.Document, error) {
	b, err := readInput(name, stdin)
	if err != nil {
		return nil, err
	}
	if im, err := decode(b); err == nil && im.Document != nil {
		return im.Document, nil
	}
	if len(b) > annotations.MaxDocumentSize {
		return nil, fmt.Errorf("%.1f MB; documents over %d MB are not opened", float64(len(b))/(1<<20), annotations.MaxDocumentSize>>20)
	}
	var d *annotations.Document
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = internalError(p)
			}
		}()
		d, _, err = annotations.Open(name, b)
	}()
	return d, err
}

// placeOn places annotations on doc as the app places what it imports
// (annotations.LocateAll, then annotations.Place), and says on stderr how
// they were found. It fails when annotations with a text target are
// there and none of them is on doc: a file holding doc's text with them
// would not read back with it (see annotations.Import.Document).
func placeOn(doc *annotations.Document, list []annotations.Annotation, stderr io.Writer) ([]annotations.Annotation, error) {
	var at []int
	var targets []annotations.Target
	for i, a := range list {
		if a.Shown() {
			at = append(at, i)
			targets = append(targets, a.Target)
		}
	}
	count := map[annotations.Status]int{}
	out := append([]annotations.Annotation(nil), list...)
	on := 0
	for j, m := range annotations.LocateAll(doc, targets) {
		count[m.Status]++
		out[at[j]] = annotations.Place(doc, list[at[j]], m)
		if out[at[j]].Target.Source == doc.ID {
			on++
		}
	}
	say(stderr, "placed on %q (%s): %d anchored, %d moved, %d fuzzy, %d ambiguous, %d orphans; %d not shown on a text",
		doc.Title, doc.ID, count[annotations.Anchored], count[annotations.Moved], count[annotations.Fuzzy],
		count[annotations.Ambiguous], count[annotations.Orphan], len(list)-len(at))
	if len(targets) > 0 && on == 0 {
		return nil, fmt.Errorf("none of the %d annotations with a text target is on that text (is it the right one?); nothing was written", len(targets))
	}
	return out, nil
}

// checkAgainst checks each annotation of list against doc: whether its
// stored position holds its quote there, where the app would place it,
// and that place in context. It returns the three texts by id, and how
// many positions hold their quotes.
func checkAgainst(doc *annotations.Document, list []annotations.Annotation) (map[string][3]string, int) {
	targets := make([]annotations.Target, len(list))
	for i, a := range list {
		targets[i] = a.Target
	}
	out := make(map[string][3]string, len(list))
	holds := 0
	for i, m := range annotations.LocateAll(doc, targets) {
		t := list[i].Target
		p, q := t.Position, t.Quote.Exact
		var position string
		switch {
		case p.Start < 0:
			position = "no position"
		case p.End > doc.Len():
			position = "outside the text"
		case q == "":
			position = "no quote to compare"
		case doc.Slice(p.Start, p.End) == q:
			position, holds = "holds the quote", holds+1
		default:
			position = "holds other text"
		}
		var found, context string
		switch m.Status {
		case annotations.Anchored:
			found = fmt.Sprintf("anchored at %d–%d", m.Start, m.End)
		case annotations.Moved:
			found = fmt.Sprintf("moved to %d–%d", m.Start, m.End)
		case annotations.Fuzzy:
			found = fmt.Sprintf("fuzzy (%.2f) at %d–%d", m.Score, m.Start, m.End)
		case annotations.Ambiguous:
			found = fmt.Sprintf("ambiguous: %d places fit equally", len(m.Alternatives))
		default:
			found = "orphan: not found"
		}
		if m.Placed() {
			context = "…" + doc.Slice(m.Start-40, m.Start) + "⟦" + doc.Slice(m.Start, m.End) + "⟧" + doc.Slice(m.End, m.End+40) + "…"
		}
		out[list[i].ID] = [3]string{position, found, context}
	}
	return out, holds
}
