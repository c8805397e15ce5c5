package annotations_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"annotator/annotations"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// news is an Arabic news text every encoding Open reads can hold
// (ISO-8859-6 has no « », Persian letters or Arabic-Indic digits): a
// date, a headline with a kasra, a paragraph with shadda and damma, the
// Arabic comma, semicolon and question mark, and an English source line.
const news = "الأربعاء، 21 يناير 2026\n\nالاتفاق على وقفِ إطلاق النار في المدينة\n\n" +
	"قال المتحدث باسم الوزارة إنّ المفاوضات ستُستأنف الأسبوع المقبل، وأضاف: \"لا تراجع عن الاتفاق\".\n\n" +
	"وأكد الوزير أن اللجنة ستجتمع يوم الخميس؛ فهل يصمد الاتفاق؟\n\nSource: Ministry statement, 21 January 2026\n"

func encodeWith(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func open(t *testing.T, name string, data []byte) (*annotations.Document, annotations.Detected) {
	t.Helper()
	d, det, err := annotations.Open(name, data)
	if err != nil {
		t.Fatalf("Open(%q): %v", name, err)
	}
	return d, det
}

// The same text in every encoding opens to the same document, with the
// encoding and how it was found said.
func TestOpenEncodings(t *testing.T) {
	want, err := annotations.Parse(news)
	if err != nil {
		t.Fatal(err)
	}
	utf16le := xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)
	utf16be := xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)
	page := func(charset string, e encoding.Encoding) []byte {
		return encodeWith(t, e, `<html><head><meta charset="`+charset+`"></head><body><pre>`+news+`</pre></body></html>`)
	}
	tests := []struct {
		name, file string
		data       []byte
		encoding   string
		by         annotations.EncodingSource
		format     annotations.Format
	}{
		{"UTF-8", "a.txt", []byte(news), "UTF-8", annotations.ByValidity, annotations.PlainText},
		{"UTF-8 with a BOM", "a.txt", append([]byte("\xef\xbb\xbf"), news...), "UTF-8", annotations.ByBOM, annotations.PlainText},
		{"UTF-8 with CRLF", "a.txt", []byte(strings.ReplaceAll(news, "\n", "\r\n")), "UTF-8", annotations.ByValidity, annotations.PlainText},
		{"UTF-16LE with a BOM", "a.txt", append([]byte("\xff\xfe"), encodeWith(t, utf16le, news)...), "UTF-16LE", annotations.ByBOM, annotations.PlainText},
		{"UTF-16BE with a BOM", "a.txt", append([]byte("\xfe\xff"), encodeWith(t, utf16be, news)...), "UTF-16BE", annotations.ByBOM, annotations.PlainText},
		{"UTF-16LE without a BOM", "a.txt", encodeWith(t, utf16le, news), "UTF-16LE", annotations.ByPattern, annotations.PlainText},
		{"UTF-16BE without a BOM", "a", encodeWith(t, utf16be, news), "UTF-16BE", annotations.ByPattern, annotations.PlainText},
		{"windows-1256", "a.txt", encodeWith(t, charmap.Windows1256, news), "windows-1256", annotations.ByGuess, annotations.PlainText},
		{"ISO-8859-6", "a.txt", encodeWith(t, charmap.ISO8859_6, news), "ISO-8859-6", annotations.ByGuess, annotations.PlainText},
		{"windows-1256 committed", "news-windows-1256.txt", readDoc(t, "news-windows-1256.txt"), "windows-1256", annotations.ByGuess, annotations.PlainText},
		{"ISO-8859-6 committed", "news-iso-8859-6.txt", readDoc(t, "news-iso-8859-6.txt"), "ISO-8859-6", annotations.ByGuess, annotations.PlainText},
		{"UTF-16LE committed", "news-utf-16le-no-bom.txt", readDoc(t, "news-utf-16le-no-bom.txt"), "UTF-16LE", annotations.ByPattern, annotations.PlainText},
		{"UTF-8 committed", "news-utf-8.txt", readDoc(t, "news-utf-8.txt"), "UTF-8", annotations.ByValidity, annotations.PlainText},
		{"a page in UTF-8", "a.html", page("utf-8", xunicode.UTF8), "UTF-8", annotations.ByDeclaration, annotations.HTML},
		{"a page declaring windows-1256", "a.html", page("windows-1256", charmap.Windows1256), "windows-1256", annotations.ByDeclaration, annotations.HTML},
		{"a page declaring ISO-8859-6 by another name", "a.htm", page("ISO_8859-6:1987", charmap.ISO8859_6), "ISO-8859-6", annotations.ByDeclaration, annotations.HTML},
		{"a page sniffed, declaring cp1256", "page", page("cp1256", charmap.Windows1256), "windows-1256", annotations.ByDeclaration, annotations.HTML},
		{"a page in UTF-16 with a BOM", "a.html", append([]byte("\xff\xfe"), encodeWith(t, utf16le, `<html><body><pre>`+news+`</pre></body></html>`)...), "UTF-16LE", annotations.ByBOM, annotations.HTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, det := open(t, tt.file, tt.data)
			if det.Encoding != tt.encoding || det.By != tt.by || det.Format != tt.format || det.Replaced != 0 {
				t.Errorf("read as %+v; want %s %s %s, nothing replaced", det, tt.format, tt.encoding, tt.by)
			}
			w := want
			if tt.format == annotations.HTML {
				// The lines of a <pre>: no newline at the end.
				w, _ = annotations.Parse(strings.TrimSuffix(news, "\n"))
			}
			if d.ID != w.ID || d.Text != w.Text {
				t.Errorf("id %s, text %q; want %s %q", d.ID, d.Text, w.ID, w.Text)
			}
		})
	}
}

