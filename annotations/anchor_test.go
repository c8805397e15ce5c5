package annotations_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"annotator/annotations"
)

// describeIn describes the first occurrence of needle inside the first
// occurrence of around in d.
func describeIn(t testing.TB, d *annotations.Document, around, needle string) annotations.Target {
	t.Helper()
	s, e := spanIn(t, d, around, needle)
	tg, err := annotations.Describe(d, s, e)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// spanIn finds needle inside the only occurrence of around in d.
func spanIn(t testing.TB, d *annotations.Document, around, needle string) (int, int) {
	t.Helper()
	i := strings.Index(d.Text, around)
	if i < 0 || strings.Count(d.Text, around) != 1 {
		t.Fatalf("%q occurs %d times, want once", around, strings.Count(d.Text, around))
	}
	j := strings.Index(around, needle)
	if j < 0 {
		t.Fatalf("%q is not in %q", needle, around)
	}
	s := annotations.ByteToCodePoint(d.Text, i+j)
	return s, s + utf8.RuneCountInString(needle)
}

func load(t testing.TB, name string) *annotations.Document {
	t.Helper()
	return parseFile(t, "testdata/edits/"+name)
}

// TestLocateInEditedCopies describes passages of the seed and locates them
// in edited copies kept under testdata/edits: each must land exactly on
// the passage as edited, or be an orphan where the passage is gone.
func TestLocateInEditedCopies(t *testing.T) {
	seedDoc := seed(t)
	const (
		verse      = "لبئس ما قدًمت لهم أنفسُهم أن سخط"
		firstPara  = "كُشِفَ لأول مرة علنًا أن الرئيس"
		method     = "أن أسلوب بوتين فاشلٌ مرارًا وتكرارًا."
		nextDay    = "في اليوم التالي، أخبر بوش بوتين أنه في عجلة من أمره."
		firstSrc   = "لنفسه.\n\nSource:\u00a0Memorandum of Telephone Conversation, Subject"
		trump      = "قائلاً: \"يبدو الأمر فكرة جيدة بالنسبة لي\""
		deleted    = "هذا أول دليل موثق على إتقان بوتين للغة الإنجليزية"
		deletedTwo = "قائلاً: \"لغتك الإنجليزية تتحسن كثيراً\""
	)
	tests := []struct {
		file          string
		around, quote string // where the quote is in the seed
		status        annotations.Status
		wantAround    string // where it must land in the copy
		wantQuote     string
		minScore      float64
	}{
		{"typos-fixed.txt", verse, "ما قدًمت لهم أنفسُهم", annotations.Fuzzy, "لبئس ما قدّمت لهم أنفسُهم أن", "ما قدّمت لهم أنفسُهم", 1},
		{"typos-fixed.txt", firstPara, "كُشِفَ لأول مرة", annotations.Anchored, firstPara, "كُشِفَ لأول مرة", 1},
		{"diacritics-stripped.txt", firstPara, "كُشِفَ لأول مرة علنًا", annotations.Fuzzy, "كشف لأول مرة علنا أن الرئيس", "كشف لأول مرة علنا", 1},
		{"tatweel-added.txt", method, "أسلوب بوتين فاشلٌ مرارًا", annotations.Fuzzy, "أن أسلوب بـوتـين فاشلٌ مرارًا وتكرارًا.", "أسلوب بـوتـين فاشلٌ مرارًا", 1},
		{"paragraph-inserted.txt", firstPara, "كُشِفَ لأول مرة علنًا", annotations.Moved, firstPara, "كُشِفَ لأول مرة علنًا", 1},
		{"spaces-punctuation.txt", firstSrc, "Source:\u00a0Memorandum of Telephone Conversation", annotations.Fuzzy, "لنفسه.\n\nSource: Memorandum of Telephone Conversation, Subject", "Source: Memorandum of Telephone Conversation", 1},
		{"spaces-punctuation.txt", nextDay, "في اليوم التالي، أخبر بوش بوتين أنه في عجلة", annotations.Fuzzy, "في اليوم التالي, أخبر بوش بوتين أنه في عجلة من أمره.", "في اليوم التالي, أخبر بوش بوتين أنه في عجلة", 0.9},
		{"quote-repeated.txt", trump, "يبدو الأمر فكرة جيدة بالنسبة لي", annotations.Moved, trump, "يبدو الأمر فكرة جيدة بالنسبة لي", 1},
		{"passage-deleted.txt", deleted, "هذا أول دليل موثق على إتقان بوتين للغة الإنجليزية", annotations.Orphan, "", "", 0},
		// Near misses: what is left of a deleted passage must not attract
		// its quote ("الإنجليزية", "بوتين" and "قائلاً" occur elsewhere).
		{"passage-deleted.txt", deleted, "إتقان بوتين للغة", annotations.Orphan, "", "", 0},
		{"passage-deleted.txt", deletedTwo, "لغتك الإنجليزية تتحسن كثيراً", annotations.Orphan, "", "", 0},
		{"republished.txt", firstPara, "كُشِفَ لأول مرة علنًا", annotations.Fuzzy, "كشف لأول مرة علنا أن الرئيس", "كشف لأول مرة علنا", 1},
		{"republished.txt", firstSrc, "Source:\u00a0Memorandum of Telephone Conversation", annotations.Fuzzy, "لنفسه.\n\nSource: Memorandum of Telephone Conversation, Subject", "Source: Memorandum of Telephone Conversation", 1},
		{"republished.txt", trump, "يبدو الأمر فكرة جيدة بالنسبة لي", annotations.Moved, "قائلا: \"يبدو الأمر فكرة جيدة بالنسبة لي\"", "يبدو الأمر فكرة جيدة بالنسبة لي", 1},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.quote, func(t *testing.T) {
			target := describeIn(t, seedDoc, tt.around, tt.quote)
			d := load(t, tt.file)
			m := annotations.Locate(d, target)
			if m.Status != tt.status {
				t.Fatalf("status %s (score %.2f, at %q), want %s", m.Status, m.Score, d.Slice(m.Start, m.End), tt.status)
			}
			if tt.status == annotations.Orphan {
				return
			}
			ws, we := spanIn(t, d, tt.wantAround, tt.wantQuote)
			if m.Start != ws || m.End != we {
				t.Errorf("landed on %d–%d %q, want %d–%d %q", m.Start, m.End, d.Slice(m.Start, m.End), ws, we, tt.wantQuote)
			}
			if m.Score < tt.minScore {
				t.Errorf("score %.3f, want at least %.2f", m.Score, tt.minScore)
			}
		})
	}
}

