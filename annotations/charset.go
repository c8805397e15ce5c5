package annotations

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"unicode/utf16"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Reading bytes as text. decodeText tries, in order:
//
//  1. a byte order mark: UTF-8, UTF-16LE or UTF-16BE;
//  2. UTF-16 without one, when its pattern is clear (see utf16Order);
//  3. for a web page, the charset it declares in a <meta> in its first
//     4 KB (see declaredCharset), when it is one Open reads;
//  4. UTF-8, when the bytes are UTF-8 (ASCII is), or nearly all are (see
//     nearlyUTF8);
//  5. otherwise windows-1256 or ISO-8859-6, the two single-byte Arabic
//     encodings, whichever reads as more Arabic (see arabicScore).
//
// A character that is not valid in the encoding chosen becomes U+FFFD
// and is counted in Detected.Replaced: never silently.

// The single-byte encodings are tables of their upper halves (their lower
// halves are ASCII), generated from golang.org/x/text/encoding/charmap
// into charset_tables.go and checked against it byte for byte by
// TestSingleByteTables. They are not read through charmap itself: that
// package builds the list of all its 30 encodings when the program
// starts, so importing it puts every table in the app's wasm, used or
// not (38 KB of its brotli size, measured), and its transform-based
// decoders add more; these five tables take 640 code points. The names
// and labels are functions, not maps built at start, so that a program
// that never opens a file carries none of it.

// singleByte is the upper half of the single-byte encoding named name,
// or nil.
func singleByte(name string) *[128]rune {
	switch name {
	case "windows-1256":
		return &windows1256
	case "ISO-8859-6":
		return &iso8859_6
	case "windows-1255":
		return &windows1255
	case "ISO-8859-8":
		return &iso8859_8
	case "windows-1252":
		return &windows1252
	}
	return nil
}

// charsetName is the name of the encoding a charset label names (the
// WHATWG Encoding standard's labels, in lower case), or "" for one Open
// does not read. UTF-16 declared in a <meta> is read as UTF-8, as
// browsers do: the declaration was found in bytes that read as ASCII.
func charsetName(label string) string {
	switch label {
	case "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8",
		"utf-16", "utf-16le", "utf-16be", "unicodefffe", "unicode", "csunicode", "iso-10646-ucs-2", "ucs-2":
		return "UTF-8"
	case "cp1256", "windows-1256", "x-cp1256":
		return "windows-1256"
	case "arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6", "iso-8859-6-e",
		"iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987":
		return "ISO-8859-6"
	case "cp1255", "windows-1255", "x-cp1255":
		return "windows-1255"
	case "csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598",
		"iso_8859-8", "iso_8859-8:1988", "visual", "csiso88598i", "iso-8859-8-i", "logical":
		return "ISO-8859-8"
	case "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
		"iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252":
		return "windows-1252"
	}
	return ""
}

func decodeText(data []byte, page bool, det *Detected) (string, error) {
	if page {
		det.Declared = declaredCharset(data)
	}
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		det.Encoding, det.By = "UTF-8", ByBOM
		return utf8Text(data[3:], det), nil
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		det.Encoding, det.By = "UTF-16LE", ByBOM
		return utf16Text(data[2:], false, det)
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		det.Encoding, det.By = "UTF-16BE", ByBOM
		return utf16Text(data[2:], true, det)
	}
	if big, ok := utf16Order(data); ok {
		det.Encoding, det.By = "UTF-16LE", ByPattern
		if big {
			det.Encoding = "UTF-16BE"
		}
		return utf16Text(data, big, det)
	}
	if name := charsetName(strings.ToLower(strings.TrimSpace(det.Declared))); name != "" {
		det.Encoding, det.By = name, ByDeclaration
		if name == "UTF-8" {
			return utf8Text(data, det), nil
		}
		return singleByteText(data, singleByte(name), det), nil
	}
	if nearlyUTF8(data) {
		det.Encoding, det.By = "UTF-8", ByValidity
		return utf8Text(data, det), nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", &OpenError{Err: ErrBinary, Msg: "the file holds NUL bytes: it is not text (or not in an encoding that is read)"}
	}
	// Neither UTF-8 nor declared: one of the two Arabic single-byte
	// encodings, whichever reads as more Arabic; windows-1256 on a tie,
	// as the more common.
	w := singleByteText(data, &windows1256, &Detected{})
	iso := singleByteText(data, &iso8859_6, &Detected{})
	det.By = ByGuess
	if arabicScore(iso) > arabicScore(w) {
		det.Encoding = "ISO-8859-6"
		return singleByteText(data, &iso8859_6, det), nil
	}
	det.Encoding = "windows-1256"
	return singleByteText(data, &windows1256, det), nil
}

