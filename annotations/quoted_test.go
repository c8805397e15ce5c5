package annotations

import (
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