func readDoc(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/documents", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Persian letters and guillemets exist in windows-1256 only: the guess is
// windows-1256, and every character comes back.
func TestOpenGuessesWindows1256ForPersian(t *testing.T) {
	s := "«گفتگو» با نويسنده: چرا کتاب ژرف است؟ پاسخ داد که زبان فارسي" // windows-1256 has no Persian yeh
	d, det := open(t, "fa.txt", encodeWith(t, charmap.Windows1256, s))
	if det.Encoding != "windows-1256" || d.Text != s {
		t.Errorf("%+v: %q", det, d.Text)
	}
	// A short text of letters both encodings have alike is read as
	// windows-1256 (see arabicScore).
	if _, det := open(t, "a.txt", encodeWith(t, charmap.Windows1256, "سلام")); det.Encoding != "windows-1256" {
		t.Errorf("%+v", det)
	}
}

// Bytes that are not valid are never replaced silently: they are counted.
func TestOpenCountsReplacements(t *testing.T) {
	lone := append([]byte("\xff\xfe"), encodeWith(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), news)...)
	lone = append(lone, 0x00, 0xd8, 'a', 0) // U+D800, then "a"
	iso := string(encodeWith(t, charmap.ISO8859_6, news))
	tests := []struct {
		name     string
		file     string
		data     []byte
		replaced int
	}{
		{"UTF-8 with a broken byte", "a.txt", []byte(strings.Replace(news, "الاتفاق", "\xffالاتفاق", 1)), 1},
		{"UTF-8 with a BOM and a cut character", "a.txt", []byte("\xef\xbb\xbf" + news + "\xd8"), 1},
		{"UTF-16 with a lone surrogate", "a.txt", lone, 1},
		{"a page declaring ISO-8859-6 with undefined bytes", "a.html", []byte("<meta charset=iso-8859-6><p>" + iso + "\xa1\xa2</p>"), 2},
		{"a page declaring UTF-8 with windows-1256 bytes", "a.html", []byte("<meta charset=utf-8><p>" + news + "\xc7\xe1</p>"), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, det := open(t, tt.file, tt.data)
			if det.Replaced != tt.replaced || strings.Count(d.Text, "\ufffd") != tt.replaced {
				t.Errorf("%d replaced, %d U+FFFD in %q; want %d", det.Replaced, strings.Count(d.Text, "\ufffd"), d.Text, tt.replaced)
			}
			if !strings.Contains(det.String(), "not valid") {
				t.Errorf("%q does not say so", det.String())
			}
		})
	}
	// A U+FFFD written in the file is text, not a replacement.
	if _, det := open(t, "a.txt", []byte("نص \ufffd")); det.Replaced != 0 {
		t.Errorf("a literal U+FFFD counted: %+v", det)
	}
}