func TestFoldMapsBack(t *testing.T) {
	tests := []struct{ text, query, want string }{
		{"ما قدًمت لهم", "قدمت", "قدًمت"},
		{"الــعـربية", "العربية", "الــعـربية"},
		{"إلى أن", "الي ان", "إلى أن"},
		{"مدرسة الأطفال", "مدرسه الاطفال", "مدرسة الأطفال"},
		{"عام ٢٠٠١ و۲۰۰۲", "2001 و2002", "٢٠٠١ و۲۰۰۲"},
		{"Source:\u00a0 Memo", "source: memo", "Source:\u00a0 Memo"},
		{"كُشِفَ الأمر", "كشف", "كُشِفَ"},
		{"a\u200fb\u200cc", "abc", "a\u200fb\u200cc"},
	}
	for _, tt := range tests {
		f := annotations.Fold([]rune(tt.text))
		q := []rune(annotations.FoldString(tt.query))
		i := strings.Index(string(f.Runes), string(q))
		if i < 0 {
			t.Errorf("%q not found in folded %q", string(q), string(f.Runes))
			continue
		}
		fs := utf8.RuneCountInString(string(f.Runes)[:i])
		s, e := f.Span(fs, fs+len(q))
		if got := string([]rune(tt.text)[s:e]); got != tt.want {
			t.Errorf("%q in %q maps back to %q, want %q", tt.query, tt.text, got, tt.want)
		}
	}
}

