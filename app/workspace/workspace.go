// Package workspace is the reader's working state for one document and
// the rules that change it: the placed annotations in reading order, the
// filters, the focus, the links and the undo history.
//
// Every operation returns a Diff: the records to save, the highlights to
// draw again and the list rows to insert, update or remove. The page
// applies a Diff as it is, so a change costs what it changes, not what the
// document holds. The package imports neither go-app nor syscall/js: it is
// tested natively.
package workspace

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"annotator/annotations"

	"github.com/google/uuid"
)

// Item is an annotation placed on the text, as the list shows it.
type Item struct {
	annotations.Annotation
	Match  annotations.Match
	folded string // quote and note, folded, for the search; made when first searched
}

// Record is one annotation as the browser stores it; a deleted annotation
// leaves a tombstone so an older copy elsewhere cannot bring it back.
type Record struct {
	ID       string `json:"id"`
	Modified int64  `json:"modified"` // Unix milliseconds
	Deleted  bool   `json:"deleted,omitempty"`
	Data     string `json:"data,omitempty"` // the annotation as JSON
}

// RecordOf is the record of a. Its data is json.Marshal's, written by
// annotations.AppendStored.
func RecordOf(a annotations.Annotation) Record {
	r, _ := recordOf(nil, a)
	return r
}

// recordOf is RecordOf written through buf, which it returns to be used
// again: each record is then one allocation, its data, not the
// doublings of a buffer grown from nothing (an import of 1,000 allocated
// 1.1 MB less natively, of 14.6).
func recordOf(buf []byte, a annotations.Annotation) (Record, []byte) {
	buf, _ = annotations.AppendStored(buf[:0], a)
	return Record{ID: a.ID, Modified: a.Modified.UnixMilli(), Data: string(buf)}, buf
}

