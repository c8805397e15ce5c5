package annotations_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"annotator/annotations"
)

func TestDescribeThenLocateSeed(t *testing.T) {
	d := seed(t)
	for _, a := range seedAnnotations(t, d) {
		p := a.Target.Position
		if got := d.Slice(p.Start, p.End); got != a.Target.Quote.Exact {
			t.Errorf("%s: slice %q, exact %q", a.ID, got, a.Target.Quote.Exact)
		}
		if n := utf8.RuneCountInString(a.Target.Quote.Prefix); n != annotations.ContextLen {
			t.Errorf("%s: prefix of %d code points", a.ID, n)
		}
		m := annotations.Locate(d, a.Target)
		if m.Status != annotations.Anchored || m.Start != p.Start || m.End != p.End {
			t.Errorf("%s: located %+v, want anchored at %d–%d", a.ID, m, p.Start, p.End)
		}
	}
}

func TestDescribeRejects(t *testing.T) {
	d, _ := annotations.Parse("one two\n\nthree")
	for _, tt := range []struct {
		name       string
		start, end int
	}{
		{"empty", 2, 2},
		{"reversed", 4, 2},
		{"negative", -1, 3},
		{"past the end", 10, 20},
		{"white space only", 7, 9},
	} {
		if _, err := annotations.Describe(d, tt.start, tt.end); err == nil {
			t.Errorf("%s: Describe(%d, %d) succeeded", tt.name, tt.start, tt.end)
		}
	}
}

func TestLocate(t *testing.T) {
	base, _ := annotations.Parse("الخبر الأول: قال بوش نعم.\n\nالخبر الثاني: قال بوش لا.\n\nالخبر الثالث: قال بوش ربما.")
	target := func(needle string, nth int) annotations.Target {
		t.Helper()
		i := -1
		for range nth + 1 {
			j := strings.Index(base.Text[i+1:], needle)
			if j < 0 {
				t.Fatalf("%q #%d not found", needle, nth)
			}
			i += 1 + j
		}
		s := annotations.ByteToCodePoint(base.Text, i)
		tg, err := annotations.Describe(base, s, s+utf8.RuneCountInString(needle))
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	tests := []struct {
		name   string
		text   string // the document the target is located in
		target annotations.Target
		status annotations.Status
		want   string // the text the match must cover, with its context
	}{
		{"unchanged", base.Text, target("قال بوش لا", 0), annotations.Anchored, "الثاني: قال بوش لا."},
		{"paragraph inserted before", "مقدمة جديدة.\n\n" + base.Text, target("قال بوش لا", 0), annotations.Moved, "الثاني: قال بوش لا."},
		{"repeated quote, second one", "مقدمة.\n\n" + base.Text, target("قال بوش", 1), annotations.Moved, "الثاني: قال بوش لا"},
		{"repeated quote, third one", "مقدمة.\n\n" + base.Text, target("قال بوش", 2), annotations.Moved, "الثالث: قال بوش ربما"},
		{"passage deleted", "الخبر الأول: قال بوش نعم.", target("قال بوش لا", 0), annotations.Orphan, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := annotations.Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			m := annotations.Locate(d, tt.target)
			if m.Status != tt.status {
				t.Fatalf("status %s, want %s", m.Status, tt.status)
			}
			if m.Status == annotations.Orphan {
				return
			}
			if got := d.Slice(m.Start, m.End); got != tt.target.Quote.Exact {
				t.Fatalf("matched %q, want %q", got, tt.target.Quote.Exact)
			}
			if around := d.Slice(m.Start-10, m.End+10); !strings.Contains(around, tt.want) {
				t.Errorf("matched in %q, want the place of %q", around, tt.want)
			}
		})
	}
}

// FuzzDescribeLocate describes a random span of a random text and locates
// it again: it is always found exactly where it was.
func FuzzDescribeLocate(f *testing.F) {
	f.Add("كُشِفَ لأول مرة علنًا أن الرئيس", 2, 9)
	f.Add("قال 👍🏽 ثم 🇸🇦 انتهى\nSource: x", 4, 12)
	f.Add("aaaa aaaa aaaa", 5, 9)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		d, err := annotations.Parse(text)
		if err != nil {
			return
		}
		tg, err := annotations.Describe(d, start, end)
		if err != nil {
			return
		}
		if tg.Quote.Exact != d.Slice(start, end) {
			t.Fatalf("exact %q for %d–%d", tg.Quote.Exact, start, end)
		}
		m := annotations.Locate(d, tg)
		if m.Status != annotations.Anchored || m.Start != start || m.End != end {
			t.Fatalf("located %+v, want %d–%d", m, start, end)
		}
		// Without a usable position, a match (short quotes with little
		// context may be orphans, and a quote found in several places with
		// the same context is ambiguous: see FuzzLocate) holds the quote as
		// folding sees it.
		tg.Position = annotations.TextPosition{Start: -1, End: -1}
		m = annotations.Locate(d, tg)
		if m.Status == annotations.Orphan || m.Status == annotations.Ambiguous {
			return
		}
		if m.Start < 0 || m.End > d.Len() || m.Start > m.End || m.Score != 1 ||
			strings.TrimSpace(annotations.FoldString(d.Slice(m.Start, m.End))) != strings.TrimSpace(annotations.FoldString(tg.Quote.Exact)) {
			t.Fatalf("without position: %+v holds %q, quote %q", m, d.Slice(m.Start, m.End), tg.Quote.Exact)
		}
		if m.Status == annotations.Moved && d.Slice(m.Start, m.End) != tg.Quote.Exact {
			t.Fatalf("moved match %q is not the quote %q", d.Slice(m.Start, m.End), tg.Quote.Exact)
		}
	})
}
