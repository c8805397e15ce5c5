//go:build !wasm

package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"annotator/annotations"
)

// The commands on annotation files: validate, merge and report. Messages
// go to stderr, each starting with the file and, where there is one, the
// place of the problem; results go to stdout or -o.

func validateCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("annotator validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: annotator validate FILE...\n\nChecks W3C Web Annotation files (and Hypothesis exports) as the app reads them.\nPrints one line per file; exits 1 if any file is invalid, 2 on wrong usage.")
	}
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	status := 0
	for _, name := range fs.Args() {
		im, err := readFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			status = 1
			continue
		}
		fmt.Fprintf(stdout, "%s: valid: %d with a text target, %d kept but not shown\n", name, len(im.Annotations), len(im.Unshown))
		for _, a := range im.Unshown {
			fmt.Fprintf(stdout, "%s: not shown %s: %s\n", name, a.ID, a.Kept.Reason)
		}
		for _, n := range im.Notices {
			fmt.Fprintf(stdout, "%s: note: %s\n", name, n)
		}
	}
	return status
}

func mergeCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("annotator merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "file to write the merged collection to (default: standard output)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: annotator merge FILE... [-o OUT]\n\nMerges annotation files the way the app does: by id, the newer version wins,\ntwo versions modified at the same moment are both kept. Writes one W3C\nAnnotationCollection. Nothing is written if any file is invalid (exit 1).")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	merged, ok := mergeFiles(files, stderr, true)
	if !ok {
		return 1
	}
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(nil, merged); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return writeOut(*out, b.Bytes(), stdout, stderr)
}

func reportCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("annotator report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "markdown", "markdown or csv")
	out := fs.String("o", "", "file to write the report to (default: standard output)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: annotator report FILE... [-format markdown|csv] [-o OUT]\n\nA table of the claims, quotes and sources in annotation files, with their notes,\nfor a newsroom or a spreadsheet.")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(files) == 0 || (*format != "markdown" && *format != "csv") {
		fs.Usage()
		return 2
	}
	all, ok := mergeFiles(files, stderr, false)
	if !ok {
		return 1
	}
	var b bytes.Buffer
	header := []string{"tag", "quote", "note", "document", "created", "modified", "id"}
	row := func(a annotations.Annotation) []string {
		return []string{string(a.Tag), a.Target.Quote.Exact, a.Note, a.Target.Source, timeOrEmpty(a.Created), timeOrEmpty(a.Modified), a.ID}
	}
	if *format == "csv" {
		w := csv.NewWriter(&b)
		w.Write(header)
		for _, a := range byTag(all) {
			w.Write(row(a))
		}
		w.Flush()
	} else {
		counts := map[annotations.Tag]int{}
		for _, a := range all {
			counts[a.Tag]++
		}
		fmt.Fprintf(&b, "# Annotations\n\n%d claims, %d quotes, %d sources.\n\n", counts[annotations.Claim], counts[annotations.Quote], counts[annotations.Source])
		fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat(" --- |", len(header)))
		for _, a := range byTag(all) {
			cells := row(a)
			for i, c := range cells {
				cells[i] = markdownCell(c)
			}
			fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
		}
	}
	return writeOut(*out, b.Bytes(), stdout, stderr)
}

// mergeFiles reads files and merges them the way the app does. It stops at
// the first file that cannot be read, saying why on stderr; with tell it
// also says what each file brought.
func mergeFiles(files []string, stderr io.Writer, tell bool) ([]annotations.Annotation, bool) {
	var merged []annotations.Annotation
	for _, name := range files {
		im, err := readFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			return nil, false
		}
		var rep annotations.Report
		merged, rep = annotations.MergeFile(merged, append(im.Annotations, im.Unshown...), nil)
		if tell {
			fmt.Fprintf(stderr, "%s: %d new, %d updated, %d unchanged, %d older, %d conflicting versions kept, %d not shown on a text but kept\n",
				name, rep.Added, rep.Updated, rep.Unchanged, rep.Older, rep.Conflicts, len(im.Unshown))
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

// usageError is the exit status for a flag error: 0 when help was asked
// for, 2 otherwise.
func usageError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// markdownCell keeps a table cell on one line and its pipes literal.
func markdownCell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.Join(strings.Fields(s), " ")
	return s
}

func readFile(name string) (*annotations.Import, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.Size() > annotations.MaxFileSize {
		return nil, fmt.Errorf("the file is %d MB; files over %d MB are not read", st.Size()>>20, annotations.MaxFileSize>>20)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return annotations.Decode(b)
}

func writeOut(path string, b []byte, stdout, stderr io.Writer) int {
	if path == "" {
		stdout.Write(b)
		return 0
	}
	// Written beside and renamed, so a failed write leaves no half file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		fmt.Fprintln(stderr, err)
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
