package annotations_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"annotator/annotations"
)

// TestUnmarshalListIsUnmarshal: whatever annotations a reader can have,
// written as the browser keeps them, UnmarshalList reads what
// json.Unmarshal reads.
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
	if err == nil && len(want)+len(got) > 0 && !reflect.DeepEqual(got, want) {
		t.Fatalf("%.300s:\nread   %+v\nwant   %+v", b, got, want)
	}
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
		if werr == nil && len(want)+len(got) > 0 && !reflect.DeepEqual(got, want) {
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
