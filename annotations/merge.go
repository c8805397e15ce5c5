package annotations

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"fmt"
	"slices"
	"time"
)

// Merge combines lists of annotations by id. For an id found more than
// once the version modified last is kept. Versions modified at the same
// moment that say different things are all kept: the greatest, by its
// canonical content, under the id, each other under an id made from its
// content (ConflictID) with ConflictOf naming the id. Such a copy is
// dropped when a later version of that id comes in: the later version
// supersedes every version before it, as it does for the id itself. So
// merging is commutative, associative and idempotent, and no version
// modified last is ever dropped. The result is in reading order.
func Merge(lists ...[]Annotation) []Annotation {
	var all []Annotation
	for _, l := range lists {
		all = append(all, l...)
	}
	out := resolve(all)
	SortByPosition(out)
	return out
}

// resolve keeps, for each id, the versions modified last, with ties kept
// under conflict ids, then drops the conflict copies whose original has
// been changed since; it repeats until nothing changes (a copy made in one
// round may meet a copy of itself in the next).
func resolve(all []Annotation) []Annotation {
	for {
		byID := make(map[string][]int, len(all))
		var order []string
		for i, a := range all {
			if _, ok := byID[a.ID]; !ok {
				order = append(order, a.ID)
			}
			byID[a.ID] = append(byID[a.ID], i)
		}
		out := make([]Annotation, 0, len(order))
		changed := false
		for _, id := range order {
			idx := byID[id]
			if len(idx) == 1 {
				out = append(out, all[idx[0]])
				continue
			}
			latest := all[idx[0]].Modified
			for _, i := range idx[1:] {
				if all[i].Modified.After(latest) {
					latest = all[i].Modified
				}
			}
			var tied []Annotation
			var keys [][]byte
			for _, i := range idx {
				a := all[i]
				if !a.Modified.Equal(latest) {
					continue
				}
				k := Canonical(a)
				if !slices.ContainsFunc(keys, func(x []byte) bool { return bytes.Equal(x, k) }) {
					tied = append(tied, a)
					keys = append(keys, k)
				}
			}
			order := make([]int, len(tied))
			for i := range order {
				order[i] = i
			}
			slices.SortFunc(order, func(i, j int) int { return -bytes.Compare(keys[i], keys[j]) })
			out = append(out, tied[order[0]])
			for _, i := range order[1:] {
				out = append(out, conflictCopy(tied[i]))
				changed = true
			}
		}
		// A copy gives way to a later version of its original.
		latest := make(map[string]time.Time, len(out))
		for _, a := range out {
			if t, ok := latest[a.ID]; !ok || a.Modified.After(t) {
				latest[a.ID] = a.Modified
			}
		}
		kept := out[:0]
		for _, a := range out {
			if t, ok := latest[a.ConflictOf]; a.ConflictOf != "" && ok && t.After(a.Modified) {
				changed = true
				continue
			}
			kept = append(kept, a)
		}
		all = kept
		if !changed {
			return all
		}
	}
}

// conflictCopy is a version kept beside the one that keeps the id.
func conflictCopy(a Annotation) Annotation {
	a.ConflictOf = cmp.Or(a.ConflictOf, a.ID)
	a.ID = ConflictID(a)
	return a
}

// Canonical is an annotation's content as canonical JSON: times in UTC,
// links in order. Two versions are the same when their canonical forms
// are equal.
func Canonical(a Annotation) []byte {
	a.Created, a.Modified = a.Created.UTC(), a.Modified.UTC()
	if !slices.IsSorted(a.Links) {
		a.Links = slices.Sorted(slices.Values(a.Links))
	}
	b, _ := marshal(a)
	return b
}

// Same reports whether two versions of an annotation say the same thing.
func Same(a, b Annotation) bool { return bytes.Equal(Canonical(a), Canonical(b)) }

// Report says what merging a file changed.
type Report struct {
	Added, Updated, Unchanged int
	// Older are incoming versions older than the one here, which stays.
	Older int
	// Conflicts are annotations found with the same id and the same
	// modification time but different content: both versions are kept,
	// one under an id made from its content.
	Conflicts int
	// Deleted are incoming annotations deleted here after they were last
	// modified; they stay deleted.
	Deleted int
}

// MergeFile merges incoming annotations (from a file) into have, as Merge
// does. deleted maps ids deleted here to when: an incoming version not
// modified after that stays deleted. Merging a file twice changes nothing.
func MergeFile(have, incoming []Annotation, deleted map[string]time.Time) ([]Annotation, Report) {
	var r Report
	byID := make(map[string]Annotation, len(have))
	for _, a := range have {
		byID[a.ID] = a
	}
	in := make([]Annotation, 0, len(incoming))
	for _, a := range incoming {
		if at, ok := deleted[a.ID]; ok && !a.Modified.After(at) {
			r.Deleted++
			continue
		}
		in = append(in, a)
		old, ok := byID[a.ID]
		switch {
		case !ok:
			r.Added++
		case a.Modified.After(old.Modified):
			r.Updated++
		case a.Modified.Before(old.Modified):
			r.Older++
		case Same(old, a):
			r.Unchanged++
		default:
			// A tie: the version that is not kept under the id is kept
			// under its conflict id, unless it is already there.
			loser := a
			if bytes.Compare(Canonical(a), Canonical(old)) > 0 {
				loser = old
			}
			loser = conflictCopy(loser)
			if c, exists := byID[loser.ID]; exists && Same(c, loser) {
				r.Unchanged++
			} else {
				r.Conflicts++
			}
		}
	}
	return Merge(have, in), r
}

// ConflictID is the id under which a conflicting version is kept: a
// name-based UUID of the version's canonical content, so the same
// conflict always gets the same id.
func ConflictID(a Annotation) string {
	a.ID = ""
	return nameUUID("conflict\x00" + string(Canonical(a)))
}

// LinkID is the id of the W3C linking annotation between two annotations.
func LinkID(from, to string) string { return nameUUID("link\x00" + from + "\x00" + to) }

// nameUUID is a name-based (version 5 style) UUID URN of a string.
func nameUUID(name string) string {
	h := sha1.New()
	h.Write([]byte(name))
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
