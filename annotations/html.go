package annotations

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The readable text of a saved web page. golang.org/x/net/html parses it
// as a browser does (the HTML5 parsing algorithm: implied and misnested
// tags, entities, raw text elements, foreign content), so what is text
// and what is markup is decided as in the browser, not guessed by
// patterns. Only text nodes are kept: attributes (event handlers, links,
// styles) never reach the document, and neither do comments, CDATA
// sections or processing instructions.
//
// The page's blocks are its <title>, then the text of its main part: the
// largest <article> if it holds a third of the page's text or more, else
// the largest <main> (or role="main") if it does, else the <body>. Within
// it, each heading, paragraph, list item, quotation, caption, table cell
// and other block element is a block; <br> starts a new line; a <pre> is
// one block per line. Inline elements (<b>, <a>, <span>) add nothing
// between their text and the text around them, so a word whose letters
// are in several elements stays one word. White space runs collapse to
// one space, as a browser shows them, except in <pre>.
//
// Left out: scripts, styles, <noscript>, <template>, frames, objects,
// <svg> and <math>, images, media, form controls and labels, <nav>,
// <aside>, <dialog>, the page's own <header> and <footer> (those not
// inside an article, section or main), elements marked hidden (the hidden
// attribute, an inline display:none) and elements whose role is
// navigation, search, banner, contentinfo or complementary.

// The element sets below are functions, not maps built when the program
// starts, so that a program that never opens a page carries none of it.

// dropped reports whether an element is left out with all it holds.
func dropped(a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template,
		atom.Iframe, atom.Frame, atom.Frameset, atom.Noframes, atom.Object,
		atom.Embed, atom.Applet, atom.Svg, atom.Math, atom.Canvas,
		atom.Audio, atom.Video, atom.Source, atom.Track, atom.Img,
		atom.Picture, atom.Map, atom.Area, atom.Input, atom.Button,
		atom.Select, atom.Textarea, atom.Datalist, atom.Option, atom.Optgroup,
		atom.Output, atom.Label, atom.Meter, atom.Progress, atom.Keygen,
		atom.Nav, atom.Aside, atom.Dialog, atom.Title, atom.Noembed,
		atom.Param, atom.Menuitem, atom.Link, atom.Meta, atom.Base:
		return true
	}
	return false
}

// blockKind is the kind of the block an element is, if it is a block of
// its own kind; the kind of a line is its innermost such element's.
func blockKind(a atom.Atom) (Kind, bool) {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return Heading, true
	case atom.Li, atom.Dt, atom.Dd:
		return ListItem, true
	case atom.Td, atom.Th:
		return Cell, true
	case atom.Figcaption, atom.Caption:
		return Caption, true
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		return Preformatted, true
	case atom.Blockquote:
		return BlockQuote, true
	}
	return "", false
}

// breaks reports whether an element is another that starts and ends a
// block.
func breaks(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Body, atom.Center, atom.Details,
		atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figure,
		atom.Footer, atom.Form, atom.Header, atom.Hgroup, atom.Hr,
		atom.Html, atom.Legend, atom.Main, atom.Menu, atom.Ol,
		atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Tfoot,
		atom.Thead, atom.Tr, atom.Ul, atom.Br, atom.Search, atom.P:
		return true
	}
	return false
}

// sectioning elements make a <header> or <footer> inside them theirs,
// not the page's.
func sectioning(a atom.Atom) bool { return a == atom.Article || a == atom.Section || a == atom.Main }

// chromeRole reports whether a role is the page's chrome.
func chromeRole(role string) bool {
	switch strings.ToLower(strings.TrimSpace(role)) {
	case "navigation", "search", "banner", "contentinfo", "complementary":
		return true
	}
	return false
}

// hiddenStyle reports whether an inline style hides its element:
// display: none or visibility: hidden.
func hiddenStyle(style string) bool {
	s := strings.ToLower(strings.Join(strings.Fields(style), ""))
	return strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
}

// leaves reports whether an element is left out with all it holds.
// inSection says whether it is inside an article, section or main.
func leaves(n *html.Node, inSection bool) bool {
	if n.Type != html.ElementNode {
		return n.Type != html.TextNode && n.Type != html.DocumentNode
	}
	if n.Namespace != "" || dropped(n.DataAtom) {
		return true
	}
	if (n.DataAtom == atom.Header || n.DataAtom == atom.Footer) && !inSection {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			if hiddenStyle(a.Val) {
				return true
			}
		case "role":
			if chromeRole(a.Val) {
				return true
			}
		case "aria-hidden":
			// Decorative, but often visible: kept.
		}
	}
	return false
}