// FuzzLocateAfterEdit describes a span, edits the text (an insertion, a
// deletion or a replacement of a few code points anywhere, the span
// included) and locates the span again: never a panic, never an offset out
// of range, a moved match is the exact quote, a fuzzy one scores enough, an
// ambiguous one places nothing and lists its places in order.
func FuzzLocateAfterEdit(f *testing.F) {
	f.Add("كُشِفَ لأول مرة علنًا أن الرئيس فلاديمير بوتين يعتقد أن الإرهاب الدولي", 6, 30, 2, 3, "ـ")
	f.Add("قال 👍🏽 ثم 🇸🇦 انتهى\nSource:\u00a0a report, 2001", 4, 20, 0, 0, "مقدمة\n\n")
	f.Add("Putin said no. Bush said yes. Putin said no.", 15, 28, 30, 5, "")
	f.Fuzz(func(t *testing.T, text string, start, end, at, cut int, insert string) {
		d, err := annotations.Parse(text)
		if err != nil {
			return
		}
		tg, err := annotations.Describe(d, start, end)
		if err != nil {
			return
		}
		runes := []rune(d.Text)
		at = min(max(at, 0), len(runes))
		cut = min(max(cut, 0), len(runes)-at, 8)
		edited := string(runes[:at]) + insert + string(runes[at+cut:])
		e, err := annotations.Parse(edited)
		if err != nil {
			return
		}
		m := annotations.Locate(e, tg)
		switch m.Status {
		case annotations.Orphan:
			return
		case annotations.Anchored, annotations.Moved:
			if e.Slice(m.Start, m.End) != tg.Quote.Exact {
				t.Fatalf("%s match %q is not the quote %q", m.Status, e.Slice(m.Start, m.End), tg.Quote.Exact)
			}
		case annotations.Fuzzy:
			if m.Score < annotations.MinScore || m.Score > 1 {
				t.Fatalf("fuzzy score %v", m.Score)
			}
		case annotations.Ambiguous:
			alts := m.Alternatives
			if m.Start != 0 || m.End != 0 || len(alts) < 2 || len(alts) > annotations.MaxAlternatives || m.Score < annotations.MinScore || m.Score > 1 {
				t.Fatalf("ambiguous %+v", m)
			}
			for i, sp := range alts {
				if i > 0 && sp.Start <= alts[i-1].Start || sp.Start < 0 || sp.End > e.Len() || sp.Start >= sp.End {
					t.Fatalf("alternatives %v out of order or of 0–%d", alts, e.Len())
				}
			}
			return
		default:
			t.Fatalf("status %q", m.Status)
		}
		if m.Start < 0 || m.End > e.Len() || m.Start >= m.End {
			t.Fatalf("match %d–%d out of 0–%d", m.Start, m.End, e.Len())
		}
	})
}

// marked returns s without the brackets ⟦ and ⟧ and the code point offsets
// of the span they enclose.
func marked(t testing.TB, s string) (string, int, int) {
	t.Helper()
	i, j := strings.Index(s, "⟦"), strings.Index(s, "⟧")
	if i < 0 || j < i || strings.Count(s, "⟦") != 1 || strings.Count(s, "⟧") != 1 {
		t.Fatalf("%q: want one ⟦…⟧", s)
	}
	start := utf8.RuneCountInString(s[:i])
	end := start + utf8.RuneCountInString(s[i+len("⟦"):j])
	return s[:i] + s[i+len("⟦"):j] + s[j+len("⟧"):], start, end
}

