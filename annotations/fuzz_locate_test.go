package annotations_test

import (
	"slices"
	"testing"

	"annotator/annotations"
)

// FuzzLocate describes a span of a text and locates it in the same text.
// With its position it is anchored at exactly that span. Without, it is
// placed at exactly that span, or it is ambiguous and that span is among
// the places listed (unless the list is full), every one of which holds the
// quote; or an orphan, when quote and context are too short to go by. With
// a hint that is the span's UTF-16 offset in a page where the text starts
// at pageOffset, a hint that is exactly the span (pageOffset 0) places it
// there. Never a panic, never an offset outside the text. The seed corpus
// is in testdata/fuzz/FuzzLocate.
func FuzzLocate(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string, start, end, pageOffset int) {
		d, err := annotations.Parse(text)
		if err != nil {
			return
		}
		tg, err := annotations.Describe(d, start, end)
		if err != nil {
			return
		}
		want := annotations.Span{Start: start, End: end}
		m := annotations.Locate(d, tg)
		if m.Status != annotations.Anchored || m.Start != start || m.End != end {
			t.Fatalf("located %+v, want anchored at %d–%d", m, start, end)
		}

		tg.Position = annotations.TextPosition{Start: -1, End: -1}
		check := func(how string, m annotations.Match, hinted bool) {
			t.Helper()
			switch m.Status {
			case annotations.Orphan:
				if m.Start != 0 || m.End != 0 || m.Alternatives != nil {
					t.Fatalf("%s: orphan %+v places something", how, m)
				}
			case annotations.Moved:
				if !hinted && (m.Start != start || m.End != end) {
					t.Fatalf("%s: moved to %d–%d %q, want %d–%d %q", how, m.Start, m.End, d.Slice(m.Start, m.End), start, end, tg.Quote.Exact)
				}
				if m.Start < 0 || m.End > d.Len() || d.Slice(m.Start, m.End) != tg.Quote.Exact || m.Score != 1 || m.Alternatives != nil {
					t.Fatalf("%s: moved %+v holds %q, not the quote %q", how, m, d.Slice(m.Start, m.End), tg.Quote.Exact)
				}
			case annotations.Ambiguous:
				alts := m.Alternatives
				if m.Start != 0 || m.End != 0 || len(alts) < 2 || len(alts) > annotations.MaxAlternatives {
					t.Fatalf("%s: ambiguous %+v", how, m)
				}
				if len(alts) < annotations.MaxAlternatives && !slices.Contains(alts, want) {
					t.Fatalf("%s: ambiguous between %v, not the span %v", how, alts, want)
				}
				for i, sp := range alts {
					if i > 0 && sp.Start <= alts[i-1].Start || sp.Start < 0 || sp.End > d.Len() || d.Slice(sp.Start, sp.End) != tg.Quote.Exact {
						t.Fatalf("%s: alternative %v of %v holds %q, not the quote %q", how, sp, alts, d.Slice(sp.Start, sp.End), tg.Quote.Exact)
					}
				}
			default:
				t.Fatalf("%s: status %s for a quote of the same text", how, m.Status)
			}
		}
		check("without position", annotations.Locate(d, tg), false)

		pageOffset = max(0, pageOffset%1000)
		u := pageOffset + annotations.CodePointToUTF16(d.Text, start)
		tg.Hint = annotations.Hint{Start: u, End: u + annotations.UTF16Len(tg.Quote.Exact)}
		m = annotations.LocateAll(d, []annotations.Target{tg})[0]
		check("with a hint", m, pageOffset != 0)
		if pageOffset == 0 && m.Status == annotations.Ambiguous && len(m.Alternatives) < annotations.MaxAlternatives {
			t.Fatalf("a hint at exactly the span left it ambiguous between %v", m.Alternatives)
		}
	})
}
