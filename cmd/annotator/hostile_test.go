//go:build !wasm

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"annotator/annotations"
)

// The command line against hostile input: the corpus in
// testdata/hostile-cli and inputs made here (a device, FIFOs, an endless
// pipe, files too large, a file of 100,000 annotations). Every run is the
// real program, so that exit statuses, hangs and memory are measured.

const corpus = "testdata/hostile-cli"

// Limits on every run: CPU time (user and system; a loaded machine slows
// wall time, not this), a wall time after which the run is killed as hung,
// and a resident set after which it is killed before it takes the
// machine's memory (check holds each run to a tighter bound).
const (
	maxCPU  = 20 * time.Second
	maxWall = 30 * time.Second
	maxRSS  = 1 << 30
)

// child is one run of the program.
type child struct {
	args           []string
	stdout, stderr string
	code           int
	cpu, wall      time.Duration
	rss            int64 // peak resident set, bytes
}

func runChild(t *testing.T, stdin io.Reader, args ...string) child {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), maxWall)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), args...)
	cmd.WaitDelay = 5 * time.Second
	var o, e bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &o, &e
	// Linux counts in a child's peak RSS the peak of the process it was
	// started from (exec records the old address space's high-water mark,
	// and os/exec starts children sharing this one's). This process gives
	// its free memory back and resets its peak to what it holds now
	// (about 20 MB), so the figure is the child's own.
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	tooBig := make(chan int64, 1)
	go watchRSS(cmd.Process, done, tooBig)
	err := cmd.Wait()
	close(done)
	c := child{args: args, stdout: o.String(), stderr: e.String(), wall: time.Since(start)}
	select {
	case rss := <-tooBig:
		t.Fatalf("%q: killed at %d MB of RSS", args, rss>>20)
	default:
	}
	if ctx.Err() != nil {
		t.Fatalf("%q: killed, still running after %v", args, maxWall)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%q: %v", args, err)
	}
	st := cmd.ProcessState
	c.code = st.ExitCode() // -1 when killed by a signal
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		c.rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	c.cpu = st.UserTime() + st.SystemTime()
	return c
}

// watchRSS kills p once its resident set passes maxRSS.
func watchRSS(p *os.Process, done <-chan struct{}, tooBig chan<- int64) {
	statm := fmt.Sprintf("/proc/%d/statm", p.Pid)
	for {
		select {
		case <-done:
			return
		case <-time.After(10 * time.Millisecond):
		}
		b, err := os.ReadFile(statm)
		if err != nil {
			continue
		}
		var vsz, rss int64
		fmt.Sscan(string(b), &vsz, &rss)
		if rss *= int64(os.Getpagesize()); rss > maxRSS {
			tooBig <- rss
			p.Kill()
			return
		}
	}
}

// fakeLine is what hostile files put after a newline, hoping to print a
// line of their own.
var fakeLine = regexp.MustCompile(`(?m)^FAKE-LINE`)

