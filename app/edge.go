package app

import (
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"

	"annotator/annotations"
	"annotator/app/workspace"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// This file is the whole of the Go side of the browser edge: it hands
// web/reader.js what to draw, as JSON of the types below (made by
// encoding/json, but for a diff's: see appendJSON), and takes from it
// the selection and the reader's commands. Offsets cross the edge as the
// DOM counts them (UTF-16 units in a block's text) and are converted
// here, with annotations.BlockIndex, to the code points every annotation
// is kept in.

// edge returns the DOM helper, or an error when the page lacks it.
func edge() (app.Value, error) {
	h := app.Window().Get("annotator")
	if !h.Truthy() {
		return nil, fmt.Errorf("the page's reader.js helper is not loaded")
	}
	return h, nil
}

// call runs a helper method.
func call(method string, args ...any) (app.Value, error) {
	h, err := edge()
	if err != nil {
		return nil, err
	}
	return safeCall(method, func() app.Value { return h }, method, args...)
}

// safeCall gets an object and calls one of its methods, turning an
// exception (a full quota, storage refused in a private window) into an
// error instead of letting it end the Go program. what names the call in
// the error.
func safeCall(what string, get func() app.Value, method string, args ...any) (v app.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %v", what, r)
		}
	}()
	obj := get()
	if obj == nil || !obj.Truthy() {
		return nil, fmt.Errorf("%s is not available", what)
	}
	return obj.Call(method, args...), nil
}

// callJSON runs a helper method with one argument, as JSON.
func callJSON(method string, v any) (app.Value, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return call(method, string(b))
}

// segs are a passage's ranges as the page takes them: [block, start, end]
// in UTF-16 units of the block's text.
type segs [][3]int

func (s segs) MarshalJSON() ([]byte, error) { return s.append(nil), nil }

// append writes s at the end of b, as JSON.
func (s segs) append(b []byte) []byte {
	b = append(b, '[')
	for i, x := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(x[0]), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(x[1]), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(x[2]), 10)
		b = append(b, ']')
	}
	return append(b, ']')
}

func segsOf(ss []annotations.Segment) segs {
	out := make(segs, len(ss))
	for i, s := range ss {
		out[i] = [3]int{s.Block, s.Start, s.End}
	}
	return out
}

// paintJS draws one annotation's highlight again; no tag removes it.
type paintJS struct {
	ID   string `json:"id"`
	Tag  string `json:"tag,omitempty"`
	Segs segs   `json:"segs,omitempty"`
}

// rowJS changes one row of the list: "remove", "update" or "insert"
// (before the row Before, or at the end).
type rowJS struct {
	Op     string `json:"op"`
	ID     string `json:"id"`
	Before string `json:"before,omitempty"`
	HTML   string `json:"html,omitempty"`
}

// listJS draws the list again: the first rows, and how many there are.
// The rows' HTML goes beside the JSON, as a string of its own: written
// into the JSON, 1,000 rows' 800 KB took 18 ms to escape.
type listJS struct {
	HTML  string `json:"-"`
	Shown int    `json:"shown"`
	Total int    `json:"total"`
}

// drawJS is one diff as the page draws it.
type drawJS struct {
	Repaint bool      `json:"repaint,omitempty"` // clear every highlight first
	Paint   []paintJS `json:"paint,omitempty"`
	List    *listJS   `json:"list,omitempty"`
	Rows    []rowJS   `json:"rows,omitempty"`
	Focus   *segs     `json:"focus,omitempty"` // the focused passage, drawn again
	// Elsewhere: the rows changed in another tab (see Diff.Elsewhere).
	Elsewhere bool `json:"elsewhere,omitempty"`
}

// firstRows is how many rows a list drawn anew (the search changed, an
// import) shows at once; the rest follow a few hundred at a time (see
// moreRows), all of them before the page says it is ready (reader.js's
// setReady). A list loaded of atOnce rows or fewer is drawn whole with
// the load, in the task that says it is ready. An import's list is not:
// drawn whole, 1,000 rows were listed 60 ms sooner but painted 45 to
// 120 ms later, every row laid out before the first paint.
const (
	firstRows = 150
	atOnce    = 2000
)

