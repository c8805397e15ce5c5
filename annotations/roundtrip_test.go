package annotations_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"annotator/annotations"
)

// notes in both directions, with marks, tatweel, emoji and markup.
var sampleNotes = []string{
	"", "يحتاج إلى مصدر ثانٍ", "Check against the archive", "قالـــــها 🙂 twice", "<b>not markup</b> & \"quotes\"",
	"سطر\nوسطر", "mixed: بوتين said \"no\" 3 times",
}

// genAnnotations makes n annotations of d of every kind a reader can
// have: made here, linked, with creators, orphans with only a quote,
// placed from another copy (with their origin), brought by other tools
// with properties and bodies the app does not use, and kept whole.
func genAnnotations(t testing.TB, d *annotations.Document, rng *rand.Rand, n int) []annotations.Annotation {
	t.Helper()
	at := time.Date(2026, 2, 3, 4, 5, 6, 7e6, time.UTC)
	var out []annotations.Annotation
	for i := range n {
		start := rng.IntN(d.Len() - 40)
		tg, err := annotations.Describe(d, start, start+1+rng.IntN(39))
		if err != nil {
			continue
		}
		a := annotations.Annotation{
			ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i), Tag: annotations.Tags[rng.IntN(3)],
			Note: sampleNotes[rng.IntN(len(sampleNotes))], Created: at, Modified: at.Add(time.Duration(rng.IntN(5)) * time.Second),
			Target: tg,
		}
		switch rng.IntN(3) {
		case 1:
			a.Creator = annotations.Agent{ID: "urn:uuid:9b2f1c4e-0000-4000-8000-00000000cafe", Name: "مريم"}
		case 2:
			a.Creator = annotations.Agent{Name: "Sam"}
		}
		if i > 0 && rng.IntN(4) == 0 {
			a.Links = []string{out[rng.IntN(len(out))].ID}
		}
		switch rng.IntN(8) {
		case 0: // an orphan known only by its quote, from another text
			a.Target.Source = "https://example.org/other"
			a.Target.Position = annotations.TextPosition{Start: -1, End: -1}
			a.Target.Language, a.Target.Direction = "", ""
		case 1: // placed here from another copy
			a.Kept.Origin = json.RawMessage(`{"selector":[{"exact":"x","type":"TextQuoteSelector"}],"source":"https://example.org/copy","type":"SpecificResource"}`)
		case 2: // from another tool
			a.Kept.Props = map[string]json.RawMessage{"rights": json.RawMessage(`"https://creativecommons.org/licenses/by/4.0/"`), "generator": json.RawMessage(`{"name":"Tool","type":"Software"}`)}
			a.Kept.Bodies = []json.RawMessage{json.RawMessage(`{"purpose":"tagging","type":"TextualBody","value":"تاريخ"}`), json.RawMessage(`{"type":"TextualBody","value":"a second comment"}`)}
			a.Kept.NoteBody = map[string]json.RawMessage{"format": json.RawMessage(`"text/markdown"`), "language": json.RawMessage(`"ar"`)}
			if a.Note == "" {
				a.Note = "**bold**"
			}
		case 3: // kept whole
			a = annotations.Annotation{ID: a.ID, Created: at, Modified: at, Target: annotations.Target{Source: "http://example.com/image1", Position: annotations.TextPosition{Start: -1, End: -1}},
				Kept: annotations.Kept{Reason: annotations.ReasonMedia, Whole: json.RawMessage(`{"created":"2026-02-03T04:05:06.007Z","id":"` + a.ID + `","modified":"2026-02-03T04:05:06.007Z","target":{"selector":{"type":"FragmentSelector","value":"xywh=1,2,3,4"},"source":"http://example.com/image1"},"type":"Annotation"}`)}}
		}
		out = append(out, a)
	}
	return out
}