// What cannot be a document is refused, and says why.
func TestOpenRefuses(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rng.IntN(256))
	}
	tests := []struct {
		name   string
		file   string
		data   []byte
		err    error
		format string
	}{
		{"nothing", "a.txt", nil, annotations.ErrEmpty, ""},
		{"white space", "a.txt", []byte(" \n\t\r\n\u00a0\n"), annotations.ErrEmpty, ""},
		{"a BOM alone", "a.txt", []byte("\xef\xbb\xbf"), annotations.ErrEmpty, ""},
		{"Markdown with only markup", "a.md", []byte("---\n***\n<!-- x -->\n![](a.png)\n"), annotations.ErrEmpty, ""},
		{"a page with only scripts and navigation", "a.html", []byte("<title> </title><script>x</script><nav>menu</nav><style>p{}</style>"), annotations.ErrEmpty, "web page"},
		{"over the size limit", "a.txt", bytes.Repeat([]byte("نص "), annotations.MaxDocumentSize/5+1), annotations.ErrDocumentTooLarge, ""},
		{"NUL bytes", "a.txt", []byte("text\x00more text\x00"), annotations.ErrBinary, ""},
		{"random bytes", "a.txt", noise, annotations.ErrBinary, ""},
		{"mostly control characters", "a.txt", []byte("a\x01\x02\x03\x04b\x05\x06"), annotations.ErrBinary, ""},
		{"a PDF", "a.txt", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), annotations.ErrBinary, "PDF"},
		{"a .docx", "a.docx", []byte("PK\x03\x04\x14\x00\x06\x00"), annotations.ErrBinary, "ZIP archive (a .docx, .odt or .epub is one)"},
		{"a PNG named .txt", "a.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), annotations.ErrBinary, "PNG image"},
		{"RTF", "a.rtf", []byte(`{\rtf1\ansi\ansicpg1256 {\fonttbl}}`), annotations.ErrFormat, "RTF"},
		{"a web archive", "a.mhtml", []byte("From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\"\r\n"), annotations.ErrFormat, "web archive (MHTML)"},
		{"a page nested too deep", "a.html", []byte(strings.Repeat("<div>", 600) + "نص"), annotations.ErrFormat, "HTML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			d, _, err := annotations.Open(tt.file, tt.data)
			var oe *annotations.OpenError
			if !errors.Is(err, tt.err) || !errors.As(err, &oe) || oe.Format != tt.format || d != nil {
				t.Fatalf("Open: %v (%#v), document %v; want %v, format %q", err, err, d != nil, tt.err, tt.format)
			}
			if oe.Msg == "" || !utf8.ValidString(oe.Msg) {
				t.Errorf("message %q", oe.Msg)
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
		})
	}
}

// A plain text opens exactly as Parse reads it: the seed keeps its id,
// blocks, kinds and title.
func TestOpenSeedIsParse(t *testing.T) {
	raw, err := os.ReadFile("../app/documents/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := seed(t)
	for _, name := range []string{"seed.txt", "seed", "SEED.TXT"} {
		d, det := open(t, name, raw)
		if det.Format != annotations.PlainText || det.Encoding != "UTF-8" || d.ID != want.ID || d.Title != want.Title || d.Lang != want.Lang || d.Dir != want.Dir {
			t.Errorf("%s: %+v %s %q", name, det, d.ID, d.Title)
		}
		if fmt.Sprint(d.Blocks) != fmt.Sprint(want.Blocks) {
			t.Errorf("%s: blocks differ from Parse's", name)
		}
	}
	// In UTF-16 too.
	d, _ := open(t, "seed.txt", append([]byte("\xfe\xff"), encodeWith(t, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), string(raw))...))
	if d.ID != want.ID {
		t.Errorf("the seed in UTF-16BE: %s, want %s", d.ID, want.ID)
	}
}

// dump writes what Open made of a file: how it was read, the document's
// id, title, language, and each block with its kind and direction.
func dump(d *annotations.Document, det annotations.Detected) string {
	var b strings.Builder
	fmt.Fprintf(&b, "read: %s\nid: %s\ntitle: %s\nlanguage: %s %s\n", det, d.ID, d.Title, d.Lang, d.Dir)
	for i, bl := range d.Blocks {
		kind := string(bl.Kind)
		if bl.Repeat {
			kind += " (repeat)"
		}
		fmt.Fprintf(&b, "%d %s %s [%d,%d): %s\n", i, kind, bl.Dir, bl.Start, bl.End, d.BlockText(i))
	}
	return b.String()
}

