package annotations_test

import (
	"slices"
	"strings"
	"testing"

	"annotator/annotations"
)

func TestParseSeedBlocks(t *testing.T) {
	d := seed(t)
	if d.Lang != "ar" || d.Dir != annotations.RTL {
		t.Errorf("language %q direction %q, want ar rtl", d.Lang, d.Dir)
	}
	if d.Len() != 23516 {
		t.Errorf("the seed has %d code points, want 23516", d.Len())
	}
	if !strings.HasPrefix(d.ID, "urn:sha256:") || len(d.ID) != len("urn:sha256:")+64 {
		t.Errorf("id %q", d.ID)
	}
	if d.Title != "أرشيف البيت الأبيض: ما أفصح عنه فلاديمير بوتين لجورج دبليو بوش، وماذا يعني الآن" {
		t.Errorf("title %q", d.Title)
	}
	tests := []struct {
		block  int
		kind   annotations.Kind
		dir    annotations.Direction
		repeat bool
		starts string
	}{
		{0, annotations.Verse, annotations.RTL, false, "قال سبحانه وتعالى"},
		{1, annotations.Verse, annotations.RTL, true, "قال سبحانه و تعالى"},
		{2, annotations.Verse, annotations.RTL, false, "((ترى كثيراً"},
		{3, annotations.Verse, annotations.RTL, false, "صدق الله العظيم"},
		{4, annotations.Date, annotations.RTL, false, "الأربعاء، 21 يناير 2026"},
		{5, annotations.Title, annotations.RTL, false, "أرشيف البيت الأبيض"},
		{6, annotations.Title, annotations.RTL, true, "\u00a0أرشيف البيت الأبيض"},
		{7, annotations.Byline, annotations.RTL, false, "المصدر dissident voice"},
		{8, annotations.Paragraph, annotations.RTL, false, "كُشِفَ لأول مرة"},
		{13, annotations.SourceRef, annotations.LTR, false, "Source:\u00a0Memorandum"},
		{33, annotations.Caption, annotations.LTR, false, "US satellite image of 2023"},
		{58, annotations.Caption, annotations.LTR, false, "Left:\u00a0Putin"},
		{59, annotations.Caption, annotations.LTR, false, "Right:\u00a0Putin"},
		{67, annotations.SourceRef, annotations.LTR, false, "Source:\u00a0Bush ultimatum"},
		{74, annotations.Caption, annotations.LTR, false, "New York Times\u00a0interview"},
		{76, annotations.Question, annotations.RTL, false, "س\u00a0: بوتين"},
		{77, annotations.Answer, annotations.RTL, false, "الرئيس ترامب: أنا لا أسمع"},
		{78, annotations.Question, annotations.RTL, false, "س: هل تعتقد"},
		{95, annotations.Answer, annotations.RTL, false, "الرئيس ترامب: وماذا"},
		{96, annotations.Paragraph, annotations.RTL, false, "لم يرد بوتين"},
		{100, annotations.Paragraph, annotations.RTL, false, "إرسال تعليق"},
	}
	if len(d.Blocks) != 101 {
		t.Fatalf("%d blocks, want 101 (one per non-empty line)", len(d.Blocks))
	}
	for _, tt := range tests {
		b := d.Blocks[tt.block]
		text := d.BlockText(tt.block)
		if b.Kind != tt.kind || b.Dir != tt.dir || b.Repeat != tt.repeat || !strings.HasPrefix(text, tt.starts) {
			t.Errorf("block %d: %s %s repeat=%v %.40q; want %s %s repeat=%v %q", tt.block, b.Kind, b.Dir, b.Repeat, text, tt.kind, tt.dir, tt.repeat, tt.starts)
		}
	}
	// Blocks cover every non-blank line, in order, and nothing else.
	var rebuilt []string
	for i := range d.Blocks {
		rebuilt = append(rebuilt, d.BlockText(i))
	}
	var lines []string
	for _, l := range strings.Split(d.Text, "\n") {
		if strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " ")) != "" {
			lines = append(lines, l)
		}
	}
	if strings.Join(rebuilt, "\n") != strings.Join(lines, "\n") {
		t.Error("the blocks do not reproduce the text's lines")
	}
	// Only one title is shown.
	shown := 0
	for _, b := range d.Blocks {
		if b.Kind == annotations.Title && !b.Repeat {
			shown++
		}
	}
	if shown != 1 {
		t.Errorf("%d titles shown, want 1", shown)
	}
}

