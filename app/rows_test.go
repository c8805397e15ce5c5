package app

import (
	"flag"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"annotator/annotations"
)

var updateGolden = flag.Bool("update", false, "write the golden files anew")

// TestRowsGolden: the rows of the list as the page takes them, in both
// languages, for annotations with all a row can show (every tag and
// status, a note and a name holding markup, a long quote, a quote across
// paragraphs, links both
// ways, tags and comments from another tool, the focus), are
// testdata/rows.golden.html.
func TestRowsGolden(t *testing.T) {
	local := time.Local
	time.Local = time.FixedZone("", 3*3600)
	defer func() { time.Local = local }()
	r := &Reader{}
	r.OnInit()
	ws := r.ws
	n := 0
	ws.NewID = func() string {
		n++
		return "urn:uuid:00000000-0000-4000-8000-" + strings.Repeat("0", 11) + string(rune('0'+n))
	}
	ws.Now = func() time.Time { return time.Date(2026, 11, 29, 21, 30, 0, 0, time.UTC) }
	b := Seed().Blocks
	var ids []string
	for i, tg := range annotations.Tags {
		_, id, err := ws.Tag(tg, b[4+i].Start, min(b[4+i].End, b[4+i].Start+12))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	longest := b[0]
	for _, bl := range b {
		if bl.End-bl.Start > longest.End-longest.Start {
			longest = bl
		}
	}
	if _, _, err := ws.Tag(annotations.Claim, longest.Start, longest.Start+200); err != nil {
		t.Fatal(err)
	}
	// A passage across a paragraph break is listed without a blank line,
	// and its row still holds the quote.
	if _, _, err := ws.Tag(annotations.Quote, b[9].End-10, b[10].Start+5); err != nil {
		t.Fatal(err)
	}
	ws.SetNote(ids[0], `<script>alert("x")</script> & 'quoted' — ملاحظة`)
	ws.SetFocus(ids[1])
	if _, err := ws.LinkSource(b[8].Start, b[8].Start+9); err != nil {
		t.Fatal(err)
	}
	file := `{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:uuid:00000000-0000-4000-8000-00000000ffff","type":"Annotation",
		"creator":{"id":"urn:x:1","name":"<b>Sam</b> & مريم"},"created":"2026-01-02T03:04:05Z",
		"body":[{"type":"TextualBody","purpose":"tagging","value":"quote"},{"type":"TextualBody","purpose":"tagging","value":"<i>تاريخ</i>"},
		{"type":"TextualBody","value":"a comment <with> markup"}],
		"target":{"source":"` + Seed().ID + `","selector":{"type":"TextQuoteSelector","exact":"not in this text at all"}}}`
	im, err := annotations.Decode([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	ws.Import("f.jsonld", im)
	// A passage found again with a letter changed, and one found twice.
	exact := []rune(Seed().Slice(b[10].Start, b[10].Start+40))
	exact[20] = 'x'
	twice := "في"
	file = `[{"id":"urn:uuid:00000000-0000-4000-8000-00000000eeee","type":"Annotation","body":{"type":"TextualBody","purpose":"tagging","value":"source"},
		"target":{"source":"` + Seed().ID + `","selector":{"type":"TextQuoteSelector","exact":"` + string(exact) + `"}}},
		{"id":"urn:uuid:00000000-0000-4000-8000-00000000dddd","type":"Annotation","body":{"type":"TextualBody","purpose":"tagging","value":"claim"},
		"target":{"source":"` + Seed().ID + `","selector":{"type":"TextQuoteSelector","exact":"` + twice + `"}}}]`
	if im, err = annotations.Decode([]byte(file)); err != nil {
		t.Fatal(err)
	}
	ws.Import("g.jsonld", im)
	var got strings.Builder
	for _, l := range []string{"ar", "en"} {
		got.WriteString(rowsHTML(ws, ws.Shown(), l))
		got.WriteString("\n\n")
	}
	const golden = "testdata/rows.golden.html"
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("rows differ from %s (go test -run RowsGolden -update writes them):\n%s", golden, got.String())
	}
}

// TestNoteFieldTakesTheLongestNote: the note field takes a note typed in
// full whatever its letters (349,525 UTF-16 units), and a longer note a
// file brought up to its own length, so that editing it never stops at a
// key that would add to it.
func TestNoteFieldTakesTheLongestNote(t *testing.T) {
	for _, tt := range []struct {
		note string
		want string
	}{
		{"", "349525"},
		{strings.Repeat("a", annotations.MaxNoteSize), "1048576"},
		{strings.Repeat("م", annotations.MaxNoteSize/2), "524288"},
		{strings.Repeat("😀", annotations.MaxNoteSize/4), "524288"}, // two units each
	} {
		if got := noteLength(tt.note); got != tt.want {
			t.Errorf("a note of %d bytes: maxlength %s, want %s", len(tt.note), got, tt.want)
		}
	}
}

// BenchmarkRowsHTML writes the rows of 2,000 annotations of the seed, in
// Arabic, as a load of many draws them (a slice at a time in the page).
func BenchmarkRowsHTML(b *testing.B) {
	r := &Reader{}
	r.OnInit()
	ws := r.ws
	d := Seed()
	rng := rand.New(rand.NewPCG(1, 2))
	for ws.Len() < 2000 {
		s := rng.IntN(d.Len() - 60)
		ws.Tag(annotations.Tags[ws.Len()%3], s, s+5+rng.IntN(56)) // a span of blank lines is refused, and another drawn
	}
	shown := ws.Shown()
	b.ResetTimer()
	for range b.N {
		rowsHTML(ws, shown, "ar")
	}
}
