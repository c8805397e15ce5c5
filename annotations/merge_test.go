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
