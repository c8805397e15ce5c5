package app

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"annotator/annotations"
	"annotator/app/documents"
)

// What the page is handed to draw reads as what json.Marshal would have
// written, whatever the ids, tags and rows hold: quotes, backslashes,
// control characters, markup, Arabic, emoji, broken UTF-8.
func TestDrawJSON(t *testing.T) {
	texts := []string{"", "urn:uuid:0b8e", `a"b`, `\`, "\x00\n\t", "<b>&amp;</b>", "تعليق", "😀", "\xff\xfe", "\u2028\u2029", `<div class="item" data-x='1'>ل</div>`}
	rng := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b strings.Builder
		for range rng.IntN(3) {
			b.WriteString(texts[rng.IntN(len(texts))])
		}
		return b.String()
	}
	some := func() segs {
		if rng.IntN(4) == 0 {
			return nil
		}
		s := make(segs, rng.IntN(3))
		for i := range s {
			s[i] = [3]int{rng.IntN(300), rng.IntN(1 << 20), rng.IntN(1 << 30)}
		}
		return s
	}
	for range 2000 {
		m := drawJS{Repaint: rng.IntN(2) == 0, Elsewhere: rng.IntN(2) == 0}
		for range rng.IntN(4) {
			m.Paint = append(m.Paint, paintJS{ID: text(), Tag: text(), Segs: some()})
		}
		if rng.IntN(2) == 0 {
			m.List = &listJS{HTML: text(), Shown: rng.IntN(1000), Total: rng.IntN(1 << 40)}
		}
		for range rng.IntN(3) {
			m.Rows = append(m.Rows, rowJS{Op: text(), ID: text(), Before: text(), HTML: text()})
		}
		if rng.IntN(2) == 0 {
			f := some()
			m.Focus = &f
		}
		got := m.appendJSON(nil)
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		if err := json.Unmarshal(got, &a); err != nil {
			t.Fatalf("%s: %v", got, err)
		}
		if err := json.Unmarshal(want, &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("wrote %s\nwant  %s", got, want)
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
