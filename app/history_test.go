package app

import (
	"testing"
	"time"

	"annotator/annotations"
)

func TestTouchedMarksWhatUndoChanges(t *testing.T) {
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	a := annotations.Annotation{ID: "a", Tag: annotations.Claim, Created: at, Modified: at}
	b := annotations.Annotation{ID: "b", Tag: annotations.Quote, Created: at, Modified: at}
	edited := b
	edited.Note = "later"
	edited.Modified = at.Add(time.Minute)

	// Undoing a delete of a and an edit of b: a comes back and b goes back,
	// both as modified now, so they outrank the tombstone and the edit.
	got := touched([]annotations.Annotation{a, b}, []annotations.Annotation{edited})
	if len(got) != 2 {
		t.Fatalf("%d annotations", len(got))
	}
	for _, g := range got {
		if !g.Modified.After(edited.Modified) {
			t.Errorf("%s is not marked as modified after %v: %v", g.ID, edited.Modified, g.Modified)
		}
	}
	if got[1].Note != "" {
		t.Errorf("b kept the edit undone: %q", got[1].Note)
	}
	// What does not change is left as it was.
	same := touched([]annotations.Annotation{a}, []annotations.Annotation{a})
	if !same[0].Modified.Equal(at) {
		t.Errorf("an unchanged annotation was marked modified")
	}
}

func TestNoteEditsAreOneStep(t *testing.T) {
	r := &Reader{}
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	base := []annotations.Annotation{{ID: "a", Created: at, Modified: at}}
	r.setList(nil)
	r.noteStep(base, "a")
	r.noteStep(base, "a")
	r.noteStep(base, "a")
	if len(r.undos) != 1 {
		t.Errorf("three edits of one note made %d steps, want 1", len(r.undos))
	}
	r.noteStep(base, "b")
	if len(r.undos) != 2 {
		t.Errorf("an edit of another note made %d steps, want 2", len(r.undos))
	}
	r.redos = []step{{}}
	r.noteStep(base, "c")
	if r.redos != nil {
		t.Error("a new edit kept the redo history")
	}
}
