package annotations_test

import (
	"testing"
	"unicode/utf16"

	"annotator/annotations"
)

func TestBlockIndex(t *testing.T) {
	d, err := annotations.Parse("عنوان 👍🏽\n\nقدًمت café 🇸🇦 end\n\n عنوان 👍🏽\nLast")
	if err != nil {
		t.Fatal(err)
	}
	x := annotations.NewBlockIndex(d)
	// Every code point of every block round-trips through UTF-16.
	for b := range d.Blocks {
		text := []rune(d.BlockText(b))
		u := 0
		for k := 0; k <= len(text); k++ {
			if got := x.FromUTF16(b, u); got != d.Blocks[b].Start+k {
				t.Errorf("block %d: FromUTF16(%d) = %d, want %d", b, u, got, d.Blocks[b].Start+k)
			}
			if k < len(text) {
				u += utf16.RuneLen(text[k])
			}
		}
	}
	if !d.Blocks[2].Repeat {
		t.Fatal("block 2 should repeat the title")
	}
	tests := []struct {
		name       string
		start, end int
		want       []annotations.Segment
	}{
		// Block 0 is 8 code points (👍🏽 is two, each two UTF-16 units);
		// block 1 starts at 10.
		{"from a blank line into a block", 9, 14, []annotations.Segment{{Block: 1, Start: 0, End: 4}}},
		{"emoji, then across a blank line", 6, 12, []annotations.Segment{{Block: 0, Start: 6, End: 10}, {Block: 1, Start: 0, End: 2}}},
		{"flag emoji, then over a repeated block", 20, 50, []annotations.Segment{{Block: 1, Start: 10, End: 19}, {Block: 3, Start: 0, End: 4}}},
		{"only blank lines", 8, 9, nil},
		// Made on the repeated copy alone (by another tool): shown there.
		{"only in a repeated block", d.Blocks[2].Start + 1, d.Blocks[2].Start + 3, []annotations.Segment{{Block: 2, Start: 1, End: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := x.Segments(tt.start, tt.end)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i, g := range got {
				if g != tt.want[i] {
					t.Errorf("got %v, want %v", got, tt.want)
				}
				// The segment's UTF-16 units are the document's text there.
				units := utf16.Encode([]rune(d.BlockText(g.Block)))
				seg := string(utf16.Decode(units[g.Start:g.End]))
				b := d.Blocks[g.Block]
				if want := d.Slice(max(tt.start, b.Start), min(tt.end, b.End)); seg != want {
					t.Errorf("segment %v holds %q, want %q", g, seg, want)
				}
			}
		})
	}
}
