package annotations

import (
	"regexp"
	"strings"
	"sync"
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

// mdPatterns are the patterns of Markdown's blocks and inline markup,
// compiled on first use: a program that never opens a Markdown file (the
// app, until it does) neither carries nor compiles them.
type mdPatterns struct {
	atx, setext, breakLine, item, task, quote, fence, refDef, delimRow, rawOpen *regexp.Regexp
	autolink, email, tag                                                        *regexp.Regexp
}

var markdown = sync.OnceValue(func() *mdPatterns {
	return &mdPatterns{
		atx:       regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$`),
		setext:    regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`),
		breakLine: regexp.MustCompile(`^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$`),
		item:      regexp.MustCompile(`^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+(.*))?$`),
		task:      regexp.MustCompile(`^\[[ xX]\][ \t]+`),
		quote:     regexp.MustCompile(`^ {0,3}>[ \t]?`),
		fence:     regexp.MustCompile("^ {0,3}(`{3,}|~{3,})"),
		refDef:    regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S`),
		delimRow:  regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`),
		rawOpen:   regexp.MustCompile(`(?i)^[ \t]*<(script|style)\b`),
		autolink:  regexp.MustCompile(`^<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>$`),
		email:     regexp.MustCompile(`^<([A-Za-z0-9.!#$%&'*+/=?^_{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*)>$`),
		tag:       regexp.MustCompile(`^</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>$`),
	}
})

// markdownBlocks is the readable text of a Markdown file, as lines with
// their kinds, and its title: its first heading.
func markdownBlocks(src string) ([]line, string) {
	md := markdown()
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
		if m := md.rawOpen.FindStringSubmatch(l); m != nil {
			flush()
			end := "</" + strings.ToLower(m[1])
			if !strings.Contains(strings.ToLower(l), end) {
				rawEnd = end
			}
			continue
		}
		if m := md.fence.FindStringSubmatch(l); m != nil {
			flush()
			fence, preTight = m[1], false
			continue
		}
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		if md.setext.MatchString(l) && curKind == Paragraph {
			curKind = Heading
			flush()
			continue
		}
		if md.breakLine.MatchString(l) {
			flush()
			continue
		}
		if m := md.atx.FindStringSubmatch(l); m != nil {
			start(m[2], Heading)
			flush()
			continue
		}
		if md.refDef.MatchString(l) && curKind == "" {
			continue
		}
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "|") {
			flush()
			if md.delimRow.MatchString(t) {
				continue
			}
			for _, c := range tableCells(t) {
				emit(inline(c), Cell, false)
			}
			continue
		}
		if md.quote.MatchString(l) {
			for md.quote.MatchString(l) {
				l = md.quote.ReplaceAllString(l, "")
			}
			if strings.TrimSpace(l) == "" {
				flush() // "> " alone ends a paragraph in the quotation
				continue
			}
			if m := md.atx.FindStringSubmatch(l); m != nil {
				l = m[2]
			} else if m := md.item.FindStringSubmatch(l); m != nil && !md.breakLine.MatchString(l) {
				start(md.task.ReplaceAllString(m[1], ""), BlockQuote)
				continue
			}
			if curKind != BlockQuote {
				start(l, BlockQuote)
			} else {
				cur = append(cur, l)
			}
			continue
		}
		if m := md.item.FindStringSubmatch(l); m != nil {
			start(md.task.ReplaceAllString(m[1], ""), ListItem)
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
	md := markdown()
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
			if m := md.autolink.FindStringSubmatch(t); m != nil {
				lit(m[1])
				i = j + 1
				continue
			}
			if m := md.email.FindStringSubmatch(t); m != nil {
				lit(m[1])
				i = j + 1
				continue
			}
			if md.tag.MatchString(t) {
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
