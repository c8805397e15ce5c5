package annotations

import (
	"regexp"
	"strings"
	"testing"
)

// The patterns the block matchers were first written as: each matcher
// must say what its pattern says, of any text.
var (
	yearRE     = regexp.MustCompile(`(^|[^0-9])(1[89]|20)[0-9]{2}([^0-9]|$)`)
	monthRE    = regexp.MustCompile(`(يناير|فبراير|مارس|أبريل|إبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|January|February|March|April|May|June|July|August|September|October|November|December)`)
	sourceRE   = regexp.MustCompile(`^\pZ*(Source|Sources|المصدر|المصادر)\pZ*[:：]`)
	bylineRE   = regexp.MustCompile(`^\pZ*(المصدر|By|بقلم)\pZ`)
	questionRE = regexp.MustCompile(`^\pZ*(س|سؤال|Q)\pZ*[:：]`)
	speakerRE  = regexp.MustCompile(`^\pZ*([^\pZ:：]+(\pZ[^\pZ:：]+){0,3})\pZ*[:：]`)
	docIDRE    = regexp.MustCompile(`^urn:sha256:[0-9a-f]{64}$`)
)

func sameAsPatterns(t *testing.T, s string) {
	t.Helper()
	for _, c := range []struct {
		name      string
		got, want bool
	}{
		{"year", hasYear(s), yearRE.MatchString(s)},
		{"month", hasMonth(s), monthRE.MatchString(s)},
		{"source", labelled(s, sourceWords), sourceRE.MatchString(s)},
		{"byline", opensWith(s, bylineWords), bylineRE.MatchString(s)},
		{"question", labelled(s, questionWords), questionRE.MatchString(s)},
		{"speaker", spoken(s), speakerRE.MatchString(s)},
		{"document id", IsDocumentID(s), docIDRE.MatchString(s)},
	} {
		if c.got != c.want {
			t.Errorf("%s of %q: %v, the pattern says %v", c.name, s, c.got, c.want)
		}
	}
}

func TestBlockMatchersArePatterns(t *testing.T) {
	nb, ideo := "\u00a0", "\u3000"
	for _, s := range []string{
		"", " ", "2001", "x2001y", "12001", "20011", "1799", "1800", "2099", "2100", "١٩٩٩ 1999", "a 19", "في 2001،",
		"الأربعاء، 21 يناير 2026", "Wednesday 21 January 2026", "كانون الثاني", "Mayday", "آب", "\xff2001\xff",
		"Source: Reuters", "Sources : x", "Source" + nb + ":", ideo + "Source：", "Sourcex:", "Source", "Source s:", " المصدر:",
		"المصادر" + nb + nb + ":", "By Ali", "By", "Byline", "بقلم" + nb + "علي", ideo + "By\u2028x", "المصدر dissident voice",
		"س: لماذا؟", "س:", "سؤال : ", "Q:", "Q :", "Qx:", "س", "سس:",
		"بوتين: نعم", "الرئيس بوش: لا", "a b c d: x", "a b c d e: x", "a  b: x", "a :x", "a b  : x", ": x", " : x", "a", "a b",
		"a\u2029b：", "a\tb: x", "\xffa: x", "a" + nb + "b" + nb + "c" + nb + "d" + nb + ":", "a b c d" + nb + nb + ":",
		"urn:sha256:" + strings.Repeat("0a", 32), "urn:sha256:" + strings.Repeat("0A", 32), "urn:sha256:" + strings.Repeat("0a", 31),
		"urn:sha256:" + strings.Repeat("0a", 32) + "\n", "urn:sha256:" + strings.Repeat("0a", 33),
	} {
		sameAsPatterns(t, s)
	}
}

func FuzzBlockMatchers(f *testing.F) {
	for _, s := range []string{"Source: x", "الأربعاء، 21 يناير 2026", "a b c d: x", "س: لماذا؟", "By x"} {
		f.Add(s)
	}
	f.Fuzz(sameAsPatterns)
}

var tagLikeRE = regexp.MustCompile(`<!--.*?-->|</?[A-Za-z][^<>]*>`)

func TestWithoutTagsIsPattern(t *testing.T) {
	for _, s := range []string{"", "<", ">", "<b>", "A <b>title</b>", "<!-- x -->y", "<!--\n-->", "<!-->", "<!--->", "<!---->", "<!-- a --> <!-- b -->",
		"a < b > c", "<1>", "</>", "</b", "<b <i>", "<b\n>", "<عربي>", "<a href='x'>عنوان</a>", "x<!--a<b>-->y", "<!--a\n<b>-->", "\xff<b>\xff"} {
		sameTags(t, s)
	}
}

func sameTags(t *testing.T, s string) {
	if got, want := withoutTags(s), tagLikeRE.ReplaceAllString(s, " "); got != want {
		t.Errorf("%q: %q, the pattern gives %q", s, got, want)
	}
}

func FuzzWithoutTags(f *testing.F) {
	f.Add("A <b>title</b> <!-- c -->")
	f.Fuzz(sameTags)
}