// utf8Text is data as UTF-8, each byte that is not part of a valid
// sequence replaced by U+FFFD and counted.
func utf8Text(data []byte, det *Detected) string {
	if utf8.Valid(data) {
		return string(data)
	}
	var b strings.Builder
	b.Grow(len(data) + 16)
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			det.Replaced++
		}
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

// nearlyUTF8 reports whether data is UTF-8, or UTF-8 with a few bytes
// damaged: at least four valid multi-byte sequences for each byte that is
// not valid. Text in a single-byte encoding makes almost no valid
// sequences (an Arabic letter in windows-1256 is followed by another
// letter, not by a continuation byte), so a UTF-8 file with a broken byte
// is not read as windows-1256 whole.
func nearlyUTF8(data []byte) bool {
	if utf8.Valid(data) {
		return true
	}
	good, bad := 0, 0
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			good++
		}
		i += n
	}
	return good >= 4*bad
}

// singleByteText is data in a single-byte encoding, given by its upper
// half; a byte the encoding leaves undefined is U+FFFD, counted.
func singleByteText(data []byte, high *[128]rune, det *Detected) string {
	var b strings.Builder
	b.Grow(len(data) * 2)
	for _, c := range data {
		if c < 0x80 {
			b.WriteByte(c)
			continue
		}
		r := high[c-0x80]
		if r == utf8.RuneError {
			det.Replaced++
		}
		b.WriteRune(r)
	}
	return b.String()
}

// utf16Text is data as UTF-16; a lone surrogate or a last odd byte is
// U+FFFD, counted. (Read with unicode/utf16 rather than x/text's
// transformer: the same result, a quarter of the size in the wasm.)
func utf16Text(data []byte, big bool, det *Detected) (string, error) {
	var b strings.Builder
	b.Grow(len(data) * 3 / 2)
	n := len(data) / 2
	for i := 0; i < n; i++ {
		u := rune(unit(data[2*i:], big))
		next := rune(-1)
		if i+1 < n {
			next = rune(unit(data[2*i+2:], big))
		}
		switch {
		case !utf16.IsSurrogate(u):
			b.WriteRune(u)
		case u < 0xdc00 && next >= 0xdc00 && next < 0xe000:
			b.WriteRune(utf16.DecodeRune(u, next))
			i++
		default:
			det.Replaced++
			b.WriteRune(utf8.RuneError)
		}
	}
	if len(data)%2 != 0 {
		det.Replaced++
		b.WriteRune(utf8.RuneError)
	}
	return b.String(), nil
}

