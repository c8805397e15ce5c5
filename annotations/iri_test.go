package annotations

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// The expressions isAbsoluteIRI and isRelativeRef stand for.
var (
	absoluteIRI = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$`)
	relativeRef = regexp.MustCompile("^[^\\s\\x00-\\x1f\\x7f<>\"{}|\\\\^`]+$")
)

// TestIRIChecksAsRegexps holds the two checks to their expressions on
// typical ids and on random strings of the characters that matter.
func TestIRIChecksAsRegexps(t *testing.T) {
	cases := []string{"", ":", "a:", "urn:uuid:1", "http://x/y z", "1a:b", "a+b.c-d:x", "a_b:c", "#frag", "../a", "a b", "a\tb", "a\vb",
		"x\x7f", "<a>", "سجل", "urn:sha256:ab", "mailto:x@y", "a:\u00a0b", "a\u00a0b", "\\", "^", "`", "{}", "|"}
	alphabet := []rune("aZ09+.-:/_ \t\n\f\r\v\x00\x1f\x7f<>\"{}|\\^`#?سé\u00a0🌍")
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		r := make([]rune, rng.IntN(8))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		cases = append(cases, string(r))
	}
	for _, s := range cases {
		if got, want := isAbsoluteIRI(s), absoluteIRI.MatchString(s); got != want {
			t.Errorf("isAbsoluteIRI(%q) = %v, the expression %v", s, got, want)
		}
		if got, want := isRelativeRef(s), relativeRef.MatchString(s); got != want {
			t.Errorf("isRelativeRef(%q) = %v, the expression %v", s, got, want)
		}
	}
}
