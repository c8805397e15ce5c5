package annotations_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"annotator/annotations"
)

// filesOf is n annotations of the seed as the app makes them: a tag, a
// note on every other one, a creator, a link on every tenth.
func filesOf(tb testing.TB, n int) (*annotations.Document, []annotations.Annotation) {
	tb.Helper()
	d := seed(tb)
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	list := make([]annotations.Annotation, n)
	for i, tg := range randomTargets(tb, d, n) {
		a := annotations.Annotation{ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i), Tag: annotations.Tags[i%3],
			Created: at, Modified: at, Target: tg, Creator: annotations.Agent{ID: "urn:uuid:9b2f1c4e-0000-4000-8000-00000000cafe", Name: "مريم"}}
		if i%2 == 0 {
			a.Note = "يحتاج إلى مصدر ثانٍ — needs a second source"
		}
		if i%10 == 9 {
			a.Links = []string{list[i-1].ID}
		}
		list[i] = a
	}
	return d, list
}

// The file round trip at 1,000 annotations: writing the export, reading
// it, and merging a second reader's copy of it (every version the same).
// These use only what the package has long offered, so the same file
// measures an earlier version beside this one.
func BenchmarkExport1000(b *testing.B) {
	d, list := filesOf(b, 1000)
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := annotations.NewEncoder(&out).Encode(d, list); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len()), "bytes/file")
}

func BenchmarkImport1000(b *testing.B) {
	d, list := filesOf(b, 1000)
	var out bytes.Buffer
	if err := annotations.NewEncoder(&out).Encode(d, list); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(out.Len()))
	for b.Loop() {
		if _, err := annotations.Decode(out.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMergeFile1000(b *testing.B) {
	_, list := filesOf(b, 1000)
	for b.Loop() {
		annotations.MergeFile(list, list, nil)
	}
}
