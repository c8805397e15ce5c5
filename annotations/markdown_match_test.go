package annotations

import (
	"regexp"
	"testing"
)

// The regular expressions the Markdown matchers stand for, as they were
// written: each matcher must return what its expression does.
var (
	mdATXRE      = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$`)
	mdSetextRE   = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	mdBreakRE    = regexp.MustCompile(`^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$`)
	mdItemRE     = regexp.MustCompile(`^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+(.*))?$`)
	mdTaskRE     = regexp.MustCompile(`^\[[ xX]\][ \t]+`)
	mdQuoteRE    = regexp.MustCompile(`^ {0,3}>[ \t]?`)
	mdFenceRE    = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	mdRefDefRE   = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S`)
	mdDelimRowRE = regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
	mdRawOpenRE  = regexp.MustCompile(`(?i)^[ \t]*<(script|style)\b`)
	mdAutolinkRE = regexp.MustCompile(`^<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>$`)
	mdEmailRE    = regexp.MustCompile(`^<([A-Za-z0-9.!#$%&'*+/=?^_{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*)>$`)
	mdTagRE      = regexp.MustCompile(`^</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>$`)
)

// submatch is the group n of re's match in s as the Markdown reader
// takes it ("" when the group is left out), and whether re matches.
func submatch(re *regexp.Regexp, s string, n int) (string, bool) {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[n], true
}

// checkMarkdownMatchers compares each matcher's result for s with its
// expression's.
func checkMarkdownMatchers(t *testing.T, s string) {
	t.Helper()
	type pair struct {
		text string
		ok   bool
	}
	sub := func(name string, got, want pair) {
		t.Helper()
		if got != want {
			t.Errorf("%s(%q) = %q, %v; the expression gives %q, %v", name, s, got.text, got.ok, want.text, want.ok)
		}
	}
	is := func(name string, got, want bool) {
		t.Helper()
		if got != want {
			t.Errorf("%s(%q) = %v; the expression gives %v", name, s, got, want)
		}
	}

	text, ok := mdATX(s)
	want, wantOK := submatch(mdATXRE, s, 2)
	sub("mdATX", pair{text, ok}, pair{want, wantOK})

	is("mdSetext", mdSetext(s), mdSetextRE.MatchString(s))
	is("mdBreak", mdBreak(s), mdBreakRE.MatchString(s))

	text, ok = mdItem(s)
	want, wantOK = submatch(mdItemRE, s, 1)
	sub("mdItem", pair{text, ok}, pair{want, wantOK})

	if got, want := dropTask(s), mdTaskRE.ReplaceAllString(s, ""); got != want {
		t.Errorf("dropTask(%q) = %q; the expression gives %q", s, got, want)
	}

	wantQuote := -1
	if loc := mdQuoteRE.FindStringIndex(s); loc != nil {
		wantQuote = loc[1]
	}
	if got := mdQuote(s); got != wantQuote {
		t.Errorf("mdQuote(%q) = %d; the expression gives %d", s, got, wantQuote)
	}
	if n := mdQuote(s); n >= 0 && s[n:] != mdQuoteRE.ReplaceAllString(s, "") {
		t.Errorf("mdQuote(%q): %q left; the expression leaves %q", s, s[n:], mdQuoteRE.ReplaceAllString(s, ""))
	}

	fence := mdFence(s)
	want, wantOK = submatch(mdFenceRE, s, 1)
	sub("mdFence", pair{fence, fence != ""}, pair{want, wantOK})

	is("mdRefDef", mdRefDef(s), mdRefDefRE.MatchString(s))
	is("mdDelimRow", mdDelimRow(s), mdDelimRowRE.MatchString(s))

	text, ok = mdRawOpen(s)
	want, wantOK = submatch(mdRawOpenRE, s, 1)
	sub("mdRawOpen", pair{text, ok}, pair{want, wantOK})

	text, ok = mdAutolink(s)
	want, wantOK = submatch(mdAutolinkRE, s, 1)
	sub("mdAutolink", pair{text, ok}, pair{want, wantOK})

	text, ok = mdEmail(s)
	want, wantOK = submatch(mdEmailRE, s, 1)
	sub("mdEmail", pair{text, ok}, pair{want, wantOK})

	is("mdTag", mdTag(s), mdTagRE.MatchString(s))
}