func encode(t testing.TB, d *annotations.Document, list []annotations.Annotation) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(d, list); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// What is written reads back to the same annotations, and writing them
// again gives the same bytes; importing one's own export changes nothing.
func TestRoundTripProperty(t *testing.T) {
	d := seed(t)
	for seedN := range uint64(40) {
		rng := rand.New(rand.NewPCG(seedN, 99))
		list := genAnnotations(t, d, rng, 1+rng.IntN(30))
		first := encode(t, d, list)
		im, err := annotations.Decode(first)
		if err != nil {
			t.Fatalf("seed %d: our own export is refused: %v", seedN, err)
		}
		back := append(slices.Clone(im.Annotations), im.Unshown...)
		if len(back) != len(list) {
			t.Fatalf("seed %d: %d annotations back, want %d", seedN, len(back), len(list))
		}
		byID := map[string]annotations.Annotation{}
		for _, a := range back {
			byID[a.ID] = a
		}
		for _, a := range list {
			if !annotations.Same(a, byID[a.ID]) {
				t.Errorf("seed %d: %s changed on the way:\n  in %s\n out %s", seedN, a.ID, annotations.Canonical(a), annotations.Canonical(byID[a.ID]))
			}
		}
		if second := encode(t, d, back); !bytes.Equal(first, second) {
			t.Fatalf("seed %d: encode, decode, encode gives other bytes", seedN)
		}
		merged, rep := annotations.MergeFile(list, back, nil)
		if rep.Added+rep.Updated+rep.Conflicts+rep.Older != 0 || len(merged) != len(list) {
			t.Errorf("seed %d: importing our own export changed things: %+v", seedN, rep)
		}
	}
}

// An annotation that a file placed elsewhere is exported where it now
// stands, with the target the file gave kept beside; importing that export
// changes nothing.
func TestPlacedIsExportedWhereItStands(t *testing.T) {
	d := seed(t)
	text := d.Text
	i := strings.Index(text, "بوتين يعتقد")
	start := annotations.ByteToCodePoint(text, i)
	here, err := annotations.Describe(d, start, start+11)
	if err != nil {
		t.Fatal(err)
	}
	from := here
	from.Source, from.Position = "https://example.org/copy", annotations.TextPosition{Start: start + 500, End: start + 511}
	a := annotations.Annotation{ID: "urn:uuid:1", Tag: annotations.Claim, Target: from, Modified: time.Unix(1, 0).UTC()}
	m := annotations.Locate(d, a.Target)
	placed := annotations.Place(d, a, m)
	if placed.Target != here || len(placed.Kept.Origin) == 0 || !strings.Contains(string(placed.Kept.Origin), "example.org/copy") {
		t.Fatalf("placed %+v (match %+v)", placed, m)
	}
	out := encode(t, d, []annotations.Annotation{placed})
	im, err := annotations.Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	got := im.Annotations[0]
	if p := got.Target.Position; d.Slice(p.Start, p.End) != got.Target.Quote.Exact || got.Target.Source != d.ID {
		t.Errorf("exported at %+v in %s: %q", p, got.Target.Source, d.Slice(p.Start, p.End))
	}
	if !annotations.Same(got, placed) || !annotations.Same(annotations.Place(d, got, annotations.Locate(d, got.Target)), got) {
		t.Errorf("the export does not read back as it was: %s", annotations.Canonical(got))
	}
	// Placed again, the origin stays the first one.
	if again := annotations.Place(d, got, m); !bytes.Equal(again.Kept.Origin, placed.Kept.Origin) {
		t.Errorf("origin changed: %s", again.Kept.Origin)
	}
}

