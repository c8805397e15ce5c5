package workspace

import (
	"errors"
	"slices"
	"time"
	"unicode/utf8"

	"annotator/annotations"
)

// ErrNoSelection says an operation needs a passage of the text and was
// given none (an empty span, or only white space).
var ErrNoSelection = errors.New("workspace: no passage selected")

// ErrNoFocus says an operation acts on the focused annotation and none
// can take it.
var ErrNoFocus = errors.New("workspace: no annotation to act on")

func (w *Workspace) fresh(t annotations.Tag, target annotations.Target) annotations.Annotation {
	now := w.now()
	return annotations.Annotation{
		ID:       w.NewID(),
		Tag:      t,
		Created:  now,
		Modified: now,
		Creator:  w.Me,
		Target:   target,
	}
}

// touch marks a as changed by the reader now, or just after its last
// change when that is later (a file or another clock may be ahead): the
// change must outrank what it changes, here and in the store.
func (w *Workspace) touch(a *annotations.Annotation) {
	at := w.now()
	if !at.After(a.Modified) {
		at = a.Modified.Add(time.Millisecond)
	}
	a.Touch(at)
}

// Tag makes an annotation of the passage [start, end) with a tag, and
// focuses it.
func (w *Workspace) Tag(t annotations.Tag, start, end int) (Diff, string, error) {
	target, err := annotations.Describe(w.doc, start, end)
	if err != nil {
		return Diff{}, "", ErrNoSelection
	}
	a := w.fresh(t, target)
	d := w.commit(Label{Kind: Created}, map[string]*annotations.Annotation{a.ID: &a},
		map[string]annotations.Match{a.ID: {Status: annotations.Anchored, Start: start, End: end, Score: 1}})
	return merge(d, w.SetFocus(a.ID)), a.ID, nil
}

// Retag changes an annotation's tag.
func (w *Workspace) Retag(id string, t annotations.Tag) Diff {
	it := w.byID[id]
	if it == nil || it.Tag == t || !t.Valid() {
		return Diff{}
	}
	a := it.Annotation
	a.Tag = t
	w.touch(&a)
	return w.commit(Label{Kind: Retagged}, map[string]*annotations.Annotation{id: &a}, nil)
}

// SetNote keeps a note as it is typed; edits of one note in a row are one
// step of the history. The note's own row is not drawn again (its field
// already shows it); the rows that show it elsewhere are. A note is kept
// to annotations.MaxNoteSize bytes, cut at a character, so that every
// export reads back; its row then shows it cut.
func (w *Workspace) SetNote(id, note string) Diff {
	cut := len(note) > annotations.MaxNoteSize
	if cut {
		i := annotations.MaxNoteSize
		for i > 0 && !utf8.RuneStart(note[i]) {
			i--
		}
		note = note[:i]
	}
	it := w.byID[id]
	if it == nil || it.Note == note {
		return Diff{}
	}
	a := it.Annotation
	a.Note = note
	w.touch(&a)
	d := w.commit(Label{Kind: NoteEdited, Name: id}, map[string]*annotations.Annotation{id: &a}, nil)
	if !cut {
		d.Rows = slices.DeleteFunc(d.Rows, func(r Row) bool { return r.ID == id && r.Kind == Update })
	}
	return d
}

// Delete removes an annotation and moves the focus to the next shown one
// (or the one before), so the keyboard is never left nowhere.
func (w *Workspace) Delete(id string) Diff {
	if w.current(id) == nil {
		return Diff{}
	}
	next := ""
	if w.focus == id {
		next = w.Neighbour(id)
	}
	d := w.commit(Label{Kind: Deleted}, map[string]*annotations.Annotation{id: nil}, nil)
	if next != "" {
		d = merge(d, w.SetFocus(next))
	}
	return d
}

// Reattach moves an annotation to the passage [start, end), keeping its
// id, tag, note and creation time.
func (w *Workspace) Reattach(id string, start, end int) (Diff, error) {
	it := w.byID[id]
	if it == nil {
		return Diff{}, ErrNoFocus
	}
	target, err := annotations.Describe(w.doc, start, end)
	if err != nil {
		return Diff{}, ErrNoSelection
	}
	a := it.Annotation
	a.Target = target
	a.Kept.Target = nil // the target it had no longer says where it is
	w.touch(&a)
	return w.commit(Label{Kind: Reattached}, map[string]*annotations.Annotation{id: &a},
		map[string]annotations.Match{id: {Status: annotations.Anchored, Start: start, End: end, Score: 1}}), nil
}

// LinkSource tags the passage [start, end) as a source and links the
// focused claim or quote to it, in one step; the focus stays on the claim.
func (w *Workspace) LinkSource(start, end int) (Diff, error) {
	from := w.byID[w.focus]
	if from == nil || from.Tag == annotations.Source {
		return Diff{}, ErrNoFocus
	}
	target, err := annotations.Describe(w.doc, start, end)
	if err != nil {
		return Diff{}, ErrNoSelection
	}
	src := w.fresh(annotations.Source, target)
	a := from.Annotation
	a.Links = append(slices.Clone(a.Links), src.ID)
	w.touch(&a)
	return w.commit(Label{Kind: Linked}, map[string]*annotations.Annotation{src.ID: &src, a.ID: &a},
		map[string]annotations.Match{src.ID: {Status: annotations.Anchored, Start: start, End: end, Score: 1}}), nil
}

