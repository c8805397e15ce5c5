package annotations

import "unicode/utf8"

// CodePointToByte returns the byte offset in s of the code point offset cp.
// Offsets past the end give len(s); negative offsets give 0.
func CodePointToByte(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == cp {
			return i
		}
		n++
	}
	return len(s)
}

// ByteToCodePoint returns the number of code points in s before byte offset
// b. A byte offset inside a multi-byte sequence counts the code point it
// splits as not yet reached.
func ByteToCodePoint(s string, b int) int {
	if b <= 0 {
		return 0
	}
	if b >= len(s) {
		return utf8.RuneCountInString(s)
	}
	n := 0
	for i := range s {
		if i >= b {
			return n
		}
		n++
	}
	return n
}

// utf16Len is the number of UTF-16 code units that encode r.
func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

// CodePointToUTF16 returns the UTF-16 offset in s of the code point offset
// cp, clamped to s.
func CodePointToUTF16(s string, cp int) int {
	u, n := 0, 0
	for _, r := range s {
		if n >= cp {
			break
		}
		u += utf16Len(r)
		n++
	}
	return u
}

// UTF16ToCodePoint returns the code point offset in s of the UTF-16 offset
// u, clamped to s. An offset that falls between the two halves of a
// surrogate pair (which a DOM selection can produce) is moved forward past
// the whole code point, so that no character is ever split.
func UTF16ToCodePoint(s string, u int) int {
	if u <= 0 {
		return 0
	}
	at, n := 0, 0
	for _, r := range s {
		if at >= u {
			return n
		}
		at += utf16Len(r)
		n++
	}
	return n
}

// UTF16Len returns the length of s in UTF-16 code units, the unit of
// JavaScript strings and DOM offsets.
func UTF16Len(s string) int {
	u := 0
	for _, r := range s {
		u += utf16Len(r)
	}
	return u
}
