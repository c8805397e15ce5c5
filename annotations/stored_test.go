package annotations_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"annotator/annotations"
)

// TestUnmarshalListIsUnmarshal: whatever annotations a reader can have,
// written as the browser keeps them, UnmarshalList reads what
// json.Unmarshal reads (what files brought reads back canonical: the same
// JSON, perhaps with its keys sorted and its escapes undone).
func TestUnmarshalListIsUnmarshal(t *testing.T) {
	d := seed(t)
	for n := range 30 {
		rng := rand.New(rand.NewPCG(uint64(n), 5))
		list := genAnnotations(t, d, rng, 1+rng.IntN(40))
		b, err := json.Marshal(list)
		if err != nil {
			t.Fatal(err)
		}
		sameAsUnmarshal(t, b)
	}
	for _, s := range []string{`[]`, ` [ ] `, `[{}]`, `[{"id":"a","tag":"claim","created":"2026-01-02T03:04:05+03:00","modified":"2026-01-02T03:04:05.123Z"}]`,
		`[{"id":"a\u0041","note":"tab\there"}]`, `[{"id":"a","links":[]}]`, `[{"id":"a","links":["x","y"]}]`,
		`[{"id":"a","target":{"position":{"start":-1,"end":0}}}]`, `[{"id":"a","kept":{"reason":"media"}}]`, `[{"id":"a","other":[1,{"x":"]"}]}]`} {
		sameAsUnmarshal(t, []byte(s))
	}
	// Times in UTC are read without time.Parse: the same times, and the
	// same refusals.
	for _, tm := range []string{"2026-01-02T03:04:05Z", "2024-02-29T23:59:59.5Z", "2026-12-31T00:00:00.000000001Z", "0001-01-01T00:00:00Z",
		"2026-01-02T03:04:05.1234567891Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-02T24:00:00Z",
		"2026-01-02T03:60:00Z", "2026-01-02T03:04:60Z", "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05z", "2026-01-02t03:04:05Z",
		"2026-01-02T03:04:05+00:00", "2026-01-02T03:04:05-07:00", "+026-01-02T03:04:05Z", "2026-1-02T03:04:05Z", "2026-01-02T03:04:05Z ",
		"2026-01-02T03:04:05\\u005a", "2026-01-02 03:04:05Z"} {
		for _, doc := range []string{`[{"id":"a","created":%q}]`, `[{"id":"a","created":%q,"modified":%q}]`} {
			sameAsUnmarshal(t, []byte(strings.ReplaceAll(doc, "%q", `"`+tm+`"`)))
		}
	}
	for _, s := range []string{``, `{}`, `[`, `[{}`, `[{}]x`, `[{"id":1}]`, `[{"target":{"position":{"start":01}}}]`, `[{"created":"yesterday"}]`} {
		if _, err := annotations.UnmarshalList([]byte(s)); err == nil {
			t.Errorf("%s: read without an error", s)
		}
	}
}

func sameAsUnmarshal(t *testing.T, b []byte) {
	t.Helper()
	var want []annotations.Annotation
	werr := json.Unmarshal(b, &want)
	got, err := annotations.UnmarshalList(b)
	if (err != nil) != (werr != nil) {
		t.Fatalf("%.200s: error %v, json.Unmarshal's %v", b, err, werr)
	}
	if err == nil && len(want)+len(got) > 0 && !reflect.DeepEqual(meant(got), meant(want)) {
		t.Fatalf("%.300s:\nread   %+v\nwant   %+v", b, got, want)
	}
}

// meant is a list with what its annotations kept from files (JSON) written
// as json.Marshal writes what it means: the same for JSON that says the same,
// whatever its keys' order and its strings' escapes.
func meant(list []annotations.Annotation) []annotations.Annotation {
	norm := func(r json.RawMessage) json.RawMessage {
		if r == nil {
			return nil
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			return r
		}
		b, _ := json.Marshal(v)
		return b
	}
	out := slices.Clone(list)
	for i := range out {
		k := &out[i].Kept
		for _, m := range []*map[string]json.RawMessage{&k.Props, &k.TagBody, &k.NoteBody} {
			if *m != nil {
				c := map[string]json.RawMessage{}
				for key, r := range *m {
					c[key] = norm(r)
				}
				*m = c
			}
		}
		if k.Bodies != nil {
			k.Bodies = slices.Clone(k.Bodies)
			for j, r := range k.Bodies {
				k.Bodies[j] = norm(r)
			}
		}
		k.Target, k.Origin, k.Whole = norm(k.Target), norm(k.Origin), norm(k.Whole)
	}
	return out
}