// Import merges a decoded file, as one step of the history: each
// annotation is written where it stands in this text, keeping the target
// the file gave as its origin (what cannot be placed keeps the target it
// has); versions are merged as annotations.MergeFile does, with what was
// deleted here staying deleted; links the file makes from annotations
// already here are added to them.
func (w *Workspace) Import(name string, im *annotations.Import) (Diff, annotations.Report) {
	incoming := make([]annotations.Annotation, 0, len(im.Annotations)+len(im.Unshown))
	targets := make([]annotations.Target, len(im.Annotations))
	for i, a := range im.Annotations {
		targets[i] = a.Target
	}
	w.origins = map[string]origin{}
	defer func() { w.origins = nil }()
	for i, m := range annotations.LocateAll(w.doc, targets) {
		a := annotations.Place(w.doc, im.Annotations[i], m)
		if o := a.Kept.Origin; len(o) > 0 && len(im.Annotations[i].Kept.Origin) == 0 {
			w.origins[a.ID] = origin{raw: o, target: im.Annotations[i].Target}
		}
		incoming = append(incoming, a)
	}
	incoming = append(incoming, im.Unshown...)
	dead := make(map[string]time.Time, len(w.dead))
	for id, ms := range w.dead {
		dead[id] = time.UnixMilli(ms).UTC()
	}
	merged, rep := annotations.MergeFile(w.All(), incoming, dead)
	at := make(map[string]int, len(merged))
	for i, a := range merged {
		at[a.ID] = i
	}
	has := map[[2]string]bool{}
	for _, a := range merged {
		for _, to := range a.Links {
			has[[2]string{a.ID, to}] = true
		}
	}
	for _, l := range im.Links {
		if i, ok := at[l[0]]; ok && !has[l] {
			has[l] = true
			merged[i].Links = append(slices.Clone(merged[i].Links), l[1])
			w.touch(&merged[i])
		}
	}
	var d Diff
	next := w.changes(merged)
	if len(next) > 0 {
		d = w.commit(Label{Kind: Imported, Name: name}, next, nil)
	}
	// Orphans the import brought or changed: one listed as an orphan
	// before, and left as it was, is not news.
	counted := map[string]bool{}
	for _, a := range im.Annotations {
		if it := w.byID[a.ID]; it != nil && next[a.ID] != nil && !counted[a.ID] && it.Match.Status == annotations.Orphan {
			counted[a.ID] = true
			rep.Orphans++
		}
	}
	return d, rep
}

// Sync takes in what was saved elsewhere (another tab): the newer version
// of each annotation wins, and a deletion wins over any older version.
// Nothing is saved (it is saved already) and the history is left as it is.
func (w *Workspace) Sync(list []annotations.Annotation, dead map[string]int64) Diff {
	for id, at := range dead {
		if at > w.dead[id] {
			w.dead[id] = at
		}
	}
	var live []annotations.Annotation
	for _, a := range annotations.Merge(w.All(), list) {
		if at, gone := w.dead[a.ID]; !gone || a.Modified.UnixMilli() > at {
			live = append(live, a)
		}
	}
	next := w.changes(live)
	if len(next) == 0 {
		return Diff{}
	}
	deaths := map[string]int64{}
	for id, a := range next {
		if a == nil {
			deaths[id] = w.dead[id]
		}
	}
	d := w.apply(next, nil, false)
	d.Elsewhere = true
	for id, at := range deaths { // the deletion made elsewhere, not now
		if at != 0 {
			w.dead[id] = at
		}
	}
	return d
}

// changes are what turns the annotations as they stand into list: each
// that differs, and nil for each no longer there.
func (w *Workspace) changes(list []annotations.Annotation) map[string]*annotations.Annotation {
	next := map[string]*annotations.Annotation{}
	in := make(map[string]bool, len(list))
	for i := range list {
		a := &list[i]
		in[a.ID] = true
		if c := w.current(a.ID); c == nil || !annotations.Same(*c, *a) {
			next[a.ID] = a
		}
	}
	for _, it := range w.items {
		if !in[it.ID] {
			next[it.ID] = nil
		}
	}
	for _, u := range w.unshown {
		if !in[u.ID] {
			next[u.ID] = nil
		}
	}
	return next
}

// merge joins two diffs made one after the other.
func merge(a, b Diff) Diff {
	a.Save = append(a.Save, b.Save...)
	a.Paint = append(a.Paint, b.Paint...)
	for _, r := range b.Rows {
		// A row inserted or updated in a is drawn from the state after b.
		if r.Kind == Update && slices.ContainsFunc(a.Rows, func(x Row) bool { return x.ID == r.ID && x.Kind != Remove }) {
			continue
		}
		a.Rows = append(a.Rows, r)
	}
	a.Reset = a.Reset || b.Reset
	a.Repaint = a.Repaint || b.Repaint
	a.Focus = a.Focus || b.Focus
	a.Unshown = a.Unshown || b.Unshown
	return a
}
