package annotations_test

import (
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"annotator/annotations"
)

// offsetCases are texts a reader meets: Arabic with diacritics, tatweel,
// emoji (outside the BMP: two UTF-16 units), and mixed lines.
var offsetCases = []struct {
	name string
	text string
}{
	{"plain ASCII", "Source: New Start Treaty"},
	{"Arabic with diacritics", "كُشِفَ لأول مرة علنًا"},
	{"stray tanween inside a word", "ما قدًمت لهم"},
	{"tatweel", "الـــعـــربية"},
	{"emoji", "قال 👍🏽 ثم 🇸🇦 انتهى"},
	{"mixed Arabic and English", "المصدر dissident voice في 2001، قال (ABM)."},
	{"NBSP and em dash", "س\u00a0: إذن لديك أربعة أسابيع، لأن —"},
	{"empty", ""},
}

func TestOffsetConversions(t *testing.T) {
	for _, tt := range offsetCases {
		t.Run(tt.name, func(t *testing.T) {
			runes := []rune(tt.text)
			u16 := utf16.Encode(runes)
			if got := annotations.UTF16Len(tt.text); got != len(u16) {
				t.Errorf("UTF16Len = %d, want %d", got, len(u16))
			}
			byteAt, unitAt := 0, 0
			for cp := 0; cp <= len(runes); cp++ {
				if got := annotations.CodePointToByte(tt.text, cp); got != byteAt {
					t.Errorf("CodePointToByte(%d) = %d, want %d", cp, got, byteAt)
				}
				if got := annotations.ByteToCodePoint(tt.text, byteAt); got != cp {
					t.Errorf("ByteToCodePoint(%d) = %d, want %d", byteAt, got, cp)
				}
				if got := annotations.CodePointToUTF16(tt.text, cp); got != unitAt {
					t.Errorf("CodePointToUTF16(%d) = %d, want %d", cp, got, unitAt)
				}
				if got := annotations.UTF16ToCodePoint(tt.text, unitAt); got != cp {
					t.Errorf("UTF16ToCodePoint(%d) = %d, want %d", unitAt, got, cp)
				}
				if cp < len(runes) {
					byteAt += utf8.RuneLen(runes[cp])
					unitAt += utf16.RuneLen(runes[cp])
				}
			}
		})
	}
}

func TestUTF16InsideSurrogatePair(t *testing.T) {
	s := "a👍b"
	// Unit 2 falls between the two halves of 👍: the whole emoji is taken.
	if got := annotations.UTF16ToCodePoint(s, 2); got != 2 {
		t.Errorf("UTF16ToCodePoint inside a pair = %d, want 2", got)
	}
	for _, u := range []int{-3, 0} {
		if got := annotations.UTF16ToCodePoint(s, u); got != 0 {
			t.Errorf("UTF16ToCodePoint(%d) = %d, want 0", u, got)
		}
	}
	if got := annotations.UTF16ToCodePoint(s, 99); got != 3 {
		t.Errorf("UTF16ToCodePoint past the end = %d, want 3", got)
	}
	if got := annotations.CodePointToByte(s, 99); got != len(s) {
		t.Errorf("CodePointToByte past the end = %d, want %d", got, len(s))
	}
}

func FuzzOffsets(f *testing.F) {
	for _, tt := range offsetCases {
		f.Add(tt.text, 3)
	}
	f.Fuzz(func(t *testing.T, s string, cp int) {
		n := utf8.RuneCountInString(s)
		u := annotations.CodePointToUTF16(s, cp)
		if u < 0 || u > annotations.UTF16Len(s) {
			t.Fatalf("CodePointToUTF16(%q, %d) = %d out of range", s, cp, u)
		}
		back := annotations.UTF16ToCodePoint(s, u)
		want := max(0, min(cp, n))
		if back != want {
			t.Fatalf("UTF-16 round trip of %d in %q gave %d, want %d", cp, s, back, want)
		}
		b := annotations.CodePointToByte(s, cp)
		if b < 0 || b > len(s) || annotations.ByteToCodePoint(s, b) != want {
			t.Fatalf("byte round trip of %d in %q: byte %d", cp, s, b)
		}
	})
}
