package annotations_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"annotator/annotations"
)

func encodeText(t testing.TB, d *annotations.Document, list []annotations.Annotation, compact bool) []byte {
	t.Helper()
	var b bytes.Buffer
	e := annotations.NewEncoder(&b).WithText()
	if compact {
		e.Compact()
	}
	if err := e.Encode(d, list); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An export with the text still passes the W3C checks, as a collection
// and item by item, and reads back to the same annotations, document id,
// text and title; written again, it is the same bytes. Without the text
// an export is what it always was (TestEncodeGoldenAndValid).
func TestEncodeWithTextValidAndReadBack(t *testing.T) {
	d := seed(t)
	list := seedAnnotations(t, d)
	anno, coll := schemas(t)
	for _, compact := range []bool{false, true} {
		b := encodeText(t, d, list, compact)
		if err := validate(t, coll, b); err != nil {
			t.Errorf("an export with the text fails the W3C checks: %v", err)
		}
		var c struct {
			First struct{ Items []map[string]any }
			Doc   map[string]any `json:"document"`
		}
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		for _, it := range c.First.Items {
			it["@context"] = annotations.Context
			one, _ := json.Marshal(it)
			if err := validate(t, anno, one); err != nil {
				t.Errorf("item %v fails the W3C checks: %v", it["id"], err)
			}
		}
		if c.Doc["id"] != d.ID || c.Doc["value"] != d.Text || c.Doc["label"] != d.Title || c.Doc["type"] != "Text" || c.Doc["format"] != "text/plain" {
			t.Errorf("the document as written: %v", c.Doc["id"])
		}

		im, err := annotations.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if im.Document == nil || im.Document.ID != d.ID || im.Document.Text != d.Text || im.Document.Title != d.Title || len(im.Notices) != 0 {
			t.Fatalf("the document read back: %+v, notices %v", im.Document, im.Notices)
		}
		without, err := annotations.Decode(encode(t, d, list))
		if err != nil {
			t.Fatal(err)
		}
		if without.Document != nil {
			t.Error("an export without the text reads back with a document")
		}
		if len(im.Annotations) != len(without.Annotations) {
			t.Fatalf("%d annotations with the text, %d without", len(im.Annotations), len(without.Annotations))
		}
		for i := range im.Annotations {
			if !annotations.Same(im.Annotations[i], without.Annotations[i]) {
				t.Errorf("annotation %d differs with the text: %s", i, annotations.Canonical(im.Annotations[i]))
			}
		}
		if again := encodeText(t, im.Document, im.Annotations, compact); !bytes.Equal(again, b) {
			t.Error("encode, decode, encode with the text gives other bytes")
		}
		// The same annotations without the text: the page is the same
		// bytes but for the document.
		if strings.Contains(string(encode(t, d, list)), `"document"`) {
			t.Error("an export without the text names a document")
		}
	}
}

// A document opened from a web page travels with its own title and text.
func TestEncodeWithTextOpenedPage(t *testing.T) {
	d, _ := open(t, "hostile.html", readDoc(t, "hostile.html"))
	start := strings.Index(d.Text, "الكتاب")
	start = len([]rune(d.Text[:start]))
	tg, err := annotations.Describe(d, start, start+6)
	if err != nil {
		t.Fatal(err)
	}
	a := annotations.Annotation{ID: "urn:uuid:00000000-0000-4000-8000-000000000001", Tag: annotations.Claim, Target: tg}
	im, err := annotations.Decode(encodeText(t, d, []annotations.Annotation{a}, false))
	if err != nil {
		t.Fatal(err)
	}
	got := im.Document
	if got == nil || got.ID != d.ID || got.Title != d.Title || got.Text != d.Text || len(got.Blocks) != len(d.Blocks) {
		t.Fatalf("read back %+v", got)
	}
	if m := annotations.Locate(got, im.Annotations[0].Target); m.Status != annotations.Anchored || got.Slice(m.Start, m.End) != "الكتاب" {
		t.Errorf("located %+v", m)
	}
}

// A text that is not the one the annotations were made on is not used,
// and a notice says so; the annotations are read all the same.
func TestDecodeTextThatDoesNotMatch(t *testing.T) {
	d := seed(t)
	list := seedAnnotations(t, d)
	good := string(encodeText(t, d, list, true))
	other, err := annotations.Parse("نص آخر\n\nOther text")
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := slices.Clone(list)
	for i := range elsewhere {
		elsewhere[i].Target.Source = "https://example.org/elsewhere"
	}
	tests := []struct {
		name string
		file string
		code annotations.NoticeCode
	}{
		{"a letter changed", strings.Replace(good, "كُشِفَ لأول مرة", "كُشِفَ لاول مرة", 1), annotations.NoticeTextMismatch},
		{"another id", strings.Replace(good, `"document":{"id":"`+d.ID, `"document":{"id":"`+other.ID, 1), annotations.NoticeTextMismatch},
		{"no id", strings.Replace(good, `"document":{"id":"`+d.ID+`",`, `"document":{`, 1), annotations.NoticeTextMismatch},
		{"the text of another document", strings.Replace(string(encodeText(t, other, list, true)), `"id":"`+other.ID+`#annotations"`, `"id":"x:y"`, 1), annotations.NoticeTextMismatch},
		{"annotations made elsewhere", string(encodeText(t, d, elsewhere, true)), annotations.NoticeTextMismatch},
		{"not an object", strings.Replace(good, `"document":{`, `"document":"x","documentWas":{`, 1), annotations.NoticeTextUnreadable},
		{"no text", strings.Replace(good, `,"value":"`, `,"values":"`, 1), annotations.NoticeTextUnreadable},
		{"an empty text", editDocument(t, good, func(m map[string]any) { m["value"] = " \n" }), annotations.NoticeTextUnreadable},
		{"a text over the limit", editDocument(t, good, func(m map[string]any) { m["value"] = strings.Repeat("نص ", annotations.MaxDocumentSize/5+1) }), annotations.NoticeTextUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.file == good {
				t.Fatal("the file was not changed")
			}
			im, err := annotations.Decode([]byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if im.Document != nil {
				t.Errorf("the text was used: %s", im.Document.ID)
			}
			if len(im.Notices) != 1 || im.Notices[0].Code != tt.code || im.Notices[0].String() == "" {
				t.Errorf("notices %v, want one %s", im.Notices, tt.code)
			}
			if len(im.Annotations) != 4 {
				t.Errorf("%d annotations read, want 4", len(im.Annotations))
			}
		})
	}
}

// The round trip with the text, as a property: whatever annotations a
// reader has, an export with the text reads back to the same annotations
// and the same document, and writes again to the same bytes.
func TestRoundTripWithTextProperty(t *testing.T) {
	docs := []*annotations.Document{seed(t)}
	for _, f := range []string{"hostile.html", "article.md", "news-windows-1256.txt"} {
		d, _ := open(t, f, readDoc(t, f))
		docs = append(docs, d)
	}
	for seedN := range uint64(24) {
		rng := rand.New(rand.NewPCG(seedN, 7))
		d := docs[seedN%uint64(len(docs))]
		list := genAnnotations(t, d, rng, 1+rng.IntN(20))
		first := encodeText(t, d, list, rng.IntN(2) == 0)
		im, err := annotations.Decode(first)
		if err != nil {
			t.Fatalf("seed %d: our own export is refused: %v", seedN, err)
		}
		if im.Document == nil || im.Document.ID != d.ID || im.Document.Text != d.Text || im.Document.Title != d.Title {
			t.Fatalf("seed %d: document %+v, notices %v", seedN, im.Document, im.Notices)
		}
		back := append(slices.Clone(im.Annotations), im.Unshown...)
		byID := map[string]annotations.Annotation{}
		for _, a := range back {
			byID[a.ID] = a
		}
		if len(back) != len(list) {
			t.Fatalf("seed %d: %d annotations back, want %d", seedN, len(back), len(list))
		}
		for _, a := range list {
			if !annotations.Same(a, byID[a.ID]) {
				t.Errorf("seed %d: %s changed on the way", seedN, a.ID)
			}
		}
		var b bytes.Buffer
		e := annotations.NewEncoder(&b).WithText()
		if !bytes.Contains(first, []byte("\n  ")) {
			e.Compact()
		}
		if err := e.Encode(im.Document, back); err != nil || !bytes.Equal(b.Bytes(), first) {
			t.Fatalf("seed %d: encode, decode, encode gives other bytes (%v)", seedN, err)
		}
	}
}

// editDocument changes the document a file carries.
func editDocument(t *testing.T, file string, edit func(map[string]any)) string {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal([]byte(file), &c); err != nil {
		t.Fatal(err)
	}
	edit(c[annotations.DocumentKey].(map[string]any))
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
