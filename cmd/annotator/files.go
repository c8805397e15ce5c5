//go:build !wasm

package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"annotator/annotations"
)

// The commands on annotation files: validate, merge and report; and doc,
// which opens a document as the app does. Messages
// go to stderr, each starting with the file and, where there is one, the
// place of the problem; results go to stdout or -o. Every message passes
// through say, so text from a file is shown escaped (see termText); every
// input is read bounded (see readInput); every output file is replaced
// safely (see writeFile). The exit status is 0 or 1, and 2 only for wrong
// usage: a panic is turned into a message and 1.

// fileCmd runs validate, merge, report or doc.
func fileCmd(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			say(stderr, "annotator %s: %v", cmd, internalError(p))
			code = 1
		}
	}()
	switch cmd {
	case "validate":
		return validateCmd(args, stdin, stdout, stderr)
	case "merge":
		return mergeCmd(args, stdin, stdout, stderr)
	case "report":
		return reportCmd(args, stdin, stdout, stderr)
	case "doc":
		return docCmd(args, stdin, stdout, stderr)
	}
	say(stderr, "annotator: unknown command %q", cmd)
	return 2
}

// internalError describes a recovered panic with the function it happened
// in, for a bug report.
func internalError(p any) error {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	where := ""
	for {
		f, more := frames.Next()
		// The first frame outside the runtime and this program's recovery
		// is where the panic happened.
		if !strings.HasPrefix(f.Function, "runtime.") && !strings.Contains(f.Function, "internalError") && !strings.HasSuffix(f.Function, ".func1") {
			where = fmt.Sprintf(" in %s (%s:%d)", strings.TrimPrefix(f.Function, "annotator/"), filepath.Base(f.File), f.Line)
			break
		}
		if !more {
			break
		}
	}
	return fmt.Errorf("internal error%s: %v; this is a bug, please report it with the file", where, p)
}

func validateCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("validate", stderr, `Usage: annotator validate FILE...

Checks W3C Web Annotation files (and Hypothesis exports) as the app reads them.
Prints one line per file; exits 1 if any file is invalid, 2 on wrong usage.
A FILE named - is standard input; files over 128 MB, folders, FIFOs and
devices are refused. Control characters from a file are shown escaped (\x1b).`)
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	status := 0
	for _, name := range fs.Args() {
		im, err := readFile(name, stdin)
		if err != nil {
			say(stderr, "%s: %v", displayName(name), err)
			status = 1
			continue
		}
		say(stdout, "%s: valid: %d with a text target, %d kept but not shown", displayName(name), len(im.Annotations), len(im.Unshown))
		if d := im.Document; d != nil {
			say(stdout, "%s: carries the text of %q (%s, %d code points)", displayName(name), d.Title, d.ID, d.Len())
		}
		for _, a := range im.Unshown {
			say(stdout, "%s: not shown %s: %s", displayName(name), a.ID, a.Kept.Reason.String())
		}
		for _, n := range im.Notices {
			say(stdout, "%s: note: %s", displayName(name), n.String())
		}
	}
	return status
}

func mergeCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("merge", stderr, `Usage: annotator merge FILE... [-o OUT]

Merges annotation files the way the app does: by id, the newer version wins,
two versions modified at the same moment are both kept. Writes one W3C
AnnotationCollection as compact JSON. Nothing is written if any file is
invalid, or if the result is not a file the app would read back (over
100,000 annotations or 128 MB, say): exit 1.

With -text, the annotations are placed on that document's text (a file
"annotator doc" reads, or an annotation file that carries its text) as the
app places what it imports: each is found by its quote and context, moved to
where it stands there (its former target kept as originalTarget), or kept as
it was if it cannot be placed; how many were anchored, moved, fuzzy,
ambiguous or orphans is said. The merged collection then names that
document and carries its text; if none of the annotations is on that text,
nothing is written. Without -text, texts the files carry are not written.

A FILE named - is standard input. OUT is replaced safely: through a new
temporary file in its folder, synced, then renamed over it, keeping OUT's
permissions; interrupted, nothing is left behind. An OUT that is a symbolic
link is refused: name the file it points to.`)
	out := fs.String("o", "", "file to write the merged collection to (default or -: standard output)")
	textFile := fs.String("text", "", "the document the annotations are on: place them on its text and write it with them")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	var doc *annotations.Document
	if *textFile != "" {
		if doc, err = textOf(*textFile, stdin); err != nil {
			say(stderr, "%s: %v", displayName(*textFile), err)
			return 1
		}
	}
	merged, ok := mergeFiles(files, stdin, stderr, true)
	if !ok {
		return 1
	}
	if doc != nil {
		if merged, err = placeOn(doc, merged, stderr); err != nil {
			say(stderr, "%s: %v", displayName(*textFile), err)
			return 1
		}
	}
	data, err := encodeCompact(doc, merged)
	if err != nil {
		say(stderr, "annotator merge: %v", err)
		return 1
	}
	// The self-check: what merge writes must be a file the app reads,
	// holding what was merged.
	readsBack := func(b []byte) error {
		im, err := decode(b)
		if err != nil {
			return fmt.Errorf("the merged collection is not a file the app would read (%v); nothing was written", err)
		}
		if n := len(im.Annotations) + len(im.Unshown); n != len(merged) {
			return fmt.Errorf("the merged collection reads back as %d annotations, not the %d merged; nothing was written", n, len(merged))
		}
		if doc != nil && (im.Document == nil || im.Document.ID != doc.ID) {
			return fmt.Errorf("the merged collection does not read back with its text; nothing was written")
		}
		return nil
	}
	name := *out
	if name == "" || name == "-" {
		name = "annotator merge"
	}
	if len(data) > annotations.MaxFileSize {
		say(stderr, "%s: the merged collection of %d annotations would take %.1f MB, more than the %d MB the app reads; nothing was written (merge fewer files)", name, len(merged), float64(len(data))/(1<<20), annotations.MaxFileSize>>20)
		return 1
	}
	if *out == "" || *out == "-" {
		if err := readsBack(data); err != nil {
			say(stderr, "%s: %v", name, err)
			return 1
		}
		return writeOut("", data, stdout, stderr, nil)
	}
	return writeOut(*out, data, stdout, stderr, func(tmp string) error {
		b, err := readInput(tmp, nil)
		if err != nil {
			return fmt.Errorf("reading back what was written: %v; nothing was written", err)
		}
		return readsBack(b)
	})
}