// check asserts what holds for every run: exit status 0 or 1 (2 is for
// wrong usage only), bounded time, memory bounded by the bytes read (10
// per byte, as a decoded file takes, and 128 MiB for the rest: the heap's
// base of 64 MiB (see heapFor) and the program's code, stacks and memory
// the collector has freed but not yet given back;
// merge also builds its output, up to twice its input, whole and indented
// before compacting it: 20 per byte), no panic, no character that acts on
// a terminal, and no line printed by the file.
func check(t *testing.T, c child, input int64) {
	t.Helper()
	if c.code != 0 && c.code != 1 {
		t.Errorf("%q: exit status %d\nstderr: %s", c.args, c.code, c.stderr)
	}
	if c.cpu > maxCPU {
		t.Errorf("%q: took %v of CPU", c.args, c.cpu)
	}
	perByte := int64(10)
	if c.args[0] == "merge" {
		perByte = 20
	}
	if limit := perByte*input + 128<<20; c.rss > limit {
		t.Errorf("%q: peak RSS %d MB for %d MB read, over %d MB", c.args, c.rss>>20, input>>20, limit>>20)
	}
	if strings.Contains(c.stderr, "goroutine ") || strings.Contains(c.stderr, "panic:") {
		t.Errorf("%q: a panic reached the user:\n%s", c.args, c.stderr)
	}
	for _, out := range []struct{ name, s string }{{"stdout", c.stdout}, {"stderr", c.stderr}} {
		if r, ok := shown(out.s, "\n\t"); !ok {
			t.Errorf("%q: %U reached %s:\n%q", c.args, r, out.name, out.s)
		}
	}
	if fakeLine.MatchString(c.stderr) {
		t.Errorf("%q: a file printed a line of its own on stderr:\n%s", c.args, c.stderr)
	}
	if c.args[0] != "report" && fakeLine.MatchString(c.stdout) { // a CSV cell may hold a line break
		t.Errorf("%q: a file printed a line of its own on stdout:\n%s", c.args, c.stdout)
	}
	t.Logf("%q: exit %d, %v CPU, %v, peak RSS %d MB", c.args, c.code, c.cpu.Round(time.Millisecond), c.wall.Round(time.Millisecond), c.rss>>20)
}

func size(t *testing.T, names ...string) int64 {
	var n int64
	for _, name := range names {
		if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
			n += st.Size()
		}
	}
	return n
}

// bigFile writes a JSON list of n annotations with text targets, by
// position only, in a single line: 100,000 of them take 17 MB.
func bigFile(t *testing.T, path string, n int) string {
	t.Helper()
	// Annotations as the app writes them: passages of the seed with their
	// quote, context and position.
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	list := make([]annotations.Annotation, 0, n)
	for len(list) < n {
		s := rng.IntN(seedDoc.Len() - 60)
		tg, err := annotations.Describe(seedDoc, s, s+5+rng.IntN(50))
		if err != nil {
			continue
		}
		list = append(list, annotations.Annotation{ID: fmt.Sprintf("urn:uuid:%08x-0000-4000-8000-000000000000", len(list)),
			Tag: annotations.Tags[len(list)%3], Created: at, Modified: at, Target: tg})
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := annotations.NewEncoder(w).Compact().Encode(seedDoc, list); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// endless is a stream that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '['
	}
	return len(p), nil
}

// hostileInputs makes the inputs that cannot be committed: a FIFO nobody
// writes to, one fed endlessly, a folder, a missing file, an unreadable
// file, a sparse file of 25 MB and a name with an escape sequence.
type hostileInputs struct {
	fifoEmpty, fifoEndless, folder, missing, unreadable, big25, badName string
}