func unit(b []byte, big bool) uint16 {
	if big {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return uint16(b[1])<<8 | uint16(b[0])
}

// utf16Order recognizes UTF-16 without a byte order mark: an even number
// of bytes, at least one character from the ASCII range (whose high byte
// is zero: text in any single-byte encoding or in UTF-8 has no NUL), and
// 95% of its code units in ranges text is written in: ASCII and Latin-1
// letters, Hebrew, Arabic and their supplements, general punctuation (the
// bidi marks), the Arabic and Hebrew presentation forms, surrogate pairs.
// big says the order is big-endian.
func utf16Order(data []byte) (big, ok bool) {
	if len(data) < 4 || len(data)%2 != 0 || bytes.IndexByte(data, 0) < 0 {
		return false, false
	}
	plausible := func(big bool) int {
		n := 0
		for i := 0; i+1 < len(data); i += 2 {
			u := unit(data[i:], big)
			hi, lo := u>>8, u&0xff
			switch {
			case hi == 0:
				if lo == '\t' || lo == '\n' || lo == '\r' || lo >= 0x20 && lo != 0x7f && (lo < 0x80 || lo >= 0xa0) {
					n++
				}
			case hi >= 0x05 && hi <= 0x08, hi == 0x20 && lo <= 0x6f, hi >= 0xfb && hi <= 0xfe, u >= 0xd800 && u <= 0xdfff:
				n++
			}
		}
		return n
	}
	units := len(data) / 2
	le, be := plausible(false), plausible(true)
	switch {
	case le >= be && le*20 >= units*19:
		return false, true
	case be > le && be*20 >= units*19:
		return true, true
	}
	return false, false
}

// arabicScore is how Arabic a text reads: one for each Arabic letter,
// less 8 for each control character or U+FFFD (a byte the encoding
// leaves undefined), less 4 for each Arabic mark that follows no letter,
// less 2 for each Arabic letter next to a Latin one (a byte read as a
// Latin letter in the middle of an Arabic word). ISO-8859-6 leaves half
// its upper bytes undefined and has ه و ي where windows-1256 has ç è ê;
// windows-1256 has ف ق ك ـ where ISO-8859-6 has nothing, ي where it has
// a mark, and Persian letters where it has controls: each reads a
// sentence of the other's with penalties. Words made only of the letters
// both encode alike (ء to ض) read the same in both: a text of only those
// is read as windows-1256.
func arabicScore(s string) int {
	score := 0
	prev := ' '
	for _, r := range s {
		arabic := unicode.Is(unicode.Arabic, r)
		switch {
		case r == utf8.RuneError, r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f', r >= 0x7f && r <= 0x9f:
			score -= 8
		case arabic && unicode.Is(unicode.Mn, r):
			if !unicode.IsLetter(prev) && !unicode.Is(unicode.Mn, prev) {
				score -= 4
			}
		case arabic && unicode.IsLetter(r):
			score++
			if unicode.Is(unicode.Latin, prev) {
				score -= 2
			}
		case unicode.Is(unicode.Latin, r) && unicode.Is(unicode.Arabic, prev) && unicode.IsLetter(prev):
			score -= 2
		}
		prev = r
	}
	return score
}

// declaredCharset is the charset a web page declares in its first 4 KB:
// <meta charset="…">, or <meta http-equiv="Content-Type"
// content="…; charset=…">. It reads the bytes as the HTML standard's
// prescan does, as ASCII: the declaration is found before the encoding is
// known.
func declaredCharset(data []byte) string {
	z := html.NewTokenizer(bytes.NewReader(data[:min(len(data), 4096)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if atom.Lookup(name) != atom.Meta {
				continue
			}
			var charset, content, equiv string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					charset = string(v)
				case "content":
					content = string(v)
				case "http-equiv":
					equiv = strings.ToLower(string(v))
				}
			}
			if charset != "" {
				return strings.TrimSpace(charset)
			}
			if equiv == "content-type" {
				if c := charsetParam(content); c != "" {
					return c
				}
			}
		}
	}
}

// charsetParam is the charset parameter of a content type.
func charsetParam(content string) string {
	low := strings.ToLower(content)
	i := strings.Index(low, "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(content[i+len("charset"):], " \t")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.Trim(strings.TrimLeft(rest[1:], " \t"), `"'`)
	if j := strings.IndexAny(rest, `;"' `); j >= 0 {
		rest = rest[:j]
	}
	return rest
}
