package annotations_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"annotator/annotations"
)

func TestDecodeW3CCorrectSamples(t *testing.T) {
	files, _ := filepath.Glob("testdata/w3c/samples/correct/*.json")
	if len(files) != 45 {
		t.Fatalf("%d correct sample files", len(files))
	}
	text := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		im, err := annotations.Decode(b)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if len(im.Annotations)+len(im.Unshown) == 0 && !strings.HasPrefix(filepath.Base(f), "example4") {
			t.Errorf("%s: read nothing", filepath.Base(f))
		}
		for _, s := range im.Unshown {
			if s.Kept.Reason == "" || s.ID == "" || len(s.Kept.Whole) == 0 {
				t.Errorf("%s: unshown %+v without a reason or its content", filepath.Base(f), s)
			}
		}
		text += len(im.Annotations)
	}
	// anno26 (a quote), anno27 (a position), anno32 (a quote refining a
	// fragment), anno41-example44 and collection1's copies of them.
	if text == 0 {
		t.Error("no sample with a text target was imported")
	}
}

func TestDecodeW3CIncorrectSamples(t *testing.T) {
	// What each message must name.
	want := map[string]string{
		"anno1.json": "line 1", "anno2.json": "no @context", "anno3.json": "no @context", "anno4.json": "@context",
		"anno5.json": "@context", "anno6.json": "id", "anno7.json": "exactly one id", "anno8.json": "no type",
		"anno9.json": "type", "anno11.json": "target", "anno26.json": "creator", "anno27.json": "generator",
		"anno28.json": "created", "anno29.json": "modified", "anno30.json": "generated", "anno31.json": "modified",
		"anno32.json": "created", "anno33.json": "generated", "anno34.json": "rights", "anno35.json": "via",
		"anno36.json": "canonical", "anno38.json": "value", "anno39.json": "value",
	}
	files, _ := filepath.Glob("testdata/w3c/samples/incorrect/*.json")
	if len(files) != 39 {
		t.Fatalf("%d incorrect samples", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		b, _ := os.ReadFile(f)
		_, err := annotations.Decode(b)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		var de *annotations.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: %T is not a DecodeError", name, err)
		}
		w, named := want[name]
		if named && !strings.Contains(err.Error(), w) {
			t.Errorf("%s: %q does not name %q", name, err, w)
		}
		if !named && !strings.Contains(err.Error(), "line ") {
			t.Errorf("%s: %q gives no line", name, err)
		}
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	d := seed(t)
	list := seedAnnotations(t, d)
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(d, list); err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Unshown) != 0 || im.Untagged != 0 {
		t.Errorf("unshown %v, untagged %d", im.Unshown, im.Untagged)
	}
	got := annotations.Merge(im.Annotations)
	want := annotations.Merge(list)
	if len(got) != len(want) {
		t.Fatalf("%d annotations back, want %d", len(got), len(want))
	}
	for i := range got {
		if g, w := got[i], want[i]; !annotations.Same(g, w) {
			t.Errorf("annotation %d:\n got %s\nwant %s", i, annotations.Canonical(g), annotations.Canonical(w))
		}
	}
}

func TestDecodeHostileFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/hostile/*")
	if len(files) < 8 {
		t.Fatalf("only %d hostile files", len(files))
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		im, err := annotations.Decode(b)
		if err == nil {
			t.Errorf("%s: accepted (%d annotations)", filepath.Base(f), len(im.Annotations))
			continue
		}
		if len(err.Error()) > 300 || strings.TrimSpace(err.Error()) == "" {
			t.Errorf("%s: message %q", filepath.Base(f), err)
		}
	}
	huge := bytes.Repeat([]byte(" "), annotations.MaxFileSize+1)
	if _, err := annotations.Decode(huge); err == nil || !strings.Contains(err.Error(), "MB") {
		t.Errorf("a file over the size limit: %v", err)
	}
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	if _, err := annotations.Decode([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Errorf("deep nesting: %v", err)
	}
}

// Files that are read, with something the reader is told.
func TestDecodeTellsWhatItCouldNotTake(t *testing.T) {
	im, err := annotations.Decode([]byte(`{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:a", "type": "Annotation",
		"body": [{"type": "TextualBody", "purpose": "tagging", "value": "rumour"}, {"type": "TextualBody", "purpose": "commenting", "value": "check"}],
		"target": {"source": "urn:x", "selector": {"type": "TextQuoteSelector", "exact": "x"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if a := im.Annotations[0]; len(im.UnknownTags) != 1 || a.Note != "check" || a.Tag != annotations.Claim ||
		len(a.Kept.Bodies) != 1 || !strings.Contains(string(a.Kept.Bodies[0]), `"rumour"`) {
		t.Errorf("unknown tag: %+v %+v", im.UnknownTags, im.Annotations)
	}
	im, err = annotations.Decode([]byte(`{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "total": 3, "first": "http://example.org/page1"}`))
	if err != nil || len(im.Notices) != 1 || !strings.Contains(im.Notices[0].String(), "linked") {
		t.Errorf("linked pages: %v %+v", err, im)
	}
}

func TestDecodeHypothesisExport(t *testing.T) {
	b, err := os.ReadFile("testdata/hypothesis-export.json")
	if err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Annotations) != 2 || len(im.Unshown) != 1 || im.Unshown[0].Kept.Reason != annotations.ReasonPage {
		t.Fatalf("%d imported, %d unshown, want 2 and 1 page note", len(im.Annotations), len(im.Unshown))
	}
	d := seed(t)
	for _, a := range im.Annotations {
		if m := annotations.Locate(d, a.Target); m.Status == annotations.Orphan {
			t.Errorf("%s (%q) did not anchor in the seed", a.ID, a.Target.Quote.Exact)
		}
	}
	if im.Annotations[0].Tag != annotations.Source || im.Annotations[0].Note != "المصدر الأصلي" {
		t.Errorf("first annotation %+v", im.Annotations[0])
	}
}

func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/w3c/samples/*/*.json")
	more, _ := filepath.Glob("testdata/*.json*")
	for _, p := range append(files[:20], more...) {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte(`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","id":"urn:x:1","target":{"source":"urn:x","selector":{"type":"TextPositionSelector","start":1,"end":0}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := annotations.Decode(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, a := range im.Annotations {
			if a.ID == "" || !a.Tag.Valid() {
				t.Fatalf("decoded %+v", a)
			}
		}
		// Whatever is read is written so that it reads back the same.
		all := annotations.Merge(im.Annotations, im.Unshown)
		var out bytes.Buffer
		if err := annotations.NewEncoder(&out).Encode(nil, all); err != nil {
			return // too large to write: refused, not written half
		}
		back, err := annotations.Decode(out.Bytes())
		if err != nil {
			t.Fatalf("our own output is refused: %v\n%s", err, out.Bytes())
		}
		var again bytes.Buffer
		if err := annotations.NewEncoder(&again).Encode(nil, annotations.Merge(back.Annotations, back.Unshown)); err != nil || !bytes.Equal(out.Bytes(), again.Bytes()) {
			t.Fatalf("encode, decode, encode differs (%v):\n%s\n%s", err, out.Bytes(), again.Bytes())
		}
	})
}

// RecogitoJS writes W3C annotations with relative ids, no target source,
// and free tags.
func TestDecodeRecogitoExport(t *testing.T) {
	b, err := os.ReadFile("testdata/recogito-export.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Annotations) != 2 || len(im.UnknownTags) != 1 || im.UnknownTags[0] != "Putin" {
		t.Fatalf("%d annotations, unknown tags %v", len(im.Annotations), im.UnknownTags)
	}
	d := seed(t)
	for _, a := range im.Annotations {
		if m := annotations.Locate(d, a.Target); m.Status != annotations.Anchored {
			t.Errorf("%s (%q) is %s in the seed", a.ID, a.Target.Quote.Exact, m.Status)
		}
	}
	if a := im.Annotations[0]; a.Tag != annotations.Quote || a.Note != "Check the transcript" {
		t.Errorf("first annotation %+v", a)
	}
}

// TestDecodeYieldingReadsAsDecode: a Decode that yields now and then reads
// every file as Decode does (the same annotations, the same refusal), and
// yields more often as a file holds more.
func TestDecodeYieldingReadsAsDecode(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/w3c/samples/*/*.json", "testdata/hostile/*", "testdata/tools/*.json*", "testdata/*.json*"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 60 {
		t.Fatalf("only %d files", len(files))
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		want, werr := annotations.Decode(b)
		yields := 0
		got, gerr := annotations.DecodeYielding(b, func() { yields++ })
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Errorf("%s: Decode says %v, DecodeYielding %v", f, werr, gerr)
			continue
		}
		if werr != nil {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: DecodeYielding read something else than Decode", f)
		}
	}
	var last int
	for _, n := range []int{10, 1000, 5000} {
		d, list := filesOf(t, n)
		var buf bytes.Buffer
		if err := annotations.NewEncoder(&buf).Encode(d, list); err != nil {
			t.Fatal(err)
		}
		want, err := annotations.Decode(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		yields := 0
		got, err := annotations.DecodeYielding(buf.Bytes(), func() { yields++ })
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%d annotations: DecodeYielding read something else than Decode (%v)", n, err)
		}
		// Some 30 annotations between two yields.
		if n >= 1000 && (yields < n/60 || yields <= last) {
			t.Errorf("%d annotations: %d yields (%d for fewer)", n, yields, last)
		}
		t.Logf("%d annotations: %d yields", n, yields)
		last = yields
	}
}
