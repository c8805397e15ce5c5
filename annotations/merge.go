package annotations

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/json"
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
			// Versions made at that moment that say the same thing (see
			// sameSay) are one version, joined; the others conflict.
			var tied []Annotation
			var says [][]byte
			for _, i := range idx {
				a := all[i]
				if !a.Modified.Equal(latest) || slices.ContainsFunc(tied, func(t Annotation) bool { return Same(t, a) }) {
					continue // older, or the same version again (the common case: cheap)
				}
				if len(tied) == 0 {
					tied = append(tied, a)
					continue
				}
				if says == nil {
					says = [][]byte{sayKey(tied[0])}
				}
				k := sayKey(a)
				if j := slices.IndexFunc(says, func(x []byte) bool { return bytes.Equal(x, k) }); j >= 0 {
					tied[j] = joinVersions(tied[j], a)
					continue
				}
				tied = append(tied, a)
				says = append(says, k)
			}
			if len(tied) == 1 {
				out = append(out, tied[0])
				continue
			}
			keys := make([][]byte, len(tied))
			for i, a := range tied {
				keys[i] = Canonical(a)
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
	if len(a.Kept.Whole) > 0 {
		// Kept whole, it is written under its own id, as it is read back.
		dec := json.NewDecoder(bytes.NewReader(a.Kept.Whole))
		dec.UseNumber()
		var m map[string]any
		if dec.Decode(&m) == nil && m != nil {
			m["id"] = a.ID
			a.Kept.Whole = canon(m)
		}
	}
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

// Same reports whether two versions of an annotation say the same thing:
// whether their canonical forms are equal. What files brought beside
// (Kept) is written out only when both have some.
func Same(a, b Annotation) bool {
	if a.ID != b.ID || a.Tag != b.Tag || a.Note != b.Note || a.ConflictOf != b.ConflictOf || a.Creator != b.Creator ||
		a.Target != b.Target || !a.Created.Equal(b.Created) || !a.Modified.Equal(b.Modified) || !sameLinks(a.Links, b.Links) {
		return false
	}
	if a.Kept.IsZero() || b.Kept.IsZero() {
		return a.Kept.IsZero() && b.Kept.IsZero()
	}
	ka, _ := marshal(a.Kept)
	kb, _ := marshal(b.Kept)
	return bytes.Equal(ka, kb)
}

// sameLinks reports whether two lists hold the same links, in any order.
func sameLinks(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	if !slices.IsSorted(a) {
		a = slices.Sorted(slices.Values(a))
	}
	if !slices.IsSorted(b) {
		b = slices.Sorted(slices.Values(b))
	}
	return slices.Equal(a, b)
}

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
	// Orphans are the incoming annotations that could not be found in the
	// text, as it stands after the merge: counted by whoever places them
	// (MergeFile does not).
	Orphans int
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
		case bytes.Equal(sayKey(old), sayKey(a)):
			// The same thing said twice, one with more of what a file
			// brought: the two are joined.
			if Same(joinVersions(old, a), old) {
				r.Unchanged++
			} else {
				r.Updated++
			}
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

// sayKey is what a version says that a reader sees and acts on: its tag,
// note, passage, links and creator. Two versions of an id made at the same
// moment with the same sayKey differ only in what files brought beside
// (one tool's export of an annotation and its JSON-LD, say), and are joined
// rather than kept as a conflict.
func sayKey(a Annotation) []byte {
	if len(a.Kept.Whole) > 0 {
		return Canonical(a)
	}
	who := a.Creator.ID
	if who == "" {
		who = "name:" + a.Creator.Name
	}
	links := slices.Sorted(slices.Values(a.Links))
	b, _ := marshal([]any{a.Tag, a.Note, a.Target.Source, a.Target.Quote, a.Target.Position, links, who, a.ConflictOf})
	return b
}

// joinVersions is one version made of two that say the same thing: each
// property either has, the greater (by canonical JSON) where both have one,
// bodies in canonical order, so the result does not depend on the order.
func joinVersions(a, b Annotation) Annotation {
	switch c := bytes.Compare(Canonical(a), Canonical(b)); {
	case c == 0:
		return a
	case c < 0:
		a, b = b, a
	}
	if a.Creator.Name == "" || (b.Creator.Name != "" && b.Creator.Name > a.Creator.Name) {
		a.Creator.Name = cmp.Or(b.Creator.Name, a.Creator.Name)
	}
	if a.Created.IsZero() || (!b.Created.IsZero() && b.Created.Before(a.Created)) {
		a.Created = cmp.Or(b.Created, a.Created)
	}
	a.Target.Language = greater(a.Target.Language, b.Target.Language)
	a.Target.Direction = Direction(greater(string(a.Target.Direction), string(b.Target.Direction)))
	if b.Target.Hint != (Hint{}) && (a.Target.Hint == (Hint{}) || b.Target.Hint.Start > a.Target.Hint.Start) {
		a.Target.Hint = b.Target.Hint
	}
	k, o := a.Kept, b.Kept
	k.Props = joinProps(k.Props, o.Props)
	k.TagBody = joinProps(k.TagBody, o.TagBody)
	k.NoteBody = joinProps(k.NoteBody, o.NoteBody)
	if a.Creator.Name != "" {
		// A creator written as a bare id says less than the named one.
		if c, ok := k.Props["creator"]; ok && string(c) == string(canon(a.Creator.ID)) {
			delete(k.Props, "creator")
		}
	}
	for _, x := range o.Bodies {
		if !slices.ContainsFunc(k.Bodies, func(y json.RawMessage) bool { return bytes.Equal(x, y) }) {
			k.Bodies = append(k.Bodies, x)
		}
	}
	if len(k.Bodies) > 1 {
		k.Bodies = slices.SortedFunc(slices.Values(k.Bodies), func(x, y json.RawMessage) int { return bytes.Compare(x, y) })
	}
	if bytes.Compare(o.Target, k.Target) > 0 {
		k.Target = o.Target
	}
	if bytes.Compare(o.Origin, k.Origin) > 0 {
		k.Origin = o.Origin
	}
	a.Kept = k
	return a
}

func greater(a, b string) string { return max(a, b) }

// joinProps is the union of two sets of properties, the greater value
// where both have one.
func joinProps(a, b map[string]json.RawMessage) map[string]json.RawMessage {
	if len(b) == 0 {
		return a
	}
	out := make(map[string]json.RawMessage, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if w, ok := out[k]; !ok || bytes.Compare(v, w) > 0 {
			out[k] = v
		}
	}
	return out
}