// TestLocateKeepsEdges describes a marked span of one text and locates it
// in another: it must land on exactly the marked span there, with the white
// space and newlines at its edges and the marks of its last letter, as a
// reader's selection would take them.
func TestLocateKeepsEdges(t *testing.T) {
	const (
		note  = "ملاحظة المحرر: أعيد نشر هذا المقال.\n\n"
		latin = "Le communiqué reporte la réunion à la semaine prochaine, selon l'agence."
	)
	tests := []struct {
		name     string
		from, to string // each with one ⟦span⟧
		status   annotations.Status
	}{
		{"leading space",
			"قال الرئيس في مؤتمر صحفي⟦ إن الاتفاق ما زال صامداً⟧ رغم كل شيء",
			note + "قال الرئيس في مؤتمر صحفي⟦ إن الاتفاق ما زال صامداً⟧ رغم كل شيء", annotations.Moved},
		{"leading space in French",
			"Le⟦ communiqué reporte⟧ la réunion à la semaine prochaine, selon l'agence.",
			"Note de la rédaction.\n\nLe⟦ communiqué reporte⟧ la réunion à la semaine prochaine, selon l'agence.", annotations.Moved},
		{"trailing space",
			"قال الرئيس في مؤتمر صحفي ⟦إن الاتفاق ما زال ⟧صامداً رغم كل شيء",
			note + "قال الرئيس في مؤتمر صحفي ⟦إن الاتفاق ما زال ⟧صامداً رغم كل شيء", annotations.Moved},
		{"white space at both ends, NBSP made a space",
			"Source:⟦\u00a0Memorandum of Telephone Conversation\u00a0⟧Subject: Meeting",
			"Intro.\n\nSource:⟦ Memorandum of Telephone Conversation ⟧Subject: Meeting", annotations.Fuzzy},
		{"the second of two spaces",
			"رُفعت عنها السرية ⟦ من الأرشيف الرئاسي لجورج⟧ دبليو بوش",
			note + "رفعت عنها السرية ⟦ من الأرشيف الرئاسي لجورج⟧ دبليو بوش", annotations.Moved},
		{"newline at the start, inside a blank line",
			"نهاية الفقرة الأولى.\n⟦\nبداية الفقرة الثانية من المقال⟧ وما بعدها.",
			note + "نهاية الفقرة الأولى.\n⟦\nبداية الفقرة الثانية من المقال⟧ وما بعدها.", annotations.Moved},
		{"newlines at the start",
			"نهاية الفقرة الأولى.⟦\n\nبداية الفقرة الثانية من المقال⟧ وما بعدها.",
			note + "نهاية الفقرة الأولى.⟦\n\nبداية الفقرة الثانية من المقال⟧ وما بعدها.", annotations.Moved},
		{"newline at the end",
			"⟦نهاية الفقرة الأولى من المقال.\n⟧\nبداية الفقرة الثانية وما بعدها.",
			note + "⟦نهاية الفقرة الأولى من المقال.\n⟧\nبداية الفقرة الثانية وما بعدها.", annotations.Moved},
		{"newline at the end, the copy's line ends in spaces",
			"⟦نهاية الفقرة الأولى من المقال.\n⟧\nبداية الفقرة الثانية وما بعدها.",
			note + "⟦نهاية الفقرة الأولى من المقال. ⟧ \n\nبداية الفقرة الثانية وما بعدها.", annotations.Fuzzy},
		{"ends in shadda and fatha, located where they are stripped",
			"قال الرئيس في مؤتمر صحفي ⟦إنَّ⟧ الاتفاق ما زال صامداً",
			note + "قال الرئيس في مؤتمر صحفي ⟦إن⟧ الاتفاق ما زال صامدا", annotations.Fuzzy},
		{"ends in a bare letter, located where it has shadda and fatha",
			"قال الرئيس في مؤتمر صحفي ⟦إن⟧ الاتفاق ما زال صامدا",
			note + "قال الرئيس في مؤتمر صحفي ⟦إنَّ⟧ الاتفاق ما زال صامداً", annotations.Fuzzy},
		{"shadda and fatha, then a space",
			"قال الرئيس في مؤتمر صحفي ⟦إن ⟧الاتفاق ما زال صامدا",
			note + "قال الرئيس في مؤتمر صحفي ⟦إنَّ ⟧الاتفاق ما زال صامداً", annotations.Fuzzy},
		{"the same text, cut between a letter's marks",
			"قال الرئيس في مؤتمر صحفي ⟦إنَ⟧ّ الاتفاق ما زال صامداً",
			note + "قال الرئيس في مؤتمر صحفي ⟦إنَ⟧ّ الاتفاق ما زال صامداً", annotations.Moved},
		{"ends with a tatweel",
			"أن أسلوب ⟦بـ⟧ـوتـين فاشلٌ مرارًا وتكرارًا في كل مرة",
			note + "أن أسلوب ⟦بـ⟧ـوتـين فاشلٌ مرارًا وتكرارًا في كل مرة", annotations.Moved},
		{"ends with a tatweel, located where there is none",
			"أن أسلوب ⟦بـوتـ⟧ـين فاشلٌ مرارًا وتكرارًا في كل مرة",
			note + "أن أسلوب ⟦بوت⟧ين فاشلٌ مرارًا وتكرارًا في كل مرة", annotations.Fuzzy},
		// A tatweel after the last letter is not one of its marks: it is
		// taken only if the quote has it.
		{"no tatweel, located where one follows",
			"أن أسلوب ⟦بوت⟧ين فاشلٌ مرارًا وتكرارًا في كل مرة",
			note + "أن أسلوب ⟦بـوت⟧ـين فاشلٌ مرارًا وتكرارًا في كل مرة", annotations.Fuzzy},
		{"emoji before the passage",
			"قال 👍🏽 ثم 🇸🇦 انتهى.\n\nثم قال الرئيس ⟦إن الاتفاق ما زال صامداً⟧ رغم كل شيء",
			"🇸🇦🇸🇦 تحديث 👍🏽👍🏽\n\nقال 👍🏽 ثم 🇸🇦 انتهى.\n\nثم قال الرئيس ⟦إن الاتفاق ما زال صامداً⟧ رغم كل شيء", annotations.Moved},
		{"emoji inside and at the edge",
			"تعليق القراء 👍🏽 ⟦🇸🇦 أحسنتم في هذا التقرير 👍🏽⟧ شكراً",
			note + "تعليق القراء 👍🏽 ⟦🇸🇦 أحسنتم في هذا التقرير 👍🏽⟧ شكراً", annotations.Moved},
		{"mixed Arabic and English lines",
			"المصدر dissident voice\n⟦\nSource: Memorandum, 2001\nقال بوتين⟧ لبوش إنه لا يثق",
			note + "المصدر dissident voice\n⟦\nSource: Memorandum, 2001\nقال بوتين⟧ لبوش إنه لا يثق", annotations.Moved},
		{"an English quote in an Arabic line",
			"قال الرئيس بالإنجليزية⟦ \"your English is getting better\" ⟧ثم ضحك الجميع",
			note + "قال الرئيس بالإنجليزية⟦ \"your English is getting better\" ⟧ثم ضحك الجميع", annotations.Moved},
		{"Latin text, case and accents as they were",
			"⟦" + latin[:len(latin)-1] + "⟧.",
			"Note.\n\n⟦" + latin[:len(latin)-1] + "⟧.", annotations.Moved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fromText, fs, fe := marked(t, tt.from)
			toText, ws, we := marked(t, tt.to)
			from, err := annotations.Parse(fromText)
			if err != nil {
				t.Fatal(err)
			}
			to, err := annotations.Parse(toText)
			if err != nil {
				t.Fatal(err)
			}
			tg, err := annotations.Describe(from, fs, fe)
			if err != nil {
				t.Fatal(err)
			}
			for _, pos := range []bool{true, false} {
				if !pos {
					tg.Position = annotations.TextPosition{Start: -1, End: -1}
				}
				m := annotations.Locate(to, tg)
				if m.Start != ws || m.End != we || m.Status != tt.status {
					t.Errorf("position %v: %q landed %s on %d–%d %q, want %s on %d–%d %q", pos, tg.Quote.Exact,
						m.Status, m.Start, m.End, to.Slice(m.Start, m.End), tt.status, ws, we, to.Slice(ws, we))
				}
			}
		})
	}
}