// AppendRecords appends recs as json.Marshal writes them, without its
// reflection: saving an import of a thousand annotations wrote their JSON
// into JSON.
func AppendRecords(b []byte, recs []Record) []byte {
	// Room for all of it at once: grown step by step, the text of 1,000
	// records was allocated 32 times, 6.6 MB in all. A record's data is
	// JSON, and its quotes are written again escaped.
	n := 2
	for _, r := range recs {
		n += 48 + len(r.ID) + len(r.Data) + len(r.Data)/4
	}
	b = slices.Grow(b, n)
	b = append(b, '[')
	for i, r := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = annotations.AppendJSONString(b, r.ID)
		b = append(b, `,"modified":`...)
		b = strconv.AppendInt(b, r.Modified, 10)
		if r.Deleted {
			b = append(b, `,"deleted":true`...)
		}
		if r.Data != "" {
			b = append(b, `,"data":`...)
			b = annotations.AppendJSONString(b, r.Data)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// Tombstone is the record of an annotation deleted at a moment.
func Tombstone(id string, at time.Time) Record {
	return Record{ID: id, Modified: at.UnixMilli(), Deleted: true}
}

// Filter is what the list lets through. Highlights are not filtered.
type Filter struct {
	Query   string // folded (annotations.FoldString); matched in quote and note
	Creator string // a CreatorKey, or "" for everyone
	Hidden  [3]bool
	Status  annotations.Status // "" for all
}

// Hides reports whether the filter hides a tag.
func (f Filter) Hides(t annotations.Tag) bool {
	i := slices.Index(annotations.Tags, t)
	return i >= 0 && f.Hidden[i]
}

// On reports whether the filter hides anything.
func (f Filter) On() bool { return f != Filter{} }

func (f Filter) lets(it *Item) bool {
	return (f.Query == "" || strings.Contains(it.fold(), f.Query)) &&
		(f.Creator == "" || CreatorKey(it.Creator) == f.Creator) &&
		!f.Hides(it.Tag) && (f.Status == "" || it.Match.Status == f.Status)
}

// CreatorKey tells readers apart: by id, else by name.
func CreatorKey(a annotations.Agent) string {
	if a.ID != "" {
		return a.ID
	}
	return "name:" + a.Name
}

// Paint is a highlight to draw again: the annotation's passage in the
// article, under its tag's highlight. No segments and no tag remove it.
type Paint struct {
	ID   string
	Tag  annotations.Tag
	Segs []annotations.Segment
}

// RowKind says what happens to a row of the list.
type RowKind int

const (
	Remove RowKind = iota
	Insert
	Update
)

// Row is a change of the list: a row to remove, to update in place, or to
// insert before the row Before ("" for the end). Rows are applied in
// order; an insert's Before row is always in the list by then.
type Row struct {
	Kind   RowKind
	ID     string
	Before string
}

// Diff is what an operation changed.
type Diff struct {
	Save  []Record // to write, in one transaction
	Paint []Paint  // highlights whose passage or tag changed
	Rows  []Row
	// Reset says the whole list must be drawn again (a filter changed,
	// the document was loaded): Rows are then empty.
	Reset bool
	// Repaint says every highlight must be drawn again (the document was
	// loaded): Paint is then empty.
	Repaint bool
	// Focus says the focus moved: its highlight must be drawn again.
	Focus bool
	// Unshown says the annotations kept but not shown changed.
	Unshown bool
	// Elsewhere says the change was made in another tab (Sync): a note
	// the reader is writing here keeps what they typed.
	Elsewhere bool
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool {
	return len(d.Save) == 0 && len(d.Paint) == 0 && len(d.Rows) == 0 && !d.Reset && !d.Repaint && !d.Focus && !d.Unshown
}

// Kind names a step of the history, for the reader.
type Kind int

const (
	Created Kind = iota + 1
	Deleted
	Retagged
	NoteEdited
	Linked
	Reattached
	Imported
)

// Label names a step: its kind, and for an import the file's name.
type Label struct {
	Kind Kind
	Name string
}

// step is one change the reader can undo: each annotation it touched,
// before and after (nil where there was none).
type step struct {
	label         Label
	before, after map[string]*annotations.Annotation
}

// MaxSteps bounds the undo history.
const MaxSteps = 200

// Workspace is the state of one document being read.
type Workspace struct {
	doc   *annotations.Document
	index *annotations.BlockIndex

	items   []*Item // placed annotations, in reading order
	byID    map[string]*Item
	from    map[string][]string // id → ids of the annotations linking to it
	unshown []annotations.Annotation
	dead    map[string]int64 // deleted: id → Unix milliseconds

	filter Filter
	focus  string
	undos  []step
	redos  []step
	typing bool // the last step is a note being typed: more of it joins it

	// gen counts the changes to the items; what is worked out from all of
	// them (counts, readers) is kept for the generation it was made for,
	// so that drawing the page after a change does not go through them all.
	gen     int
	counted struct {
		gen    int
		counts [3]int
	}
	readers struct {
		gen  int
		me   annotations.Agent
		list []annotations.Agent
	}
	shown struct { // what the filter lets through
		gen    int
		filter Filter
		list   []*Item
	}
	// origins are, while an import is applied, the targets its file gave
	// the annotations it placed, by id, with the JSON each was kept as:
	// what annotations.OriginTarget would read back from it (see place).
	origins map[string]origin

	// Me is the reader, put on each annotation they make.
	Me annotations.Agent
	// Now and NewID are the clock and the id maker; tests set them.
	Now   func() time.Time
	NewID func() string
}

// New is a workspace for a document with nothing in it yet.
func New(d *annotations.Document) *Workspace {
	return &Workspace{
		doc:   d,
		index: annotations.NewBlockIndex(d),
		byID:  map[string]*Item{},
		from:  map[string][]string{},
		dead:  map[string]int64{},
		Now:   func() time.Time { return time.Now() },
		NewID: func() string { return "urn:uuid:" + uuid.NewString() },
	}
}

// Doc is the document.
func (w *Workspace) Doc() *annotations.Document { return w.doc }

// Index maps the document's offsets to the page's.
func (w *Workspace) Index() *annotations.BlockIndex { return w.index }

func (w *Workspace) now() time.Time { return w.Now().UTC().Truncate(time.Millisecond) }

// Load replaces the state with stored annotations and tombstones. Each
// annotation the text shows elsewhere than its target says is written
// where it now stands (see annotations.Place), and saved so.
func (w *Workspace) Load(list []annotations.Annotation, dead map[string]int64) Diff {
	w.items, w.unshown = nil, nil
	w.byID = make(map[string]*Item, len(list))
	w.from = map[string][]string{}
	w.dead = map[string]int64{}
	for id, at := range dead {
		w.dead[id] = at
	}
	w.undos, w.redos = nil, nil
	shown := make([]annotations.Annotation, 0, len(list))
	for _, a := range list {
		if a.Shown() {
			shown = append(shown, a)
		} else {
			w.unshown = append(w.unshown, a)
		}
	}
	var d Diff
	w.items = make([]*Item, 0, len(shown))
	for i, m := range w.place(shown) {
		a := annotations.Place(w.doc, shown[i], m)
		if !annotations.Same(a, shown[i]) {
			d.Save = append(d.Save, RecordOf(a))
		}
		it := &Item{Annotation: a, Match: m}
		w.items = append(w.items, it)
		w.byID[a.ID] = it
		w.addLinks(it)
	}
	w.gen++
	slices.SortStableFunc(w.items, compareItems)
	if w.byID[w.focus] == nil {
		w.focus = ""
	}
	d.Reset, d.Repaint, d.Focus, d.Unshown = true, true, true, true
	return d
}

// fold is the item's quote and note, folded for the search.
func (it *Item) fold() string {
	if it.folded == "" {
		it.folded = annotations.FoldString(it.Target.Quote.Exact + "\n" + it.Note)
	}
	return it.folded
}

// compareItems is reading order: by position, then creation, then id.
func compareItems(a, b *Item) int {
	pa, pb := a.Target.Position, b.Target.Position
	if c := cmp.Compare(pa.Start, pb.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(pa.End, pb.End); c != 0 {
		return c
	}
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// origin is a target a file gave, and the JSON it is kept as.
type origin struct {
	raw    json.RawMessage
	target annotations.Target
}

// originOf is annotations.OriginTarget(a), without reading the JSON again
// when an import has just read it: the same kept JSON (the very bytes)
// reads back to the target the file gave (TestOriginIsTheTargetRead).
func (w *Workspace) originOf(a annotations.Annotation) (annotations.Target, bool) {
	if o, ok := w.origins[a.ID]; ok && len(o.raw) > 0 && len(o.raw) == len(a.Kept.Origin) && &o.raw[0] == &a.Kept.Origin[0] {
		return o.target, true
	}
	return annotations.OriginTarget(a)
}

// place locates annotations together (so that a file's other annotations
// can settle ties). An annotation placed here from elsewhere (see
// annotations.Place) is anchored where it stands; it shows how its origin
// was found there (moved, fuzzy with a score), so the reader knows to
// check it.
func (w *Workspace) place(list []annotations.Annotation) []annotations.Match {
	if len(list) == 0 {
		return nil
	}
	targets := make([]annotations.Target, len(list))
	for i, a := range list {
		targets[i] = a.Target
	}
	ms := annotations.LocateAll(w.doc, targets)
	var origins []annotations.Target
	var at []int
	for i, a := range list {
		if ms[i].Status != annotations.Anchored {
			continue
		}
		if t, ok := w.originOf(a); ok {
			origins = append(origins, t)
			at = append(at, i)
		}
	}
	if len(origins) == 0 {
		return ms
	}
	for j, m := range annotations.LocateAll(w.doc, origins) {
		i := at[j]
		if m.Placed() && m.Start == ms[i].Start && m.End == ms[i].End && m.Status != annotations.Anchored {
			ms[i] = m
		} else if !m.Placed() || m.Start != ms[i].Start || m.End != ms[i].End {
			ms[i].Status = annotations.Moved // placed by the reader or by an earlier version of the text
		}
	}
	return ms
}

func (w *Workspace) addLinks(it *Item) {
	for _, to := range it.Links {
		w.from[to] = append(w.from[to], it.ID)
	}
}

func (w *Workspace) dropLinks(it *Item) {
	for _, to := range it.Links {
		l := w.from[to]
		if i := slices.Index(l, it.ID); i >= 0 {
			l = slices.Delete(l, i, i+1)
		}
		if len(l) == 0 {
			delete(w.from, to)
		} else {
			w.from[to] = l
		}
	}
}

// Queries.

// Len is how many annotations are placed or listed on the text.
func (w *Workspace) Len() int { return len(w.items) }

// Item is the annotation with an id, or nil.
func (w *Workspace) Item(id string) *Item { return w.byID[id] }

// Items are the annotations in reading order. The slice is the
// workspace's own: do not change it.
func (w *Workspace) Items() []*Item { return w.items }

// Unshown are the annotations kept but not shown on the text.
func (w *Workspace) Unshown() []annotations.Annotation { return w.unshown }

// All is every annotation: those on the text in reading order, then those
// kept but not shown.
func (w *Workspace) All() []annotations.Annotation {
	out := make([]annotations.Annotation, len(w.items), len(w.items)+len(w.unshown))
	for i, it := range w.items {
		out[i] = it.Annotation
	}
	return append(out, w.unshown...)
}

// Dead are the tombstones: id → Unix milliseconds of the deletion.
func (w *Workspace) Dead() map[string]int64 { return w.dead }

// LinksTo are the annotations an item links to (its sources), in reading
// order of its links.
func (w *Workspace) LinksTo(it *Item) []*Item {
	var out []*Item
	for _, id := range it.Links {
		if o := w.byID[id]; o != nil {
			out = append(out, o)
		}
	}
	return out
}

// LinkedFrom are the annotations linking to an item.
func (w *Workspace) LinkedFrom(it *Item) []*Item {
	var out []*Item
	for _, id := range w.from[it.ID] {
		if o := w.byID[id]; o != nil {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, compareItems)
	return out
}

// Filter is the filter in force.
func (w *Workspace) Filter() Filter { return w.filter }

// SetFilter changes what the list lets through: the list is drawn again.
func (w *Workspace) SetFilter(f Filter) Diff {
	if f == w.filter {
		return Diff{}
	}
	w.filter = f
	return Diff{Reset: true}
}

// Shown are the annotations the filter lets through, in reading order.
// The page asks for them at each slice of a long list it draws: with a
// search, they are sought once per change, not at each slice.
func (w *Workspace) Shown() []*Item {
	if !w.filter.On() {
		return w.items
	}
	if w.shown.gen == w.gen && w.gen > 0 && w.shown.filter == w.filter {
		return w.shown.list
	}
	var out []*Item
	for _, it := range w.items {
		if w.filter.lets(it) {
			out = append(out, it)
		}
	}
	w.shown.gen, w.shown.filter, w.shown.list = w.gen, w.filter, out
	return out
}

// Counts is how many annotations there are of each tag, in the order of
// annotations.Tags.
func (w *Workspace) Counts() [3]int {
	if w.counted.gen == w.gen && w.gen > 0 {
		return w.counted.counts
	}
	var c [3]int
	for _, it := range w.items {
		if i := slices.Index(annotations.Tags, it.Tag); i >= 0 {
			c[i]++
		}
	}
	w.counted.gen, w.counted.counts = w.gen, c
	return c
}

// Readers are everyone who made an annotation here, in reading order of
// their first, each with the name they last gave (a reader may name
// themselves after their first annotations); the reader using the page is
// among them once they have made one, with the name they have now.
func (w *Workspace) Readers() []annotations.Agent {
	if w.readers.gen == w.gen && w.gen > 0 && w.readers.me == w.Me {
		return slices.Clone(w.readers.list)
	}
	at := map[string]int{}
	var out []annotations.Agent
	var last annotations.Agent
	for i, it := range w.items {
		// Neighbours mostly share their maker: the same maker again
		// changes nothing.
		if i > 0 && it.Creator == last {
			continue
		}
		last = it.Creator
		a := it.Creator
		if a.ID != "" && a.ID == w.Me.ID {
			a = w.Me
		}
		k := CreatorKey(a)
		i, ok := at[k]
		switch {
		case !ok:
			at[k] = len(out)
			out = append(out, a)
		case a.Name != "" && out[i].Name == "":
			out[i].Name = a.Name
		}
	}
	w.readers.gen, w.readers.me, w.readers.list = w.gen, w.Me, out
	return slices.Clone(out)
}

// Focused is the id of the annotation the keyboard acts on, or "".
func (w *Workspace) Focused() string { return w.focus }

// CanLink reports whether the focused annotation can take a source.
func (w *Workspace) CanLink() bool {
	it := w.byID[w.focus]
	return it != nil && it.Tag != annotations.Source
}

// Segments are the page's ranges of an item's passage; none when it is
// not placed.
func (w *Workspace) Segments(it *Item) []annotations.Segment {
	if it == nil || !it.Match.Placed() {
		return nil
	}
	return w.index.Segments(it.Match.Start, it.Match.End)
}

// At is the shortest placed annotation drawn at a position, or "".
func (w *Workspace) At(pos int) string {
	best, size := "", 0
	for _, it := range w.items {
		m := it.Match
		if m.Placed() && m.Start <= pos && pos < m.End && (best == "" || m.End-m.Start < size) {
			best, size = it.ID, m.End-m.Start
		}
	}
	return best
}

// Step is the next (or previous) shown annotation after the focused one;
// without a focus, the first (or last).
func (w *Workspace) Step(forward bool) string {
	shown := w.Shown()
	if len(shown) == 0 {
		return ""
	}
	at := slices.IndexFunc(shown, func(it *Item) bool { return it.ID == w.focus })
	switch {
	case at < 0 && forward:
		at = 0
	case at < 0:
		at = len(shown) - 1
	case forward:
		at = min(at+1, len(shown)-1)
	default:
		at = max(at-1, 0)
	}
	return shown[at].ID
}

// Neighbour is the shown annotation after id, else the one before it, or
// "": where the focus goes when id is deleted.
func (w *Workspace) Neighbour(id string) string {
	shown := w.Shown()
	i := slices.IndexFunc(shown, func(it *Item) bool { return it.ID == id })
	switch {
	case i < 0:
		return ""
	case i+1 < len(shown):
		return shown[i+1].ID
	case i > 0:
		return shown[i-1].ID
	}
	return ""
}

// SetFocus moves the focus ("" for none): the rows of the annotation that
// had it and of the one that gets it change.
func (w *Workspace) SetFocus(id string) Diff {
	if w.byID[id] == nil {
		id = ""
	}
	if id == w.focus {
		return Diff{}
	}
	var d Diff
	for _, x := range []string{w.focus, id} {
		if it := w.byID[x]; it != nil && w.filter.lets(it) {
			d.Rows = append(d.Rows, Row{Kind: Update, ID: x})
		}
	}
	w.focus = id
	d.Focus = true
	return d
}

// Undo and redo.

// CanUndo and CanRedo report whether there is a step to undo or redo.
func (w *Workspace) CanUndo() bool { return len(w.undos) > 0 }
func (w *Workspace) CanRedo() bool { return len(w.redos) > 0 }

// Undo goes back one step. What it brings back is saved as modified now,
// so it outranks the deletion or edit it undoes, here and in other tabs.
func (w *Workspace) Undo() (Diff, Label, bool) { return w.travel(&w.undos, &w.redos, true) }

// EndNote ends the editing of a note: what is typed in it afterwards is a
// step of its own.
func (w *Workspace) EndNote() { w.typing = false }

// Redo does again the last step undone.
func (w *Workspace) Redo() (Diff, Label, bool) { return w.travel(&w.redos, &w.undos, false) }

func (w *Workspace) travel(from, to *[]step, back bool) (Diff, Label, bool) {
	if len(*from) == 0 {
		return Diff{}, Label{}, false
	}
	w.typing = false
	s := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, s)
	states, left := s.after, s.before
	if back {
		states, left = s.before, s.after
	}
	next := make(map[string]*annotations.Annotation, len(states))
	now := w.now()
	for id, a := range states {
		if a == nil {
			next[id] = nil
			continue
		}
		c := w.current(id)
		if c == nil && left[id] != nil {
			// Deleted since the step, elsewhere (another tab): the
			// deletion stands.
			continue
		}
		b := *a
		if c == nil || !annotations.Same(*c, b) {
			at := now
			if c != nil && !at.After(c.Modified) {
				at = c.Modified.Add(time.Millisecond)
			}
			if !at.After(b.Modified) {
				at = b.Modified.Add(time.Millisecond)
			}
			if gone, ok := w.dead[id]; ok && at.UnixMilli() <= gone {
				at = time.UnixMilli(gone + 1).UTC()
			}
			b.Touch(at)
		}
		next[id] = &b
	}
	return w.apply(next, nil, true), s.label, true
}

// current is the annotation with an id as it stands, shown or not.
func (w *Workspace) current(id string) *annotations.Annotation {
	if it := w.byID[id]; it != nil {
		a := it.Annotation
		return &a
	}
	for i := range w.unshown {
		if w.unshown[i].ID == id {
			a := w.unshown[i]
			return &a
		}
	}
	return nil
}

// commit makes changes one step of the history and applies them.
func (w *Workspace) commit(label Label, next map[string]*annotations.Annotation, known map[string]annotations.Match) Diff {
	s := step{label: label, before: map[string]*annotations.Annotation{}, after: map[string]*annotations.Annotation{}}
	typing := label.Kind == NoteEdited
	for id, a := range next {
		s.before[id] = w.current(id)
		s.after[id] = a
	}
	if n := len(w.undos); label.Kind == NoteEdited && n > 0 && w.undos[n-1].label == label && w.typing {
		// Edits of the same note in a row are one step.
		last := w.undos[n-1]
		for id, a := range s.after {
			last.after[id] = a
		}
		if saysNothing(last) {
			// Edits that end where they began (a note undone then
			// redone in its field) are no step: an Undo that changes
			// nothing would be taken for one that failed.
			w.undos = w.undos[:n-1]
			typing = false
		}
	} else {
		w.undos = append(w.undos, s)
		if len(w.undos) > MaxSteps {
			w.undos = w.undos[1:]
		}
	}
	w.redos = nil
	w.typing = typing
	return w.apply(next, known, true)
}

// saysNothing is whether a step leaves each annotation it touched as it
// found it, but for when it was changed.
func saysNothing(s step) bool {
	for id, a := range s.after {
		b := s.before[id]
		if a == nil || b == nil {
			if a != b {
				return false
			}
			continue
		}
		x := *a
		x.Modified = b.Modified
		if !annotations.Same(x, *b) {
			return false
		}
	}
	return true
}

// apply sets each annotation of next (nil deletes it), places those whose
// target changed, and says what changed. With save, the changes are
// records to save: deletions leave tombstones.
func (w *Workspace) apply(next map[string]*annotations.Annotation, known map[string]annotations.Match, save bool) Diff {
	var d Diff
	ids := make([]string, 0, len(next))
	for id := range next {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the same changes give the same diff
	t := &tracker{d: &d, was: map[string]bool{}, touched: map[string]bool{}, moved: map[string]bool{}}
	// At most one of each, made at once: grown one by one, the list to
	// place for an import of 1,000 took 1.4 MB.
	locate := make([]annotations.Annotation, 0, len(ids))
	if save {
		d.Save = make([]Record, 0, len(ids))
	}
	now := w.now()
	var buf []byte
	for _, id := range ids {
		a := next[id]
		old := w.current(id)
		if a == nil {
			if old == nil {
				continue
			}
			at := now
			if !at.After(old.Modified) {
				at = old.Modified.Add(time.Millisecond)
			}
			w.dead[id] = at.UnixMilli()
			if save {
				d.Save = append(d.Save, Tombstone(id, at))
			}
			w.drop(id, t)
			continue
		}
		if old != nil && annotations.Same(*old, *a) {
			continue
		}
		delete(w.dead, id)
		if save {
			var r Record
			r, buf = recordOf(buf, *a)
			d.Save = append(d.Save, r)
		}
		if !a.Shown() {
			w.drop(id, t)
			w.unshown = append(w.unshown, *a)
			d.Unshown = true
			continue
		}
		if it := w.byID[id]; it != nil && it.Target == a.Target {
			w.put(*a, it.Match, t)
		} else if m, ok := known[id]; ok {
			w.put(*a, m, t)
		} else {
			locate = append(locate, *a)
		}
	}
	for i, m := range w.place(locate) {
		w.put(locate[i], m, t)
	}
	if len(t.fresh) > 0 {
		w.items = mergeItems(w.items, t.fresh)
		w.gen++ // what was worked out from the items before they came goes
	}
	if w.focus != "" && w.byID[w.focus] == nil {
		w.focus = ""
		d.Focus = true
	}
	w.rows(t)
	return d
}

// tracker gathers what an application of changes touched.
type tracker struct {
	d       *Diff
	was     map[string]bool // whether the list showed an annotation before
	touched map[string]bool // annotations whose rows may have changed
	moved   map[string]bool // annotations whose place in reading order changed
	// fresh are the items new to the text, put in reading order once all
	// are known: inserted one by one, the 1,000 of an import moved half
	// the list each time.
	fresh []*Item
}

// mergeItems is two lists in reading order made one.
func mergeItems(items, fresh []*Item) []*Item {
	if len(fresh) == 0 {
		return items
	}
	slices.SortFunc(fresh, compareItems)
	out := make([]*Item, 0, len(items)+len(fresh))
	i, j := 0, 0
	for i < len(items) && j < len(fresh) {
		if compareItems(fresh[j], items[i]) < 0 {
			out = append(out, fresh[j])
			j++
		} else {
			out = append(out, items[i])
			i++
		}
	}
	out = append(out, items[i:]...)
	return append(out, fresh[j:]...)
}

// drop takes an annotation away, wherever it is.
func (w *Workspace) drop(id string, t *tracker) {
	w.gen++
	if it := w.byID[id]; it != nil {
		w.note(it, t)
		w.dropLinks(it)
		i, _ := slices.BinarySearchFunc(w.items, it, compareItems)
		if i < len(w.items) && w.items[i] == it {
			w.items = slices.Delete(w.items, i, i+1)
		}
		delete(w.byID, id)
		t.d.Paint = append(t.d.Paint, Paint{ID: id})
		return
	}
	if i := slices.IndexFunc(w.unshown, func(a annotations.Annotation) bool { return a.ID == id }); i >= 0 {
		w.unshown = slices.Delete(w.unshown, i, i+1)
		t.d.Unshown = true
	}
}

// put sets an annotation on the text at a match.
func (w *Workspace) put(a annotations.Annotation, m annotations.Match, t *tracker) {
	it := &Item{Annotation: a, Match: m}
	if old := w.byID[a.ID]; old != nil {
		if compareItems(old, it) != 0 {
			t.moved[a.ID] = true
		}
		w.drop(a.ID, t)
		t.d.Paint = t.d.Paint[:len(t.d.Paint)-1] // drawn again below
		i, _ := slices.BinarySearchFunc(w.items, it, compareItems)
		w.items = slices.Insert(w.items, i, it) // drop counted the change
	} else {
		w.drop(a.ID, t) // if it was kept unshown
		t.fresh = append(t.fresh, it)
	}
	w.byID[a.ID] = it
	w.addLinks(it)
	t.touched[a.ID] = true
	w.markLinked(it, t)
	t.d.Paint = append(t.d.Paint, Paint{ID: a.ID, Tag: a.Tag, Segs: w.Segments(it)})
}

// note remembers, before an item changes, whether the list showed it, and
// marks its row and the rows that show it beside their own (its links).
func (w *Workspace) note(it *Item, t *tracker) {
	if _, ok := t.was[it.ID]; !ok {
		t.was[it.ID] = w.filter.lets(it)
	}
	t.touched[it.ID] = true
	w.markLinked(it, t)
}

// markLinked marks the rows that show an item's quote and tag in their
// links: its sources and the annotations it is a source for.
func (w *Workspace) markLinked(it *Item, t *tracker) {
	for _, ids := range [][]string{it.Links, w.from[it.ID]} {
		for _, id := range ids {
			if o := w.byID[id]; o != nil && !t.touched[id] {
				if _, ok := t.was[id]; !ok {
					t.was[id] = w.filter.lets(o)
				}
				t.touched[id] = true
			}
		}
	}
}

// rows turns the touched annotations into list changes: removals first,
// then updates in place, then insertions from the end of the list back, so
// that each insertion's next row is already there.
func (w *Workspace) rows(t *tracker) {
	ids := make([]string, 0, len(t.touched))
	for id := range t.touched {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var updates []Row
	var ins []*Item
	for _, id := range ids {
		it := w.byID[id]
		now := it != nil && w.filter.lets(it)
		before := t.was[id] // false when it is new
		switch {
		case before && !now:
			t.d.Rows = append(t.d.Rows, Row{Kind: Remove, ID: id})
		case before && now && !t.moved[id]:
			updates = append(updates, Row{Kind: Update, ID: id})
		case before && now:
			t.d.Rows = append(t.d.Rows, Row{Kind: Remove, ID: id})
			ins = append(ins, it)
		case now:
			ins = append(ins, it)
		}
	}
	t.d.Rows = append(t.d.Rows, updates...)
	slices.SortFunc(ins, func(a, b *Item) int { return compareItems(b, a) })
	for _, it := range ins {
		t.d.Rows = append(t.d.Rows, Row{Kind: Insert, ID: it.ID, Before: w.nextShown(it)})
	}
}

// nextShown is the id of the first shown annotation after it in reading
// order, or "".
func (w *Workspace) nextShown(it *Item) string {
	i, _ := slices.BinarySearchFunc(w.items, it, compareItems)
	for _, o := range w.items[i+1:] {
		if w.filter.lets(o) {
			return o.ID
		}
	}
	return ""
}