// walk visits the tree under root in document order without recursion
// (a page may nest 512 elements deep): enter is called on each node and
// says whether to visit it; leave is called on each node visited, after
// its children.
func walk(root *html.Node, enter func(*html.Node) bool, leave func(*html.Node)) {
	n := root
	for {
		if enter(n) {
			if n.FirstChild != nil {
				n = n.FirstChild
				continue
			}
			leave(n)
		}
		for {
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
			leave(n)
		}
	}
}

// readable walks the part of the tree under root that a reader sees:
// text is called for each text node kept, enter and leave for each
// element kept.
func readable(root *html.Node, text func(*html.Node), enter, leave func(*html.Node)) {
	sections := 0
	walk(root, func(n *html.Node) bool {
		if n != root && leaves(n, sections > 0) {
			return false
		}
		switch n.Type {
		case html.TextNode:
			text(n)
		case html.ElementNode:
			if sectioning(n.DataAtom) {
				sections++
			}
			enter(n)
		}
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if sectioning(n.DataAtom) {
			sections--
		}
		leave(n)
	})
}

// htmlBlocks is the readable text of a web page, as lines with their
// kinds, and its title.
func htmlBlocks(src string) ([]line, pageInfo, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, pageInfo{}, &OpenError{Err: ErrFormat, Format: "HTML", Msg: fmt.Sprintf("the page cannot be read: %v", err)}
	}
	title := pageTitle(doc)
	root := mainPart(doc)
	var lines []line
	if title != "" {
		lines = append(lines, line{text: title, kind: Title})
	}
	info := pageInfo{Title: title}
	if root == nil {
		return lines, info, nil
	}
	info.Lang, info.Dir = declaredLanguage(root)
	var buf strings.Builder
	var kinds []Kind // the kinds of the open block elements
	kind := func() Kind {
		if len(kinds) == 0 {
			return Paragraph
		}
		return kinds[len(kinds)-1]
	}
	flush := func() {
		s := buf.String()
		buf.Reset()
		k := kind()
		if k == Preformatted {
			// One line a block; a blank line stays a blank line.
			tight := false
			for _, l := range strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n") {
				l = strings.TrimRightFunc(l, unicode.IsSpace)
				if strings.TrimFunc(l, unicode.IsSpace) == "" {
					tight = false
					continue
				}
				lines = append(lines, line{text: l, kind: k, tight: tight})
				tight = true
			}
			return
		}
		if s = collapseSpace(s); strings.TrimFunc(s, unicode.IsSpace) != "" {
			lines = append(lines, line{text: s, kind: k})
		}
	}
	readable(root, func(n *html.Node) {
		buf.WriteString(n.Data)
	}, func(n *html.Node) {
		if k, ok := blockKind(n.DataAtom); ok {
			flush()
			kinds = append(kinds, k)
		} else if breaks(n.DataAtom) {
			flush()
		}
	}, func(n *html.Node) {
		if _, ok := blockKind(n.DataAtom); ok {
			flush()
			kinds = kinds[:len(kinds)-1]
		} else if breaks(n.DataAtom) {
			flush()
		}
	})
	flush()
	return lines, info, nil
}

// collapseSpace collapses each run of HTML white space (space, tab, line
// feed, form feed, carriage return) to one space and trims it at the
// ends. Other spaces (a no-break space) are text and stay.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// withoutTags is s with what looks like a tag in it replaced by a space:
// a title is raw text, so a page's "<title>A <b>title</b></title>" has
// the tags as its text. They are taken out, as markup that was meant as
// markup. A tag is a comment on one line, or "<", perhaps "/", an ASCII
// letter, and anything but "<" and ">" up to a ">"
// (`<!--.*?-->|</?[A-Za-z][^<>]*>`).
func withoutTags(s string) string {
	var b strings.Builder
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		end := -1
		if strings.HasPrefix(s[i:], "<!--") {
			if j := strings.Index(s[i+4:], "-->"); j >= 0 && !strings.Contains(s[i+4:i+4+j], "\n") {
				end = i + 4 + j + 3
			}
		}
		if end < 0 {
			j := i + 1
			if j < len(s) && s[j] == '/' {
				j++
			}
			if j < len(s) && isLetter(s[j]) {
				if k := strings.IndexAny(s[j:], "<>"); k >= 0 && s[j+k] == '>' {
					end = j + k + 1
				}
			}
		}
		if end < 0 {
			continue
		}
		b.WriteString(s[start:i])
		b.WriteByte(' ')
		start, i = end, end-1
	}
	if start == 0 {
		return s
	}
	b.WriteString(s[start:])
	return b.String()
}

