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
			// Versions that differ in any one thing, at the same moment
			// as often as not.
			switch rng.IntN(6) {
			case 0:
				a.Note = fmt.Sprint("note ", rng.IntN(3))
			case 1:
				a.Creator = annotations.Agent{ID: fmt.Sprint("urn:x:reader", rng.IntN(3))}
			case 2:
				a.Target.Source = fmt.Sprint("urn:x:doc", rng.IntN(2))
			case 3:
				a.Target.Quote.Prefix = fmt.Sprint(rng.IntN(3))
			case 4:
				a.Links = []string{fmt.Sprint("urn:x:", rng.IntN(2))}
			}
			out = append(out, a)
		}
		return out
	}
	key := func(list []annotations.Annotation) string { return fmt.Sprintf("%+v", list) }
	for i := range 500 {
		a, b, c := variant(), variant(), variant()
		// Every version modified last is in the result, under its id or
		// as a conflicting copy of it.
		all := annotations.Merge(a, b, c)
		for _, v := range append(append(append([]annotations.Annotation{}, a...), b...), c...) {
			if !kept(all, v) {
				t.Fatalf("case %d: the latest version %s of %s was dropped", i, annotations.Canonical(v), v.ID)
			}
		}
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
	want := annotations.Report{Added: 1, Updated: 1, Older: 1, Conflicts: 1, Deleted: 1}
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

// kept reports whether v, or a version of its id modified after it, is in
// list, under its id or as a conflicting copy.
func kept(list []annotations.Annotation, v annotations.Annotation) bool {
	key := func(a annotations.Annotation) string {
		if a.ConflictOf != "" {
			return a.ConflictOf
		}
		return a.ID
	}
	for _, a := range list {
		if key(a) != key(v) {
			continue
		}
		if a.Modified.After(v.Modified) {
			return true
		}
		b := a
		b.ID, b.ConflictOf = v.ID, v.ConflictOf
		if annotations.Same(b, v) {
			return true
		}
	}
	return false
}

// Three versions of one id made at the same moment, differing only by
// their creator, are three annotations after a merge, in any order.
func TestMergeKeepsEveryTie(t *testing.T) {
	d := seed(t)
	base := seedAnnotations(t, d)[0]
	var versions []annotations.Annotation
	for _, who := range []string{"urn:x:a", "urn:x:b", "urn:x:c"} {
		v := base
		v.Creator = annotations.Agent{ID: who}
		versions = append(versions, v)
	}
	want := annotations.Merge(versions)
	if len(want) != 3 {
		t.Fatalf("%d annotations, want 3", len(want))
	}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}} {
		var got []annotations.Annotation
		for _, i := range order {
			got = annotations.Merge(got, versions[i:i+1])
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("order %v: %v, want %v", order, got, want)
		}
	}
	// A later version of the id supersedes the copies.
	later := base
	later.Note = "settled"
	later.Modified = later.Modified.Add(time.Minute)
	if got := annotations.Merge(want, []annotations.Annotation{later}); len(got) != 1 || got[0].Note != "settled" {
		t.Errorf("after a later version: %v", got)
	}
	// A copy the reader changed is theirs: it stays.
	mine := want[1]
	mine.Touch(mine.Modified.Add(time.Hour))
	if got := annotations.Merge(want, []annotations.Annotation{later, mine}); len(got) != 2 {
		t.Errorf("a changed copy was dropped: %v", got)
	}
}

func FuzzMerge(f *testing.F) {
	f.Add(uint64(1), uint64(2), uint8(3))
	f.Add(uint64(7), uint64(0), uint8(9))
	d, _ := annotations.Parse("one two three four five six seven eight nine ten")
	f.Fuzz(func(t *testing.T, s1, s2 uint64, n uint8) {
		rng := rand.New(rand.NewPCG(s1, s2))
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		gen := func() []annotations.Annotation {
			var out []annotations.Annotation
			for range rng.IntN(int(n%8) + 1) {
				start := rng.IntN(40)
				tg, err := annotations.Describe(d, start, start+1+rng.IntN(8))
				if err != nil {
					continue
				}
				a := annotations.Annotation{ID: fmt.Sprint("urn:x:", rng.IntN(3)), Tag: annotations.Tags[rng.IntN(3)],
					Note: fmt.Sprint(rng.IntN(2)), Created: at, Modified: at.Add(time.Duration(rng.IntN(2)) * time.Second), Target: tg}
				if rng.IntN(2) == 0 {
					a.Creator.Name = fmt.Sprint(rng.IntN(2))
				}
				out = append(out, a)
			}
			return annotations.Merge(out) // a list as a file holds it: one version per id
		}
		a, b, c := gen(), gen(), gen()
		key := func(l []annotations.Annotation) string { return fmt.Sprintf("%+v", l) }
		if key(annotations.Merge(a, b)) != key(annotations.Merge(b, a)) {
			t.Fatal("not commutative")
		}
		if key(annotations.Merge(annotations.Merge(a, b), c)) != key(annotations.Merge(a, annotations.Merge(b, c))) {
			t.Fatal("not associative")
		}
		ab := annotations.Merge(a, b)
		if key(annotations.Merge(ab, ab)) != key(ab) {
			t.Fatal("not idempotent")
		}
		for _, v := range append(append([]annotations.Annotation{}, a...), b...) {
			if !kept(ab, v) {
				t.Fatalf("dropped %s", annotations.Canonical(v))
			}
		}
	})
}
