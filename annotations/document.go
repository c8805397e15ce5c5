package annotations

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// Direction is the base direction of a run of text, written as in HTML's dir
// attribute and the W3C textDirection property.
type Direction string

// The directions.
const (
	RTL  Direction = "rtl"
	LTR  Direction = "ltr"
	Auto Direction = "auto"
)

// Kind says what part of an article a block is.
type Kind string

// The kinds of block.
const (
	Verse     Kind = "verse"     // an opening verse or invocation before the date
	Date      Kind = "date"      // the publication date
	Title     Kind = "title"     // the headline
	Byline    Kind = "byline"    // the line that names where the piece comes from
	Paragraph Kind = "paragraph" // body text
	Caption   Kind = "caption"   // a line in another language and direction: a caption or an attribution
	SourceRef Kind = "source"    // a "Source:" line naming a document the article relies on
	Question  Kind = "question"  // an interviewer's line
	Answer    Kind = "answer"    // an interviewee's line

	// Kinds that only markup says (see Open): a document opened from
	// Markdown or a web page has them.
	Heading      Kind = "heading"    // a heading other than the title
	ListItem     Kind = "item"       // an item of a list (or a term or definition)
	BlockQuote   Kind = "blockquote" // a quotation set apart
	Preformatted Kind = "pre"        // a line of preformatted text or code
	Cell         Kind = "cell"       // a cell of a table
)

// Block is one line of a document's text. Start and End are code point
// offsets into Document.Text; End is exclusive and excludes the newline.
type Block struct {
	Kind  Kind
	Start int
	End   int
	Dir   Direction
	// Repeat marks a block whose text repeats an earlier one (a headline
	// printed twice, say). It keeps its place in the text, so offsets stay
	// true, but a reader is shown it once.
	Repeat bool
}

// Document is a text split into blocks. Its ID is derived from its text, so
// two copies of the same text have the same ID and a changed text does not.
type Document struct {
	ID     string
	Title  string
	Lang   string
	Dir    Direction
	Text   string
	Blocks []Block

	runes      []rune
	anchorOnce sync.Once
	anchor     *Anchorer
}

// ErrEmpty is returned by Parse for a text with nothing to read in it.
var ErrEmpty = errors.New("annotations: document is empty")

// Parse normalizes raw text (NFC, "\n" line endings, no byte order mark) and
// splits it into blocks, one per non-empty line, each with its kind and its
// own direction.
func Parse(raw string) (*Document, error) {
	text := strings.TrimPrefix(raw, "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return ParseNormal(norm.NFC.String(text))
}

// ParseNormal is Parse for a text already as Parse makes it: NFC, "\n"
// line endings, no byte order mark. It does not check: it is for a text
// checked beforehand, such as the seed (by its test). Normalizing the
// seed was 40% of Parse's time.
func ParseNormal(text string) (*Document, error) {
	if strings.TrimSpace(text) == "" {
		return nil, ErrEmpty
	}
	sum := sha256.Sum256([]byte(text))
	d := &Document{
		ID:    "urn:sha256:" + hex.EncodeToString(sum[:]),
		Text:  text,
		runes: []rune(text),
	}
	pos := 0
	for _, line := range strings.Split(text, "\n") {
		n := len([]rune(line))
		if strings.TrimFunc(line, unicode.IsSpace) != "" {
			d.Blocks = append(d.Blocks, Block{Start: pos, End: pos + n, Dir: directionOf(line)})
		}
		pos += n + 1
	}
	d.Lang, d.Dir = languageOf(text)
	d.classify()
	return d, nil
}

// Len is the length of the text in code points.
func (d *Document) Len() int { return len(d.runes) }

// Slice returns the text between two code point offsets, clamped to the text.
func (d *Document) Slice(start, end int) string {
	start = max(0, min(start, len(d.runes)))
	end = max(start, min(end, len(d.runes)))
	return string(d.runes[start:end])
}

// holds reports whether the text between two code point offsets is s.
func (d *Document) holds(s string, start, end int) bool {
	if start < 0 || end > len(d.runes) || start > end {
		return false
	}
	i := start
	for _, r := range s {
		if i >= end || d.runes[i] != r {
			return false
		}
		i++
	}
	return i == end
}

// BlockText returns the text of block i.
func (d *Document) BlockText(i int) string {
	b := d.Blocks[i]
	return string(d.runes[b.Start:b.End])
}

// BlockAt returns the index of the first block that ends at or after pos,
// or len(d.Blocks) if pos is past the last block.
func (d *Document) BlockAt(pos int) int {
	lo, hi := 0, len(d.Blocks)
	for lo < hi {
		m := (lo + hi) / 2
		if d.Blocks[m].End < pos {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// directionOf gives the direction of the first strong character of s (rules
// P2 and P3 of the Unicode bidirectional algorithm), or Auto if it has none.
func directionOf(s string) Direction {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return LTR
		case bidi.R, bidi.AL:
			return RTL
		}
	}
	return Auto
}

// languageOf guesses the language and base direction of a whole text from
// the script most of its letters are in.
func languageOf(s string) (string, Direction) {
	var arabic, hebrew, latin int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case arabic >= hebrew && arabic >= latin && arabic > 0:
		return "ar", RTL
	case hebrew >= latin && hebrew > 0:
		return "he", RTL
	default:
		return "en", LTR
	}
}

// hasYear reports whether s holds a year from 1800 to 2099 standing alone:
// four ASCII digits, with no digit before or after them
// (`(^|[^0-9])(1[89]|20)[0-9]{2}([^0-9]|$)`).
func hasYear(s string) bool {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if y := s[i:j]; len(y) == 4 && (y[:2] == "18" || y[:2] == "19" || y[:2] == "20") {
			return true
		}
		i = j
	}
	return false
}

