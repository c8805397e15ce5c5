//go:build !wasm

package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"annotator/annotations"
)

var (
	binOnce sync.Once
	binPath string
	binDir  string
	binErr  error
)

// binary builds the program once, as a user would run it.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "annotator-bin-")
		if err != nil {
			binErr = err
			return
		}
		binDir, binPath = dir, filepath.Join(dir, "annotator")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = err
			t.Log(string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func TestCLIValidate(t *testing.T) {
	good := "../../annotations/testdata/seed-export.golden.jsonld"
	bad := "../../annotations/testdata/hostile/truncated.jsonld"
	out, errs, code := runCLI(t, "validate", good)
	if code != 0 || !strings.Contains(out, "valid: 4 with a text target") || errs != "" {
		t.Errorf("a good file: exit %d, out %q, err %q", code, out, errs)
	}
	out, errs, code = runCLI(t, "validate", good, bad)
	if code != 1 || !strings.HasPrefix(errs, bad+": line 1, column ") || !strings.Contains(out, "valid") {
		t.Errorf("a bad file: exit %d, out %q, err %q", code, out, errs)
	}
	samples, _ := filepath.Glob("../../annotations/testdata/w3c/samples/incorrect/*.json")
	_, errs, code = runCLI(t, append([]string{"validate"}, samples...)...)
	if code != 1 || strings.Count(errs, "\n") != len(samples) {
		t.Errorf("the incorrect samples: exit %d, %d messages for %d files", code, strings.Count(errs, "\n"), len(samples))
	}
	if _, errs, code = runCLI(t, "validate"); code != 2 || !strings.Contains(errs, "Usage") {
		t.Errorf("no file: exit %d, %q", code, errs)
	}
	for _, c := range []string{"validate", "merge", "report"} {
		if _, errs, code := runCLI(t, c, "-h"); code != 0 || !strings.Contains(errs, "Usage: annotator "+c) {
			t.Errorf("%s -h: exit %d, %q", c, code, errs)
		}
	}
}

func TestCLIMergeAndReport(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	mk := func(id string, tag annotations.Tag, tg annotations.Target, note string, mod time.Time) annotations.Annotation {
		return annotations.Annotation{ID: "urn:uuid:bbbbbbbb-0000-4000-8000-00000000000" + id, Tag: tag, Note: note, Created: at, Modified: mod, Target: tg}
	}
	shared := describeSeed(t, 9, "ثلاث خطوات")
	a := readerFile(t, dir, "a.jsonld", []annotations.Annotation{
		mk("1", annotations.Quote, shared, "old | note", at),
		mk("2", annotations.Source, describeSeed(t, 13, "Memorandum"), "", at),
	})
	b := readerFile(t, dir, "b.jsonld", []annotations.Annotation{
		mk("1", annotations.Quote, shared, "newer note,\nwith a comma", at.Add(time.Hour)),
		mk("3", annotations.Claim, describeSeed(t, 11, "أسلوب بوتين فاشلٌ"), "ملاحظة", at),
	})
	merged := filepath.Join(dir, "merged.jsonld")
	_, errs, code := runCLI(t, "merge", a, b, "-o", merged)
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(merged)
	if err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(data)
	if err != nil || len(im.Annotations) != 3 {
		t.Fatalf("merged file: %v, %d annotations", err, len(im.Annotations))
	}
	for _, x := range im.Annotations {
		if strings.HasSuffix(x.ID, "1") && x.Note != "newer note,\nwith a comma" {
			t.Errorf("merge kept %q, want the newer note", x.Note)
		}
		if x.Target.Language != "ar" || x.Target.Direction != "rtl" {
			t.Errorf("merge lost the target's language and direction: %+v", x.Target)
		}
	}
	// Merging is the same in any order and with itself.
	other := filepath.Join(dir, "other.jsonld")
	runCLI(t, "merge", b, a, merged, "-o", other)
	if o, _ := os.ReadFile(other); !bytes.Equal(o, data) {
		t.Error("merge b a merged differs from merge a b")
	}
	// An invalid input: nothing is written.
	bad := filepath.Join(dir, "out-bad.jsonld")
	if _, errs, code := runCLI(t, "merge", a, "../../annotations/testdata/hostile/not-json.txt", "-o", bad); code != 1 || !strings.Contains(errs, "not-json.txt: line 1") {
		t.Errorf("merge with a bad file: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("merge wrote an output despite a bad input")
	}

	md, _, code := runCLI(t, "report", merged)
	if code != 0 || !strings.Contains(md, "1 claims, 1 quotes, 1 sources.") || !strings.Contains(md, `newer note, ↵ with a comma`) {
		t.Errorf("markdown report (exit %d):\n%s", code, md)
	}
	if strings.Count(md, "\n| ") != 5 { // header, rule and three rows
		t.Errorf("markdown report rows:\n%s", md)
	}
	out, _, code := runCLI(t, "report", "-format", "csv", a)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 3 || rows[0][0] != "tag" || rows[1][2] != "old | note" {
		t.Errorf("csv report (exit %d, %v): %q", code, err, rows)
	}
}
