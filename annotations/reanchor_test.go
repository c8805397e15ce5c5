package annotations_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"annotator/annotations"
)

// republishNote is the paragraph a re-published copy of the seed has at
// its top.
const republishNote = "نعيد نشر هذا المقال بإذن من كاتبه.\n\n"

// isTashkeel reports whether r is one of the marks a re-published copy
// strips: the tashkeel U+064B–U+0652 and the superscript alef.
func isTashkeel(r rune) bool { return r >= 0x064B && r <= 0x0652 || r == 0x0670 }

// republishMapped makes the re-published copy of text (a paragraph
// inserted at the top, tashkeel stripped, NBSP made spaces) and says where
// each code point went: at[i] is the offset in the copy of code point i of
// text, or of the next code point kept if it was stripped; at[len] is the
// copy's length.
func republishMapped(text string) (string, []int) {
	runes := []rune(text)
	out := []rune(republishNote)
	at := make([]int, len(runes)+1)
	for i, r := range runes {
		at[i] = len(out)
		switch {
		case isTashkeel(r):
		case r == '\u00a0':
			out = append(out, ' ')
		default:
			out = append(out, r)
		}
	}
	at[len(runes)] = len(out)
	return string(out), at
}

// selection is a span of the seed and the same passage in the copy.
type selection struct {
	start, end         int // in the seed
	copyStart, copyEnd int // in the re-published copy
}

// randomSelections draws n spans of d as a reader's selections would be:
// from a few code points to a few hundred, never starting or ending inside
// a letter's marks (so never just before a combining mark), sometimes
// starting or ending with white space or a newline, never only white space.
func randomSelections(tb testing.TB, d *annotations.Document, at []int, n int) []selection {
	tb.Helper()
	rng := rand.New(rand.NewPCG(2026, 121))
	runes := []rune(d.Text)
	mark := func(i int) bool { return i < len(runes) && unicode.Is(unicode.Mn, runes[i]) }
	out := make([]selection, 0, n)
	for len(out) < n {
		var size int
		switch rng.IntN(3) {
		case 0:
			size = 2 + rng.IntN(18)
		case 1:
			size = 2 + rng.IntN(100)
		default:
			size = 2 + rng.IntN(400)
		}
		s := rng.IntN(len(runes) - 1)
		e := min(len(runes), s+size)
		if mark(s) || mark(e) || strings.TrimSpace(string(runes[s:e])) == "" {
			continue
		}
		out = append(out, selection{s, e, at[s], at[e]})
	}
	return out
}

// republishedSeed parses the seed and its re-published copy and draws n
// selections of the seed.
func republishedSeed(tb testing.TB, n int) (seedDoc, copyDoc *annotations.Document, sels []selection) {
	tb.Helper()
	seedDoc = seed(tb)
	text, at := republishMapped(seedDoc.Text)
	copyDoc, err := annotations.Parse(text)
	if err != nil {
		tb.Fatal(err)
	}
	if copyDoc.Text != text {
		tb.Fatal("the re-published copy changed when parsed: its offsets would not be known")
	}
	return seedDoc, copyDoc, randomSelections(tb, seedDoc, at, n)
}

// TestReanchorRepublished describes 1,000 random selections on the
// re-published copy of the seed and locates them in the seed, then the
// other way round: every one must land on exactly the same passage, white
// space at its edges and the marks of its last letter included.
func TestReanchorRepublished(t *testing.T) {
	seedDoc, copyDoc, sels := republishedSeed(t, 1000)
	edges := 0
	for _, s := range sels {
		q := []rune(seedDoc.Slice(s.start, s.end))
		if unicode.IsSpace(q[0]) || unicode.IsSpace(q[len(q)-1]) {
			edges++
		}
	}
	t.Logf("%d of %d selections start or end with white space", edges, len(sels))

	type direction struct {
		name     string
		from, to *annotations.Document
		span     func(selection) (int, int, int, int) // from, then to
	}
	for _, dir := range []direction{
		{"copy to seed", copyDoc, seedDoc, func(s selection) (int, int, int, int) { return s.copyStart, s.copyEnd, s.start, s.end }},
		{"seed to copy", seedDoc, copyDoc, func(s selection) (int, int, int, int) { return s.start, s.end, s.copyStart, s.copyEnd }},
	} {
		t.Run(dir.name, func(t *testing.T) {
			targets := make([]annotations.Target, len(sels))
			for i, s := range sels {
				fs, fe, _, _ := dir.span(s)
				tg, err := annotations.Describe(dir.from, fs, fe)
				if err != nil {
					t.Fatal(err)
				}
				targets[i] = tg
			}
			// One at a time, as a reader opening the page places them.
			began := time.Now()
			a := annotations.NewAnchorer(dir.to)
			one := make([]annotations.Match, len(targets))
			for i, tg := range targets {
				one[i] = a.Locate(tg)
			}
			tookOne := time.Since(began)
			// All at once, as a file is imported.
			began = time.Now()
			all := annotations.NewAnchorer(dir.to).LocateAll(targets)
			tookAll := time.Since(began)

			// Every match must be the original span, moved (every offset
			// changed) and exact or fuzzy. Alone, a passage that is also
			// somewhere else with the same context may be ambiguous, if
			// the original is among its places; a file settles it.
			shown := 0
			check := func(how string, i int, m annotations.Match, ambiguousOK bool) bool {
				_, _, ws, we := dir.span(sels[i])
				moved := m.Status == annotations.Moved || m.Status == annotations.Fuzzy
				if moved && m.Start == ws && m.End == we {
					return true
				}
				if ambiguousOK && m.Status == annotations.Ambiguous && slices.Contains(m.Alternatives, annotations.Span{Start: ws, End: we}) {
					return false
				}
				if shown++; shown <= 10 {
					t.Errorf("%s: %s %.2f: %q landed on %d–%d %q (alternatives %v), want %d–%d %q", how, m.Status, m.Score, targets[i].Quote.Exact,
						m.Start, m.End, dir.to.Slice(m.Start, m.End), m.Alternatives, ws, we, dir.to.Slice(ws, we))
				}
				return false
			}
			exactOne, exactAll, ambiguous := 0, 0, 0
			for i := range sels {
				if check("Locate", i, one[i], true) {
					exactOne++
				} else if one[i].Status == annotations.Ambiguous {
					ambiguous++
				}
				if check("LocateAll", i, all[i], false) {
					exactAll++
				}
			}
			t.Logf("Locate: %d/%d at exactly the original span (%d ambiguous, the original among the places), in %v", exactOne, len(sels), ambiguous, tookOne)
			t.Logf("LocateAll: %d/%d at exactly the original span, in %v", exactAll, len(sels), tookAll)
		})
	}
}