// encodeCompact encodes a merged collection as compact JSON, one line,
// with hidden characters escaped (see jsonText). With a document it
// names it and carries its text.
func encodeCompact(doc *annotations.Document, list []annotations.Annotation) ([]byte, error) {
	var b bytes.Buffer
	e := annotations.NewEncoder(&b).Compact()
	if doc != nil {
		e.WithText()
	}
	if err := e.Encode(doc, list); err != nil {
		return nil, err
	}
	return append(jsonText(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), '\n'), nil
}

func reportCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("report", stderr, `Usage: annotator report FILE... [-format markdown|csv] [-o OUT]

A table of the claims, quotes and sources in annotation files, with their notes,
for a newsroom or a spreadsheet. A FILE named - is standard input.

What a file holds is shown as text, never run:
  - csv: a cell that starts with =, +, -, @, a tab or a carriage return
    (after any spaces) is prefixed with a single quote (') so that a
    spreadsheet shows it as text instead of running it as a formula;
  - markdown: <, > and & are written as &lt; &gt; &amp;, and
    \ `+"`"+` * _ ~ [ ] | # are escaped with a backslash; a line break in a cell
    is shown as ↵;
  - both: control and bidi characters are shown escaped (\x1b, \u202e).
OUT is replaced safely, as by merge.

With -text, each annotation is checked against that document's text (a file
"annotator doc" reads, or an annotation file that carries its text), and
three columns are added: position (whether its stored position holds its
quote in that text), found (where the app would place it: anchored, moved,
fuzzy with its score, ambiguous, orphan) and in context (the passage where it
was found, marked ⟦ ⟧, with 40 code points either side).`)
	format := fs.String("format", "markdown", "markdown or csv")
	out := fs.String("o", "", "file to write the report to (default or -: standard output)")
	textFile := fs.String("text", "", "the document the annotations are on: check positions and show quotes in context")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(files) == 0 || (*format != "markdown" && *format != "csv") {
		fs.Usage()
		return 2
	}
	var doc *annotations.Document
	if *textFile != "" {
		if doc, err = textOf(*textFile, stdin); err != nil {
			say(stderr, "%s: %v", displayName(*textFile), err)
			return 1
		}
	}
	all, ok := mergeFiles(files, stdin, stderr, false)
	if !ok {
		return 1
	}
	var b bytes.Buffer
	header := []string{"tag", "quote", "note", "document", "created", "modified", "id"}
	var checks map[string][3]string
	holds := 0
	if doc != nil {
		header = append(header, "position", "found", "in context")
		checks, holds = checkAgainst(doc, byTag(all))
	}
	row := func(a annotations.Annotation) []string {
		r := []string{string(a.Tag), a.Target.Quote.Exact, a.Note, a.Target.Source, timeOrEmpty(a.Created), timeOrEmpty(a.Modified), a.ID}
		if doc != nil {
			c := checks[a.ID]
			r = append(r, c[0], c[1], c[2])
		}
		return r
	}
	if *format == "csv" {
		w := csv.NewWriter(&b)
		w.Write(header)
		for _, a := range byTag(all) {
			cells := row(a)
			for i, c := range cells {
				cells[i] = csvCell(c)
			}
			w.Write(cells)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			say(stderr, "annotator report: %v", err)
			return 1
		}
	} else {
		counts := map[annotations.Tag]int{}
		for _, a := range all {
			counts[a.Tag]++
		}
		fmt.Fprintf(&b, "# Annotations\n\n%d claims, %d quotes, %d sources.\n\n", counts[annotations.Claim], counts[annotations.Quote], counts[annotations.Source])
		if doc != nil {
			fmt.Fprintf(&b, "Checked against %s (%s): %d of %d positions hold their quotes.\n\n", markdownCell(doc.Title), markdownCell(doc.ID), holds, len(checks))
		}
		fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat(" --- |", len(header)))
		for _, a := range byTag(all) {
			cells := row(a)
			for i, c := range cells {
				cells[i] = markdownCell(c)
			}
			fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
		}
	}
	return writeOut(*out, b.Bytes(), stdout, stderr, nil)
}