var rowOps = [...]string{workspace.Remove: "remove", workspace.Insert: "insert", workspace.Update: "update"}

// drawDiff hands a diff to the page.
func drawDiff(ws *workspace.Workspace, d workspace.Diff, l string) error {
	m := drawOf(ws, d, l)
	b := m.appendJSON(make([]byte, 0, 64+64*len(m.Paint)))
	var rows string
	if m.List != nil {
		rows = m.List.HTML
	}
	v, err := call("draw", string(b), rows)
	if err != nil {
		return err
	}
	if !v.Truthy() {
		return fmt.Errorf("this browser cannot draw highlights (no CSS Custom Highlight API)")
	}
	return nil
}

// appendJSON writes m at the end of b as JSON that reads as json.Marshal's
// (TestDrawJSON), directly:
// json.Marshal took 23 ms for the 10,000 highlights of a load, most of it
// checking again what each segs' MarshalJSON wrote.
func (m *drawJS) appendJSON(b []byte) []byte {
	b = append(b, '{')
	field := func(name string) {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
	}
	if m.Repaint {
		field("repaint")
		b = append(b, "true"...)
	}
	if len(m.Paint) > 0 {
		field("paint")
		b = appendList(b, m.Paint, func(b []byte, p paintJS) []byte {
			b = append(b, `{"id":`...)
			b = annotations.AppendQuoted(b, p.ID)
			b = optString(b, "tag", p.Tag)
			if len(p.Segs) > 0 {
				b = append(b, `,"segs":`...)
				b = p.Segs.append(b)
			}
			return append(b, '}')
		})
	}
	if m.List != nil {
		field("list")
		b = append(b, `{"shown":`...)
		b = strconv.AppendInt(b, int64(m.List.Shown), 10)
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, int64(m.List.Total), 10)
		b = append(b, '}')
	}
	if len(m.Rows) > 0 {
		field("rows")
		b = appendList(b, m.Rows, func(b []byte, r rowJS) []byte {
			b = append(b, `{"op":`...)
			b = annotations.AppendQuoted(b, r.Op)
			b = append(b, `,"id":`...)
			b = annotations.AppendQuoted(b, r.ID)
			b = optString(b, "before", r.Before)
			b = optString(b, "html", r.HTML)
			return append(b, '}')
		})
	}
	if m.Focus != nil {
		field("focus")
		b = m.Focus.append(b)
	}
	if m.Elsewhere {
		field("elsewhere")
		b = append(b, "true"...)
	}
	return append(b, '}')
}

// appendList writes xs as a JSON list, each with one.
func appendList[T any](b []byte, xs []T, one func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = one(b, x)
	}
	return append(b, ']')
}

// optString writes the member key: s after others, unless s is empty.
func optString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return annotations.AppendQuoted(b, s)
}

// drawOf is what the page draws for a diff.
func drawOf(ws *workspace.Workspace, d workspace.Diff, l string) drawJS {
	var m drawJS
	if d.Repaint {
		m.Repaint = true
		for _, it := range ws.Items() {
			if ss := ws.Segments(it); len(ss) > 0 {
				m.Paint = append(m.Paint, paintJS{ID: it.ID, Tag: string(it.Tag), Segs: segsOf(ss)})
			}
		}
	} else {
		for _, p := range d.Paint {
			m.Paint = append(m.Paint, paintJS{ID: p.ID, Tag: string(p.Tag), Segs: segsOf(p.Segs)})
		}
	}
	// A change that inserts more rows than are drawn at first (an import)
	// draws the list anew, not each row parsed and inserted on its own.
	if d.Reset || len(d.Rows) > firstRows {
		shown := ws.Shown()
		n := min(len(shown), firstRows)
		if d.Repaint && len(shown) <= atOnce {
			n = len(shown)
		}
		m.List = &listJS{HTML: rowsHTML(ws, shown[:n], l), Shown: n, Total: len(shown)}
	} else {
		for _, r := range d.Rows {
			row := rowJS{Op: rowOps[r.Kind], ID: r.ID, Before: r.Before}
			if r.Kind != workspace.Remove {
				var b strings.Builder
				writeItem(&b, ws, ws.Item(r.ID), l)
				row.HTML = b.String()
			}
			m.Rows = append(m.Rows, row)
		}
	}
	if d.Focus || d.Repaint {
		f := segsOf(ws.Segments(ws.Item(ws.Focused())))
		m.Focus = &f
	}
	m.Elsewhere = d.Elsewhere
	return m
}

