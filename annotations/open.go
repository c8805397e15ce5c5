package annotations

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Opening a reader's own file as a document.
//
// Open turns the bytes of a file into a Document in three steps:
//
//  1. It reads the bytes as text in their character encoding (see
//     Detected and decodeText): a byte order mark, then UTF-16 without
//     one, then a web page's declared charset, then UTF-8, then a choice
//     between the two Arabic single-byte encodings.
//  2. It turns the text into lines, one per block a reader sees: a plain
//     text as it is, a Markdown file or a web page with its markup
//     removed (see markdownBlocks and htmlBlocks). Blocks are separated by
//     a blank line, the lines of one preformatted block by a newline.
//  3. It parses those lines with Parse: the id is the hash of that text,
//     offsets count its code points, and every block has its own
//     direction, exactly as for the seed. For Markdown and web pages the
//     kinds of block then come from the markup (a heading, a list item, a
//     quotation, a table cell) where it says more than the text does.
//
// Open is deterministic: the same name and bytes give the same document.
// Parse(d.Text) gives the same id, text, blocks and directions again; only
// the kinds that came from markup, and a title taken from a web page's
// <title>, need the file itself.

// MaxDocumentSize is the largest file Open reads, in bytes.
const MaxDocumentSize = 16 << 20

// MaxTitle is how many code points of a title Open keeps; a longer one is
// cut at a word and ends with "…".
const MaxTitle = 120

// Format is the kind of file a document was opened from.
type Format string

// The formats Open reads.
const (
	PlainText Format = "text"
	Markdown  Format = "markdown"
	HTML      Format = "html" // a saved web page
)

// How Open found a file's encoding.
type EncodingSource string

// The ways an encoding is found, from the surest.
const (
	ByBOM         EncodingSource = "byte order mark"
	ByPattern     EncodingSource = "pattern"  // UTF-16 without a byte order mark: its zero bytes
	ByDeclaration EncodingSource = "declared" // a web page's <meta charset> or http-equiv
	ByValidity    EncodingSource = "valid"    // the bytes are UTF-8 (or ASCII)
	ByGuess       EncodingSource = "guessed"  // windows-1256 or ISO-8859-6, by the letters they give
)

// Detected says how Open read a file.
type Detected struct {
	Format Format
	// Encoding is the character encoding the bytes were read in:
	// "UTF-8", "UTF-16LE", "UTF-16BE", "windows-1256", "ISO-8859-6",
	// "windows-1255", "ISO-8859-8" or "windows-1252".
	Encoding string
	// By says how the encoding was found.
	By EncodingSource
	// Declared is the charset a web page declares, as it writes it, if it
	// declares one. When By is not ByDeclaration the page named an
	// encoding Open does not read, or a byte order mark overrode it.
	Declared string
	// Replaced counts the characters that were not valid in Encoding and
	// are shown as U+FFFD (the replacement character). It is 0 for a clean
	// file; otherwise a reader must be told that the text is damaged in
	// places.
	Replaced int
}

// String says it in one line of English, for the command line.
func (d Detected) String() string {
	s := fmt.Sprintf("%s, %s", d.Format, d.Encoding)
	switch d.By {
	case ByBOM:
		s += " with a byte order mark"
	case ByPattern:
		s += " without a byte order mark"
	case ByDeclaration:
		s += " (declared by the page)"
	case ByGuess:
		s += " (guessed: not UTF-8, no byte order mark, no declaration)"
	}
	if d.Declared != "" && d.By != ByDeclaration {
		s += fmt.Sprintf("; the page declares %q, which was not used", d.Declared)
	}
	if d.Replaced > 0 {
		s += fmt.Sprintf("; %d characters were not valid and are shown as U+FFFD", d.Replaced)
	}
	return s
}

// Errors Open returns, wrapped in an *OpenError. ErrEmpty (see Parse) is
// one of them: a file with no text to read, or a page with nothing but
// scripts, styles and navigation.
var (
	ErrDocumentTooLarge = errors.New("annotations: the file is too large to open")
	// ErrBinary is a file that is not text: NUL bytes, mostly control
	// characters, or a known binary format (OpenError.Format names it).
	ErrBinary = errors.New("annotations: the file is not text")
	// ErrFormat is text in a format Open does not read (a web archive,
	// RTF); OpenError.Format names it.
	ErrFormat = errors.New("annotations: the file is in a format that is not read")
)

// OpenError says why a file cannot be opened as a document. Err is
// ErrEmpty, ErrDocumentTooLarge, ErrBinary or ErrFormat, for
// errors.Is; Msg says it in English.
type OpenError struct {
	Err    error
	Format string // what the file is, when it is a known format: "PDF", "ZIP archive", "PNG image"
	Msg    string
}

func (e *OpenError) Error() string { return e.Msg }
func (e *OpenError) Unwrap() error { return e.Err }

