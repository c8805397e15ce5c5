//go:build !wasm

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"annotator/annotations"
)

const docsDir = "../../annotations/testdata/documents/"

// openFixture opens a committed document as the app would.
func openFixture(t *testing.T, name string) *annotations.Document {
	t.Helper()
	b, err := os.ReadFile(docsDir + name)
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := annotations.Open(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// describeIn describes the first occurrence of needle in d.
func describeIn(t *testing.T, d *annotations.Document, needle string) annotations.Target {
	t.Helper()
	i := strings.Index(d.Text, needle)
	if i < 0 {
		t.Fatalf("%q not in the document", needle)
	}
	start := annotations.ByteToCodePoint(d.Text, i)
	tg, err := annotations.Describe(d, start, start+len([]rune(needle)))
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// writeAnnotations writes annotations as an export of d (with its text,
// or without).
func writeAnnotations(t *testing.T, path string, d *annotations.Document, withText bool, list ...annotations.Annotation) string {
	t.Helper()
	var b bytes.Buffer
	e := annotations.NewEncoder(&b)
	if withText {
		e.WithText()
	}
	if err := e.Encode(d, list); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// doc prints what the app makes of a windows-1256 text and of saved web
// pages: the id, how the file was read, the title, the blocks; -o writes
// the text whose hash is the id.
func TestCLIDoc(t *testing.T) {
	w1256, page, hostile := docsDir+"news-windows-1256.txt", docsDir+"page-windows-1256.html", docsDir+"hostile.html"
	out, errs, code := runCLI(t, "doc", w1256, page, hostile)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		w1256 + ": " + openFixture(t, "news-windows-1256.txt").ID,
		"  read as: text, windows-1256 (guessed: not UTF-8, no byte order mark, no declaration)\n",
		"  title: الاتفاق على وقفِ إطلاق النار في المدينة\n",
		"  language: ar, rtl; 265 code points in 5 blocks\n",
		"     0  rtl   date              الأربعاء، 21 يناير 2026\n",
		"     4  ltr   source            Source: Ministry statement, 21 January 2026\n",
		page + ": " + openFixture(t, "page-windows-1256.html").ID,
		"  read as: html, windows-1256 (declared by the page)\n",
		"     2  rtl   heading           «گفتگو» مع الكاتب\n",
		hostile + ": " + openFixture(t, "hostile.html").ID,
		"     3  rtl   paragraph         قال المتحدث إنّ الكتاب صدر أمس، وأضاف أن «المفاوضات» ستُستأنف الأسبوع المقـــبل.\n",
		"    18  rtl   pre                 سطر ثان <tag>\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not hold %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "MARKER") || strings.Contains(out, "javascript") {
		t.Errorf("something of the page's markup was printed:\n%s", out)
	}

	// -o: the text, UTF-8, whose SHA-256 is the id.
	text := filepath.Join(t.TempDir(), "text.txt")
	if _, errs, code := runCLI(t, "doc", page, "-o", text); code != 0 {
		t.Fatalf("doc -o: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(text)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(b); "urn:sha256:"+hex.EncodeToString(sum[:]) != openFixture(t, "page-windows-1256.html").ID {
		t.Errorf("the text written does not hash to the id: %q", b)
	}
	if _, errs, code := runCLI(t, "doc", page, w1256, "-o", text); code != 2 || !strings.Contains(errs, "Usage: annotator doc") {
		t.Errorf("-o with two files: exit %d: %s", code, errs)
	}
	if _, errs, code := runCLI(t, "doc"); code != 2 || !strings.Contains(errs, "Usage: annotator doc") {
		t.Errorf("no file: exit %d: %s", code, errs)
	}
	if _, errs, code := runCLI(t, "doc", "-h"); code != 0 || !strings.Contains(errs, "Usage: annotator doc") {
		t.Errorf("-h: exit %d: %s", code, errs)
	}

	// What cannot be opened says why; the others are still shown.
	dir := t.TempDir()
	bin := filepath.Join(dir, "image.txt")
	os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644)
	empty := filepath.Join(dir, "empty.html")
	os.WriteFile(empty, []byte("<script>alert(1)</script><nav>menu</nav>"), 0o644)
	out, errs, code = runCLI(t, "doc", bin, empty, w1256)
	if code != 1 || !strings.Contains(errs, bin+": a PNG image, not a text") || !strings.Contains(errs, empty+": the page has no text to read") || !strings.Contains(out, "windows-1256") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// report -text checks each annotation against a document's text: its
// position holds its quote or not, where it is found, the passage in
// context. merge -text places the annotations on that text and writes it
// with them.
func TestCLIReportAndMergeWithText(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	news := openFixture(t, "news-windows-1256.txt")
	a := annotations.Annotation{ID: "urn:uuid:cccccccc-0000-4000-8000-000000000001", Tag: annotations.Claim, Note: "مصدر؟",
		Created: at, Modified: at, Target: describeIn(t, news, "المفاوضات ستُستأنف")}
	b := annotations.Annotation{ID: "urn:uuid:cccccccc-0000-4000-8000-000000000002", Tag: annotations.Source,
		Created: at, Modified: at, Target: describeIn(t, news, "Ministry statement")}
	file := writeAnnotations(t, filepath.Join(dir, "news.jsonld"), news, false, a, b)

	// Against the windows-1256 file they were made on: every position holds.
	out, errs, code := runCLI(t, "report", file, "-text", docsDir+"news-windows-1256.txt")
	if code != 0 {
		t.Fatalf("report -text: exit %d: %s", code, errs)
	}
	for _, want := range []string{"2 of 2 positions hold their quotes", "| holds the quote | anchored at ", "⟦المفاوضات ستُستأنف⟧"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report does not say %q:\n%s", want, out)
		}
	}
	checkReport10(t, out)

	// Against an edited copy (a paragraph inserted at the top): the
	// positions hold other text, each quote is found moved.
	edited := filepath.Join(dir, "edited.txt")
	os.WriteFile(edited, []byte("فقرة جديدة في أعلى النص.\n\n"+news.Text), 0o644)
	out, errs, code = runCLI(t, "report", "-format", "csv", file, "-text", edited)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 3 || len(rows[0]) != 10 {
		t.Fatalf("report -format csv -text: exit %d, %v: %q %s", code, err, rows, errs)
	}
	for _, r := range rows[1:] {
		if r[7] != "holds other text" || !strings.HasPrefix(r[8], "moved to ") || !strings.Contains(r[9], "⟦"+r[1]+"⟧") {
			t.Errorf("row %q", r)
		}
	}

	// merge -text places them on the edited copy and writes its text.
	merged := filepath.Join(dir, "merged.jsonld")
	_, errs, code = runCLI(t, "merge", file, "-text", edited, "-o", merged)
	if code != 0 || !strings.Contains(errs, "0 anchored, 2 moved, 0 fuzzy, 0 ambiguous, 0 orphans") {
		t.Fatalf("merge -text: exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(merged)
	if err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(data)
	if err != nil || im.Document == nil || len(im.Annotations) != 2 {
		t.Fatalf("the merged file: %v, %+v", err, im)
	}
	for _, x := range im.Annotations {
		p := x.Target.Position
		if x.Target.Source != im.Document.ID || im.Document.Slice(p.Start, p.End) != x.Target.Quote.Exact {
			t.Errorf("%s is not placed on the edited text: %+v", x.ID, x.Target)
		}
		if o, ok := annotations.OriginTarget(x); !ok || o.Source != news.ID {
			t.Errorf("%s lost the target it came with", x.ID)
		}
	}
	// The merged file is a text for -text in turn, and validate says it
	// carries one.
	out, _, code = runCLI(t, "report", merged, "-text", merged)
	if code != 0 || !strings.Contains(out, "2 of 2 positions hold their quotes") {
		t.Errorf("report with the text a merged file carries: exit %d:\n%s", code, out)
	}
	if out, _, code := runCLI(t, "validate", merged); code != 0 || !strings.Contains(out, "carries the text of \"الاتفاق على وقفِ إطلاق النار في المدينة\"") {
		t.Errorf("validate: exit %d: %s", code, out)
	}
	// Merged again without -text, the text is not written, and merge
	// says so.
	if out, errs, code := runCLI(t, "merge", merged); code != 0 || strings.Contains(out, `"document"`) || !strings.Contains(errs, "name it with -text to write it with the merge") {
		t.Errorf("merge of a file with its text, without -text: exit %d: %s", code, errs)
	}

	// A saved page as the text: annotations made on it hold.
	page := openFixture(t, "hostile.html")
	onPage := writeAnnotations(t, filepath.Join(dir, "page.jsonld"), page, false, annotations.Annotation{
		ID: "urn:uuid:cccccccc-0000-4000-8000-000000000003", Tag: annotations.Quote, Created: at, Modified: at,
		Target: describeIn(t, page, "«لا تراجع عن الاتفاق»")})
	out, errs, code = runCLI(t, "report", onPage, "-text", docsDir+"hostile.html")
	if code != 0 || !strings.Contains(out, "1 of 1 positions hold their quotes") || !strings.Contains(out, "anchored at") {
		t.Errorf("report on a page: exit %d: %s\n%s", code, errs, out)
	}

	// A text that cannot be read: nothing is reported.
	if _, errs, code := runCLI(t, "report", file, "-text", filepath.Join(dir, "missing.txt")); code != 1 || !strings.Contains(errs, "missing.txt: ") {
		t.Errorf("a missing text: exit %d: %s", code, errs)
	}
	// Without -text, merge and report are as they were.
	out, _, code = runCLI(t, "report", file)
	if code != 0 || strings.Contains(out, "position") || strings.Contains(out, "Checked against") {
		t.Errorf("report without -text:\n%s", out)
	}
	plain := filepath.Join(dir, "plain.jsonld")
	if _, errs, code := runCLI(t, "merge", file, "-o", plain); code != 0 {
		t.Fatalf("merge: %s", errs)
	}
	if b, _ := os.ReadFile(plain); bytes.Contains(b, []byte(`"document"`)) {
		t.Error("merge without -text wrote a text")
	}
}

// checkReport10 checks a Markdown report with the three columns -text
// adds: every table row has 11 cell borders and nothing is markup.
func checkReport10(t *testing.T, out string) {
	t.Helper()
	if strings.Contains(out, "<") {
		t.Errorf("the report holds a raw <:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.HasPrefix(line, "|") {
			if n := len(cellBorder.FindAllString(line, -1)); n != 11 {
				t.Errorf("a table row with %d cell borders, not 11: %s", n, line)
			}
		}
	}
}

// TestCLIDocHostileInputs: doc, and report and merge with -text, against
// hostile documents: terminal escapes, bidi and C1 controls and a line of
// its own in the text, a hostile page, devices, FIFOs, binary data, a file
// over the limit and a large page. Every run exits 0 or 1 in bounded time
// and memory, and prints nothing that acts on a terminal (see check).
func TestCLIDocHostileInputs(t *testing.T) {
	dir := t.TempDir()
	in := makeHostileInputs(t, dir)
	controls := filepath.Join(dir, "controls\x1b[2J\nFAKE-LINE.txt")
	os.WriteFile(controls, []byte(strings.Repeat("عنوان المقال في سطره الأول\n\n", 4)+
		"FAKE-LINE: \x1b[2J\x1b]0;title\x07 نص\u202eمعكوس\u2066 و\u009b31m سطر\u2028FAKE-LINE\n"), 0o644)
	noise := filepath.Join(dir, "noise.txt")
	b := make([]byte, 1<<16)
	for i := range b {
		b[i] = byte(i * 7919 >> 3)
	}
	os.WriteFile(noise, b, 0o644)
	over := filepath.Join(dir, "over.txt")
	os.WriteFile(over, bytes.Repeat([]byte("نص طويل "), annotations.MaxDocumentSize/14+1), 0o644)
	large := filepath.Join(dir, "large.html")
	os.WriteFile(large, bytes.Repeat([]byte("<p>نص <b>عريض</b> &amp; <a href=\"javascript:x()\" onclick=\"y()\">كلمات</a> أخرى</p>\n"), (8<<20)/90), 0o644)
	hostile := docsDir + "hostile.html"
	annotationsFile := filepath.Join(corpus, "formulas.jsonld")

	type tc struct {
		name   string
		args   []string
		stdin  func() *os.File
		input  int64
		code   int
		stdout string // what stdout holds, escaped, if the exit is 0
		stderr string // what stderr says, if the exit is 1
	}
	devZero := func() *os.File { f, _ := os.Open("/dev/zero"); t.Cleanup(func() { f.Close() }); return f }
	cases := []tc{
		{name: "controls in the text and the name", args: []string{"doc", controls}, code: 0,
			stdout: `FAKE-LINE: \x1b[2J\x1b]0;title\x07 نص\u202eمعكوس\u2066 و\u009b31m سطر\u2028FAKE-LINE`},
		{name: "a hostile page", args: []string{"doc", hostile}, code: 0, stdout: "«لا تراجع عن الاتفاق»"},
		{name: "a large page", args: []string{"doc", large}, code: 0, stdout: "نص عريض & كلمات أخرى"},
		{name: "binary data", args: []string{"doc", noise}, code: 1, stderr: "not text"},
		{name: "over the size limit", args: []string{"doc", over}, code: 1, stderr: "documents over 16 MB are not opened"},
		{name: "over the file limit", args: []string{"doc", in.big25}, code: 1, stderr: "larger than " + limitMB},
		{name: "/dev/zero", args: []string{"doc", "/dev/zero"}, code: 1, stderr: "not a regular file"},
		{name: "an endless FIFO", args: []string{"doc", in.fifoEndless}, code: 1, stderr: "not a regular file"},
		{name: "/dev/zero on standard input", args: []string{"doc", "-"}, stdin: devZero, input: annotations.MaxFileSize, code: 1, stderr: "larger than " + limitMB},
		{name: "a folder", args: []string{"doc", in.folder}, code: 1, stderr: "a folder, not a file"},
		{name: "report against controls", args: []string{"report", annotationsFile, "-text", controls}, code: 0},
		{name: "report against a hostile page, as CSV", args: []string{"report", "-format", "csv", annotationsFile, "-text", hostile}, code: 0},
		{name: "report against binary data", args: []string{"report", annotationsFile, "-text", noise}, code: 1, stderr: "not text"},
		{name: "merge onto a text none of them is on", args: []string{"merge", annotationsFile, "-text", controls, "-o", filepath.Join(dir, "merged.jsonld")}, code: 1,
			stderr: "is on that text (is it the right one?); nothing was written"},
		{name: "merge onto /dev/zero", args: []string{"merge", annotationsFile, "-text", "/dev/zero"}, code: 1, stderr: "not a regular file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r child
			if c.stdin != nil {
				r = runChild(t, c.stdin(), c.args...)
			} else {
				r = runChild(t, nil, c.args...)
			}
			files := []string{}
			for _, a := range c.args[1:] {
				if a != "/dev/zero" && a != in.fifoEndless {
					files = append(files, a)
				}
			}
			check(t, r, c.input+size(t, files...))
			if r.code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %.2000s\nstderr: %s", r.code, c.code, r.stdout, r.stderr)
			}
			if c.code == 0 && c.stdout != "" && !strings.Contains(r.stdout, c.stdout) {
				t.Errorf("stdout does not hold %q:\n%.3000s", c.stdout, r.stdout)
			}
			if c.code == 1 && !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("stderr does not say %q:\n%s", c.stderr, r.stderr)
			}
			if fakeLine.MatchString(r.stdout) {
				t.Errorf("the document printed a line of its own:\n%s", r.stdout)
			}
			for _, m := range []string{"MARKER", "javascript", "onclick"} {
				if c.args[0] == "doc" && strings.Contains(r.stdout, m) {
					t.Errorf("%q reached stdout", m)
				}
			}
		})
	}
}
