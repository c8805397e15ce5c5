package annotations_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"annotator/annotations"
)

// leaves is every string and number in a JSON value, and every key.
func leaves(v any, keys, values map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			keys[k] = true
			leaves(x, keys, values)
		}
	case []any:
		for _, x := range v {
			leaves(x, keys, values)
		}
	case string:
		values[v] = true
	case json.Number:
		values[v.String()] = true
	}
}

// Files other tools wrote come in whole and go out whole: every text,
// number and property of the input (comments, tags, creators, selectors,
// rights, …) is in what is written back, every date at the same instant,
// and writing what was read back gives the same bytes.
func TestOtherToolsFilesComeInAndGoOutWhole(t *testing.T) {
	files, _ := filepath.Glob("testdata/tools/*.json*")
	if len(files) < 5 {
		t.Fatalf("%d files", len(files))
	}
	// Keys the app writes under another name, and ids it had to make.
	renamed := map[string]string{"updated": "modified", "text": "value", "tags": "value", "user": "creator"}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, _ := os.ReadFile(f)
			im, err := annotations.Decode(in)
			if err != nil {
				t.Fatal(err)
			}
			all := annotations.Merge(im.Annotations, im.Unshown)
			var out bytes.Buffer
			if err := annotations.NewEncoder(&out).Encode(nil, all); err != nil {
				t.Fatal(err)
			}
			back, err := annotations.Decode(out.Bytes())
			if err != nil {
				t.Fatalf("what was written is refused: %v", err)
			}
			var again bytes.Buffer
			annotations.NewEncoder(&again).Encode(nil, annotations.Merge(back.Annotations, back.Unshown))
			if !bytes.Equal(out.Bytes(), again.Bytes()) {
				t.Error("writing what was read back gives other bytes")
			}

			inKeys, inValues := map[string]bool{}, map[string]bool{}
			v := stdDecode(t, in)
			if m, ok := v.(map[string]any); ok {
				for _, k := range []string{"export_date", "export_userid", "client_version"} {
					delete(m, k) // of the file, not of an annotation
				}
			}
			leaves(v, inKeys, inValues)
			outKeys, outValues := map[string]bool{}, map[string]bool{}
			leaves(stdDecode(t, out.Bytes()), outKeys, outValues)
			var outTimes []time.Time
			for v := range outValues {
				if at, err := time.Parse(time.RFC3339Nano, v); err == nil {
					outTimes = append(outTimes, at)
				}
			}
			minted := map[string]bool{}
			for _, a := range all {
				minted[a.ID] = true
			}
			for v := range inValues {
				if outValues[v] || v == "" {
					continue
				}
				if at, err := time.Parse(time.RFC3339Nano, v); err == nil {
					if !slices.ContainsFunc(outTimes, at.Equal) {
						t.Errorf("the date %s is lost", v)
					}
					continue
				}
				if inKeys["id"] && !strings.Contains(v, ":") && !strings.Contains(v, " ") && len(im.Notices) > 0 {
					continue // a bare id, given a urn: (the notice says so)
				}
				if strings.HasPrefix(f, "testdata/tools/hypothesis") && outValues["https://hypothes.is/a/"+v] {
					continue
				}
				t.Errorf("%q is not in what is written back", v)
			}
			for k := range inKeys {
				if !outKeys[k] && !outKeys[renamed[k]] && k != "annotations" {
					t.Errorf("the property %q is lost", k)
				}
			}
		})
	}
}