// line is one block of a document's text as a format gives it, with the
// kind its markup says it is.
type line struct {
	text  string
	kind  Kind // Paragraph when the markup says nothing more
	tight bool // follows the previous line after one newline (lines of one <pre>)
}

// Open reads a file of the reader's own as a document: plain text,
// Markdown (.md, .markdown) or a saved web page (.html, .htm, or content
// that starts as HTML does), in UTF-8, UTF-16, windows-1256 or ISO-8859-6
// (and, where a page declares them, windows-1255, ISO-8859-8 and
// windows-1252). name is the file's name; only its extension is used. It
// returns the document and how it read the file; errors are *OpenError.
// Nothing in the file is run or kept as markup: a document holds text
// only.
func Open(name string, data []byte) (*Document, Detected, error) {
	var det Detected
	if len(data) > MaxDocumentSize {
		return nil, det, &OpenError{Err: ErrDocumentTooLarge,
			Msg: fmt.Sprintf("the file is %.1f MB; documents over %d MB are not opened", float64(len(data))/(1<<20), MaxDocumentSize>>20)}
	}
	if err := knownFormat(data); err != nil {
		return nil, det, err
	}
	det.Format = formatByName(name)
	page := det.Format == HTML || det.Format == "" && looksLikeHTML(data)
	text, err := decodeText(data, page, &det)
	if err != nil {
		return nil, det, err
	}
	if det.Format == "" {
		det.Format = PlainText
		if looksLikeHTML([]byte(text[:min(len(text), 1024)])) {
			det.Format = HTML
		}
	}
	if err := checkText(text, det.Replaced); err != nil {
		return nil, det, err
	}
	// Byte order marks at the start are not text, however many there are.
	text = strings.TrimLeft(text, "\uFEFF")
	var lines []line
	var info pageInfo
	title := ""
	switch det.Format {
	case Markdown:
		lines, title = markdownBlocks(text)
	case HTML:
		lines, info, err = htmlBlocks(text)
		if err != nil {
			return nil, det, err
		}
		title = info.Title
	default:
		d, err := Parse(text)
		if err != nil {
			return nil, det, emptyError(det.Format)
		}
		d.Title = shortTitle(d.Title)
		return d, det, nil
	}
	for len(lines) > 0 {
		if lines[0].text = strings.TrimLeft(lines[0].text, "\uFEFF"); strings.TrimFunc(lines[0].text, unicode.IsSpace) != "" {
			break
		}
		lines = lines[1:]
	}
	var b strings.Builder
	for i, l := range lines {
		switch {
		case i == 0:
		case l.tight:
			b.WriteByte('\n')
		default:
			b.WriteString("\n\n")
		}
		b.WriteString(l.text)
	}
	d, err := Parse(b.String())
	if err != nil {
		return nil, det, emptyError(det.Format)
	}
	// What is left once the markup is out must be text too.
	if err := checkText(d.Text, 0); err != nil {
		return nil, det, err
	}
	if len(d.Blocks) == len(lines) {
		kinds := make([]Kind, len(lines))
		for i, l := range lines {
			kinds[i] = l.kind
		}
		d.markup(kinds)
	}
	if title = shortTitle(title); title != "" {
		d.Title = title
	} else {
		d.Title = shortTitle(d.Title)
	}
	// A page that says its language is taken at its word: the letters
	// counted may say otherwise (an Arabic page quoting a long English
	// source line).
	if info.Lang != "" {
		d.Lang = info.Lang
	}
	if info.Dir != "" {
		d.Dir = info.Dir
	}
	return d, det, nil
}

func emptyError(f Format) error {
	if f == HTML {
		return &OpenError{Err: ErrEmpty, Format: "web page", Msg: "the page has no text to read (only markup, scripts, styles or navigation)"}
	}
	return &OpenError{Err: ErrEmpty, Msg: "the file has no text to read"}
}

// formatByName is the format a file's extension names, or "" for one that
// names none (.txt is plain text).
func formatByName(name string) Format {
	switch strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/"))) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return Markdown
	case ".html", ".htm", ".xhtml", ".shtml":
		return HTML
	case ".txt", ".text":
		return PlainText
	}
	return ""
}

// htmlStarts are what a web page starts with (after white space and
// comments), after the WHATWG MIME sniffing standard's HTML patterns.
var htmlStarts = []string{"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font",
	"<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<meta", "<!--"}

// looksLikeHTML reports whether data starts as a web page does.
func looksLikeHTML(data []byte) bool {
	s := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s = bytes.TrimLeft(s[:min(len(s), 1024)], " \t\r\n\f")
	for _, p := range htmlStarts {
		if len(s) > len(p) && bytes.EqualFold(s[:len(p)], []byte(p)) {
			if p == "<!--" {
				return true
			}
			if c := s[len(p)]; c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r' || c == '/' {
				return true
			}
		}
	}
	return false
}

