package annotations_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"annotator/annotations"
)

// nth returns the code point span of the n-th (from 0) occurrence of
// needle in d's text.
func nth(t testing.TB, d *annotations.Document, needle string, n int) annotations.Span {
	t.Helper()
	at := 0
	for i := 0; ; i++ {
		j := strings.Index(d.Text[at:], needle)
		if j < 0 {
			t.Fatalf("%q has no occurrence #%d", needle, n)
		}
		if i == n {
			s := annotations.ByteToCodePoint(d.Text, at+j)
			return annotations.Span{Start: s, End: s + len([]rune(needle))}
		}
		at += j + 1
	}
}

func describe(t testing.TB, d *annotations.Document, sp annotations.Span) annotations.Target {
	t.Helper()
	tg, err := annotations.Describe(d, sp.Start, sp.End)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// wantAmbiguous fails unless m is Ambiguous between exactly the places
// want, placing nothing.
func wantAmbiguous(t testing.TB, d *annotations.Document, m annotations.Match, want ...annotations.Span) {
	t.Helper()
	if m.Status != annotations.Ambiguous || !slices.Equal(m.Alternatives, want) || m.Start != 0 || m.End != 0 {
		t.Errorf("got %s %d–%d %q, alternatives %v; want ambiguous between %v", m.Status, m.Start, m.End, d.Slice(m.Start, m.End), m.Alternatives, want)
	}
}

// wantAt fails unless m places exactly sp with status st.
func wantAt(t testing.TB, d *annotations.Document, m annotations.Match, st annotations.Status, sp annotations.Span) {
	t.Helper()
	if m.Status != st || m.Start != sp.Start || m.End != sp.End || m.Alternatives != nil {
		t.Errorf("got %s %d–%d %q (alternatives %v), want %s at %d–%d %q", m.Status, m.Start, m.End, d.Slice(m.Start, m.End), m.Alternatives,
			st, sp.Start, sp.End, d.Slice(sp.Start, sp.End))
	}
}

// headline returns the spans of "بوتين" in the seed's headline and in its
// repeat, found through the document's blocks.
func headline(t testing.TB, d *annotations.Document) (first, second annotations.Span) {
	t.Helper()
	var spans []annotations.Span
	for i, b := range d.Blocks {
		if b.Kind != annotations.Title {
			continue
		}
		text := d.BlockText(i)
		j := strings.Index(text, "بوتين")
		if j < 0 {
			t.Fatalf("block %d %q has no بوتين", i, text)
		}
		s := b.Start + annotations.ByteToCodePoint(text, j)
		spans = append(spans, annotations.Span{Start: s, End: s + len([]rune("بوتين"))})
		if len(spans) == 2 && !b.Repeat {
			t.Fatal("the second title block is not marked as a repeat")
		}
	}
	if len(spans) != 2 {
		t.Fatalf("%d title blocks, want the headline and its repeat", len(spans))
	}
	return spans[0], spans[1]
}

// TestAmbiguousHeadline: "بوتين" in the repeat of the seed's headline has
// the same 32 code points of context as in the headline. Without its
// position nothing tells the two apart; with it, it is anchored.
func TestAmbiguousHeadline(t *testing.T) {
	d := seed(t)
	first, second := headline(t, d)
	tg := describe(t, d, second)
	if other := describe(t, d, first); other.Quote != tg.Quote {
		t.Fatalf("the premise fails: the two copies' quotes differ: %+v, %+v", other.Quote, tg.Quote)
	}

	wantAt(t, d, annotations.Locate(d, tg), annotations.Anchored, second)

	quoteOnly := tg
	quoteOnly.Position = annotations.TextPosition{Start: -1, End: -1}
	wantAmbiguous(t, d, annotations.Locate(d, quoteOnly), first, second)
	if m := annotations.Locate(d, quoteOnly); m.Score != 1 {
		t.Errorf("ambiguous score %v, want 1: both places hold the exact quote", m.Score)
	}

	// In the re-published copy the stored position has moved by 33 code
	// points, too much of the distance between the copies to choose.
	text, at := republishMapped(d.Text)
	c, err := annotations.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	firstC := annotations.Span{Start: at[first.Start], End: at[first.End]}
	secondC := annotations.Span{Start: at[second.Start], End: at[second.End]}
	wantAmbiguous(t, c, annotations.Locate(c, tg), firstC, secondC)

	// With the rest of a file, how far its other passages moved settles it.
	_, _, sels := republishedSeed(t, 200)
	targets := []annotations.Target{tg}
	for _, s := range sels {
		targets = append(targets, describe(t, d, annotations.Span{Start: s.start, End: s.end}))
	}
	ms := annotations.LocateAll(c, targets)
	wantAt(t, c, ms[0], annotations.Moved, secondC)
	for i, s := range sels {
		if m := ms[i+1]; m.Start != s.copyStart || m.End != s.copyEnd {
			t.Errorf("%q landed %s on %d–%d, want %d–%d", targets[i+1].Quote.Exact, m.Status, m.Start, m.End, s.copyStart, s.copyEnd)
		}
	}
	// A file of passages with no position: how far the others moved says
	// nothing, and the repeat stays ambiguous.
	for i := range targets {
		targets[i].Position = annotations.TextPosition{Start: -1, End: -1}
	}
	wantAmbiguous(t, c, annotations.LocateAll(c, targets)[0], firstC, secondC)
}

// twice is a text whose paragraph repeated holds passages with the same
// context in both copies.
const repeated = "قال المتحدث باسم الوزارة يوم الأحد إن المحادثات ستستمر الأسبوع المقبل في جنيف، وإن الوفدين اتفقا على جدول الأعمال كاملاً."

func twice(before string) *annotations.Document {
	d, err := annotations.Parse(before + "مقدمة قصيرة 👍🏽 للخبر.\n\n" + repeated + "\n\n" + repeated + "\n\nخاتمة.")
	if err != nil {
		panic(err)
	}
	return d
}

func TestAmbiguousRepeatedParagraph(t *testing.T) {
	const quote = "المحادثات ستستمر الأسبوع"
	d := twice("")
	first, second := nth(t, d, quote, 0), nth(t, d, quote, 1)
	tg := describe(t, d, second)
	if other := describe(t, d, first); other.Quote != tg.Quote {
		t.Fatalf("the premise fails: the copies' contexts differ: %+v, %+v", other.Quote, tg.Quote)
	}
	noPosition := annotations.TextPosition{Start: -1, End: -1}

	t.Run("quote and context, no position", func(t *testing.T) {
		g := tg
		g.Position = noPosition
		wantAmbiguous(t, d, annotations.Locate(d, g), first, second)
	})
	t.Run("quote only", func(t *testing.T) {
		g := annotations.Target{Quote: annotations.TextQuote{Exact: quote}, Position: noPosition}
		wantAmbiguous(t, d, annotations.Locate(d, g), first, second)
	})
	t.Run("the stored position", func(t *testing.T) {
		wantAt(t, d, annotations.Locate(d, tg), annotations.Anchored, second)
	})
	t.Run("the stored position, a little moved, chooses", func(t *testing.T) {
		e := twice("سطر جديد.\n\n")
		wantAt(t, e, annotations.Locate(e, tg), annotations.Moved, nth(t, e, quote, 1))
	})
	t.Run("the stored position, moved by 40% of the gap, does not", func(t *testing.T) {
		gap := second.Start - first.Start
		e := twice(strings.Repeat("س", gap*4/10-1) + "\n")
		wantAmbiguous(t, e, annotations.Locate(e, tg), nth(t, e, quote, 0), nth(t, e, quote, 1))
	})
	t.Run("a hint that is exactly the place", func(t *testing.T) {
		g := tg
		g.Position = noPosition
		u := annotations.CodePointToUTF16(d.Text, second.Start)
		if u == second.Start {
			t.Fatal("the premise fails: UTF-16 and code point offsets agree")
		}
		g.Hint = annotations.Hint{Start: u, End: u + annotations.UTF16Len(quote)}
		wantAt(t, d, annotations.Locate(d, g), annotations.Moved, second)
		wantAt(t, d, annotations.LocateAll(d, []annotations.Target{g})[0], annotations.Moved, second)
		g.Hint.Start++ // a hint that is not a place chooses nothing
		wantAmbiguous(t, d, annotations.Locate(d, g), first, second)
	})
	t.Run("the position and the hint disagree", func(t *testing.T) {
		e := twice("سطر جديد.\n\n")
		g := describe(t, d, first) // its position chooses the first copy
		u := annotations.CodePointToUTF16(e.Text, nth(t, e, quote, 1).Start)
		g.Hint = annotations.Hint{Start: u, End: u + 10}
		wantAmbiguous(t, e, annotations.Locate(e, g), nth(t, e, quote, 0), nth(t, e, quote, 1))
	})
}

// hintedArticle is an article whose paragraph R is printed three times
// between others with emoji, and a page that holds it after 137 UTF-16
// code units of other text (emoji among them).
func hintedArticle(t testing.TB) (d *annotations.Document, pageOffset int) {
	t.Helper()
	const r = "وقال المسؤول في بيان مكتوب إن الحكومة لن تعلق على التقارير قبل انتهاء التحقيق، وإن اللجنة ستنشر نتائجها كاملة."
	text := strings.Join([]string{
		"🇸🇦 تقرير خاص 👍🏽: ما قالته الوثائق عن المفاوضات",
		"بدأت القصة في خريف 2001 🍂 حين التقى الرئيسان في شنغهاي لأول مرة بعد الهجمات.",
		r,
		"Later that week 📰 the White House released a short statement about the talks.",
		r,
		"ثم جاء الرد 🔥 من موسكو بعد ثلاثة أيام، وكان أقصر مما توقعه الجميع في واشنطن.",
		r,
		"النهاية.",
	}, "\n\n")
	d, err := annotations.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return d, 137
}

// hinted describes sp of d as a tool that saw it in a page where d's text
// starts at offset: no position, a hint in the page's UTF-16 units.
func hinted(t testing.TB, d *annotations.Document, sp annotations.Span, offset int) annotations.Target {
	t.Helper()
	tg := describe(t, d, sp)
	tg.Position = annotations.TextPosition{Start: -1, End: -1}
	s := offset + annotations.CodePointToUTF16(d.Text, sp.Start)
	tg.Hint = annotations.Hint{Start: s, End: s + annotations.UTF16Len(tg.Quote.Exact)}
	return tg
}

// TestLocateAllHints places a file of targets from another tool, whose
// hints are offsets in a page where the article starts 137 UTF-16 units
// in: the page offset taken from the passages found once settles those
// printed three times.
func TestLocateAllHints(t *testing.T) {
	d, offset := hintedArticle(t)
	page := "القائمة 🏠 الرئيسية | أخبار | رأي 📰\n" + strings.Repeat("x", 200)
	page = page[:len(page)-(annotations.UTF16Len(page)-offset)]
	if annotations.UTF16Len(page) != offset || annotations.UTF16Len(page) == len([]rune(page)) {
		t.Fatalf("the page's lead is %d UTF-16 units, %d code points", annotations.UTF16Len(page), len([]rune(page)))
	}
	page += d.Text
	unique := []annotations.Span{
		nth(t, d, "تقرير خاص 👍🏽: ما قالته", 0),
		nth(t, d, "حين التقى الرئيسان في شنغهاي", 0),
		nth(t, d, "released a short statement", 0),
		nth(t, d, "من موسكو بعد ثلاثة أيام", 0),
	}
	const inR = "لن تعلق على التقارير"
	var repeats []annotations.Span
	for i := range 3 {
		repeats = append(repeats, nth(t, d, inR, i))
	}
	var targets []annotations.Target
	for _, sp := range append(slices.Clone(unique), repeats...) {
		tg := hinted(t, d, sp, offset)
		// The hint is where the quote is in the page.
		s := annotations.UTF16ToCodePoint(page, tg.Hint.Start)
		if got := string([]rune(page)[s : s+len([]rune(tg.Quote.Exact))]); got != tg.Quote.Exact {
			t.Fatalf("the hint points at %q in the page, not %q", got, tg.Quote.Exact)
		}
		targets = append(targets, tg)
	}

	// Alone, a repeated passage is ambiguous: its hint is not an offset in
	// this text.
	for i := range repeats {
		wantAmbiguous(t, d, annotations.Locate(d, targets[len(unique)+i]), repeats...)
	}
	ms := annotations.LocateAll(d, targets)
	for i, sp := range unique {
		wantAt(t, d, ms[i], annotations.Moved, sp)
	}
	for i, sp := range repeats {
		wantAt(t, d, ms[len(unique)+i], annotations.Moved, sp)
	}

	t.Run("the hints disagree", func(t *testing.T) {
		ts := slices.Clone(targets)
		for i := range unique { // four page offsets, none agreeing
			ts[i] = hinted(t, d, unique[i], offset+300*i)
		}
		ms := annotations.LocateAll(d, ts)
		for i := range repeats {
			wantAmbiguous(t, d, ms[len(unique)+i], repeats...)
		}
	})
	t.Run("only one hint to go by", func(t *testing.T) {
		ts := []annotations.Target{targets[0], targets[len(unique)+1]}
		wantAmbiguous(t, d, annotations.LocateAll(d, ts)[1], repeats...)
	})
	t.Run("a hint between two places", func(t *testing.T) {
		ts := slices.Clone(targets)
		g := &ts[len(unique)+1]
		mid := (annotations.CodePointToUTF16(d.Text, repeats[0].Start) + annotations.CodePointToUTF16(d.Text, repeats[1].Start)) / 2
		g.Hint.Start, g.Hint.End = offset+mid, offset+mid+10
		wantAmbiguous(t, d, annotations.LocateAll(d, ts)[len(unique)+1], repeats...)
	})
	t.Run("the hint and the stored position disagree", func(t *testing.T) {
		ts := slices.Clone(targets)
		g := &ts[len(unique)+2] // its hint says the third copy
		g.Position = annotations.TextPosition{Start: repeats[0].Start + 3, End: repeats[0].End + 3}
		wantAmbiguous(t, d, annotations.LocateAll(d, ts)[len(unique)+2], repeats...)
	})
	t.Run("the seed's headline", func(t *testing.T) {
		s := seed(t)
		first, second := headline(t, s)
		ts := []annotations.Target{hinted(t, s, second, offset)}
		for _, q := range []string{"كُشِفَ لأول مرة علنًا", "الإرهاب الدولي ذي الطابع الإسلامي", "Memorandum of Telephone Conversation"} {
			ts = append(ts, hinted(t, s, nth(t, s, q, 0), offset))
		}
		wantAmbiguous(t, s, annotations.Locate(s, ts[0]), first, second)
		wantAt(t, s, annotations.LocateAll(s, ts)[0], annotations.Moved, second)
	})
}

func ExampleLocateAll() {
	d, _ := annotations.Parse("Bush said yes to the plan.\n\n" +
		"Putin said: we will see what comes of it.\n\n" +
		"Putin said: we will see what comes of it.\n\n" +
		"Bush smiled and changed the subject.")
	// Another tool saw the article in a page with 40 UTF-16 units of other
	// text before it, and kept no position in the article itself.
	none := annotations.TextPosition{Start: -1, End: -1}
	target := func(exact string, start int) annotations.Target {
		h := annotations.Hint{Start: 40 + start, End: 40 + start + len(exact)}
		return annotations.Target{Quote: annotations.TextQuote{Exact: exact}, Position: none, Hint: h}
	}
	targets := []annotations.Target{
		target("Bush said yes to the plan.", 0),
		target("we will see what comes of it", 83),
		target("Bush smiled and changed the subject.", 114),
	}
	m := annotations.Locate(d, targets[1])
	fmt.Println(m.Status, m.Alternatives)
	for _, m := range annotations.LocateAll(d, targets) {
		fmt.Println(m.Status, m.Start, m.End)
	}
	// Output:
	// ambiguous [{40 68} {83 111}]
	// moved 0 26
	// moved 83 111
	// moved 114 150
}