// mergeFiles reads files and merges them the way the app does. It stops at
// the first file that cannot be read, saying why on stderr; with tell it
// also says what each file brought.
func mergeFiles(files []string, stdin io.Reader, stderr io.Writer, tell bool) ([]annotations.Annotation, bool) {
	var merged []annotations.Annotation
	for _, name := range files {
		im, err := readFile(name, stdin)
		if err != nil {
			say(stderr, "%s: %v", displayName(name), err)
			return nil, false
		}
		var rep annotations.Report
		merged, rep = annotations.MergeFile(merged, append(im.Annotations, im.Unshown...), nil)
		if tell {
			say(stderr, "%s: %d new, %d updated, %d unchanged, %d older, %d conflicting versions kept, %d not shown on a text but kept, %d without a claim, quote or source tag made claims",
				displayName(name), rep.Added, rep.Updated, rep.Unchanged, rep.Older, rep.Conflicts, len(im.Unshown), im.Untagged)
			if d := im.Document; d != nil {
				say(stderr, "%s: carries the text of %q (%s); name it with -text to write it with the merge", displayName(name), d.Title, d.ID)
			}
		}
	}
	return merged, true
}

// byTag lists claims, then quotes, then sources, each in reading order.
func byTag(list []annotations.Annotation) []annotations.Annotation {
	var out []annotations.Annotation
	for _, t := range annotations.Tags {
		for _, a := range list {
			if a.Tag == t && a.Shown() {
				out = append(out, a)
			}
		}
	}
	return out
}

func timeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// newFlags makes a command's flag set. Its usage (ours) is written as it
// is; the flag package's own messages, which quote the arguments, go
// through termText.
func newFlags(cmd string, stderr io.Writer, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("annotator "+cmd, flag.ContinueOnError)
	fs.SetOutput(messageWriter{stderr})
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(messageWriter{stderr})
	}
	return fs
}

// usageError is the exit status for a flag error: 0 when help was asked
// for, 2 otherwise.
func usageError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// readFile reads and decodes an annotation file (or stdin for "-").
func readFile(name string, stdin io.Reader) (*annotations.Import, error) {
	b, err := readInput(name, stdin)
	if err != nil {
		return nil, err
	}
	return decode(b)
}

// heapFor raises the soft limit on the heap (debug.SetMemoryLimit) by
// what n more bytes to decode need: 64 MiB and 10 bytes a byte read.
// annotations.Decode holds a file as a tree of maps, about 10 bytes for
// each byte of the file; with the default GOGC alone the heap would grow
// to twice that before collecting (a 17 MB file of 100,000 annotations:
// 340 MB of RSS). Within the limit the collector runs earlier (245 MB,
// for about the same CPU), so a command's memory stays proportional to
// what it reads. Merge needs more for its output (annotations.Encoder
// builds it whole and indented): there the collector works harder, and
// the heap goes past the limit as it must.
func heapFor(n int) {
	inputBytes += int64(n)
	debug.SetMemoryLimit(64<<20 + 10*inputBytes)
}

var inputBytes int64

// decode is annotations.Decode, with a panic in it turned into an error
// so that one file that trips a bug does not stop the others. It makes
// room on the heap for what it decodes (see heapFor).
func decode(b []byte) (im *annotations.Import, err error) {
	heapFor(len(b))
	defer func() {
		if p := recover(); p != nil {
			im, err = nil, internalError(p)
		}
	}()
	return annotations.Decode(b)
}

// writeOut writes the result to stdout (path "" or "-") or replaces the
// file path with it (see writeFile), checked by check.
func writeOut(path string, b []byte, stdout, stderr io.Writer, check func(tmp string) error) int {
	if path == "" || path == "-" {
		if _, err := stdout.Write(b); err != nil {
			say(stderr, "annotator: writing to standard output: %v", err)
			return 1
		}
		return 0
	}
	if err := writeFile(path, b, check); err != nil {
		say(stderr, "%s: %v", path, err)
		return 1
	}
	return 0
}

// parseInterspersed parses flags that may come after the file names
// (merge a.jsonld b.jsonld -o out.jsonld).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return files, nil
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
