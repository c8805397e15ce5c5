package annotations_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"annotator/annotations"
)

// randomTargets describes n random spans of 5 to 60 code points of d.
func randomTargets(tb testing.TB, d *annotations.Document, n int) []annotations.Target {
	tb.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	out := make([]annotations.Target, 0, n)
	for len(out) < n {
		s := rng.IntN(d.Len() - 61)
		tg, err := annotations.Describe(d, s, s+5+rng.IntN(56))
		if err == nil {
			out = append(out, tg)
		}
	}
	return out
}

var tashkeel = regexp.MustCompile("[\u064B-\u0652\u0670]")

// republish edits a text the way a copy on another site differs: a note at
// the top, tashkeel stripped, NBSP made spaces, Arabic commas made Latin.
func republish(text string) string {
	text = "نعيد نشر هذا المقال بإذن من كاتبه.\n\n" + text
	text = tashkeel.ReplaceAllString(text, "")
	return strings.NewReplacer("\u00a0", " ", "،", ",").Replace(text)
}

// largeDocument joins edited copies of the seed until the text is at
// least size bytes; each copy is numbered so the copies differ a little.
func largeDocument(tb testing.TB, size int) *annotations.Document {
	tb.Helper()
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "النسخة %d\n\n", i)
		if i%2 == 1 {
			b.WriteString(republish(seed(tb).Text))
		} else {
			b.WriteString(seed(tb).Text)
		}
		b.WriteString("\n\n")
	}
	d, err := annotations.Parse(b.String())
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkLocateSeed locates 1,000 annotations in the seed they were made
// on, beside the baseline of finding each quote with strings.Index.
func BenchmarkLocateSeed(b *testing.B) {
	d := seed(b)
	targets := randomTargets(b, d, 1000)
	b.Run("baseline=strings.Index", func(b *testing.B) {
		for b.Loop() {
			for _, t := range targets {
				if strings.Index(d.Text, t.Quote.Exact) < 0 {
					b.Fatal("not found")
				}
			}
		}
	})
	b.Run("Locate", func(b *testing.B) {
		for b.Loop() {
			for _, t := range targets {
				if annotations.Locate(d, t).Status != annotations.Anchored {
					b.Fatal("not anchored")
				}
			}
		}
	})
}

// BenchmarkLocateEdited locates 1,000 annotations of the seed in a
// republished copy, building the anchorer (folding and suffix array) each
// time as a page load would; the baseline finds each quote with
// strings.Index, which fails on most of them.
func BenchmarkLocateEdited(b *testing.B) {
	d := seed(b)
	targets := randomTargets(b, d, 1000)
	e, err := annotations.Parse(republish(d.Text))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("baseline=strings.Index", func(b *testing.B) {
		found := 0
		for b.Loop() {
			found = 0
			for _, t := range targets {
				if strings.Index(e.Text, t.Quote.Exact) >= 0 {
					found++
				}
			}
		}
		b.ReportMetric(float64(found), "found")
	})
	b.Run("Locate", func(b *testing.B) {
		placed := 0
		for b.Loop() {
			a := annotations.NewAnchorer(e)
			placed = 0
			for _, t := range targets {
				if a.Locate(t).Status != annotations.Orphan {
					placed++
				}
			}
		}
		b.ReportMetric(float64(placed), "found")
	})
}

// BenchmarkLocateLarge locates 10,000 annotations made on a document of
// edited seed copies in a republished version of it, at two sizes: the time
// per annotation should hardly grow with the text.
func BenchmarkLocateLarge(b *testing.B) {
	for _, size := range []int{256 << 10, 1 << 20} {
		d := largeDocument(b, size)
		targets := randomTargets(b, d, 10000)
		e, err := annotations.Parse(republish(d.Text))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("bytes=%d/baseline=strings.Index", len(d.Text)), func(b *testing.B) {
			for b.Loop() {
				for _, t := range targets[:100] {
					strings.Index(e.Text, t.Quote.Exact)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/annotation")
		})
		b.Run(fmt.Sprintf("bytes=%d/Locate", len(d.Text)), func(b *testing.B) {
			placed := 0
			for b.Loop() {
				a := annotations.NewAnchorer(e)
				placed = 0
				for _, t := range targets {
					if a.Locate(t).Status != annotations.Orphan {
						placed++
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(targets)), "ns/annotation")
			b.ReportMetric(float64(placed), "found")
		})
	}
}

// BenchmarkReanchor1000 locates 1,000 random selections described on the
// re-published copy of the seed in the seed, one at a time and as a file,
// building the anchorer each time as a page load would, and reports how
// many land on exactly the original span.
func BenchmarkReanchor1000(b *testing.B) {
	seedDoc, copyDoc, sels := republishedSeed(b, 1000)
	targets := make([]annotations.Target, len(sels))
	for i, s := range sels {
		tg, err := annotations.Describe(copyDoc, s.copyStart, s.copyEnd)
		if err != nil {
			b.Fatal(err)
		}
		targets[i] = tg
	}
	b.Run("Locate", func(b *testing.B) {
		exact := 0
		for b.Loop() {
			a := annotations.NewAnchorer(seedDoc)
			exact = 0
			for i, t := range targets {
				if m := a.Locate(t); m.Start == sels[i].start && m.End == sels[i].end {
					exact++
				}
			}
		}
		b.ReportMetric(float64(exact), "exact")
	})
	b.Run("LocateAll", func(b *testing.B) {
		exact := 0
		for b.Loop() {
			exact = 0
			for i, m := range annotations.NewAnchorer(seedDoc).LocateAll(targets) {
				if m.Start == sels[i].start && m.End == sels[i].end {
					exact++
				}
			}
		}
		b.ReportMetric(float64(exact), "exact")
	})
}
