package annotations

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The readable text of a Markdown file: a small, predictable subset of
// CommonMark and GitHub's tables, enough to take the markup out of what
// a reader sees.
//
// Blocks: an ATX heading (# to ######, closing #s dropped) or a setext
// one (a line of = or - under a paragraph); a paragraph, its lines
// joined by a space (a line ending in two spaces or a backslash ends a
// line); a list item (-, *, +, 1. or 1), a task box [ ] or [x] dropped),
// with the lines that follow it; a block quote (its > marks dropped, at
// any depth); a fenced code block (``` or ~~~), one block per line, as it
// is written; a table row starting with |, one block per cell, its
// delimiter row dropped. Dropped whole: thematic breaks, link reference
// definitions, front matter (--- at the top to --- or ...), HTML
// comments, <script> and <style> elements. Indented code (four spaces)
// is read as text.
//
// Inline: emphasis and strikethrough marks (*, _, ~) that open and close
// in pairs are removed, _ only at the edges of words (snake_case stays);
// a code span keeps what it holds as it is written, without its
// backticks; a link or reference link keeps its text, not its URL; an
// autolink <https://…> keeps its URL; an image is removed whole (its alt
// text too); an HTML tag is removed (its content stays); a backslash
// escape is the character it escapes; an entity (&amp;, &#1575;) is the
// character it names. A mark inside a word ("كتا**ب**") comes out without
// splitting the word.

// The patterns of Markdown's blocks and inline markup are matched by the
// small functions below, not by regular expressions, so that reading
// Markdown does not need the regexp package, a large part of a
// WebAssembly build. Each gives the expression it matches exactly, as
// Go's regexp package reads it: \s is [\t\n\f\r ], . is any character
// but \n, and $ is the end of the text.

// isBlank reports whether c is a space or a tab.
func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// isSpaceByte reports whether c is in \s: [\t\n\f\r ].
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool { return isLetter(c) || isDigit(c) }

