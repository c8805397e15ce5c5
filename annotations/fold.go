package annotations

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Folding makes text that Arabic readers treat as the same compare equal.
// It works on NFC text one code point at a time and
//
//   - drops diacritics (tashkeel U+064B–U+065F, the superscript alef
//     U+0670, Quranic marks U+0610–U+061A and U+06D6–U+06ED), tatweel
//     (U+0640), ZWJ and ZWNJ, soft hyphens and bidi controls;
//   - makes the alef forms (أ إ آ ٱ) plain alef, alef maqsura and Persian ye
//     (ى ی) ya, ta marbuta (ة) ha, the hamza carriers (ؤ ئ) their bare
//     letters (و ي), and Persian kaf (ک) Arabic kaf;
//   - makes Arabic-Indic and Persian digits ASCII digits;
//   - makes every run of white space (NBSP and the other spaces, tabs,
//     newlines) one space;
//   - lowercases Latin letters.
//
// Each folded code point remembers the offset of the original code point it
// came from, so a match in the folded text maps back exactly.
type Folded struct {
	Runes []rune
	// Orig[i] is the original offset of Runes[i]; Orig[len(Runes)] is the
	// length of the original.
	Orig []int
	// ends[i] is the original offset just after Runes[i] and the
	// combining marks that folding dropped after it.
	ends []int
}

// Fold folds runes (which should be NFC).
func Fold(runes []rune) Folded {
	f := Folded{Runes: make([]rune, 0, len(runes)), Orig: make([]int, 0, len(runes)+1), ends: make([]int, 0, len(runes))}
	space := false
	marks := false // whether a dropped mark here still belongs to the last kept code point
	for i, r := range runes {
		r, keep := foldRune(r)
		if !keep {
			if marks && isMark(runes[i]) {
				f.ends[len(f.ends)-1] = i + 1
			} else {
				marks = false
			}
			continue
		}
		marks = true
		if r == ' ' {
			if space {
				marks = false
				continue
			}
			space = true
		} else {
			space = false
		}
		f.Runes = append(f.Runes, r)
		f.Orig = append(f.Orig, i)
		f.ends = append(f.ends, i+1)
	}
	f.Orig = append(f.Orig, len(runes))
	return f
}

// FoldString folds a string, normalizing it to NFC first.
func FoldString(s string) string {
	return string(Fold([]rune(norm.NFC.String(s))).Runes)
}

// Span maps the folded span [start, end) back to the original: from the
// code point its first folded code point came from to just after the one
// its last came from, with the combining marks that follow that one (its
// diacritics), so a letter is never cut from its marks. What else folding
// dropped after it (a tatweel, a bidi control) and the rest of a run of
// white space are not taken: they belong to the span only if its quote
// says so (see Anchorer.Locate).
func (f Folded) Span(start, end int) (int, int) {
	s := f.Orig[start]
	if end <= start {
		return s, s
	}
	if len(f.ends) < end { // built by hand: up to the next kept code point
		return s, f.Orig[end]
	}
	return s, f.ends[end-1]
}

// isMark reports whether r is a combining mark, which belongs to the
// letter before it.
func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Me) }

// loose reports whether r folds to white space or to nothing: what may
// stand at the edges of a quote without being matched.
func loose(r rune) bool {
	f, keep := foldRune(r)
	return !keep || f == ' '
}

// foldsToSpace reports whether r folds to a space.
func foldsToSpace(r rune) bool {
	f, keep := foldRune(r)
	return keep && f == ' '
}

func foldRune(r rune) (rune, bool) {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A'), true
		}
		if r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' {
			return ' ', true
		}
		return r, true
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x0610 && r <= 0x061A,
		r >= 0x06D6 && r <= 0x06ED && r != 0x06E5 && r != 0x06E6,
		r == 0x0640, r == 0x200C, r == 0x200D, r == 0x00AD, r == 0x061C,
		r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069,
		r == 0xFEFF:
		return 0, false
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا', true
	case 'ى', 'ی', 'ئ':
		return 'ي', true
	case 'ة':
		return 'ه', true
	case 'ؤ':
		return 'و', true
	case 'ک':
		return 'ك', true
	}
	switch {
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠'), true
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰'), true
	case unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
		return ' ', true
	case r <= 0x24F || r >= 0x1E00 && r <= 0x1EFF:
		return unicode.ToLower(r), true
	}
	return r, true
}