// months are the names of months in Arabic (Egyptian and Levantine) and
// English.
var months = []string{"يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
	"كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين",
	"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// hasMonth reports whether s names a month anywhere.
func hasMonth(s string) bool {
	for _, m := range months {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// The words that open a line naming a source, a byline and an interview's
// question.
var (
	sourceWords   = []string{"Source", "Sources", "المصدر", "المصادر"}
	bylineWords   = []string{"المصدر", "By", "بقلم"}
	questionWords = []string{"س", "سؤال", "Q"}
)

// labelled reports whether s opens, after separators (Unicode's Z), with
// one of words and then a colon, separators allowed before it
// (`^\pZ*(word|…)\pZ*[:：]`).
func labelled(s string, words []string) bool {
	s = strings.TrimLeftFunc(s, isSeparator)
	for _, w := range words {
		if rest, ok := strings.CutPrefix(s, w); ok && colonFirst(strings.TrimLeftFunc(rest, isSeparator)) {
			return true
		}
	}
	return false
}

// opensWith reports whether s opens, after separators, with one of words
// and a separator (`^\pZ*(word|…)\pZ`).
func opensWith(s string, words []string) bool {
	s = strings.TrimLeftFunc(s, isSeparator)
	for _, w := range words {
		if rest, ok := strings.CutPrefix(s, w); ok {
			if r, n := utf8.DecodeRuneInString(rest); n > 0 && isSeparator(r) {
				return true
			}
		}
	}
	return false
}

// spoken reports whether s opens with a speaker's name: after separators,
// one to four words (of anything but separators and colons) each after a
// single separator, then a colon, separators allowed before it
// (`^\pZ*([^\pZ:：]+(\pZ[^\pZ:：]+){0,3})\pZ*[:：]`).
func spoken(s string) bool {
	s = strings.TrimLeftFunc(s, isSeparator)
	for words := 1; ; words++ {
		word := strings.IndexFunc(s, func(r rune) bool { return isSeparator(r) || r == ':' || r == '：' })
		if word <= 0 {
			return false // an empty word, or no colon
		}
		s = s[word:]
		if colonFirst(s) {
			return true
		}
		// A separator: one, then the next word; or several, then a colon.
		_, n := utf8.DecodeRuneInString(s)
		rest := strings.TrimLeftFunc(s, isSeparator)
		if colonFirst(rest) {
			return true
		}
		if len(rest) == 0 || len(s)-len(rest) != n || words == 4 {
			return false
		}
		s = rest
	}
}

func isSeparator(r rune) bool { return unicode.Is(unicode.Z, r) }

// colonFirst reports whether s opens with a colon, ASCII or full-width.
func colonFirst(s string) bool { return strings.HasPrefix(s, ":") || strings.HasPrefix(s, "：") }

// classify gives each block its kind. It reads an article the way its
// layout shows it: what comes before a date near the top is an opening
// verse, the first line after the date is the headline, lines in the other
// direction are captions, "Source:" lines name sources, and "Q:" lines with
// the speaker lines that follow them are an interview.
func (d *Document) classify() {
	head, dateAt := 0, -1 // the headline; the date line near the top
	for i := 0; i < len(d.Blocks) && i < 8; i++ {
		if d.isDate(i) {
			dateAt = i
			break
		}
	}
	if dateAt >= 0 {
		seen := map[string]bool{}
		for j := 0; j < dateAt; j++ {
			d.Blocks[j].Kind = Verse
			// An invocation printed twice (the seed's "قال سبحانه
			// وتعالى", the second time with a space more) is shown
			// once, as a repeated headline is.
			key := strings.Join(strings.Fields(FoldString(d.BlockText(j))), "")
			d.Blocks[j].Repeat = seen[key]
			seen[key] = true
		}
		d.Blocks[dateAt].Kind = Date
		head = dateAt + 1
	}
	titleText := ""
	if head < len(d.Blocks) {
		d.Blocks[head].Kind = Title
		titleText = strings.TrimFunc(d.BlockText(head), unicode.IsSpace)
		d.Title = titleText
		head++
	}
	interview := false
	for i := head; i < len(d.Blocks); i++ {
		b := &d.Blocks[i]
		t := d.BlockText(i)
		switch {
		case titleText != "" && strings.TrimFunc(t, unicode.IsSpace) == titleText:
			b.Kind, b.Repeat = Title, true
		case labelled(t, sourceWords) && b.Dir == LTR:
			b.Kind = SourceRef
		case opensWith(t, bylineWords) && len(strings.Fields(t)) <= 8:
			b.Kind = Byline
		case labelled(t, questionWords):
			b.Kind, interview = Question, true
		case interview && spoken(t):
			b.Kind = Answer
		case b.Dir == LTR && d.Dir != LTR:
			b.Kind = Caption
		default:
			b.Kind, interview = Paragraph, false
		}
	}
	if d.Title == "" {
		d.Title = "Untitled"
	}
}

// isDate reports whether block i is a short line with a year and a month or
// weekday name, and not a line that names a source or an author
// ("Source: Reuters, 12 March 2025").
func (d *Document) isDate(i int) bool {
	t := d.BlockText(i)
	return len(strings.Fields(t)) <= 6 && hasYear(t) && hasMonth(t) &&
		!labelled(t, sourceWords) && !opensWith(t, bylineWords)
}

// IsDocumentID reports whether s has the form of a document's id:
// "urn:sha256:" and 64 lower-case hexadecimal digits.
func IsDocumentID(s string) bool {
	h, ok := strings.CutPrefix(s, "urn:sha256:")
	if !ok || len(h) != 64 {
		return false
	}
	for i := range len(h) {
		if c := h[i]; !isDigit(c) && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