func FuzzUnmarshalList(f *testing.F) {
	d := seed(f)
	b, _ := json.Marshal(genAnnotations(f, d, rand.New(rand.NewPCG(1, 1)), 3))
	f.Add(b)
	f.Add([]byte(`[{"id":"a","tag":"claim","target":{"position":{"start":1,"end":2}}}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var want []annotations.Annotation
		werr := json.Unmarshal(b, &want)
		got, err := annotations.UnmarshalList(b)
		if werr == nil && err != nil {
			t.Fatalf("%q: json.Unmarshal reads it, UnmarshalList says %v", b, err)
		}
		if werr == nil && len(want)+len(got) > 0 && !reflect.DeepEqual(meant(got), meant(want)) {
			t.Fatalf("%q:\nread %+v\nwant %+v", b, got, want)
		}
	})
}

func BenchmarkUnmarshalList(b *testing.B) {
	d := seed(b)
	data, _ := json.Marshal(genAnnotations(b, d, rand.New(rand.NewPCG(1, 1)), 1000))
	b.Run("UnmarshalList", func(b *testing.B) {
		for range b.N {
			annotations.UnmarshalList(data)
		}
	})
	b.Run("json.Unmarshal", func(b *testing.B) {
		for range b.N {
			var l []annotations.Annotation
			json.Unmarshal(data, &l)
		}
	})
}

// TestAppendStoredIsMarshal: whatever annotations a reader can have,
// AppendStored writes the very bytes json.Marshal writes, and fails where
// it fails.
func TestAppendStoredIsMarshal(t *testing.T) {
	d := seed(t)
	var list []annotations.Annotation
	for n := range 30 {
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		list = append(list, genAnnotations(t, d, rng, 1+rng.IntN(40))...)
	}
	odd := []string{"", "<b>&amp;</b>", "tab\there\nnew\rline", "\b\f\x00\x1f\x7f", "\u2028\u2029", "\xff\xfe bad \xc3", "ـــتطويل 😀 مَرْحَبًا", `"quoted" \back\slash/`, "\u00e9\u0301"}
	at := time.Date(2026, 2, 3, 4, 5, 6, 7, time.FixedZone("", 3*3600+1800))
	for i, s := range odd {
		a := list[i]
		a.ID, a.Note, a.Creator = s, s, annotations.Agent{Name: s}
		a.Target.Quote = annotations.TextQuote{Exact: s, Prefix: s}
		a.Target.Language, a.Target.Hint = s, annotations.Hint{End: i}
		a.Links = []string{s, s}
		a.ConflictOf = s
		a.Created = at
		list = append(list, a)
	}
	raws := []json.RawMessage{nil, {}, json.RawMessage(`"a<b>&c\u2028"`), json.RawMessage("\"\u2028\u2029<\""), json.RawMessage(`{"x": 1}`),
		json.RawMessage(`["\"<\\\\>"]`), json.RawMessage(`{"a":[1,2,{"b":null}],"c":"\\"}`), json.RawMessage("\"\xe2\x80\""), json.RawMessage(" 1")}
	for _, r := range raws {
		a := list[0]
		a.Kept = annotations.Kept{Props: map[string]json.RawMessage{"z": r, "a<": json.RawMessage(`1`)}, Bodies: []json.RawMessage{r, r},
			TagBody: map[string]json.RawMessage{"k": r}, NoteBody: map[string]json.RawMessage{}, Target: r, Origin: r, Whole: r, Reason: "x&y"}
		list = append(list, a)
		a.Kept = annotations.Kept{Target: r}
		list = append(list, a)
	}
	for _, tm := range []time.Time{{}, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 30)), time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", -25*3600))} {
		a := list[1]
		a.Modified = tm
		list = append(list, a)
	}
	for _, a := range list {
		sameAsMarshal(t, a)
	}
}

func sameAsMarshal(t *testing.T, a annotations.Annotation) {
	t.Helper()
	want, werr := json.Marshal(a)
	got, err := annotations.AppendStored([]byte("x"), a)
	if (err != nil) != (werr != nil) {
		t.Fatalf("%+v: error %v, json.Marshal's %v", a, err, werr)
	}
	if err != nil {
		if string(got) != "x" {
			t.Fatalf("%+v: failed, and wrote %q", a, got)
		}
		return
	}
	if string(got) != "x"+string(want) {
		t.Fatalf("%+v:\nwrote %s\nwant  x%s", a, got, want)
	}
}

func FuzzAppendStored(f *testing.F) {
	f.Add("urn:x", "note <&>", "مريم", "ـنص\u2028", `{"a":"<"}`, int64(0), 0)
	f.Add("\xff", "\b\f", "", "\x00", `[1, 2]`, int64(-1e18), -7)
	f.Fuzz(func(t *testing.T, id, note, name, exact, raw string, unix int64, n int) {
		at := time.Unix(0, unix).In(time.FixedZone("", n%100000))
		a := annotations.Annotation{ID: id, Tag: annotations.Tag(name), Note: note, Created: at, Modified: at,
			Creator: annotations.Agent{ID: note, Name: name}, Links: []string{exact},
			Target: annotations.Target{Source: id, Quote: annotations.TextQuote{Exact: exact, Suffix: note}, Position: annotations.TextPosition{Start: n, End: -n}}}
		if json.Valid([]byte(raw)) {
			a.Kept.Props = map[string]json.RawMessage{name: json.RawMessage(raw)}
			a.Kept.Bodies = []json.RawMessage{json.RawMessage(raw)}
		}
		sameAsMarshal(t, a)
	})
}

func BenchmarkAppendStored(b *testing.B) {
	d := seed(b)
	list := genAnnotations(b, d, rand.New(rand.NewPCG(1, 1)), 1000)
	b.Run("AppendStored", func(b *testing.B) {
		var buf []byte
		for range b.N {
			for _, a := range list {
				buf, _ = annotations.AppendStored(buf[:0], a)
			}
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		for range b.N {
			for _, a := range list {
				json.Marshal(a)
			}
		}
	})
}

// TestStoredReadsBackTheSame: what a file brought, kept by the browser and
// read back (at once, or one record at a time), is the same annotation:
// merging the file again changes nothing, however often. Kept JSON holding
// <, > or & is written escaped (as json.Marshal writes it) and must read
// back as the file had it.
func TestStoredReadsBackTheSame(t *testing.T) {
	const hostile = `{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","first":{"type":"AnnotationPage","items":[
{"id":"urn:uuid:3f1c6a52-8d0e-4d59-9a57-1f0c2d9b7e01","type":"Annotation","motivation":"tagging","rights":"a & b <c>",
 "body":[{"type":"TextualBody","purpose":"tagging","value":"<b>"},{"type":"TextualBody","purpose":"tagging","value":"claim"},
  {"type":"TextualBody","purpose":"commenting","value":"x > y","format":"text/html","language":"<en>"},
  {"type":"TextualBody","purpose":"commenting","value":"not an escape: \\u003c, \u2028 and \\\\u0026"}],
 "target":{"source":"urn:x-annotator:elsewhere&<>","selector":[{"type":"TextQuoteSelector","exact":"<i>&amp;</i>"},{"type":"CssSelector","value":"p > b"}]}},
{"id":"urn:uuid:3f1c6a52-8d0e-4d59-9a57-1f0c2d9b7e02","type":"Annotation","body":"<svg onload=x>","target":{"source":"http://example.com/a&b.png","selector":{"type":"FragmentSelector","value":"xywh=1,2,3,4"}}}]}}`
	files := map[string][]byte{"hostile": []byte(hostile)}
	for _, dir := range []string{"testdata/tools", "testdata"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.json*"))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[p] = b
		}
	}
	for name, data := range files {
		im, err := annotations.Decode(data)
		if err != nil {
			continue // refused files are another test's
		}
		incoming := append(slices.Clone(im.Annotations), im.Unshown...)
		have, _ := annotations.MergeFile(nil, incoming, nil)
		for round := range 3 {
			var b []byte
			b = append(b, '[')
			one := make([]annotations.Annotation, 0, len(have))
			for i, a := range have {
				if i > 0 {
					b = append(b, ',')
				}
				start := len(b)
				if b, err = annotations.AppendStored(b, a); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				var r annotations.Annotation
				if err := annotations.ReadStored(b[start:], &r); err != nil {
					t.Fatalf("%s: a record: %v", name, err)
				}
				one = append(one, r)
			}
			b = append(b, ']')
			all, err := annotations.UnmarshalList(b)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for i := range have {
				if !annotations.Same(all[i], have[i]) || !annotations.Same(one[i], have[i]) {
					t.Fatalf("%s, round %d: %s reads back changed:\nkept %s\nread %s", name, round, have[i].ID, annotations.Canonical(have[i]), annotations.Canonical(all[i]))
				}
			}
			var r annotations.Report
			have, r = annotations.MergeFile(all, incoming, nil)
			if r.Added+r.Updated+r.Conflicts > 0 || len(have) != len(all) {
				t.Fatalf("%s, round %d: merging the file again after a reload: %+v, %d then %d annotations", name, round, r, len(all), len(have))
			}
		}
	}
}