func TestParseNormalizes(t *testing.T) {
	nfc := "قدًمت café\nSecond line"
	tests := []struct{ name, raw string }{
		{"as is", nfc},
		{"CRLF", strings.ReplaceAll(nfc, "\n", "\r\n")},
		{"byte order mark", "\uFEFF" + nfc},
		{"decomposed é", strings.ReplaceAll(nfc, "é", "e\u0301")},
	}
	want, err := annotations.Parse(nfc)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := annotations.Parse(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if d.ID != want.ID || d.Text != nfc {
				t.Errorf("id %s text %q; want %s %q", d.ID, d.Text, want.ID, nfc)
			}
		})
	}
	if other, _ := annotations.Parse(nfc + "."); other.ID == want.ID {
		t.Error("a changed text kept its id")
	}
	for _, blank := range []string{"", " \n\t\n", "\uFEFF"} {
		if _, err := annotations.Parse(blank); err != annotations.ErrEmpty {
			t.Errorf("Parse(%q): %v, want ErrEmpty", blank, err)
		}
	}
}

func TestParseOtherDocuments(t *testing.T) {
	tests := []struct {
		name, text string
		lang       string
		dir        annotations.Direction
		kinds      []annotations.Kind
	}{
		{"English article", "A headline\n\nBody text here.\n\nSource: a report", "en", annotations.LTR,
			[]annotations.Kind{annotations.Title, annotations.Paragraph, annotations.SourceRef}},
		{"Hebrew with an English caption", "כותרת המאמר\n\nפסקה ראשונה ארוכה למדי.\n\nA caption", "he", annotations.RTL,
			[]annotations.Kind{annotations.Title, annotations.Paragraph, annotations.Caption}},
		{"Persian interview", "عنوان\n\nس: چرا؟\n\nوزیر: چون.", "ar", annotations.RTL,
			[]annotations.Kind{annotations.Title, annotations.Question, annotations.Answer}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := annotations.Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if d.Lang != tt.lang || d.Dir != tt.dir || len(d.Blocks) != len(tt.kinds) {
				t.Fatalf("lang %s dir %s %d blocks", d.Lang, d.Dir, len(d.Blocks))
			}
			for i, k := range tt.kinds {
				if d.Blocks[i].Kind != k {
					t.Errorf("block %d is %s, want %s", i, d.Blocks[i].Kind, k)
				}
			}
		})
	}
}

// TestKindsOfAReadersText: a "Source:" line with a date in a reader's
// own text is a source, not the date that would turn the lines above it
// into a verse and the line after it into the headline.
func TestKindsOfAReadersText(t *testing.T) {
	for _, c := range []struct {
		name, text, title string
		kinds             []annotations.Kind
	}{
		{"a source line with a date", "تقرير: الحكومة تعلن خطةً جديدةً للمياه\n\nقالت الحكومة إن الخطة تبدأ الشهر المقبل.\n\nوأضاف الوزير أن التمويل مضمون.\n\nSource: Reuters, 12 March 2025\n\nوختم بأن النتائج ستُعلن لاحقًا.\n",
			"تقرير: الحكومة تعلن خطةً جديدةً للمياه",
			[]annotations.Kind{annotations.Title, annotations.Paragraph, annotations.Paragraph, annotations.SourceRef, annotations.Paragraph}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := annotations.Parse(c.text)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []annotations.Kind
			for _, b := range d.Blocks {
				kinds = append(kinds, b.Kind)
			}
			if d.Title != c.title || !slices.Equal(kinds, c.kinds) {
				t.Errorf("title %q, kinds %v; want %q, %v", d.Title, kinds, c.title, c.kinds)
			}
		})
	}
}
