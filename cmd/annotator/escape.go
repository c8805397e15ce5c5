//go:build !wasm

package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Text from a file reaches a terminal, a spreadsheet or a Markdown page
// only through the functions below, so that a file cannot move the cursor,
// clear the screen, reverse the display of a line, print a line of its own
// that looks like ours, run a formula or inject HTML.

// hidden reports whether r is a character that acts on a terminal or on
// the display order of text instead of being shown: C0 and C1 controls,
// DEL, the Unicode bidi controls (embeddings, overrides, isolates and the
// LRM, RLM and ALM marks) and the Unicode line and paragraph separators.
func hidden(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	switch r {
	case 0x200e, 0x200f, 0x061c, 0x2028, 0x2029:
		return true
	}
	return false
}

// termText is the one function text from a file goes through on its way
// to a terminal: every hidden character, newlines included, is shown as an
// escape (\x1b, \x0a, \u009b, \u202e), and so is each byte that is not
// UTF-8 (\xff). Everything else, Arabic and emoji included, is kept. keep
// names characters to let through as they are (a tab or a newline where
// the output is meant to hold them); nil keeps none.
func termText(s string, keep func(rune) bool) string {
	if !needsEscape(s, keep) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !hidden(r) || keep != nil && keep(r):
			b.WriteString(s[i : i+n])
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string, keep func(rune) bool) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || hidden(r) && (keep == nil || !keep(r)) {
			return true
		}
		i += n
	}
	return false
}

// say writes one line of a message: whatever the arguments hold (a file
// name, an id, a decoder's message quoting the file), it stays one line
// with no hidden characters.
func say(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, termText(fmt.Sprintf(format, args...), nil))
}

// messageWriter writes each Write as a message of one line (see say):
// for the flag package, whose messages quote the arguments.
type messageWriter struct{ w io.Writer }

func (mw messageWriter) Write(p []byte) (int, error) {
	_, err := fmt.Fprintln(mw.w, termText(strings.TrimSuffix(string(p), "\n"), nil))
	return len(p), err
}

// csvCell makes a cell safe to open in a spreadsheet. Line breaks are
// kept (as \n; the CSV writer quotes the cell); other hidden characters
// are escaped as by termText. A cell whose first character other than a
// space is =, +, -, @, a tab or a carriage return would be read as a
// formula by Excel, LibreOffice or Google Sheets; it is prefixed with a
// single quote, as OWASP recommends, so it is shown as text.
func csvCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = termText(s, func(r rune) bool { return r == '\n' || r == '\t' })
	if t := strings.TrimLeft(s, " "); t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}

// oneLine shows line breaks as ↵ and a tab as a space.
var oneLine = strings.NewReplacer("\r\n", " ↵ ", "\n", " ↵ ", "\r", " ↵ ", "\u2028", " ↵ ", "\u2029", " ↵ ", "\t", " ")

// markdownCell makes a table cell that shows s as text: on one line (each
// line break is shown as ↵), with hidden characters escaped as by
// termText, HTML's <, > and & written as entities so that nothing in a
// note becomes markup, and Markdown's \ ` * _ ~ [ ] | and #
// escaped with a backslash so that nothing becomes emphasis, code, a link,
// a heading or a new cell. (Every # is escaped, not only a leading one: \#
// means # anywhere.)
func markdownCell(s string) string {
	s = oneLine.Replace(s)
	s = termText(s, nil)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '~', '[', ']', '|', '#':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// jsonText escapes, in JSON written by this program, the hidden characters
// encoding/json leaves as they are (DEL, C1 controls, bidi controls) as
// \u escapes, so that printing the file on a terminal shows them. In
// valid JSON such characters can only stand inside strings, where the
// escape means the same character: the file decodes to the same values.
func jsonText(b []byte) []byte {
	if !bytes.ContainsFunc(b, hidden) {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if hidden(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}