func makeHostileInputs(t *testing.T, dir string) hostileInputs {
	t.Helper()
	in := hostileInputs{
		fifoEmpty:   filepath.Join(dir, "empty.fifo"),
		fifoEndless: filepath.Join(dir, "endless.fifo"),
		folder:      filepath.Join(dir, "folder.jsonld"),
		missing:     filepath.Join(dir, "missing.jsonld"),
		unreadable:  filepath.Join(dir, "unreadable.jsonld"),
		big25:       filepath.Join(dir, "25mb.jsonld"),
		badName:     filepath.Join(dir, "name\x1b[2J\nFAKE-LINE: valid\u202e.jsonld"),
	}
	for _, f := range []string{in.fifoEmpty, in.fifoEndless} {
		if err := syscall.Mkfifo(f, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The endless FIFO is opened read-write, so opening it never waits and
	// writing fills it; closing it at the end stops the writer.
	w, err := os.OpenFile(in.fifoEndless, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(w, endless{})
	t.Cleanup(func() { w.Close() })
	if err := os.Mkdir(in.folder, 0o755); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(corpus, "formulas.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{in.unreadable, in.badName} {
		if err := os.WriteFile(f, good, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(in.unreadable, 0); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(in.big25)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(annotations.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return in
}

// limitMB is the size limit as messages say it.
var limitMB = fmt.Sprintf("%d MB", annotations.MaxFileSize>>20)

// TestCLIHostileInputs feeds every hostile input to validate, both
// reports and merge.
func TestCLIHostileInputs(t *testing.T) {
	dir := t.TempDir()
	in := makeHostileInputs(t, dir)
	big := bigFile(t, filepath.Join(dir, "100k.jsonld"), annotations.MaxAnnotations)
	file := func(name string) string { return filepath.Join(corpus, name) }
	root := os.Geteuid() == 0

	type tc struct {
		name   string
		args   []string // after the command
		stdin  func() io.Reader
		input  int64  // bytes read from stdin
		code   int    // -1: 0 or 1
		stderr string // what stderr says, if the exit is 1
		stdout string // what stdout says, if the exit is 0
		// what merge says if it refuses a file the others accept
		mergeSays string
	}
	cases := []tc{
		{name: "escape sequences, C1, DEL and bidi controls in ids, notes and a page link", args: []string{file("controls.jsonld")}, code: 0,
			stdout: `not shown urn:uuid:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa1\x1b[1A\x1b[2K: it is about an image`},
		{name: "a Hypothesis id with a newline", args: []string{file("hypothesis-controls.json")}, code: 0,
			stdout: `not shown https://hypothes.is/a/abc%0AFAKE-LINE:%20valid:%2099%20with%20a%20text%20target%1B%5B2J: it is about a whole page`},
		{name: "pages only linked, the link with escapes", args: []string{file("linked-pages.jsonld")}, code: 0, stdout: `p1\x1b[2J\x0aFAKE-LINE`},
		{name: "formulas and markup", args: []string{file("formulas.jsonld")}, code: 0, stdout: "valid: 13 with a text target"},
		{name: "an id used twice", args: []string{file("long-ids.jsonld")}, code: 1, stderr: "is used twice"},
		// It panicked in annotations.Decode; fixed there, it is valid.
		{name: "a collection with neither first nor total", args: []string{file("no-first-no-total.jsonld")}, code: -1},
		{name: "an empty file", args: []string{file("empty.jsonld")}, code: 1, stderr: "the file is empty"},
		{name: "quotes without positions", args: []string{file("quote-only.jsonld")}, code: 0},
		{name: "/dev/zero", args: []string{"/dev/zero"}, code: 1, stderr: "/dev/zero: not a regular file"},
		{name: "a FIFO nobody writes to", args: []string{in.fifoEmpty}, code: 1, stderr: "not a regular file"},
		{name: "a FIFO fed endlessly", args: []string{in.fifoEndless}, code: 1, stderr: "not a regular file"},
		{name: "/dev/zero on standard input", args: []string{"-"}, code: 1, stderr: "standard input: larger than " + limitMB,
			stdin: func() io.Reader { f, _ := os.Open("/dev/zero"); t.Cleanup(func() { f.Close() }); return f }, input: annotations.MaxFileSize},
		{name: "an endless pipe on standard input", args: []string{"-"}, code: 1, stderr: "standard input: larger than " + limitMB,
			stdin: func() io.Reader { return endless{} }, input: annotations.MaxFileSize},
		{name: "a file on standard input", args: []string{"-"}, code: 0, stdout: "standard input: valid: 13",
			stdin: func() io.Reader { f, _ := os.Open(file("formulas.jsonld")); t.Cleanup(func() { f.Close() }); return f }, input: size(t, file("formulas.jsonld"))},
		{name: "over the size limit", args: []string{in.big25}, code: 1, stderr: "larger than " + limitMB},
		{name: "100,000 annotations", args: []string{big}, code: 0, stdout: "valid: 100000 with a text target"},
		{name: "a folder", args: []string{in.folder}, code: 1, stderr: "a folder, not a file"},
		{name: "a missing file", args: []string{in.missing}, code: 1, stderr: "no such file"},
		{name: "a name with an escape sequence and a newline", args: []string{in.badName}, code: 0, stdout: `name\x1b[2J\x0aFAKE-LINE: valid\u202e.jsonld: valid: 13`},
	}
	if root { // root reads any file: the refusal cannot be seen here
		cases = append(cases, tc{name: "a file without read permission (read as root)", args: []string{in.unreadable}, code: 0})
	} else {
		cases = append(cases, tc{name: "a file without read permission", args: []string{in.unreadable}, code: 1, stderr: "permission denied"})
	}
	all := []string{}
	for _, c := range cases {
		if c.stdin == nil && c.args[0] != big && c.args[0] != in.fifoEmpty && c.args[0] != in.fifoEndless {
			all = append(all, c.args...)
		}
	}
	cases = append(cases, tc{name: "all at once", args: all, code: 1})

	for _, cmd := range [][]string{{"validate"}, {"report"}, {"report", "-format", "csv"}, {"merge"}} {
		for _, c := range cases {
			if cmd[0] == "merge" && c.name == "all at once" {
				continue // stops at the first bad file, like the others
			}
			t.Run(strings.Join(cmd, " ")+"/"+c.name, func(t *testing.T) {
				var stdin io.Reader
				if c.stdin != nil {
					stdin = c.stdin()
				}
				args := append(append([]string{}, cmd...), c.args...)
				out := filepath.Join(t.TempDir(), "out")
				if cmd[0] != "validate" {
					args = append(args, "-o", out)
					if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				r := runChild(t, stdin, args...)
				check(t, r, c.input+size(t, c.args...))
				want := c.code
				if cmd[0] == "merge" && want == 0 {
					want = -1 // merge also refuses what it could not write readably
				}
				if want >= 0 && r.code != want {
					t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, want, r.stdout, r.stderr)
				}
				if r.code == 1 && c.stderr != "" && !strings.Contains(r.stderr, c.stderr) {
					t.Errorf("stderr does not say %q:\n%s", c.stderr, r.stderr)
				}
				if cmd[0] == "merge" && r.code == 1 && c.mergeSays != "" && !strings.Contains(r.stderr, c.mergeSays) {
					t.Errorf("stderr does not say %q:\n%s", c.mergeSays, r.stderr)
				}
				if cmd[0] == "validate" && r.code == 0 && c.stdout != "" && !strings.Contains(r.stdout, c.stdout) {
					t.Errorf("stdout does not say %q:\n%s", c.stdout, r.stdout)
				}
				if r.code == 1 && strings.Contains(r.stderr, "internal error") {
					t.Logf("a bug to fix at its root: %s", r.stderr)
				}
				switch {
				case cmd[0] == "validate":
				case r.code != 0:
					if b, _ := os.ReadFile(out); string(b) != "old" {
						t.Errorf("%s failed but changed %s", cmd[0], out)
					}
					if m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.tmp")); len(m) > 0 {
						t.Errorf("%s left %q behind", cmd[0], m)
					}
				case cmd[0] == "merge":
					mergedReadsBack(t, out)
				case cmd[0] == "report":
					b, err := os.ReadFile(out)
					if err != nil {
						t.Fatal(err)
					}
					checkReport(t, cmd[len(cmd)-1] == "csv", string(b))
				}
			})
		}
	}
}

// mergedReadsBack checks a file merge wrote: validate accepts it and it
// decodes.
func mergedReadsBack(t *testing.T, path string) *annotations.Import {
	t.Helper()
	r := runChild(t, nil, "validate", path)
	check(t, r, size(t, path))
	if r.code != 0 {
		t.Errorf("validate refuses what merge wrote: %s", r.stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(b, []byte("\n")) != 1 || !bytes.HasSuffix(b, []byte("\n")) {
		t.Errorf("the merged file is not one line of compact JSON")
	}
	im, err := annotations.Decode(b)
	if err != nil {
		t.Fatalf("the merged file does not decode: %v", err)
	}
	return im
}

// cellBorder is a | not escaped by a backslash.
var cellBorder = regexp.MustCompile(`(^|[^\\])(\\\\)*\|`)

// checkReport checks a report holds nothing a spreadsheet would run or a
// Markdown page would render as markup.
func checkReport(t *testing.T, isCSV bool, out string) {
	t.Helper()
	if r, ok := shown(out, "\n\t"); !ok {
		t.Errorf("the report holds %U", r)
	}
	if isCSV {
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("the CSV does not parse: %v", err)
		}
		for _, row := range rows {
			for _, cell := range row {
				if c := strings.TrimLeft(cell, " "); c != "" && strings.ContainsAny(c[:1], "=+-@\t\r") {
					t.Errorf("a CSV cell starts with a formula character: %q", cell)
				}
			}
		}
		return
	}
	if strings.Contains(out, "<") {
		t.Errorf("the Markdown report holds a raw <:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		if n := len(cellBorder.FindAllString(line, -1)); n != 8 {
			t.Errorf("a table row with %d cell borders, not 8: %s", n, line)
		}
	}
}

// TestCLIReportsShowFilesAsText: what notes, quotes and ids hold is shown,
// never run or rendered, in both reports written to stdout.
func TestCLIReportsShowFilesAsText(t *testing.T) {
	files := []string{filepath.Join(corpus, "formulas.jsonld"), filepath.Join(corpus, "controls.jsonld"), filepath.Join(corpus, "hypothesis-controls.json")}
	md := runChild(t, nil, append([]string{"report"}, files...)...)
	check(t, md, size(t, files...))
	if md.code != 0 {
		t.Fatalf("markdown report: exit %d: %s", md.code, md.stderr)
	}
	checkReport(t, false, md.stdout)
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		`\| pipes \| in \| a \| note \|`,
		`\*\*bold\*\* \_em\_ \[x\](javascript:alert(1))`,
		`\\x1b\[31mred\\x1b\[0m ↵ FAKE-LINE`,
		`urn:x:bidi\\u202egnp.exe`,
		"ادعاء: ٣ خطوات — «اقتباس» 😀 mixed English",
	} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("the markdown report does not show %q:\n%s", want, md.stdout)
		}
	}
	if fakeLine.MatchString(md.stdout) {
		t.Errorf("a note printed a line of its own in the markdown report")
	}

	c := runChild(t, nil, append([]string{"report", "-format", "csv"}, files...)...)
	check(t, c, size(t, files...))
	if c.code != 0 {
		t.Fatalf("csv report: exit %d: %s", c.code, c.stderr)
	}
	checkReport(t, true, c.stdout)
	rows, _ := csv.NewReader(strings.NewReader(c.stdout)).ReadAll()
	notes := map[string]bool{}
	for _, row := range rows[1:] {
		notes[row[2]] = true
	}
	for _, want := range []string{"'=cmd|' /C calc'!A0", "'+1+1", "'-2+3", "'@SUM(1+1)*cmd|' /C calc'!A0", "'\t=1+1", "'  =1+1", "\n=1+1",
		"<script>alert(1)</script>", `\x1b[31mred\x1b[0m` + "\nFAKE-LINE: valid: 99 with a text target", "ادعاء: ٣ خطوات — «اقتباس» 😀 mixed English"} {
		if !notes[want] {
			t.Errorf("no CSV note %q in %v", want, notes)
		}
	}
	if len(rows) != 1+13+5+1 {
		t.Errorf("%d CSV rows, want a header and 19", len(rows))
	}
}

// TestCLIMergeKeepsWhatFilesHold: merge writes a file validate accepts,
// holding every id, note and quote exactly as the files had them, control
// characters included; on stdout too.
func TestCLIMergeKeepsWhatFilesHold(t *testing.T) {
	dir := t.TempDir()
	files := []string{filepath.Join(corpus, "controls.jsonld"), filepath.Join(corpus, "formulas.jsonld")}
	want := map[string]annotations.Annotation{}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		im, err := annotations.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range im.Annotations {
			want[a.ID] = a
		}
	}
	out := filepath.Join(dir, "merged.jsonld")
	r := runChild(t, nil, append(append([]string{"merge"}, files...), "-o", out)...)
	check(t, r, size(t, files...))
	if r.code != 0 {
		t.Fatalf("merge: exit %d: %s", r.code, r.stderr)
	}
	im := mergedReadsBack(t, out)
	if len(im.Annotations) != len(want) {
		t.Errorf("%d merged, want %d", len(im.Annotations), len(want))
	}
	for _, a := range im.Annotations {
		w, ok := want[a.ID]
		if !ok || a.Note != w.Note || a.Target.Quote != w.Target.Quote || a.Tag != w.Tag || a.Target.Position != w.Target.Position {
			t.Errorf("merge changed %q: %+v, want %+v", a.ID, a, w)
		}
	}
	written, _ := os.ReadFile(out)
	if r, ok := shown(string(written), "\n"); !ok {
		t.Errorf("the merged file shows %U raw", r)
	}

	s := runChild(t, nil, append([]string{"merge"}, files...)...)
	check(t, s, size(t, files...))
	if s.code != 0 || s.stdout != string(written) {
		t.Errorf("merge to stdout: exit %d, and it differs from the file: %s", s.code, s.stderr)
	}
	if n := strings.Count(s.stderr, "\n"); n != 2 {
		t.Errorf("merge says %d lines, want one per file:\n%s", n, s.stderr)
	}

	// Positions not known (a Hypothesis export, quotes only): the file the
	// encoder writes has start -1, which the app refuses, so merge refuses
	// to write it. Once the encoder leaves such positions out, it writes
	// a file the app reads.
	for _, f := range []string{"hypothesis-controls.json", "quote-only.jsonld"} {
		out := filepath.Join(dir, f+".merged")
		in := filepath.Join(corpus, f)
		r := runChild(t, nil, "merge", in, "-o", out)
		check(t, r, size(t, in))
		switch r.code {
		case 0:
			mergedReadsBack(t, out)
		default:
			if !strings.Contains(r.stderr, "not a file the app would read") {
				t.Errorf("merge %s: %s", f, r.stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("merge %s wrote a file it says the app refuses", f)
			}
		}
	}
}

// TestCLIOutputFiles: -o replaces a file through a new temporary file in
// its folder, keeps its permissions, never follows a link planted beside
// it or at it, and leaves nothing behind when it fails.
func TestCLIOutputFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(corpus, "formulas.jsonld")
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	unchanged := func(path, content string) {
		t.Helper()
		if b, err := os.ReadFile(path); err != nil || string(b) != content {
			t.Errorf("%s changed: %q, %v", path, b, err)
		}
	}
	mode := func(path string) os.FileMode {
		t.Helper()
		st, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		return st.Mode()
	}

	// The link the old code wrote through.
	out := filepath.Join(dir, "out.jsonld")
	if err := os.Symlink(victim, out+".tmp"); err != nil {
		t.Fatal(err)
	}
	r := runChild(t, nil, "merge", in, "-o", out)
	check(t, r, size(t, in))
	if r.code != 0 {
		t.Fatalf("merge with a link planted at out.jsonld.tmp: exit %d: %s", r.code, r.stderr)
	}
	unchanged(victim, "precious")
	if mode(out+".tmp")&os.ModeSymlink == 0 {
		t.Error("the planted link was replaced")
	}
	m := syscall.Umask(0)
	syscall.Umask(m)
	if got, want := mode(out), os.FileMode(0o644)&^os.FileMode(m); got != want {
		t.Errorf("a new file has mode %v, want %v", got, want)
	}
	mergedReadsBack(t, out)

	// A 0600 file stays 0600, for merge and report.
	for _, cmd := range [][]string{{"merge"}, {"report"}, {"report", "-format", "csv"}} {
		private := filepath.Join(dir, "private-"+strings.Join(cmd, ""))
		if err := os.WriteFile(private, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		r := runChild(t, nil, append(append(append([]string{}, cmd...), in), "-o", private)...)
		check(t, r, size(t, in))
		if r.code != 0 || mode(private) != 0o600 {
			t.Errorf("%s -o on a 0600 file: exit %d, mode %v: %s", cmd, r.code, mode(private), r.stderr)
		}
	}

	// A destination that is a link is refused: the link and what it points
	// to stay as they were.
	link := filepath.Join(dir, "link.jsonld")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"merge", "report"} {
		r := runChild(t, nil, cmd, in, "-o", link)
		check(t, r, size(t, in))
		if r.code != 1 || !strings.Contains(r.stderr, "a symbolic link (to "+victim+")") {
			t.Errorf("%s -o a link: exit %d: %s", cmd, r.code, r.stderr)
		}
		unchanged(victim, "precious")
		if mode(link)&os.ModeSymlink == 0 {
			t.Errorf("%s replaced the link", cmd)
		}
	}

	// A folder, a missing folder, a device.
	for _, o := range []string{dir, filepath.Join(dir, "missing", "out.jsonld"), "/dev/null"} {
		r := runChild(t, nil, "merge", in, "-o", o)
		check(t, r, size(t, in))
		if r.code != 1 {
			t.Errorf("merge -o %s: exit %d: %s", o, r.code, r.stderr)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %q", leftovers)
	}
}

// TestCLIInterruptedWrite: SIGINT or SIGTERM while merge writes removes
// the temporary file, leaves the destination as it was and exits 1. Not
// interrupted, the same merge writes a file the app reads.
func TestCLIInterruptedWrite(t *testing.T) {
	dir := t.TempDir()
	// Large enough that writing, syncing and reading back take a while:
	// 7 MB, merged into 14 MB.
	in := bigFile(t, filepath.Join(dir, "in.jsonld"), 40000)
	whole := filepath.Join(dir, "whole.jsonld")
	r := runChild(t, nil, "merge", in, "-o", whole)
	check(t, r, size(t, in, whole))
	if r.code != 0 {
		t.Fatalf("merge of 40,000 annotations: exit %d: %s", r.code, r.stderr)
	}
	if im := mergedReadsBack(t, whole); len(im.Annotations) != 40000 {
		t.Errorf("the merged file holds %d annotations", len(im.Annotations))
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(dir, "out.jsonld")
			if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), maxWall)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary(t), "merge", in, "-o", out)
			var e bytes.Buffer
			cmd.Stderr = &e
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			pattern := filepath.Join(dir, ".out.jsonld.*.tmp")
			var sent bool
		poll:
			for {
				select {
				case <-exited:
					t.Fatalf("merge ended before its temporary file was seen: %s", e.String())
				case <-time.After(time.Millisecond):
				}
				if m, _ := filepath.Glob(pattern); len(m) > 0 {
					cmd.Process.Signal(sig)
					sent = true
					break poll
				}
			}
			<-exited
			if !sent || cmd.ProcessState.ExitCode() != 1 || !strings.Contains(e.String(), "was not written") {
				t.Errorf("after %v: exit %d: %s", sig, cmd.ProcessState.ExitCode(), e.String())
			}
			if m, _ := filepath.Glob(pattern); len(m) > 0 {
				t.Errorf("temporary file left behind: %q", m)
			}
			if b, _ := os.ReadFile(out); string(b) != "old" {
				t.Errorf("the destination changed")
			}
		})
	}
}

// TestCLIUsageIsTheOnlyTwo: exit status 2 means wrong usage, and the
// flag package's message about an argument is escaped too.
func TestCLIUsageIsTheOnlyTwo(t *testing.T) {
	for _, args := range [][]string{{"validate", "-\x1b[2J\nFAKE-LINE"}, {"report", "-format", "html", "x"}, {"merge"}} {
		r := runChild(t, nil, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "Usage: annotator "+args[0]) {
			t.Errorf("%q: exit %d: %s", args, r.code, r.stderr)
		}
		if rr, ok := shown(r.stderr, "\n\t"); !ok || fakeLine.MatchString(r.stderr) {
			t.Errorf("%q: %U or a line of its own on stderr: %q", args, rr, r.stderr)
		}
	}
}