// What each tool's file gives: what is shown, what is kept apart and why,
// and what the reader is told.
func TestOtherToolsFilesAreRead(t *testing.T) {
	read := func(name string) *annotations.Import {
		t.Helper()
		b, err := os.ReadFile("testdata/tools/" + name)
		if err != nil {
			t.Fatal(err)
		}
		im, err := annotations.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		return im
	}
	reasons := func(im *annotations.Import) (out []string) {
		for _, a := range im.Unshown {
			out = append(out, string(a.Kept.Reason))
		}
		return out
	}

	h := read("hypothesis-client-export.json")
	if len(h.Annotations) != 5 || !slices.Equal(reasons(h), []string{"page", "reply"}) {
		t.Errorf("Hypothesis: %d shown, unshown %v", len(h.Annotations), reasons(h))
	}
	for _, tag := range []string{"fact-check", "needs-translation", "عنوان", "تاريخ"} {
		if !slices.Contains(h.UnknownTags, tag) {
			t.Errorf("Hypothesis: tag %q not reported (%v)", tag, h.UnknownTags)
		}
	}
	if !slices.Contains(h.Notices, annotations.Notice{Code: annotations.NoticePrivate, N: 1}) {
		t.Errorf("Hypothesis: the private annotation is not reported: %v", h.Notices)
	}
	first := h.Annotations[0]
	for _, a := range h.Annotations {
		if !strings.HasPrefix(a.ID, "https://hypothes.is/a/") || a.Target.Position.Start != -1 || a.Target.Hint == (annotations.Hint{}) {
			t.Errorf("Hypothesis: %s: position %+v, hint %+v", a.ID, a.Target.Position, a.Target.Hint)
		}
		if a.ID == "https://hypothes.is/a/Kx701AbCdEfGh" {
			first = a
		}
	}
	if tags, _ := first.Extras(); first.Tag != annotations.Claim || !slices.Equal(tags, []string{"fact-check"}) || first.Creator.Name != "سلمى" ||
		!bytes.Contains(first.Kept.NoteBody["format"], []byte("text/markdown")) {
		t.Errorf("Hypothesis: first annotation %s", annotations.Canonical(first))
	}

	// Its JSON-LD for the same annotation has the same id: merged with
	// the export, it is one annotation, with the creator's name.
	ld := read("hypothesis-jsonld.json")
	merged := annotations.Merge(h.Annotations, ld.Annotations)
	if len(merged) != len(h.Annotations) {
		t.Errorf("the export and the JSON-LD of one annotation merge to %d, want %d", len(merged), len(h.Annotations))
	}
	for _, a := range merged {
		if a.ID == first.ID && a.Creator.Name != "سلمى" {
			t.Errorf("joined: %s", annotations.Canonical(a))
		}
	}

	// The headline's second copy of "بوتين" ties with the first; the
	// positions of the file's other annotations tell them apart.
	d := seed(t)
	var targets []annotations.Target
	for _, a := range h.Annotations {
		targets = append(targets, a.Target)
	}
	ms := annotations.LocateAll(d, targets)
	for i, a := range h.Annotations {
		if !ms[i].Placed() {
			t.Errorf("Hypothesis: %s (%q) is %s", a.ID, a.Target.Quote.Exact, ms[i].Status)
		}
		if a.Target.Quote.Exact == "بوتين" {
			if want := strings.Index(d.Text, "بوتين"); annotations.ByteToCodePoint(d.Text, want) == ms[i].Start {
				t.Errorf("the headline's second بوتين landed on the first copy")
			}
			if m := annotations.Locate(d, a.Target); m.Status != annotations.Ambiguous {
				t.Errorf("alone, the second بوتين is %s, want ambiguous", m.Status)
			}
		}
	}

	r := read("recogitojs.jsonld")
	if len(r.Annotations) != 2 || !slices.Equal(reasons(r), []string{"relation"}) {
		t.Errorf("RecogitoJS: %d shown, unshown %v", len(r.Annotations), reasons(r))
	}
	for _, a := range r.Annotations {
		if a.Note == "" {
			t.Errorf("RecogitoJS: the comment of %s is lost", a.ID)
		}
		if strings.Contains(a.Note, "إعادة") {
			if _, comments := a.Extras(); !slices.Equal(comments, []string{"A second comment, by someone else"}) {
				t.Errorf("RecogitoJS: second comment %v", comments)
			}
		}
	}

	an := read("annotorious.w3c.json")
	if len(an.Annotations) != 0 || !slices.Equal(reasons(an), []string{"media", "media"}) || an.Notices[0].Code != annotations.NoticeMintedIDs {
		t.Errorf("Annotorious: %d shown, unshown %v, notices %v", len(an.Annotations), reasons(an), an.Notices)
	}
	again := read("annotorious.w3c.json")
	if an.Unshown[0].ID != again.Unshown[0].ID || !strings.HasPrefix(an.Unshown[0].ID, "urn:uuid:") {
		t.Errorf("the id made for \"outer\" is %q then %q", an.Unshown[0].ID, again.Unshown[0].ID)
	}

	rt := read("recogito-text-annotator.w3c.json")
	if len(rt.Annotations) != 3 {
		t.Errorf("Recogito Text Annotator: %d shown", len(rt.Annotations))
	}
	for _, a := range rt.Annotations {
		if !strings.HasPrefix(a.ID, "urn:uuid:") {
			t.Errorf("Recogito Text Annotator: id %q", a.ID)
		}
	}
}

// Files of other formats are refused with their format named.
func TestOtherFormatsAreNamed(t *testing.T) {
	for file, format := range map[string]string{
		"labelstudio.json": "Label Studio", "doccano.jsonl": "doccano JSON Lines", "lines.jsonl": "JSON Lines",
		"webanno.tsv": "WebAnno TSV", "uima.json": "UIMA CAS JSON", "uima.xmi": "UIMA CAS XMI",
	} {
		b, err := os.ReadFile("testdata/formats/" + file)
		if err != nil {
			t.Fatal(err)
		}
		_, err = annotations.Decode(b)
		var de *annotations.DecodeError
		if !errors.As(err, &de) || de.Format != format || !strings.Contains(err.Error(), "not a W3C Web Annotation file") {
			t.Errorf("%s: %v", file, err)
		}
	}
	// A syntax error's column is where the wrong character is.
	_, err := annotations.Decode([]byte("{\n  \"a\": ]"))
	var de *annotations.DecodeError
	if !errors.As(err, &de) || de.Line != 2 || de.Col != 8 {
		t.Errorf("syntax error at %v", err)
	}
}

