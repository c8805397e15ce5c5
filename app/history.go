package app

import (
	"time"

	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// step is one change the reader can undo: the annotations before and
// after it.
type step struct {
	before, after []annotations.Annotation
	label         msg
	noteOf        string // for a note edit, the annotation's id: edits in a row are one step
}

// maxSteps bounds the undo history.
const maxSteps = 200

// change makes next the annotations, as one step of the history: it saves
// what was added or changed and leaves tombstones for what was removed.
func (r *Reader) change(ctx app.Context, next []annotations.Annotation, label msg) {
	before := r.list()
	r.undos = append(r.undos, step{before: before, after: next, label: label})
	if len(r.undos) > maxSteps {
		r.undos = r.undos[1:]
	}
	r.redos = nil
	r.apply(ctx, before, next)
}

// apply moves from one list to another and saves the difference.
func (r *Reader) apply(ctx app.Context, before, next []annotations.Annotation) {
	old := make(map[string]annotations.Annotation, len(before))
	for _, a := range before {
		old[a.ID] = a
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	var recs []record
	kept := map[string]bool{}
	for _, a := range next {
		kept[a.ID] = true
		if o, ok := old[a.ID]; !ok || !annotations.Same(o, a) {
			recs = append(recs, recordOf(a))
			delete(r.dead, a.ID)
		}
	}
	for _, a := range before {
		if !kept[a.ID] {
			at := now
			if !at.After(a.Modified) {
				at = a.Modified.Add(time.Millisecond)
			}
			r.dead[a.ID] = at.UnixMilli()
			recs = append(recs, tombstone(a.ID, at))
		}
	}
	r.setList(next)
	r.repaint()
	r.save(ctx, recs...)
}

// undo goes back one step. What it brings back is saved as modified now,
// so it outranks the deletion or edit it undoes, here and in other tabs.
func (r *Reader) undo(ctx app.Context) {
	if s, ok := move(&r.undos, &r.redos); ok {
		r.apply(ctx, r.list(), touched(s.before, r.list()))
		r.said = msgUndone.text() + ": " + s.label.text()
	} else {
		r.said = msgNothingToUndo.text()
	}
}

func (r *Reader) redo(ctx app.Context) {
	if s, ok := move(&r.redos, &r.undos); ok {
		r.apply(ctx, r.list(), touched(s.after, r.list()))
		r.said = msgRedone.text() + ": " + s.label.text()
	} else {
		r.said = msgNothingToRedo.text()
	}
}

// move takes the last step off one stack and puts it on the other.
func move(from, to *[]step) (step, bool) {
	if len(*from) == 0 {
		return step{}, false
	}
	s := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, s)
	return s, true
}

// touched is target with each annotation that differs from now marked as
// modified now.
func touched(target, now []annotations.Annotation) []annotations.Annotation {
	cur := make(map[string]annotations.Annotation, len(now))
	for _, a := range now {
		cur[a.ID] = a
	}
	at := time.Now().UTC().Truncate(time.Millisecond)
	out := make([]annotations.Annotation, len(target))
	for i, a := range target {
		if c, ok := cur[a.ID]; !ok || !annotations.Same(c, a) {
			if c.Modified.After(at) || a.Modified.After(at) {
				at = latest(c.Modified, a.Modified).Add(time.Millisecond)
			}
			a.Touch(at)
		}
		out[i] = a
	}
	return out
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// noteStep records a note edit in the history; edits of the same note in
// a row are one step.
func (r *Reader) noteStep(before []annotations.Annotation, id string) {
	if n := len(r.undos); n > 0 && r.undos[n-1].noteOf == id {
		r.undos[n-1].after = r.list()
		return
	}
	r.undos = append(r.undos, step{before: before, after: r.list(), label: msgNoteEdit, noteOf: id})
	r.redos = nil
}
