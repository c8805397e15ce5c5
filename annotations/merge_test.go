package annotations_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"annotator/annotations"
)

func TestMergeKeepsNewest(t *testing.T) {
	d := seed(t)
	base := seedAnnotations(t, d)
	edited := base[1]
	edited.Note = "later note"
	edited.Modified = edited.Modified.Add(time.Hour)
	got := annotations.Merge(base, []annotations.Annotation{edited, base[0]})
	if len(got) != len(base) {
		t.Fatalf("%d annotations, want %d", len(got), len(base))
	}
	for _, a := range got {
		if a.ID == edited.ID && a.Note != "later note" {
			t.Errorf("merge kept the older version of %s", a.ID)
		}
	}
}

// Merging is order-independent and idempotent, whatever the lists.
func TestMergeProperties(t *testing.T) {
	d := seed(t)
	base := seedAnnotations(t, d)
	rng := rand.New(rand.NewPCG(3, 4))
	variant := func() []annotations.Annotation {
		var out []annotations.Annotation
		for _, a := range base {
			if rng.IntN(3) == 0 {
				continue
			}
			a.Modified = a.Modified.Add(time.Duration(rng.IntN(3)) * time.Minute)
			if rng.IntN(2) == 0 {
				a.Note = fmt.Sprint("note ", rng.IntN(3))
			}
			out = append(out, a)
		}
		return out
	}
	key := func(list []annotations.Annotation) string { return fmt.Sprintf("%+v", list) }
	for i := range 300 {
		a, b, c := variant(), variant(), variant()
		ab, ba := annotations.Merge(a, b), annotations.Merge(b, a)
		if key(ab) != key(ba) {
			t.Fatalf("case %d: Merge(a, b) != Merge(b, a)", i)
		}
		if key(annotations.Merge(ab, c)) != key(annotations.Merge(a, annotations.Merge(b, c))) {
			t.Fatalf("case %d: merge is not associative", i)
		}
		if key(annotations.Merge(ab, ab)) != key(ab) || key(annotations.Merge(ab, a)) != key(ab) {
			t.Fatalf("case %d: merge is not idempotent", i)
		}
	}
}

func TestMergeFile(t *testing.T) {
	d := seed(t)
	base := seedAnnotations(t, d)
	newerNote := base[0]
	newerNote.Note = "edited later"
	newerNote.Modified = newerNote.Modified.Add(time.Hour)
	olderNote := base[1]
	olderNote.Note = "an old version"
	olderNote.Modified = olderNote.Modified.Add(-time.Hour)
	tie := base[2]
	tie.Note = "changed at the same moment elsewhere"
	deleted := base[3]
	fresh := base[3]
	fresh.ID = "urn:uuid:3f1c2a4e-0000-4000-8000-0000000000ff"

	incoming := []annotations.Annotation{newerNote, olderNote, tie, deleted, fresh}
	dead := map[string]time.Time{deleted.ID: deleted.Modified.Add(time.Minute)}
	got, r := annotations.MergeFile(base[:3], incoming, dead)
	want := annotations.Report{Added: 1, Updated: 1, Unchanged: 1, Conflicts: 1, Deleted: 1}
	if r != want {
		t.Errorf("report %+v, want %+v", r, want)
	}
	if len(got) != 5 { // 3 had + fresh + the conflicting copy
		t.Fatalf("%d annotations, want 5", len(got))
	}
	notes := map[string]bool{}
	for _, a := range got {
		notes[a.Note] = true
	}
	for _, n := range []string{"edited later", base[1].Note, base[2].Note, tie.Note} {
		if !notes[n] {
			t.Errorf("lost the version with note %q", n)
		}
	}
	// Twice is once; the other order gives the same.
	again, r2 := annotations.MergeFile(got, incoming, dead)
	if fmt.Sprint(again) != fmt.Sprint(got) || r2.Added+r2.Updated+r2.Conflicts != 0 {
		t.Errorf("merging the file again changed things: %+v", r2)
	}
	other, _ := annotations.MergeFile(incoming[:3], base[:3], nil)
	first, _ := annotations.MergeFile(base[:3], incoming[:3], nil)
	if fmt.Sprint(other) != fmt.Sprint(first) {
		t.Error("the result depends on which side is the file")
	}
}