// Each refusal says what kind of problem it is, for the reader's language.
func TestDecodeErrorKinds(t *testing.T) {
	for in, want := range map[string]annotations.ErrorKind{
		`{"a": ]`:          annotations.NotJSON,
		`{"a": 1, "a": 2}`: annotations.Strict,
		`"\ud800"`:         annotations.Strict,
		strings.Repeat("[", 100) + strings.Repeat("]", 100):                                       annotations.OverLimit,
		`{"text": "x", "label": [[0, 1, "L"]]}`:                                                   annotations.OtherFormat,
		`{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "urn:x:1"}`: annotations.Invalid,
	} {
		_, err := annotations.Decode([]byte(in))
		var de *annotations.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%.40s: %v", in, err)
		} else if de.Kind != want {
			t.Errorf("%.40s: %v, kind %v, want %v", in, err, de.Kind, want)
		}
	}
}

// A refusal whose cause the reader can be told names it.
func TestDecodeErrorCauses(t *testing.T) {
	for in, want := range map[string]annotations.Cause{
		"{\"a\": \"\xff\"}":           annotations.NotUTF8,
		`{"items": [{"id": "urn:x:1"`: annotations.CutShort,
		// Cut in the middle of a letter: the first byte of م, or of 😀's four.
		"{\"items\": [{\"value\": \"\xd9":         annotations.CutInLetter,
		"{\"items\": [{\"value\": \"\xf0\x9f\x98": annotations.CutInLetter,
		// A letter's first byte with another after it is not UTF-8.
		"{\"a\": \"\xd9x\"}": annotations.NotUTF8,
		`{"a": 1, "a": 2}`:   annotations.RepeatedKey,
		`"\ud800"`:           annotations.HalfPair,
		`"\udc00"`:           annotations.HalfPair,
		`{"a": ]`:            annotations.UnknownCause,
		"":                   annotations.Empty,
		"\uFEFF \n":          annotations.Empty,
		// Files that are no text at all: named, not called "not UTF-8".
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR": annotations.NotText,
		"\xff\xd8\xff\xe0\x00\x10JFIF":        annotations.NotText,
		"PK\x03\x04\x14\x00\x06\x00":          annotations.NotText,
		"%PDF-1.7\n%\xe2\xe3\xcf\xd3":         annotations.NotText,
		"RIFF\x24\x00\x00\x00WEBPVP8 ":        annotations.NotText,
	} {
		_, err := annotations.Decode([]byte(in))
		var de *annotations.DecodeError
		if !errors.As(err, &de) || de.Cause != want {
			t.Errorf("%q: %v, cause %v, want %v", in, err, de.Cause, want)
		}
	}
	for in, want := range map[string]string{
		"\x89PNG\r\n\x1a\n\x00": "the file is a PNG image, not text: choose the annotations' file (.jsonld or .json)",
		"PK\x03\x04\x14\x00":    "the file is a ZIP archive (or a Word, Excel or EPUB file), not text",
		// A collection's first page without a type, or with another.
		`{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"items": []}}`:                     "first: the page has no type: it must be AnnotationPage",
		`{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"type": "Page", "items": []}}`:     `first.type: the page's type is "Page", not AnnotationPage`,
		`{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"type": ["A", "B"], "items": []}}`: "first.type: the page's type is a list, not AnnotationPage",
	} {
		if _, err := annotations.Decode([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want …%s…", in, err, want)
		}
	}
	if _, err := annotations.Decode([]byte("{\"a\": \"\xd9x\"}")); err == nil || !strings.Contains(err.Error(), "a byte 0xd9 that begins a character the bytes after it do not complete") {
		t.Errorf("a letter's first byte and no second: %v", err)
	}
	_, err := annotations.Decode([]byte("{\n  \"a\": \"ok \xff\"}"))
	var de *annotations.DecodeError
	if !errors.As(err, &de) || de.Line != 2 || de.Col != 12 {
		t.Errorf("a byte that is not UTF-8 at line 2, column 12: %v", err)
	}
}

// A note beyond MaxNoteSize refuses the file, as too large, saying where;
// one of that size is read.
func TestNoteSizeLimit(t *testing.T) {
	file := func(n int) []byte {
		return []byte(`{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:x:1","type":"Annotation",` +
			`"body":{"type":"TextualBody","value":"` + strings.Repeat("A", n) + `"},` +
			`"target":{"source":"urn:x:doc","selector":{"type":"TextQuoteSelector","exact":"x"}}}`)
	}
	im, err := annotations.Decode(file(annotations.MaxNoteSize))
	if err != nil || len(im.Annotations) != 1 || len(im.Annotations[0].Note) != annotations.MaxNoteSize {
		t.Fatalf("a note of the largest size: %v", err)
	}
	_, err = annotations.Decode(file(annotations.MaxNoteSize + 1))
	var de *annotations.DecodeError
	if !errors.As(err, &de) || de.Kind != annotations.OverLimit || de.Cause != annotations.LongNote || de.Path != "body" {
		t.Fatalf("a note over the largest size: %v", err)
	}
	// One byte over is told apart from the limit.
	if want := "a note of 1,048,577 bytes; notes over 1,048,576 bytes (1 MB) are not read"; !strings.Contains(err.Error(), want) {
		t.Errorf("the message: %v, want %q in it", err, want)
	}
}
