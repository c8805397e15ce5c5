//go:build !wasm

package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// shown reports the first character of s that a terminal would act on
// instead of showing: a control character (C0, DEL, C1) other than those
// allowed, a bidi control or a line separator. It is written apart from
// hidden so that a character hidden forgets is still caught.
func shown(s string, allowed string) (rune, bool) {
	for _, r := range s {
		if strings.ContainsRune(allowed, r) {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return r, false
		}
	}
	return 0, true
}

func TestTermText(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain", "urn:uuid:1 ملاحظة 😀", "urn:uuid:1 ملاحظة 😀"},
		{"escape sequence", "a\x1b[2Jb", `a\x1b[2Jb`},
		{"newline and return", "a\nb\rc", `a\x0ab\x0dc`},
		{"NUL, BEL, DEL", "\x00\x07\x7f", `\x00\x07\x7f`},
		{"C1", "\u009b31m\u0085", `\u009b31m\u0085`},
		{"bidi override", "gnp\u202eexe", `gnp\u202eexe`},
		{"isolates and marks", "\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d", `\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d`},
		{"line separators", "a\u2028b\u2029", `a\u2028b\u2029`},
		{"not UTF-8", "a\xffb\x9b", `a\xffb\x9b`},
		{"joiners kept", "لا\u200dم", "لا\u200dم"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := termText(c.in, nil)
			if got != c.want {
				t.Errorf("termText(%q) = %q, want %q", c.in, got, c.want)
			}
			if r, ok := shown(got, ""); !ok {
				t.Errorf("termText(%q) lets %U through", c.in, r)
			}
		})
	}
	// Every code point below U+3000 either stays as it is or is escaped.
	for r := rune(0); r < 0x3000; r++ {
		if got := termText(string(r), nil); got != string(r) {
			if _, ok := shown(got, ""); !ok || !strings.HasPrefix(got, `\`) {
				t.Errorf("termText(%U) = %q", r, got)
			}
		} else if _, ok := shown(got, ""); !ok {
			t.Errorf("termText lets %U through", r)
		}
	}
}

func TestCSVCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"+1+1", "'+1+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(1)", "'@SUM(1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "\n=1"}, // a line break, kept as \n: the cell starts with it, not with =
		{"  =1", "'  =1"},
		{"a=1", "a=1"},
		{"ملاحظة\r\nسطر", "ملاحظة\nسطر"},
		{"\x1b[31mred", `\x1b[31mred`},
		{"x\u202eexe", `x\u202eexe`},
		{"", ""},
	} {
		if got := csvCell(c.in); got != c.want {
			t.Errorf("csvCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMarkdownCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"| pipes |", `\| pipes \|`},
		{"**b** _e_ `c` ~~s~~ [l](x)", `\*\*b\*\* \_e\_ \` + "`" + `c\` + "`" + ` \~\~s\~\~ \[l\](x)`},
		{`a\b & c`, `a\\b &amp; c`},
		{"# heading", `\# heading`},
		{"line\nnext\r\nthird\u2028fourth", "line ↵ next ↵ third ↵ fourth"},
		{"\x1b[2J", `\\x1b\[2J`},
		{"ادعاء 😀", "ادعاء 😀"},
	} {
		got := markdownCell(c.in)
		if got != c.want {
			t.Errorf("markdownCell(%q) = %q, want %q", c.in, got, c.want)
		}
		if strings.ContainsAny(got, "<>\n\r") {
			t.Errorf("markdownCell(%q) = %q holds markup or a line break", c.in, got)
		}
	}
}

// TestJSONText: the escaped JSON decodes to the same values and shows no
// hidden character.
func TestJSONText(t *testing.T) {
	v := map[string]any{"id": "urn:x:\u009b\u007f\u202e\u2066", "note": "ملاحظة \u200f\u061c 😀 \x1b", "n": 1.5}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out := jsonText(b)
	if r, ok := shown(string(out), ""); !ok {
		t.Errorf("jsonText left %U in %s", r, out)
	}
	var back map[string]any
	if err := json.Unmarshal(out, &back); err != nil || !reflect.DeepEqual(back, v) {
		t.Errorf("jsonText changed the values: %v, %v", back, err)
	}
}