// rowsHTML is the rows of items.
func rowsHTML(ws *workspace.Workspace, items []*workspace.Item, l string) string {
	var b strings.Builder
	b.Grow(rowSize * len(items))
	for _, it := range items {
		writeItem(&b, ws, it, l)
	}
	return b.String()
}

// sampleRows is the HTML of rows of made-up annotations, one in each
// language, showing every kind of text a row holds: Arabic and Latin in
// the quote, the note, the name, each label and status (a placed one and
// an orphan). The page lays them out hidden once it is idle (reader.js's
// warmFonts), so that the browser finds the fonts and sizes of a row
// before the first row a reader makes or imports. A fresh page found
// them with that row: 28 to 55 ms of the first frame of an import, for
// seven sizes, each asked of the system's font service.
func sampleRows(ws *workspace.Workspace) string {
	var b strings.Builder
	for i, l := range []string{"ar", "en"} {
		it := &workspace.Item{Annotation: annotations.Annotation{
			ID:      "sample",
			Tag:     annotations.Tags[i],
			Note:    "ملاحظة · note 12",
			Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
			Creator: annotations.Agent{Name: "قارئ · reader"},
		}}
		it.Target.Quote.Exact = "نصّ مقتبس · a quoted text 12"
		it.Match.Status = []annotations.Status{annotations.Anchored, annotations.Orphan}[i]
		writeItem(&b, ws, it, l)
	}
	return b.String()
}

// rowSize is about what a row's HTML takes: a row of the seed with a short
// quote and no note, in Arabic, is 780 bytes. The builder made at this
// size once, instead of grown by doubling, allocates a chunk of rows'
// HTML about once rather than four times.
const rowSize = 800

// moreRows is the HTML of n shown rows from the from-th, and how many.
func moreRows(ws *workspace.Workspace, from, n int, l string) (string, int) {
	shown := ws.Shown()
	from = max(0, min(from, len(shown)))
	to := min(len(shown), from+max(0, n))
	return rowsHTML(ws, shown[from:to], l), to - from
}

// blockJS is one block of the article as the page draws it: its text is
// [Start, End) of the document's text, in UTF-16 units.
type blockJS struct {
	Tag    string `json:"tag"`
	Kind   string `json:"kind"`
	Dir    string `json:"dir"`
	Repeat bool   `json:"repeat,omitempty"`
	Start  int    `json:"s"`
	End    int    `json:"e"`
}

// articleJS is a document as the page draws it. Its text goes beside it,
// as a string of its own: a 5 MB text is not written into JSON and read
// back from it.
type articleJS struct {
	ID     string    `json:"id"`
	Lang   string    `json:"lang"`
	Dir    string    `json:"dir"`
	Title  string    `json:"title"`
	Long   bool      `json:"long,omitempty"`
	Blocks []blockJS `json:"blocks"`
}

// longText is the length (in code points) from which a text is drawn as
// a long one: the page lays out only the blocks near the screen (CSS
// content-visibility). Laying out 5 MB of Arabic at once took 3.1 s.
const longText = 100_000

// blockTag is the element a block is drawn as.
func blockTag(b annotations.Block) string {
	switch {
	case b.Kind == annotations.Title && !b.Repeat:
		return "h1"
	case b.Kind == annotations.Verse:
		return "blockquote"
	}
	return "p"
}