// markdownMatchCases are lines and inline runs at the edges of what the
// matchers take.
var markdownMatchCases = []string{
	"", " ", "\t", "   ", "    ", "\n", "\xff", "\xc5", "ſ",

	// ATX headings.
	"#", "# ", "#\t", "#a", "# a", "#\ta", "  # a", "   # a", "    # a", "\t# a",
	"###### a", "####### a", "######", "#######", "######a",
	"# a #", "# a ##  ", "# a#", "# a #b", "# #", "# # #", "#  #  ", "# ##a", "# a \t#\t",
	"# a # b #", "# a ## ##", "# a\t#", "# #a", "# \xff", "# a\n", "# a\n#", "\n# a",
	"# عنوان المقال", "## عنوان ##", "#\u00a0a", "# a\u00a0#", "# a\r", "# a \r#",

	// Setext underlines and thematic breaks.
	"=", "==", "-", "---", "--- ", "   ---", "    ---", "\t---", "-=-", "=== \t", "---a",
	"***", "* * *", "*\t*\t*", "**", "_ _ _", "___ _", "- - -", "-- -- --", "*-*",
	"   * * *", "    * * *", " - - - \t", "***\n", "_ _", "*** x",

	// List items and task boxes.
	"-", "- ", "- a", "-a", "* a", "+ a", "+\ta", "\t- a", "        - a", "- \t a",
	"1. a", "1) a", "1.a", "1.", "1)", "123456789. a", "1234567890. a", "0. a", "1: a",
	"12345678) ", "a. b", "1 . a", "- [x] a", "- [ ] a", "- [X]\ta", "- [x]a", "- [y] a",
	"- a\nb", "- \n", "- عنصر", "- \xff", "1.\u00a0a", "-\u00a0a",
	"[x] a", "[ ] a", "[X]\t\ta", "[x]", "[x]a", "[x]  ", "[] a", "[xx] a", " [x] a",

	// Block quotes.
	">", "> a", ">a", ">\ta", ">  a", "   > a", "    > a", "\t> a", "> > a", ">>a", "> \xff",
	"> اقتباس",

	// Code fences.
	"```", "``", "````go", "~~~", "~~", "~~~~ ~", "   ```", "    ```", "\t```", "``~", "~~`",
	"``` ```", "```\n", "``\u00a0`",

	// Link reference definitions.
	"[a]: b", "[a]:b", "[a]:", "[a]: ", "[a]:\t\tb", "[]: b", "[a]]: b", "[a\n]: b",
	"   [a]: b", "    [a]: b", "[a]: \n", "[a]:\vb", "[a]:\fb", "[a]: \xff", "[مرجع]: /x",
	"[a] : b", "[a]: \r",

	// Table delimiter rows.
	"|-|", "|---|---|", "| --- | :---: |", "|:-:|", "|:|", "|-:-|", "|--", "---|---",
	"|", "||", "|-||", "||-|", "| - - |", "|-|-", "|:--|--:|", " | -- | ", "|\t-\t|",
	"-", ":-", ":-:", "::", "|-|\n", "-|", "- -", "|---|---|---|---|", "| -x- |",

	// <script> and <style>.
	"<script>", "<script", "<SCRIPT>", "<Script src=x>", "<scriptx>", "<SCRIPTX", "<script_",
	"<script1", "<script-x>", "<script\xff", "  <style>", "\t<STYLE", "<stylex", "<styl",
	"<ſcript>", "<ſtyle>", "<ſCRIPT", "<s\u0131cript>", "< script>", "<scr", "x<script>",

	// Autolinks, email addresses, tags.
	"<https://example.com>", "<http://a.b/c?d=e&f>", "<a:b>", "<ab:>", "<a+b.c-d:x>",
	"<https://exa mple.com>", "<https://a<b>", "<https://a\tb>", "<example.com>",
	"<" + "a123456789012345678901234567890x:y>", "<" + "a1234567890123456789012345678901:y>",
	"<" + "a12345678901234567890123456789012:y>", "<1a:b>", "<a:\xff>", "<a:b>>", "<https://مثال.com>",
	"<a@b.c>", "<a.b+c@d-e.f>", "<a@b>", "<a@-b.c>", "<a@b-.c>", "<a@b..c>", "<a@b.c.>",
	"<@b.c>", "<a@@b.c>", "<a b@c.d>", "<a@b_c.d>", "<`a@b.c>", "<{|}~@a1.b2-c3>", "<a@b.c",
	"<b>", "</b>", "<br/>", "<br />", "<a href=\"x\">", "<a\nhref=x>", "<a\thref='x' />",
	"<1a>", "</>", "<>", "<a-b>", "<a_b>", "<a href=<x>>", "<a/ >", "<a//>", "<//a>",
	"<a \xff>", "<h1 class=\"عنوان\">", "<a\u00a0b>",
}

func TestMarkdownMatchers(t *testing.T) {
	for _, s := range markdownMatchCases {
		checkMarkdownMatchers(t, s)
	}
}

func FuzzMarkdownMatchers(f *testing.F) {
	for _, s := range markdownMatchCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkMarkdownMatchers(t, s)
	})
}