// mdIndent is the number of spaces s starts with, up to 3: ^ {0,3}.
func mdIndent(s string) int {
	i := 0
	for i < 3 && i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// skipBlanks is the index of the first byte of s at or after i that is
// neither a space nor a tab.
func skipBlanks(s string, i int) int {
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	return i
}

// runOf is the length of the run of c at s[i].
func runOf(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// allBlank reports whether s is only spaces and tabs: ^[ \t]*$.
func allBlank(s string) bool { return skipBlanks(s, 0) == len(s) }

// mdATX reads an ATX heading, ^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$,
// and returns its text (the second group): what follows the #s and the
// blanks after them, up to a closing run of #s preceded by a blank, or
// to the trailing blanks.
func mdATX(s string) (text string, ok bool) {
	if strings.IndexByte(s, '\n') >= 0 {
		return "", false
	}
	i := mdIndent(s)
	n := runOf(s, i, '#')
	if n < 1 || n > 6 {
		return "", false
	}
	rest := s[i+n:]
	if atxClosing(rest) {
		return "", true // no text: the lazy group is left out
	}
	if rest == "" || !isBlank(rest[0]) {
		return "", false
	}
	t := rest[skipBlanks(rest, 0):]
	t = strings.TrimRight(t, " \t")
	if k := len(strings.TrimRight(t, "#")); k > 0 && k < len(t) && isBlank(t[k-1]) {
		t = strings.TrimRight(t[:k], " \t")
	}
	return t, true
}

// atxClosing reports whether s is the end of an ATX heading without its
// text: ^(?:[ \t]+#+)?[ \t]*$.
func atxClosing(s string) bool {
	i := skipBlanks(s, 0)
	if i > 0 {
		i += runOf(s, i, '#')
	}
	return allBlank(s[i:])
}

// mdSetext reports whether s underlines a setext heading: ^ {0,3}(=+|-+)[ \t]*$.
func mdSetext(s string) bool {
	i := mdIndent(s)
	if i == len(s) || s[i] != '=' && s[i] != '-' {
		return false
	}
	return allBlank(s[i+runOf(s, i, s[i]):])
}

// mdBreak reports whether s is a thematic break:
// ^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$.
func mdBreak(s string) bool {
	i := mdIndent(s)
	if i == len(s) || s[i] != '*' && s[i] != '-' && s[i] != '_' {
		return false
	}
	c, n := s[i], 0
	for ; i < len(s); i++ {
		switch {
		case s[i] == c:
			n++
		case !isBlank(s[i]):
			return false
		}
	}
	return n >= 3
}

// mdItem reads a list item, ^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+(.*))?$,
// and returns its text: what follows the marker and the blanks after it.
func mdItem(s string) (text string, ok bool) {
	if strings.IndexByte(s, '\n') >= 0 {
		return "", false
	}
	i := skipBlanks(s, 0)
	switch {
	case i < len(s) && (s[i] == '-' || s[i] == '*' || s[i] == '+'):
		i++
	default:
		d := i
		for d < len(s) && isDigit(s[d]) {
			d++
		}
		if d == i || d-i > 9 || d == len(s) || s[d] != '.' && s[d] != ')' {
			return "", false
		}
		i = d + 1
	}
	if i == len(s) {
		return "", true
	}
	if !isBlank(s[i]) {
		return "", false
	}
	return s[skipBlanks(s, i):], true
}

// dropTask is s without the task box it starts with: ^\[[ xX]\][ \t]+.
func dropTask(s string) string {
	if len(s) < 4 || s[0] != '[' || s[1] != ' ' && s[1] != 'x' && s[1] != 'X' || s[2] != ']' || !isBlank(s[3]) {
		return s
	}
	return s[skipBlanks(s, 3):]
}

// mdQuote is the length of the block quote mark s starts with,
// ^ {0,3}>[ \t]?, or -1.
func mdQuote(s string) int {
	i := mdIndent(s)
	if i == len(s) || s[i] != '>' {
		return -1
	}
	i++
	if i < len(s) && isBlank(s[i]) {
		i++
	}
	return i
}

// mdFence is the code fence s starts with, ^ {0,3}(`{3,}|~{3,}), or "".
func mdFence(s string) string {
	i := mdIndent(s)
	if i == len(s) || s[i] != '`' && s[i] != '~' {
		return ""
	}
	n := runOf(s, i, s[i])
	if n < 3 {
		return ""
	}
	return s[i : i+n]
}

// mdRefDef reports whether s starts a link reference definition:
// ^ {0,3}\[[^\]]+\]:[ \t]*\S.
func mdRefDef(s string) bool {
	i := mdIndent(s)
	if i == len(s) || s[i] != '[' {
		return false
	}
	j := strings.IndexByte(s[i+1:], ']')
	if j < 1 {
		return false
	}
	i += 1 + j + 1
	if i == len(s) || s[i] != ':' {
		return false
	}
	i = skipBlanks(s, i+1)
	return i < len(s) && !isSpaceByte(s[i])
}

// mdDelimRow reports whether s is a table's delimiter row:
// ^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$.
// That is cells :?-+:? separated by |, with a | before the first and
// after the last if wanted, and blanks anywhere between them.
func mdDelimRow(s string) bool {
	const (
		begin     = iota // nothing read yet
		afterLead        // the leading |: a cell must follow
		afterCell
		afterPipe // a | after a cell: a cell may follow, or the end
	)
	state := begin
	for i := 0; i < len(s); {
		switch {
		case isBlank(s[i]):
			i++
		case s[i] == '|':
			switch state {
			case begin:
				state = afterLead
			case afterCell:
				state = afterPipe
			default:
				return false
			}
			i++
		default:
			j := i
			for j < len(s) && !isBlank(s[j]) && s[j] != '|' {
				j++
			}
			if state == afterCell || !delimCell(s[i:j]) {
				return false
			}
			state, i = afterCell, j
		}
	}
	return state == afterCell || state == afterPipe
}

// delimCell reports whether c is a delimiter row's cell: ^:?-+:?$.
func delimCell(c string) bool {
	c = strings.TrimPrefix(c, ":")
	c = strings.TrimSuffix(c, ":")
	return c != "" && strings.Trim(c, "-") == ""
}

// mdRawOpen reads the start of a <script> or <style> element,
// (?i)^[ \t]*<(script|style)\b, and returns its name as it is written.
// As the pattern does, a name matches with case folded (ſ, U+017F,
// folds to s) and must not be followed by a letter, digit or _.
func mdRawOpen(s string) (name string, ok bool) {
	i := skipBlanks(s, 0)
	if i == len(s) || s[i] != '<' {
		return "", false
	}
	i++
	for _, w := range [...]string{"script", "style"} {
		if n := foldPrefix(s[i:], w); n > 0 {
			if e := i + n; e == len(s) || !isAlnum(s[e]) && s[e] != '_' {
				return s[i:e], true
			}
		}
	}
	return "", false
}

// foldPrefix is the length of the prefix of s that equals word with case
// folded, as (?i)word matches it, or 0.
func foldPrefix(s, word string) int {
	i := 0
	for _, w := range word {
		if i == len(s) {
			return 0
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != w {
			f := unicode.SimpleFold(w)
			for f != w && f != r {
				f = unicode.SimpleFold(f)
			}
			if f == w {
				return 0
			}
		}
		i += n
	}
	return i
}

// mdAutolink reads an autolink, ^<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>$,
// and returns its URL.
func mdAutolink(s string) (url string, ok bool) {
	if len(s) < 2 || s[0] != '<' || s[len(s)-1] != '>' {
		return "", false
	}
	u := s[1 : len(s)-1]
	if u == "" || !isLetter(u[0]) {
		return "", false
	}
	i := 1
	for i < len(u) && (isAlnum(u[i]) || u[i] == '+' || u[i] == '.' || u[i] == '-') {
		i++
	}
	if i < 2 || i > 32 || i == len(u) || u[i] != ':' {
		return "", false
	}
	for i++; i < len(u); i++ {
		if isSpaceByte(u[i]) || u[i] == '<' || u[i] == '>' {
			return "", false
		}
	}
	return u, true
}

// mdEmail reads an email autolink and returns its address:
// ^<([A-Za-z0-9.!#$%&'*+/=?^_{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*)>$.
// That is a local part, @, and a domain of labels separated by dots, of
// letters, digits and hyphens, a hyphen at neither end.
func mdEmail(s string) (address string, ok bool) {
	if len(s) < 2 || s[0] != '<' || s[len(s)-1] != '>' {
		return "", false
	}
	a := s[1 : len(s)-1]
	at := strings.IndexByte(a, '@')
	if at < 1 {
		return "", false
	}
	for i := 0; i < at; i++ {
		if c := a[i]; !isAlnum(c) && !strings.ContainsRune(".!#$%&'*+/=?^_{|}~-", rune(c)) {
			return "", false
		}
	}
	for label := range strings.SplitSeq(a[at+1:], ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return "", false
		}
		for i := 0; i < len(label); i++ {
			if !isAlnum(label[i]) && label[i] != '-' {
				return "", false
			}
		}
	}
	return a, true
}

// mdTag reports whether s is an HTML tag: ^</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>$.
func mdTag(s string) bool {
	if len(s) < 3 || s[0] != '<' || s[len(s)-1] != '>' {
		return false
	}
	i := 1
	if s[i] == '/' {
		i++
	}
	if !isLetter(s[i]) {
		return false
	}
	i++
	for i < len(s) && (isAlnum(s[i]) || s[i] == '-') {
		i++
	}
	rest := s[i:]
	if rest == ">" || rest == "/>" {
		return true
	}
	return len(rest) >= 2 && isSpaceByte(rest[0]) && !strings.ContainsAny(rest[1:len(rest)-1], "<>")
}

// markdownBlocks is the readable text of a Markdown file, as lines with
// their kinds, and its title: its first heading.
func markdownBlocks(src string) ([]line, string) {
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	src = strings.TrimPrefix(src, "\uFEFF")
	lines := strings.Split(src, "\n")
	lines = skipFrontMatter(lines)

	var out []line
	title := ""
	var cur []string // the source lines of the block being read
	curKind := Kind("")
	fence := ""      // the fence of the code block being read
	rawEnd := ""     // the end tag of the <script> or <style> being skipped
	comment := false // inside an HTML comment
	emit := func(text string, k Kind, tight bool) {
		text = collapseSpace(text)
		if strings.TrimFunc(text, unicode.IsSpace) == "" {
			return
		}
		if title == "" && k == Heading {
			title = text
		}
		out = append(out, line{text: text, kind: k, tight: tight})
	}
	flush := func() {
		if curKind == "" {
			return
		}
		// A line ending in two spaces or a backslash breaks the line.
		tight := false
		var part []string
		for i, l := range cur {
			hard := strings.HasSuffix(l, "  ") || strings.HasSuffix(l, `\`) && !strings.HasSuffix(l, `\\`)
			l = strings.TrimSpace(l)
			if hard && i < len(cur)-1 {
				l = strings.TrimSuffix(l, `\`)
				part = append(part, l)
				emit(inline(strings.Join(part, " ")), curKind, tight)
				tight, part = true, nil
				continue
			}
			part = append(part, l)
		}
		emit(inline(strings.Join(part, " ")), curKind, tight)
		cur, curKind = nil, ""
	}
	start := func(text string, k Kind) {
		flush()
		cur, curKind = []string{text}, k
	}
	preTight := false
	for _, l := range lines {
		switch {
		case fence != "":
			if t := strings.TrimSpace(l); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
				continue
			}
			if strings.TrimFunc(l, unicode.IsSpace) == "" {
				preTight = false // a blank line stays a blank line
				continue
			}
			out = append(out, line{text: strings.TrimRightFunc(l, unicode.IsSpace), kind: Preformatted, tight: preTight})
			preTight = true
			continue
		case rawEnd != "":
			if i := strings.Index(strings.ToLower(l), rawEnd); i >= 0 {
				rawEnd = ""
			}
			continue
		case comment:
			if i := strings.Index(l, "-->"); i >= 0 {
				comment = false
				if rest := l[i+3:]; strings.TrimSpace(rest) != "" {
					l = rest
					break
				}
			}
			continue
		}
		// An HTML comment that does not end on its line hides the lines
		// up to its end.
		if i := strings.LastIndex(l, "<!--"); i >= 0 && !strings.Contains(l[i:], "-->") {
			comment = true
			if l = l[:i]; strings.TrimSpace(l) == "" {
				continue
			}
		}
		if name, ok := mdRawOpen(l); ok {
			flush()
			end := "</" + strings.ToLower(name)
			if !strings.Contains(strings.ToLower(l), end) {
				rawEnd = end
			}
			continue
		}
		if f := mdFence(l); f != "" {
			flush()
			fence, preTight = f, false
			continue
		}
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		if mdSetext(l) && curKind == Paragraph {
			curKind = Heading
			flush()
			continue
		}
		if mdBreak(l) {
			flush()
			continue
		}
		if text, ok := mdATX(l); ok {
			start(text, Heading)
			flush()
			continue
		}
		if mdRefDef(l) && curKind == "" {
			continue
		}
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "|") {
			flush()
			if mdDelimRow(t) {
				continue
			}
			for _, c := range tableCells(t) {
				emit(inline(c), Cell, false)
			}
			continue
		}
		if mdQuote(l) >= 0 {
			for n := mdQuote(l); n >= 0; n = mdQuote(l) {
				l = l[n:]
			}
			if strings.TrimSpace(l) == "" {
				flush() // "> " alone ends a paragraph in the quotation
				continue
			}
			if text, ok := mdATX(l); ok {
				l = text
			} else if text, ok := mdItem(l); ok && !mdBreak(l) {
				start(dropTask(text), BlockQuote)
				continue
			}
			if curKind != BlockQuote {
				start(l, BlockQuote)
			} else {
				cur = append(cur, l)
			}
			continue
		}
		if text, ok := mdItem(l); ok {
			start(dropTask(text), ListItem)
			continue
		}
		if curKind != "" {
			cur = append(cur, l) // a paragraph's next line, or a lazy continuation
		} else {
			start(l, Paragraph)
		}
	}
	flush()
	return out, title
}

// skipFrontMatter drops YAML front matter: a first line of --- up to a
// line of --- or ..., within the first 100 lines.
func skipFrontMatter(lines []string) []string {
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t") != "---" {
		return lines
	}
	for i := 1; i < len(lines) && i < 100; i++ {
		if t := strings.TrimRight(lines[i], " \t"); t == "---" || t == "..." {
			return lines[i+1:]
		}
	}
	return lines
}

// tableCells splits a table row at the | not escaped or in a code span.
func tableCells(row string) []string {
	row = strings.TrimPrefix(strings.TrimSpace(row), "|")
	var cells []string
	var b strings.Builder
	code := false
	for i := 0; i < len(row); i++ {
		c := row[i]
		switch {
		case c == '\\' && i+1 < len(row) && row[i+1] == '|':
			b.WriteByte('|')
			i++
		case c == '`':
			code = !code
			b.WriteByte(c)
		case c == '|' && !code:
			cells = append(cells, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	if strings.TrimSpace(b.String()) != "" {
		cells = append(cells, b.String())
	}
	return cells
}

// piece is a code point of inline text, or a mark of a delimiter run.
type piece struct {
	r     rune
	delim int32 // for the first mark of a delimiter run: its length; -1 for the others
	open  bool
	close bool
	drop  bool
}

// maxInline is the longest block whose inline markup is read, in code
// points; a longer one (no paragraph is: it would be a whole book on one
// line) is kept as it is written, so that memory stays a small multiple
// of the block.
const maxInline = 1 << 20

// inline is a block's text with its inline markup removed (see the top
// of this file).
func inline(s string) string {
	if len(s) > maxInline*4 || utf8.RuneCountInString(s) > maxInline {
		return s
	}
	in := newInlineText([]rune(s))
	ps := in.pieces(0, len(in.s), 0)
	resolveEmphasis(ps)
	var b strings.Builder
	for _, p := range ps {
		if !p.drop {
			b.WriteRune(p.r)
		}
	}
	return b.String()
}

// inlineText is a block's text with what reading it needs found in one
// pass, so that reading takes linear time whatever the text: the bracket
// that closes each bracket, and the next backtick run of each length.
type inlineText struct {
	s        []rune
	closes   []int32 // for each [ or (, the index of the ] or ) closing it; -1
	nextRun  []int32 // for each backtick run's start, the start of the next run of the same length; -1
	comments int     // the index of the next "-->" at or after where it was last looked for; -1: none
	lookedAt int     // where it was last looked for
}

func newInlineText(s []rune) *inlineText {
	in := &inlineText{s: s, closes: make([]int32, len(s)), nextRun: make([]int32, len(s)), lookedAt: -1}
	var brackets, parens []int32
	for i := 0; i < len(s); i++ {
		in.closes[i], in.nextRun[i] = -1, -1
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				in.closes[i], in.nextRun[i] = -1, -1
			}
		case '[':
			brackets = append(brackets, int32(i))
		case ']':
			if n := len(brackets); n > 0 {
				in.closes[brackets[n-1]] = int32(i)
				brackets = brackets[:n-1]
			}
		case '(':
			parens = append(parens, int32(i))
		case ')':
			if n := len(parens); n > 0 {
				in.closes[parens[n-1]] = int32(i)
				parens = parens[:n-1]
			}
		}
	}
	last := map[int]int32{}
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] != '`' || i > 0 && s[i-1] == '`' {
			continue
		}
		n := run(s, i, '`')
		if j, ok := last[n]; ok {
			in.nextRun[i] = j
		}
		last[n] = int32(i)
	}
	return in
}

// commentEnd is the index just after the first "-->" at or after i, or -1.
func (in *inlineText) commentEnd(i int) int {
	if in.lookedAt < 0 || i < in.lookedAt || in.comments >= 0 && i > in.comments {
		in.lookedAt, in.comments = i, -1
		for j := i; j+2 < len(in.s); j++ {
			if in.s[j] == '-' && in.s[j+1] == '-' && in.s[j+2] == '>' {
				in.comments = j
				break
			}
		}
	}
	if in.comments < 0 {
		return -1
	}
	return in.comments + 3
}

// pieces reads s[lo:hi] into pieces: code spans, links, images,
// autolinks, tags, comments, escapes and entities resolved; delimiter
// runs marked. depth bounds the nesting of link texts.
func (in *inlineText) pieces(lo, hi, depth int) []piece {
	s := in.s
	var ps []piece
	lit := func(t string) {
		for _, r := range t {
			ps = append(ps, piece{r: r})
		}
	}
	for i := lo; i < hi; {
		r := s[i]
		switch {
		case r == '\\' && i+1 < hi && s[i+1] < 0x80 && isPunct(s[i+1]):
			ps = append(ps, piece{r: s[i+1]})
			i += 2
			continue
		case r == '`':
			n := run(s[:hi], i, '`')
			if j := int(in.nextRun[i]); j >= 0 && j < hi && run(s[:hi], j, '`') == n {
				code := string(s[i+n : j])
				if len(code) > 2 && strings.HasPrefix(code, " ") && strings.HasSuffix(code, " ") && strings.TrimSpace(code) != "" {
					code = code[1 : len(code)-1]
				}
				lit(code)
				i = j + n
				continue
			}
			lit(string(s[i : i+n]))
			i += n
			continue
		case r == '!' && i+1 < hi && s[i+1] == '[':
			if _, _, end, ok := in.link(i+1, hi); ok {
				i = end // an image: left out whole
				continue
			}
		case r == '[' && depth < 8:
			if from, to, end, ok := in.link(i, hi); ok {
				ps = append(ps, in.pieces(from, to, depth+1)...)
				i = end
				continue
			}
		case r == '<':
			if i+3 < hi && string(s[i+1:i+4]) == "!--" {
				if end := in.commentEnd(i + 4); end >= 0 && end <= hi {
					i = end
					continue
				}
				break
			}
			j := i + 1
			for j < hi && j < i+2048 && s[j] != '<' && s[j] != '>' {
				j++
			}
			if j >= hi || s[j] != '>' {
				break
			}
			t := string(s[i : j+1])
			if url, ok := mdAutolink(t); ok {
				lit(url)
				i = j + 1
				continue
			}
			if address, ok := mdEmail(t); ok {
				lit(address)
				i = j + 1
				continue
			}
			if mdTag(t) {
				i = j + 1
				continue
			}
		case r == '&':
			j := i + 1
			for j < hi && j < i+34 && (s[j] == '#' || s[j] < 0x80 && (unicode.IsLetter(s[j]) || unicode.IsDigit(s[j]))) {
				j++
			}
			if j < hi && s[j] == ';' && j > i+1 {
				if e := html.UnescapeString(string(s[i : j+1])); e != string(s[i:j+1]) {
					lit(e)
					i = j + 1
					continue
				}
			}
		case r == '*' || r == '_' || r == '~':
			n := run(s[:hi], i, r)
			prev, next := ' ', ' '
			if i > lo {
				prev = s[i-1]
			}
			if i+n < hi {
				next = s[i+n]
			}
			left := !unicode.IsSpace(next) && (!isPunct(next) || unicode.IsSpace(prev) || isPunct(prev))
			right := !unicode.IsSpace(prev) && (!isPunct(prev) || unicode.IsSpace(next) || isPunct(next))
			if i == lo {
				right = false
			}
			if i+n == hi {
				left = false
			}
			open, close := left, right
			if r == '_' {
				open = left && (!right || isPunct(prev))
				close = right && (!left || isPunct(next))
			}
			if r == '~' && n > 2 {
				open, close = false, false
			}
			for k := range n {
				p := piece{r: r, delim: -1}
				if k == 0 {
					p.delim, p.open, p.close = int32(n), open, close
				}
				ps = append(ps, p)
			}
			i += n
			continue
		}
		ps = append(ps, piece{r: r})
		i++
	}
	return ps
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// run is the length of the run of c at s[i].
func run(s []rune, i int, c rune) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// link reads a link at s[i] == '[' before hi: [text](destination
// "title"), [text][label] or [text][]. It returns where its text is
// and where the link ends.
func (in *inlineText) link(i, hi int) (from, to, end int, ok bool) {
	j := int(in.closes[i])
	if j < 0 || j+1 >= hi || (in.s[j+1] != '(' && in.s[j+1] != '[') {
		return 0, 0, 0, false
	}
	k := int(in.closes[j+1])
	if k < 0 || k >= hi {
		return 0, 0, 0, false
	}
	return i + 1, j, k + 1, true
}

// resolveEmphasis drops each delimiter run that can close with the
// nearest open run of the same mark before it (for ~, of the same
// length), and that one. Runs left unpaired stay as text. Each mark has a
// stack of its own, so pairing takes linear time.
func resolveEmphasis(ps []piece) {
	stacks := map[rune][]int{}
	for i := range ps {
		p := ps[i]
		if p.delim <= 0 {
			continue
		}
		st := stacks[p.r]
		if n := len(st); p.close && n > 0 && (p.r != '~' || ps[st[n-1]].delim == p.delim) {
			o := st[n-1]
			for m := range int(ps[o].delim) {
				ps[o+m].drop = true
			}
			for m := range int(p.delim) {
				ps[i+m].drop = true
			}
			stacks[p.r] = st[:n-1]
			continue
		}
		if p.open {
			stacks[p.r] = append(st, i)
		}
	}
}