// ArticleHTML is the article the page shows for a document, one element
// per block and each block a single text node, so that DOM offsets are
// offsets in the block's text. The server sends it with the page, outside
// what go-app draws, so the text is on screen before the program starts;
// the program then attaches to it (showArticle) instead of drawing it
// again.
func ArticleHTML(d *annotations.Document) string {
	esc := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<main class="reading"><article data-doc="%s" data-ready="false" lang="%s" dir="%s" tabindex="0" aria-label="%s">`,
		esc(d.ID), esc(d.Lang), esc(string(d.Dir)), esc(d.Title))
	for i, bl := range d.Blocks {
		tag := blockTag(bl)
		fmt.Fprintf(&b, `<%s class="%s" data-block="%d" data-kind="%s" dir="%s"`, tag, bl.Kind, i, bl.Kind, bl.Dir)
		if bl.Repeat {
			b.WriteString(` data-repeat="true" aria-hidden="true"`)
		}
		fmt.Fprintf(&b, `>%s</%s>`, esc(d.BlockText(i)), tag)
	}
	b.WriteString(`</article></main>`)
	return b.String()
}

// showArticle makes sure the page shows d: the article the server sent is
// kept when it is d's; otherwise the page draws d's blocks, as text.
func showArticle(d *annotations.Document) error {
	a := articleJS{ID: d.ID, Lang: d.Lang, Dir: string(d.Dir), Title: d.Title, Long: d.Len() >= longText}
	u16 := utf16Offsets(d)
	for i, bl := range d.Blocks {
		a.Blocks = append(a.Blocks, blockJS{Tag: blockTag(bl), Kind: string(bl.Kind), Dir: string(bl.Dir), Repeat: bl.Repeat,
			Start: u16[2*i], End: u16[2*i+1]})
	}
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	_, err = call("showArticle", string(b), d.Text)
	return err
}

// utf16Offsets are the start and end of each block of d in UTF-16 units
// of its text, in one pass over the text.
func utf16Offsets(d *annotations.Document) []int {
	out := make([]int, 0, 2*len(d.Blocks))
	cp, u := 0, 0
	next := 0 // the offset, in code points, wanted next
	want := func() int {
		if len(out)/2 >= len(d.Blocks) {
			return -1
		}
		if len(out)%2 == 0 {
			return d.Blocks[len(out)/2].Start
		}
		return d.Blocks[len(out)/2].End
	}
	next = want()
	for _, r := range d.Text {
		for next == cp {
			out = append(out, u)
			next = want()
		}
		cp++
		u++
		if r >= 0x10000 {
			u++
		}
	}
	for next == cp {
		out = append(out, u)
		next = want()
	}
	return out
}

// setSaving says on the page, at once, whether saves are being written:
// the rows a change draws are on screen before go-app draws the page
// again, and what waits for the saves must not see the rows without the
// saving.
func setSaving(on bool) { call("setSaving", on) }

// setReady marks the article ready (or not) for the reader and for checks.
func setReady(ready bool) { call("setReady", ready) }

// readSelection returns the reader's selection in the article, if any, in
// code points of the document's text.
func readSelection(x *annotations.BlockIndex, blocks int) (int, int, bool) {
	v, err := call("readSelection")
	if err != nil || v == nil || !v.Truthy() {
		return 0, 0, false
	}
	sb, so, eb, eo := v.Index(0).Int(), v.Index(1).Int(), v.Index(2).Int(), v.Index(3).Int()
	if sb < 0 || eb >= blocks || sb > eb {
		return 0, 0, false
	}
	s, e := x.FromUTF16(sb, so), x.FromUTF16(eb, eo)
	return s, e, s < e
}

// flash shows a passage if it is out of view and marks it for a moment.
func flash(ss []annotations.Segment) {
	if len(ss) > 0 {
		callJSON("flash", segsOf(ss))
	}
}

func clearSelection() { call("clearSelection") }

func download(name, mediaType, text string) error {
	_, err := call("download", name, mediaType, text)
	return err
}

// mark records a moment in the page's performance timeline, where the
// browser benchmark reads it.
func mark(name string) {
	defer func() { recover() }()
	app.Window().Get("performance").Call("mark", name)
}

// pause returns in a task of the page's own: the page answers input and
// paints before the program goes on.
func pause() {
	done := make(chan struct{})
	var f app.Func
	f = app.FuncOf(func(app.Value, []app.Value) any {
		f.Release()
		close(done)
		return nil
	})
	app.Window().Call("setTimeout", f, 0)
	<-done
}

// Start readies, in the browser and before go-app starts, what the page
// shows first: the seed is parsed in a task apart from the runtime's start
// and from go-app's.
func Start() {
	pause()
	Seed()
	pause()
}

// listen gives the page the program's handlers: commands from the keys,
// clicks on the article, dropped files, more rows of the list, steps of
// the history, and saves made in other tabs (to the document shown, or
// to the library).
func (r *Reader) listen(ctx app.Context) {
	fn := func(f func(args []app.Value) any) app.Func {
		v := app.FuncOf(func(this app.Value, args []app.Value) (out any) {
			defer func() {
				if p := recover(); p != nil {
					app.Log(fmt.Errorf("a page handler failed: %v", p))
					out = nil
				}
			}()
			return f(args)
		})
		r.funcs = append(r.funcs, v)
		return v
	}
	h := map[string]any{
		"command": fn(func(args []app.Value) any {
			if len(args) == 0 {
				return false
			}
			name, row := args[0].String(), ""
			if len(args) > 1 {
				row = args[1].String()
			}
			if r.ws.Item(row) == nil {
				row = ""
			}
			if !r.wants(name, row) {
				return false
			}
			ctx.Dispatch(func(ctx app.Context) {
				if row != "" { // the row the keyboard is on is the one acted on
					r.draw(ctx, r.ws.SetFocus(row))
				}
				r.command(ctx, name)
			})
			return true
		}),
		"point": fn(func(args []app.Value) any {
			if len(args) == 2 {
				b, u := args[0].Int(), args[1].Int()
				ctx.Dispatch(func(ctx app.Context) { r.focusAt(ctx, b, u) })
			}
			return nil
		}),
		// noteCut says a paste into a note was longer than the field
		// takes (args[0], in UTF-16 units): the browser keeps its start.
		"noteCut": fn(func(args []app.Value) any {
			if len(args) > 0 {
				n := args[0].Int()
				ctx.Dispatch(func(ctx app.Context) { r.alert = noteCutMsg(n) })
			}
			return nil
		}),
		"drop": fn(func(args []app.Value) any {
			if len(args) > 0 {
				files := args[0]
				ctx.Dispatch(func(ctx app.Context) { r.takeFiles(ctx, files) })
			}
			return nil
		}),
		"nav": fn(func(args []app.Value) any {
			if len(args) > 0 {
				path := args[0].String()
				ctx.Dispatch(func(ctx app.Context) { r.nav(ctx, path) })
			}
			return nil
		}),
		// rows is called by the page, synchronously, for more rows of the
		// list: it answers [html, count].
		"rows": fn(func(args []app.Value) any {
			if len(args) < 2 {
				return nil
			}
			html, n := moreRows(r.ws, args[0].Int(), args[1].Int(), r.lang)
			return []any{html, n}
		}),
	}
	h["keys"] = keysJSON()
	h["sample"] = sampleRows(r.ws)
	call("listen", h)
	storeCall("onChange", fn(func(args []app.Value) any {
		if len(args) < 2 {
			return nil
		}
		switch {
		case args[1].Bool():
			doc := args[0].String()
			ctx.Dispatch(func(ctx app.Context) {
				if r.lib.open {
					r.refreshLibrary(ctx)
				}
				if doc == r.ws.Doc().ID {
					r.checkShown(ctx)
				}
			})
		case args[0].String() == r.ws.Doc().ID:
			ctx.Dispatch(r.reload)
		}
		return nil
	}))
}