// pageInfo is what a page says of itself: its title, and the language
// and direction its text is declared in ("" when it does not say).
type pageInfo struct {
	Title string
	Lang  string
	Dir   Direction
}

// rtlLanguages are the languages written right to left that a page may
// declare without a direction.
var rtlLanguages = map[string]bool{"ar": true, "fa": true, "he": true, "iw": true, "ur": true, "ps": true, "sd": true, "ug": true, "yi": true, "ckb": true, "dv": true}

// PrimaryLanguage is the language of a language tag, lower case ("ar"
// for "AR-eg"), or "" when the tag does not begin with one (two or three
// letters).
func PrimaryLanguage(tag string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	l = strings.ToLower(l)
	if len(l) < 2 || len(l) > 3 || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	return l
}

// declaredLanguage is the language and direction declared on the element
// whose text is the page's or on the nearest element around it that
// declares them (lang="ar-EG" gives "ar"); a declared language written
// right to left and no declared direction give RTL.
func declaredLanguage(n *html.Node) (string, Direction) {
	lang, dir, langSet, dirSet := "", Direction(""), false, false
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			switch {
			case a.Key == "lang" && !langSet:
				langSet = true
				lang = PrimaryLanguage(a.Val)
			case a.Key == "dir" && !dirSet:
				switch strings.ToLower(strings.TrimSpace(a.Val)) {
				case "rtl":
					dir, dirSet = RTL, true
				case "ltr":
					dir, dirSet = LTR, true
				}
			}
		}
	}
	if dir == "" && lang != "" {
		dir = LTR
		if rtlLanguages[lang] {
			dir = RTL
		}
	}
	return lang, dir
}

// pageTitle is the text of the page's first <title> (in its HTML, not
// inside an <svg>).
func pageTitle(doc *html.Node) string {
	var title *html.Node
	walk(doc, func(n *html.Node) bool {
		if title != nil {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Title && n.Namespace == "" {
			title = n
			return false
		}
		return n.Type == html.DocumentNode || n.Type == html.ElementNode && n.Namespace == "" && !dropped(n.DataAtom) || n.DataAtom == atom.Head
	}, func(*html.Node) {})
	if title == nil {
		return ""
	}
	var b strings.Builder
	for c := title.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return collapseSpace(withoutTags(b.String()))
}

// mainPart is the element whose text is the page's: the largest article
// holding a third of the page's readable text or more, else the largest
// main that does, else the body (nil if there is none).
func mainPart(doc *html.Node) *html.Node {
	var body *html.Node
	var candidates []*html.Node    // in document order
	before := map[*html.Node]int{} // code points of readable text before each candidate
	size := map[*html.Node]int{}   // and in it
	count := 0
	readable(doc, func(n *html.Node) {
		count += utf8.RuneCountInString(strings.TrimSpace(n.Data))
	}, func(n *html.Node) {
		if n.DataAtom == atom.Body && body == nil {
			body = n
		}
		if isMainCandidate(n) {
			candidates = append(candidates, n)
			before[n] = count
		}
	}, func(n *html.Node) {
		if start, ok := before[n]; ok {
			size[n] = count - start
		}
	})
	if body == nil {
		return nil
	}
	best := func(article bool) *html.Node {
		var b *html.Node
		for _, n := range candidates {
			if (n.DataAtom == atom.Article) == article && size[n] > 0 && size[n]*3 >= count && (b == nil || size[n] > size[b]) {
				b = n
			}
		}
		return b
	}
	if a := best(true); a != nil {
		return a
	}
	if m := best(false); m != nil {
		return m
	}
	return body
}

func isMainCandidate(n *html.Node) bool {
	return n.DataAtom == atom.Article || n.DataAtom == atom.Main || strings.EqualFold(strings.TrimSpace(attr(n, "role")), "main")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
