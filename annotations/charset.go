package annotations

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
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

// The single-byte encodings Open reads, by name.
var charmaps = map[string]*charmap.Charmap{
	"windows-1256": charmap.Windows1256,
	"ISO-8859-6":   charmap.ISO8859_6,
	"windows-1255": charmap.Windows1255,
	"ISO-8859-8":   charmap.ISO8859_8,
	"windows-1252": charmap.Windows1252,
}

// charsetLabels maps the labels the WHATWG Encoding standard gives these
// encodings (lower case) to their names. UTF-16 declared in a <meta> is
// read as UTF-8, as browsers do: the declaration was found in bytes that
// read as ASCII.
var charsetLabels = map[string]string{}

func init() {
	for name, labels := range map[string]string{
		"UTF-8":        "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8 utf-16 utf-16le utf-16be unicodefffe unicode csunicode iso-10646-ucs-2 ucs-2",
		"windows-1256": "cp1256 windows-1256 x-cp1256",
		"ISO-8859-6":   "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
		"windows-1255": "cp1255 windows-1255 x-cp1255",
		"ISO-8859-8":   "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
		"windows-1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
	} {
		for _, l := range strings.Fields(labels) {
			charsetLabels[l] = name
		}
	}
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
	if name := charsetLabels[strings.ToLower(strings.TrimSpace(det.Declared))]; name != "" {
		det.Encoding, det.By = name, ByDeclaration
		if name == "UTF-8" {
			return utf8Text(data, det), nil
		}
		return singleByteText(data, charmaps[name], det), nil
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
	w := singleByteText(data, charmap.Windows1256, &Detected{})
	iso := singleByteText(data, charmap.ISO8859_6, &Detected{})
	det.By = ByGuess
	if arabicScore(iso) > arabicScore(w) {
		det.Encoding = "ISO-8859-6"
		return singleByteText(data, charmap.ISO8859_6, det), nil
	}
	det.Encoding = "windows-1256"
	return singleByteText(data, charmap.Windows1256, det), nil
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

// singleByteText is data in a single-byte encoding; a byte the encoding
// leaves undefined is U+FFFD, counted.
func singleByteText(data []byte, cm *charmap.Charmap, det *Detected) string {
	var b strings.Builder
	b.Grow(len(data) * 2)
	for _, c := range data {
		r := cm.DecodeByte(c)
		if r == utf8.RuneError {
			det.Replaced++
		}
		b.WriteRune(r)
	}
	return b.String()
}

// utf16Text is data as UTF-16; a lone surrogate or a last odd byte is
// U+FFFD, counted.
func utf16Text(data []byte, big bool, det *Detected) (string, error) {
	order := xunicode.LittleEndian
	if big {
		order = xunicode.BigEndian
	}
	out, err := xunicode.UTF16(order, xunicode.IgnoreBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", &OpenError{Err: ErrBinary, Msg: "the file is not valid UTF-16: " + err.Error()}
	}
	// U+FFFD written in the file is kept as it is, not counted.
	had := 0
	for i := 0; i+1 < len(data); i += 2 {
		if u := unit(data[i:], big); u == 0xfffd {
			had++
		}
	}
	det.Replaced += max(0, bytes.Count(out, []byte("\ufffd"))-had)
	return string(out), nil
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
