package annotations

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

// quotedRunes is appendQuoted as it was first written, a rune at a time:
// the canonical JSON of every file written before must not change.
func quotedRunes(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b = append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

func FuzzAppendQuoted(f *testing.F) {
	for _, s := range []string{"", "plain", "\"\\\n\r\t\b\f\x00\x1f\x7f", "\u2028\u2029", "\xff\xfe\xc3 \xed\xa0\x80", "مَرْحَبًا ـــ 😀 é\u0301", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := quotedRunes([]byte("x"), s)
		got := appendQuoted([]byte("x"), s)
		if string(got) != string(want) {
			t.Fatalf("%q: wrote %q, want %q", s, got, want)
		}
		if n := quotedSize(s); n != len(want)-1 {
			t.Fatalf("%q: size %d, written %d", s, n, len(want)-1)
		}
	})
}

// FuzzReadStored: an annotation the browser kept (written by json.Marshal)
// reads back as json.Unmarshal reads it, but for what a file brought, which
// reads back as the canonical JSON it was, whatever its strings hold.
func FuzzReadStored(f *testing.F) {
	for _, s := range []string{"<b>", `\u003c`, `\\u003c`, "a&b", "\u2028<\u2029", `"\"`, "\\", "<\\>", "\x00<", "\xff>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := canon(map[string]any{s: []any{s, map[string]any{"v": s}}})
		a := Annotation{ID: s, Note: s, Kept: Kept{Props: map[string]json.RawMessage{"p": r}, Bodies: []json.RawMessage{r}, Origin: r}}
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var got, want Annotation
		if err := ReadStored(b, &got); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		json.Unmarshal(b, &want)
		want.Kept = a.Kept
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: written %s\nread %+v\nwant %+v", s, b, got, want)
		}
	})
}