// TestShortQuoteFoundOnce: a short quote with no context (as other tools
// write it) is placed where the text holds it, when it holds it once or
// about where the stored position says; shorter ones, or ones the text
// holds in several places, are not placed on a guess.
func TestShortQuoteFoundOnce(t *testing.T) {
	d := seed(t)
	const around = "أجاب بوتين قبل أن يغلق الخط: \"أنا في خدمتكم."
	quoteOnly := func(quote string, shift int) annotations.Target {
		tg := describeIn(t, d, around, quote)
		tg.Quote.Prefix, tg.Quote.Suffix = "", ""
		if shift == 0 {
			tg.Position = annotations.TextPosition{Start: -1, End: -1}
		} else {
			tg.Position.Start += shift
			tg.Position.End += shift
		}
		return tg
	}
	twice, err := annotations.Parse(d.Text + "\n\nأنا في خدمتكم.")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		d      *annotations.Document
		target annotations.Target
		status annotations.Status
	}{
		{"13 code points, once, no position", d, quoteOnly("أنا في خدمتكم", 0), annotations.Moved},
		{"13 code points, once, position 2 after", d, quoteOnly("أنا في خدمتكم", 2), annotations.Moved},
		{"13 code points, once, position 5 before", d, quoteOnly("أنا في خدمتكم", -5), annotations.Moved},
		{"9 code points, once, no position", d, quoteOnly("في خدمتكم", 0), annotations.Moved},
		{"6 code points, once, no position", d, quoteOnly("خدمتكم", 0), annotations.Orphan},
		{"6 code points, once, position 3 after", d, quoteOnly("خدمتكم", 3), annotations.Orphan},
		{"5 code points, 65 times, position 1 after", d, quoteOnly("بوتين", 1), annotations.Orphan},
		{"13 code points, twice, no position", twice, quoteOnly("أنا في خدمتكم", 0), annotations.Orphan},
		{"13 code points, twice, position 2 after", twice, quoteOnly("أنا في خدمتكم", 2), annotations.Moved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := annotations.Locate(tt.d, tt.target)
			if m.Status != tt.status {
				t.Fatalf("%s (at %q), want %s", m.Status, tt.d.Slice(m.Start, m.End), tt.status)
			}
			if m.Status != annotations.Moved {
				return
			}
			if s, e := spanIn(t, d, around, tt.target.Quote.Exact); m.Start != s || m.End != e {
				t.Errorf("placed at %d–%d %q, want %d–%d", m.Start, m.End, tt.d.Slice(m.Start, m.End), s, e)
			}
		})
	}
}