// What Open makes of each file under testdata/documents is its golden
// dump (go test ./annotations -run TestOpenGolden -update rewrites them).
// Every document's text parses again to the same id and blocks.
func TestOpenGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/documents/*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			d, det := open(t, filepath.Base(f), readDoc(t, filepath.Base(f)))
			got := dump(d, det)
			golden := f + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./annotations -run TestOpenGolden -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("differs from %s (run with -update if the change is meant):\n%s", golden, got)
			}
			again, err := annotations.Parse(d.Text)
			if err != nil || again.ID != d.ID || len(again.Blocks) != len(d.Blocks) {
				t.Fatalf("the text parses again to %v %v", again, err)
			}
			for i := range d.Blocks {
				if a, b := again.Blocks[i], d.Blocks[i]; a.Start != b.Start || a.End != b.End || a.Dir != b.Dir {
					t.Errorf("block %d: %+v parsed again, %+v opened", i, a, b)
				}
			}
		})
	}
	if n < 7 {
		t.Errorf("%d documents under testdata/documents", n)
	}
}

// A hostile saved page gives its text and nothing else: no script,
// style, handler, link target, form control, frame, comment, CDATA or
// navigation, no markup; words marked up inside stay whole; each line
// has its own direction.
func TestOpenHostilePage(t *testing.T) {
	d, det := open(t, "hostile.html", readDoc(t, "hostile.html"))
	if det.Format != annotations.HTML || det.Encoding != "UTF-8" || det.Declared != "utf-8" || det.By != annotations.ByDeclaration {
		t.Errorf("read as %+v", det)
	}
	for _, marker := range []string{"SCRIPT", "STYLE", "LINK", "NOSCRIPT", "ONLOAD", "NAV", "ROLE-NAV", "COMMENT", "HREF", "ONCLICK",
		"CDATA", "IMG-ALT", "ONERROR", "LABEL", "INPUT", "TEXTAREA", "OPTION", "BUTTON", "IFRAME", "OBJECT", "SVG", "SVG-TEXT",
		"MATH", "TEMPLATE", "HIDDEN", "DISPLAY-NONE", "ASIDE", "FOOTER"} {
		if strings.Contains(d.Text, marker+"-MARKER") {
			t.Errorf("%s-MARKER reached the text", marker)
		}
	}
	for _, markup := range []string{"<b", "<p", "</", "<!", "javascript:", "alert", "onclick", "&amp;", "&lt;", "&#", "example.org"} {
		if strings.Contains(d.Text, markup) {
			t.Errorf("%q reached the text", markup)
		}
	}
	wantBlocks := []struct {
		kind annotations.Kind
		dir  annotations.Direction
		text string
	}{
		{annotations.Title, annotations.RTL, "خبر عاجل & تحليل | موقع الأخبار"},
		{annotations.Heading, annotations.RTL, "الاتفاق على وقف إطلاق النار"},
		{annotations.Byline, annotations.RTL, "بقلم مريم"},
		{annotations.Paragraph, annotations.RTL, "قال المتحدث إنّ الكتاب صدر أمس، وأضاف أن «المفاوضات» ستُستأنف الأسبوع المقـــبل."},
		{annotations.Caption, annotations.LTR, "Read the full report at the agency — 3 < 5 && 5 > 3, \"quoted\" النص."},
		{annotations.Paragraph, annotations.RTL, "המאמר בעברית מצטט את הדובר ואת BBC."},
		{annotations.Paragraph, annotations.RTL, "این متن فارسی است که گفت\u200cوگو را نقل می\u200cکند، و «کتاب» را نام می\u200cبرد 😀."},
		{annotations.Paragraph, annotations.RTL, "الجملة فيها English words و עברית معًا."},
		{annotations.BlockQuote, annotations.RTL, "«لا تراجع عن الاتفاق»"},
		{annotations.ListItem, annotations.RTL, "النقطة الأولى"},
		{annotations.ListItem, annotations.RTL, "النقطة الثانية"},
		{annotations.Caption, annotations.RTL, "صورة من المؤتمر"},
		{annotations.Caption, annotations.RTL, "الأرقام"},
		{annotations.Cell, annotations.RTL, "البلد"},
		{annotations.Cell, annotations.RTL, "العدد"},
		{annotations.Cell, annotations.RTL, "مصر"},
		{annotations.Cell, annotations.Auto, "١٢٣"}, // digits have no strong direction
		{annotations.Preformatted, annotations.RTL, "سطر أول"},
		{annotations.Preformatted, annotations.RTL, "  سطر ثان <tag>"},
		{annotations.Paragraph, annotations.RTL, "نهاية المقال"},
		{annotations.Paragraph, annotations.RTL, "تذييل المقال"},
	}
	if len(d.Blocks) != len(wantBlocks) {
		t.Fatalf("%d blocks, want %d:\n%s", len(d.Blocks), len(wantBlocks), dump(d, det))
	}
	for i, w := range wantBlocks {
		if b := d.Blocks[i]; b.Kind != w.kind || b.Dir != w.dir || d.BlockText(i) != w.text {
			t.Errorf("block %d: %s %s %q; want %s %s %q", i, b.Kind, b.Dir, d.BlockText(i), w.kind, w.dir, w.text)
		}
	}
	if d.Title != "خبر عاجل & تحليل | موقع الأخبار" || d.Lang != "ar" || d.Dir != annotations.RTL {
		t.Errorf("title %q, %s %s", d.Title, d.Lang, d.Dir)
	}
}

// Markdown's marks are taken out of the text; words stay whole.
func TestOpenMarkdown(t *testing.T) {
	d, det := open(t, "article.md", readDoc(t, "article.md"))
	if det.Format != annotations.Markdown {
		t.Errorf("read as %+v", det)
	}
	for _, s := range []string{"MARKER", "**", "](", "![", "<!--", "<script", "https://example.org/report", "```", "|", "&amp;"} {
		if strings.Contains(d.Text, s) {
			t.Errorf("%q reached the text:\n%s", s, d.Text)
		}
	}
	for _, s := range []string{"الكتاب صدر", "المفاوضات ستُستأنف", "Read the full report at the agency, with code *not emphasis* and snake_case_name and 2 * 3 * 4.",
		"النقطة القديمة الثانية", "fmt.Println(\"*كما هو*\")", "Autolink https://example.org/a?b=1 and & ا and *literal*."} {
		if !strings.Contains(d.Text, s) {
			t.Errorf("%q is not in the text:\n%s", s, d.Text)
		}
	}
	if d.Title != "الاتفاق على وقف إطلاق النار" || d.Blocks[0].Kind != annotations.Title {
		t.Errorf("title %q, first block %s", d.Title, d.Blocks[0].Kind)
	}
}

// Titles are kept to MaxTitle code points, cut at a word.
func TestOpenTitleLength(t *testing.T) {
	long := strings.Repeat("كلمة ", 60)
	for _, f := range []struct{ name, data string }{
		{"a.txt", long + "\n\nنص"},
		{"a.md", "# " + long + "\n\nنص"},
		{"a.html", "<title>" + long + "</title><p>نص"},
	} {
		d, _ := open(t, f.name, []byte(f.data))
		if n := utf8.RuneCountInString(d.Title); n > annotations.MaxTitle || n < annotations.MaxTitle/2 || !strings.HasSuffix(d.Title, "كلمة…") {
			t.Errorf("%s: title of %d code points: %q", f.name, n, d.Title)
		}
	}
	// The page's <title> is the title; without one, the first heading.
	d, _ := open(t, "a.html", []byte("<p>intro</p><h2>العنوان</h2><p>نص</p>"))
	if d.Title != "العنوان" || d.Blocks[1].Kind != annotations.Title || d.Blocks[0].Kind != annotations.Paragraph {
		t.Errorf("%q\n%s", d.Title, dump(d, annotations.Detected{}))
	}
}

// A page's main part is its article or main, when it holds enough of the
// page's text; a headline printed twice is shown once.
func TestOpenPagePrefersArticle(t *testing.T) {
	page := `<title>الخبر</title><body><div class=menu>قائمة طويلة من الروابط</div>
<article><h1>الخبر</h1><p>` + strings.Repeat("نص المقال ", 20) + `</p></article>
<div class=related><article><p>خبر آخر</p></article></div></body>`
	d, _ := open(t, "a.html", []byte(page))
	if strings.Contains(d.Text, "قائمة") || strings.Contains(d.Text, "خبر آخر") || len(d.Blocks) != 3 {
		t.Errorf("not the article alone:\n%s", dump(d, annotations.Detected{}))
	}
	if b := d.Blocks[1]; b.Kind != annotations.Title || !b.Repeat {
		t.Errorf("the headline repeating the title: %+v", b)
	}
	// A small article is not the page.
	small := `<body><p>` + strings.Repeat("نص الصفحة ", 30) + `</p><article><p>بطاقة</p></article></body>`
	if d, _ := open(t, "a.html", []byte(small)); !strings.Contains(d.Text, "نص الصفحة") || !strings.Contains(d.Text, "بطاقة") {
		t.Errorf("a small article taken for the page:\n%s", d.Text)
	}
}

// A page's declared language and direction are taken at their word,
// from the element whose text is the page's or the nearest around it
// that declares them; a page that declares none is counted by its
// letters.
func TestOpenPageDeclaredLanguage(t *testing.T) {
	arabic := `<h1>تقرير عن المؤتمر</h1><p>قال المتحدث إن المؤتمر ناقش قضايا كثيرة.</p>`
	english := `<p>Source: Reuters, "Leaders meet to discuss the economy and trade agreements in the region", January 2026</p>`
	for _, c := range []struct {
		name, page, lang string
		dir              annotations.Direction
	}{
		{"counted", `<html><body>` + arabic + english + `</body></html>`, "en", annotations.LTR},
		{"declared", `<html lang="ar" dir="rtl"><body>` + arabic + english + `</body></html>`, "ar", annotations.RTL},
		{"region and case", `<html lang="AR-eg"><body>` + arabic + english + `</body></html>`, "ar", annotations.RTL},
		{"Persian, no direction", `<html lang="fa"><body>` + arabic + english + `</body></html>`, "fa", annotations.RTL},
		{"direction only", `<html dir="RTL"><body>` + arabic + english + `</body></html>`, "en", annotations.RTL},
		{"the article's own", `<html lang="en" dir="ltr"><body><p>menu</p><article lang="ar" dir="rtl">` + arabic + english + `</article></body></html>`, "ar", annotations.RTL},
		{"not a language", `<html lang="&lt;script&gt;"><body>` + arabic + english + `</body></html>`, "en", annotations.LTR},
	} {
		d, _ := open(t, "a.html", []byte(c.page))
		if d.Lang != c.lang || d.Dir != c.dir {
			t.Errorf("%s: %s %s, want %s %s", c.name, d.Lang, d.Dir, c.lang, c.dir)
		}
	}
}

// FuzzOpen opens any bytes under any name: it never panics, takes
// bounded time, and whatever it returns is a document whose text parses
// again to the same id and blocks and opens again, as a plain text, to
// the same id. A U+FFFD it makes is counted. The committed documents
// are its seed corpus, with testdata/fuzz/FuzzOpen.
func FuzzOpen(f *testing.F) {
	files, _ := filepath.Glob("testdata/documents/*")
	for _, file := range files {
		if !strings.HasSuffix(file, ".golden") {
			b, _ := os.ReadFile(file)
			f.Add(filepath.Base(file), b)
		}
	}
	f.Add("a.md", []byte("**a** _b_ `c` [d](e) ![f](g) <h> &amp; \\* ~~i~~"))
	f.Add("a.html", []byte("<p>a<b>b</b><br>c<pre>d\ne</pre><table><td>f</table>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		start := time.Now()
		tm := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("STUCK %q %q", name, data)) })
		d, det, err := annotations.Open(name, data)
		tm.Stop()
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("took %v for %d bytes", took, len(data))
		}
		if err != nil {
			var oe *annotations.OpenError
			if !errors.As(err, &oe) || d != nil {
				t.Fatalf("error %#v with document %v", err, d != nil)
			}
			return
		}
		again, err := annotations.Parse(d.Text)
		if err != nil || again.ID != d.ID || again.Text != d.Text || len(again.Blocks) != len(d.Blocks) {
			t.Fatalf("the text %q parses again to %v, %v", d.Text, again, err)
		}
		for i := range d.Blocks {
			if a, b := again.Blocks[i], d.Blocks[i]; a.Start != b.Start || a.End != b.End || a.Dir != b.Dir {
				t.Fatalf("block %d: %+v parsed again, %+v opened", i, a, b)
			}
		}
		if utf8.RuneCountInString(d.Title) > annotations.MaxTitle {
			t.Fatalf("title %q", d.Title)
		}
		// As a plain text it opens to the same id, unless it starts as a
		// file of a format that is refused (a page's text "%PDF-…").
		plain, _, err := annotations.Open("text.txt", []byte(d.Text))
		var oe *annotations.OpenError
		if errors.As(err, &oe) && oe.Format != "" {
			return
		}
		if err != nil || plain.ID != d.ID {
			t.Fatalf("the text %q opens again as %v, %v", d.Text, plain, err)
		}
		// U+FFFD from the file itself (written as such, or an entity in
		// markup) is text; any other is counted.
		if det.Replaced == 0 && strings.ContainsRune(d.Text, utf8.RuneError) && det.By != annotations.ByBOM && det.By != annotations.ByPattern &&
			!bytes.Contains(data, []byte("\ufffd")) && !bytes.Contains(data, []byte("&")) && det.Format == annotations.PlainText {
			t.Fatalf("an uncounted U+FFFD in %q (%+v)", d.Text, det)
		}
	})
}
