package annotations

import (
	"fmt"
	"regexp"
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

// dropped are the elements whose whole content is left out.
var dropped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Frame: true, atom.Frameset: true, atom.Noframes: true, atom.Object: true,
	atom.Embed: true, atom.Applet: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Audio: true, atom.Video: true, atom.Source: true, atom.Track: true, atom.Img: true,
	atom.Picture: true, atom.Map: true, atom.Area: true, atom.Input: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true, atom.Datalist: true, atom.Option: true, atom.Optgroup: true,
	atom.Output: true, atom.Label: true, atom.Meter: true, atom.Progress: true, atom.Keygen: true,
	atom.Nav: true, atom.Aside: true, atom.Dialog: true, atom.Title: true, atom.Noembed: true,
	atom.Param: true, atom.Menuitem: true, atom.Link: true, atom.Meta: true, atom.Base: true,
}

// blockKinds are the elements that are blocks of their own kind; the
// kind of a line is its innermost one's.
var blockKinds = map[atom.Atom]Kind{
	atom.H1: Heading, atom.H2: Heading, atom.H3: Heading, atom.H4: Heading, atom.H5: Heading, atom.H6: Heading,
	atom.Li: ListItem, atom.Dt: ListItem, atom.Dd: ListItem,
	atom.Td: Cell, atom.Th: Cell,
	atom.Figcaption: Caption, atom.Caption: Caption,
	atom.Pre: Preformatted, atom.Listing: Preformatted, atom.Xmp: Preformatted, atom.Plaintext: Preformatted,
	atom.Blockquote: BlockQuote,
}

// breaks are the other elements that start and end a block.
var breaks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Body: true, atom.Center: true, atom.Details: true,
	atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Fieldset: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true,
	atom.Html: true, atom.Legend: true, atom.Main: true, atom.Menu: true, atom.Ol: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Thead: true, atom.Tr: true, atom.Ul: true, atom.Br: true, atom.Search: true,
	atom.P: true,
}

// sectioning elements make a <header> or <footer> inside them theirs,
// not the page's.
var sectioning = map[atom.Atom]bool{atom.Article: true, atom.Section: true, atom.Main: true}

var chromeRoles = map[string]bool{"navigation": true, "search": true, "banner": true, "contentinfo": true, "complementary": true}

var displayNone = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

// leaves reports whether an element is left out with all it holds.
// inSection says whether it is inside an article, section or main.
func leaves(n *html.Node, inSection bool) bool {
	if n.Type != html.ElementNode {
		return n.Type != html.TextNode && n.Type != html.DocumentNode
	}
	if n.Namespace != "" || dropped[n.DataAtom] {
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
			if displayNone.MatchString(a.Val) {
				return true
			}
		case "role":
			if chromeRoles[strings.ToLower(strings.TrimSpace(a.Val))] {
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
			if sectioning[n.DataAtom] {
				sections++
			}
			enter(n)
		}
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if sectioning[n.DataAtom] {
			sections--
		}
		leave(n)
	})
}

// htmlBlocks is the readable text of a web page, as lines with their
// kinds, and its title.
func htmlBlocks(src string) ([]line, string, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, "", &OpenError{Err: ErrFormat, Format: "HTML", Msg: fmt.Sprintf("the page cannot be read: %v", err)}
	}
	title := pageTitle(doc)
	root := mainPart(doc)
	var lines []line
	if title != "" {
		lines = append(lines, line{text: title, kind: Title})
	}
	if root == nil {
		return lines, title, nil
	}
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
		if k, ok := blockKinds[n.DataAtom]; ok {
			flush()
			kinds = append(kinds, k)
		} else if breaks[n.DataAtom] {
			flush()
		}
	}, func(n *html.Node) {
		if _, ok := blockKinds[n.DataAtom]; ok {
			flush()
			kinds = kinds[:len(kinds)-1]
		} else if breaks[n.DataAtom] {
			flush()
		}
	})
	flush()
	return lines, title, nil
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

// tagLike is what looks like a tag in a title: a title is raw text, so a
// page's "<title>A <b>title</b></title>" has the tags as its text. They
// are taken out, as markup that was meant as markup.
var tagLike = regexp.MustCompile(`<!--.*?-->|</?[A-Za-z][^<>]*>`)

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
		return n.Type == html.DocumentNode || n.Type == html.ElementNode && n.Namespace == "" && !dropped[n.DataAtom] || n.DataAtom == atom.Head
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
	return collapseSpace(tagLike.ReplaceAllString(b.String(), " "))
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