// knownFormat refuses files whose first bytes name a format that is not
// text, or text Open does not read.
func knownFormat(data []byte) error {
	head := data[:min(len(data), 512)]
	has := func(p string) bool { return bytes.HasPrefix(head, []byte(p)) }
	binary := ""
	switch {
	case has("%PDF-"):
		binary = "PDF"
	case has("PK\x03\x04"), has("PK\x05\x06"):
		binary = "ZIP archive (a .docx, .odt or .epub is one)"
	case has("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		binary = "Microsoft Office file of the old kind (.doc, .xls)"
	case has("\x89PNG\r\n\x1a\n"):
		binary = "PNG image"
	case has("\xff\xd8\xff"):
		binary = "JPEG image"
	case has("GIF87a"), has("GIF89a"):
		binary = "GIF image"
	case has("RIFF") && len(head) >= 12 && string(head[8:12]) == "WEBP":
		binary = "WebP image"
	case has("\x1f\x8b"):
		binary = "gzip archive"
	case has("\x7fELF"):
		binary = "program"
	case has("SQLite format 3\x00"):
		binary = "SQLite database"
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		binary = "video or audio file"
	}
	if binary != "" {
		return &OpenError{Err: ErrBinary, Format: binary, Msg: "a " + binary + ", not a text: save it as text, Markdown or a web page first"}
	}
	low := bytes.ToLower(head)
	switch {
	case has("{\\rtf"):
		return &OpenError{Err: ErrFormat, Format: "RTF", Msg: "an RTF document: save it as plain text or as a web page first"}
	case bytes.Contains(low, []byte("mime-version:")) && bytes.Contains(bytes.ToLower(data[:min(len(data), 4096)]), []byte("multipart/related")):
		return &OpenError{Err: ErrFormat, Format: "web archive (MHTML)", Msg: "a web archive (.mhtml), not a web page: save the page as \"Web page, HTML only\" or \"Web page, complete\" instead"}
	}
	return nil
}

// checkText refuses text that is binary data read as text: a NUL
// character, or more than one code point in 20 that is a control
// character (other than tab, line feed, form feed and carriage return) or
// was replaced as not valid.
func checkText(s string, replaced int) error {
	n, bad := 0, replaced
	for _, r := range s {
		n++
		switch {
		case r == 0:
			return &OpenError{Err: ErrBinary, Msg: "the file holds NUL bytes: it is not text (or not in an encoding that is read)"}
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v', r == 0x7f, r >= 0x80 && r <= 0x9f:
			bad++
		}
	}
	if bad > 0 && bad*20 > n {
		return &OpenError{Err: ErrBinary, Msg: fmt.Sprintf("%d of the file's %d characters are control characters or not valid: it is not text", bad, n)}
	}
	return nil
}

// shortTitle is a title on one line, its white space collapsed, cut at
// a word to at most MaxTitle code points.
func shortTitle(s string) string {
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	if utf8.RuneCountInString(s) <= MaxTitle {
		return s
	}
	r := []rune(s)[:MaxTitle-1]
	if i := strings.LastIndexFunc(string(r), unicode.IsSpace); i > len(string(r))/2 {
		return strings.TrimRightFunc(string(r)[:i], unicode.IsSpace) + "…"
	}
	return string(r) + "…"
}

// markup gives the blocks of a document opened from Markdown or a web
// page the kinds its markup says (one per block). The title is the first
// heading (a page's <title> comes first); the text of a block repeating
// it after it is a repeated title. Headings, list items, quotations,
// preformatted lines, table cells and captions are what their markup
// says; other blocks keep the kind Parse reads in their text (a source
// line, a byline, an interview, a caption in the other direction), except
// verse and title, which Parse reads from where a block stands in a
// plain text. Without a heading, Parse's title stays.
func (d *Document) markup(kinds []Kind) {
	title := -1
	for i, k := range kinds {
		if k == Title || k == Heading {
			title = i
			break
		}
	}
	structural := func(k Kind) bool {
		switch k {
		case ListItem, BlockQuote, Preformatted, Cell, Caption:
			return true
		}
		return false
	}
	if title < 0 {
		for i := range d.Blocks {
			if b := &d.Blocks[i]; b.Kind != Title && structural(kinds[i]) {
				b.Kind = kinds[i]
			}
		}
		return
	}
	titleText := strings.TrimFunc(d.BlockText(title), unicode.IsSpace)
	for i := range d.Blocks {
		b := &d.Blocks[i]
		b.Repeat = false
		switch {
		case i == title:
			b.Kind = Title
		case i > title && strings.TrimFunc(d.BlockText(i), unicode.IsSpace) == titleText:
			b.Kind, b.Repeat = Title, true
		case kinds[i] == Heading || kinds[i] == Title:
			b.Kind = Heading
		case structural(kinds[i]):
			b.Kind = kinds[i]
		case b.Kind == Verse || b.Kind == Title:
			b.Kind = Paragraph
		}
	}
	d.Title = titleText
}
