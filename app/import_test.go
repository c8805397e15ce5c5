package app

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

var (
	bdiRE  = regexp.MustCompile(`<bdi([^>]*)>([^<]*)</bdi>`)
	attrRE = regexp.MustCompile(`(\w+)="([^"]*)"`)
	tagRE  = regexp.MustCompile(`<[^>]*>|\s+`)
)

// The question about a file made for another document: the file's name
// and each document's id are isolated, a long id is shortened with the
// whole of it in its title, in both interface languages. Annotations that
// name no text are said to, not shown as "?".
func TestForeignFileQuestion(t *testing.T) {
	hash := "urn:sha256:" + strings.Repeat("0123456789abcdef", 4)
	long := "https://example.org/" + strings.Repeat("a-very-long-path/", 4)
	p := pendingImport{name: "نسخة copy.jsonld", sources: []string{hash, "", long}}
	type bdi struct{ class, dir, title, text string }
	want := []bdi{
		{"file-name", "", "", "نسخة copy.jsonld"},
		{"doc-id", "ltr", hash, "urn:sha256:0123456789ab…"},
		{"doc-id", "ltr", long, long[:32] + "…"},
	}
	for _, tt := range []struct{ lang, text string }{
		{"ar", "الملف«نسخةcopy.jsonld»صُنعلنصآخر(urn:sha256:0123456789ab…،https://example.org/a-very-long-…،ونصلايسمّيه).قد"},
		{"en", "نسخةcopy.jsonldwasmadeforanothertext(urn:sha256:0123456789ab…,https://example.org/a-very-long-…,andatextitdoesnotname).Its"},
	} {
		got := app.HTMLString(p.question(tt.lang))
		var bdis []bdi
		for _, m := range bdiRE.FindAllStringSubmatch(got, -1) {
			a := map[string]string{}
			for _, kv := range attrRE.FindAllStringSubmatch(m[1], -1) {
				a[kv[1]] = kv[2]
			}
			bdis = append(bdis, bdi{a["class"], a["dir"], a["title"], m[2]})
		}
		if len(bdis) != len(want) {
			t.Fatalf("%s: isolated %v, want %v", tt.lang, bdis, want)
		}
		for i := range want {
			if bdis[i] != want[i] {
				t.Errorf("%s: isolated %+v, want %+v", tt.lang, bdis[i], want[i])
			}
		}
		if text := tagRE.ReplaceAllString(got, ""); !strings.HasPrefix(text, tt.text) || strings.ContainsAny(text, "{}") {
			t.Errorf("%s: the question reads %s", tt.lang, text)
		}
	}
}

// TestFileNamingNoText: a file whose annotations name no text is asked
// about as such.
func TestFileNamingNoText(t *testing.T) {
	p := pendingImport{name: "quotes.json", sources: []string{""}}
	for l, want := range map[string]string{"ar": "لايذكرالملف«quotes.json»النصالذيصُنعله.", "en": "quotes.jsondoesnotsaywhichtextitwasmadefor."} {
		if text := tagRE.ReplaceAllString(app.HTMLString(p.question(l)), ""); !strings.HasPrefix(text, want) || strings.ContainsAny(text, "{}()") {
			t.Errorf("%s: the question reads %s", l, text)
		}
	}
}

// TestRefusalInArabic: a file refused for what it holds is explained in
// Arabic words in the Arabic interface, with where; the English words of
// the error are for the English interface.
func TestRefusalInArabic(t *testing.T) {
	for _, data := range []string{"", "{,}", "[" + strings.Repeat("[", 70)} {
		_, err := annotations.Decode([]byte(data))
		if err == nil {
			t.Fatalf("%q read", data)
		}
		r := &Reader{}
		r.fileFailed("broken.jsonld", err)
		// File and format names stay as they are written.
		ar := strings.NewReplacer("broken.jsonld", "", "JSON-LD", "", "JSON", "", "W3C", "").Replace(r.alert.ar)
		if latin := regexp.MustCompile(`[A-Za-z]{2,}`).FindString(ar); latin != "" {
			t.Errorf("%q: the Arabic message has %q: %s", data, latin, r.alert.ar)
		}
		if !strings.Contains(r.alert.en, err.Error()) {
			t.Errorf("%q: the English message lacks the error: %s", data, r.alert.en)
		}
	}
}

