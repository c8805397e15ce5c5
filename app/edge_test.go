package app

import (
	"encoding/json"
	"testing"
	"unicode/utf16"

	"annotator/annotations"
	"annotator/app/documents"
)

func TestSegsJSON(t *testing.T) {
	for _, s := range []segs{nil, {}, {{1, 2, 3}}, {{0, 0, 10}, {12, 5, 1234567}}} {
		got, _ := json.Marshal(drawJS{Paint: []paintJS{{ID: "x", Segs: s}}})
		var back drawJS
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%s: %v", got, err)
		}
		if len(back.Paint[0].Segs) != len(s) {
			t.Errorf("%v → %s → %v", s, got, back.Paint[0].Segs)
		}
		for i := range s {
			if back.Paint[0].Segs[i] != s[i] {
				t.Errorf("%v → %s → %v", s, got, back.Paint[0].Segs)
			}
		}
	}
}

// Each block's UTF-16 offsets slice the text the page holds to the
// block's text: Arabic with diacritics, emoji, empty lines, CRLF.
func TestUTF16Offsets(t *testing.T) {
	for _, text := range []string{
		"سطر\n\nالجولة المقـــبلة 🌍 في جنيف\n\n\n😀😀 English 😀\n",
		"😀\n😀",
		"a",
		"\n\n  \nسطر أخير",
		documents.Seed,
	} {
		d, err := annotations.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		u := utf16.Encode([]rune(d.Text))
		off := utf16Offsets(d)
		if len(off) != 2*len(d.Blocks) {
			t.Fatalf("%d offsets for %d blocks", len(off), len(d.Blocks))
		}
		for i := range d.Blocks {
			if got := string(utf16.Decode(u[off[2*i]:off[2*i+1]])); got != d.BlockText(i) {
				t.Errorf("block %d slices to %q, want %q", i, got, d.BlockText(i))
			}
		}
	}
}