// A position-less orphan is written with its quote only; Decode reads it.
func TestOrphanWithoutPositionReadsBack(t *testing.T) {
	a := annotations.Annotation{ID: "urn:uuid:2", Tag: annotations.Quote,
		Target: annotations.Target{Source: "https://example.org/x", Quote: annotations.TextQuote{Exact: "كلمة"}, Position: annotations.TextPosition{Start: -1, End: -1}}}
	out := encode(t, nil, []annotations.Annotation{a})
	if bytes.Contains(out, []byte("-1")) {
		t.Errorf("a position of -1 was written: %s", out)
	}
	im, err := annotations.Decode(out)
	if err != nil || len(im.Annotations) != 1 || !annotations.Same(im.Annotations[0], a) {
		t.Fatalf("read back %v, %v", im, err)
	}
}

// One limit for writing and reading: 100,000 annotations as the app
// writes them are read back; one more is refused before anything is
// written.
func TestHundredThousandAnnotations(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a file of about 100 MB")
	}
	d := seed(t)
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	list := make([]annotations.Annotation, 0, annotations.MaxAnnotations+1)
	for len(list) <= annotations.MaxAnnotations {
		start := rng.IntN(d.Len() - 100)
		tg, err := annotations.Describe(d, start, start+10+rng.IntN(90))
		if err != nil {
			continue
		}
		list = append(list, annotations.Annotation{ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", len(list)),
			Tag: annotations.Tags[len(list)%3], Note: sampleNotes[len(list)%len(sampleNotes)], Created: at, Modified: at, Target: tg})
	}
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(d, list); !errors.Is(err, annotations.ErrTooLarge) || b.Len() != 0 {
		t.Fatalf("%d annotations: %v, %d bytes written", len(list), err, b.Len())
	}
	list = list[:annotations.MaxAnnotations]
	if err := annotations.NewEncoder(&b).Encode(d, list); err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(b.Bytes())
	if err != nil {
		t.Fatalf("%d bytes: %v", b.Len(), err)
	}
	if len(im.Annotations) != len(list) {
		t.Fatalf("%d read back, want %d", len(im.Annotations), len(list))
	}
	t.Logf("%d annotations in %.1f MB", len(list), float64(b.Len())/(1<<20))
}

// Two versions of an image annotation made at the same moment are both
// kept, each under its own id, in what is written and read back.
func TestUnshownConflictsWriteTheirOwnIDs(t *testing.T) {
	version := func(comment string) []annotations.Annotation {
		im, err := annotations.Decode([]byte(`{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:x:img","type":"Annotation","created":"2026-01-01T00:00:00Z",
			"body":{"type":"TextualBody","value":"` + comment + `"},"target":{"source":"http://example.org/a.jpg","selector":{"type":"FragmentSelector","value":"xywh=1,2,3,4"}}}`))
		if err != nil || len(im.Unshown) != 1 {
			t.Fatal(im, err)
		}
		return im.Unshown
	}
	merged := annotations.Merge(version("one"), version("two"))
	if len(merged) != 2 {
		t.Fatalf("%d kept, want 2", len(merged))
	}
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(nil, merged); err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(b.Bytes())
	if err != nil {
		t.Fatalf("what was written is refused: %v", err)
	}
	if back := annotations.Merge(im.Unshown); len(back) != 2 || !annotations.Same(back[0], merged[0]) || !annotations.Same(back[1], merged[1]) {
		t.Errorf("read back as %v", back)
	}
}

// A comment without a purpose stays a comment through the app's own file,
// whose annotations are motivated by tagging.
func TestCommentWithoutPurposeStaysAComment(t *testing.T) {
	b, err := os.ReadFile("testdata/tools/recogitojs.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	out := encode(t, nil, im.Annotations)
	back, err := annotations.Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range back.Annotations {
		tags, comments := a.Extras()
		if strings.Contains(a.Note, "إعادة") && (!slices.Equal(comments, []string{"A second comment, by someone else"}) || len(tags) != 0) {
			t.Errorf("tags %v, comments %v", tags, comments)
		}
	}
	if len(back.UnknownTags) != len(im.UnknownTags) {
		t.Errorf("other tags %v, were %v", back.UnknownTags, im.UnknownTags)
	}
}