// TestRefusalSaysWhy: in Arabic as in English, a refusal names its cause:
// text that is not UTF-8 (and where), a file cut short, a repeated key,
// half a surrogate pair, too many small values (split the file), a note
// over the limit; what breaks the W3C model, for which Arabic has no
// words of its own, in the model's English words.
func TestRefusalSaysWhy(t *testing.T) {
	for data, want := range map[string]string{
		"{\"a\":\n \"\xff\"}": "ليس نصًّا بترميز UTF-8 عند السطر 2، العمود 3",
		`{"items": [{"id": 1`: "ينتهي عند السطر 1، العمود 20 قبل أن يتمّ JSON فيه؛ لعلّ الملف مقطوع",
		"[\"\xd8":             "ينتهي عند السطر 1، العمود 4 في وسط حرف؛ لعلّ الملف مقطوع",
		"[\"\xd8\xa7":         "ينتهي عند السطر 1، العمود 4 قبل أن يتمّ JSON فيه",
		`{"a": 1, "a": 2}`:    "مفتاح مكرر في كائن واحد عند السطر 1",
		`["\udc00"]`:          "نصف زوج بديل",
		" \n":                 "كما هي: فارغ، لا نصّ فيه.",
		`{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:x:1","type":"Annotation","body":{"value":"` + strings.Repeat("م", annotations.MaxNoteSize/2+1) + `"},"target":{"source":"urn:x:a","selector":{"type":"TextQuoteSelector","exact":"x"}}}`: "فيه ملاحظة أطول من 1 ميغابايت (1,048,576 بايت) عند \u2068body\u2069",
		"[" + strings.Repeat("{},", 5000) + "{}]": "قسّمه إلى ملفات أصغر",
		"\x89PNG\r\n\x1a\n\x00\x00":               "هو صورة PNG وليس نصًّا؛ اختر ملف التعليقات (\u2068.jsonld\u2069 أو \u2068.json\u2069).",
		"PK\x03\x04\x14\x00":                      "هو أرشيف ZIP (أو ملف Word أو Excel أو EPUB) وليس نصًّا",
		"\xff\xd8\xff\xe0":                        "هو صورة JPEG وليس نصًّا",
		"GIF89a\x01\x00":                          "هو صورة GIF وليس نصًّا",
		"RIFF\x24\x00\x00\x00WEBPVP8 ":            "هو صورة WebP وليس نصًّا",
		"%PDF-1.4\n":                              "هو مستند PDF وليس نصًّا",
		"\x1f\x8b\x08\x00":                        "هو أرشيف gzip وليس نصًّا",
		`{"@context": "http://www.w3.org/ns/anno.jsonld", "id": 12345, "type": "Annotation", "target": "urn:x:a"}`:      "فيه معرّف أو مصدر «\u206812345\u2069» ليس عنوانًا (IRI) عند \u2068id\u2069؛ العنوان مثل \u2068urn:uuid:…\u2069 أو \u2068https://…\u2069.",
		`{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "<b>x</b>", "type": "Annotation", "target": "urn:x:a"}`: "فيه معرّف أو مصدر «\u2068<b>x</b>\u2069» ليس عنوانًا (IRI) عند \u2068id\u2069",
	} {
		_, err := annotations.Decode([]byte(data))
		if err == nil {
			t.Fatalf("%q read", data)
		}
		r := &Reader{}
		r.fileFailed("f.jsonld", err)
		data = data[:min(len(data), 80)]
		if !strings.Contains(r.alert.ar, want) {
			t.Errorf("%q: the Arabic message lacks %q: %s", data, want, r.alert.ar)
		}
		if !strings.Contains(r.alert.en, err.Error()) {
			t.Errorf("%q: the English message lacks the error: %s", data, r.alert.en)
		}
	}
}

// TestReportCountsInEnglish: one is one, in the English report.
func TestReportCountsInEnglish(t *testing.T) {
	im := &annotations.Import{Untagged: 1, Notices: []annotations.Notice{{Code: annotations.NoticeMintedIDs, N: 1}, {Code: annotations.NoticePrivate, N: 2}}}
	if ar := importReport("f.jsonld", im, annotations.Report{}).ar; !strings.Contains(ar, "1 بلا وسم ادعاء أو اقتباس أو مصدر صار ادعاءً") {
		t.Errorf("the Arabic report: %s", ar)
	}
	got := importReport("f.jsonld", im, annotations.Report{Added: 2, Conflicts: 1}).en
	for _, want := range []string{"1 conflicting version kept", "1 without a claim, quote or source tag became a claim", "1 id was not an IRI; it was given", "2 annotations are private to their author"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q: %s", want, got)
		}
	}
	im.Unshown = []annotations.Annotation{{Kept: annotations.Kept{Reason: annotations.ReasonReply}}, {Kept: annotations.Kept{Reason: annotations.ReasonSelector}},
		{Kept: annotations.Kept{Reason: annotations.ReasonRelation}}, {Kept: annotations.Kept{Reason: annotations.ReasonRelation}}}
	got = importReport("f.jsonld", im, annotations.Report{}).en
	for _, want := range []string{"(1 reply to another annotation; 1 annotation whose selector picks no passage by quote or position; 2 relations between other annotations)"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q: %s", want, got)
		}
	}
	im.Untagged = 3
	if got := importReport("f.jsonld", im, annotations.Report{Added: 3, Orphans: 1}).en; !strings.Contains(got, "3 new") || !strings.Contains(got, "; 1 could not be found in this text and is listed as an orphan;") {
		t.Errorf("one orphan: %s", got)
	}
	if got := importReport("f.jsonld", im, annotations.Report{Added: 3, Orphans: 2}); !strings.Contains(got.en, "; 2 could not be found in this text and are listed as orphans;") || !strings.Contains(got.ar, "و2 لم يُعثر على مقاطعها") {
		t.Errorf("two orphans: %s / %s", got.en, got.ar)
	}
	if got := importReport("f.jsonld", im, annotations.Report{Conflicts: 2}).en; !strings.Contains(got, "2 conflicting versions kept") || !strings.Contains(got, "3 without a claim, quote or source tag became claims") {
		t.Errorf("more than one: %s", got)
	}
}

// TestUnreadableFileInPlainWords: a file the browser could not read is
// said so in Arabic words, without the browser's English.
func TestUnreadableFileInPlainWords(t *testing.T) {
	r := &Reader{}
	r.fileFailed("f.jsonld", unreadable{errors.New("NotFoundError: A requested file or directory could not be found")})
	if !strings.Contains(r.alert.ar, "تعذّر على المتصفح قراءته") || strings.Contains(r.alert.ar, "NotFoundError") {
		t.Errorf("Arabic: %s", r.alert.ar)
	}
	if !strings.Contains(r.alert.en, "could not read it; it may have been moved or deleted") {
		t.Errorf("English: %s", r.alert.en)
	}
}
