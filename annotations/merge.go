package annotations

import (
	"crypto/sha1"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Merge combines lists of annotations by id. For an id found more than
// once the version modified last is kept; between versions modified at the
// same moment the choice does not depend on the order of the lists (the
// greater note, then the greater quote, wins), so merging is commutative,
// associative and idempotent. The result is in reading order.
func Merge(lists ...[]Annotation) []Annotation {
	byID := map[string]Annotation{}
	var order []string
	for _, list := range lists {
		for _, a := range list {
			old, ok := byID[a.ID]
			if !ok {
				order = append(order, a.ID)
				byID[a.ID] = a
				continue
			}
			if newer(a, old) {
				byID[a.ID] = a
			}
		}
	}
	out := make([]Annotation, 0, len(order))
	for _, id := range order {
		out = append(out, byID[id])
	}
	SortByPosition(out)
	return out
}

// newer reports whether a should replace b, a version of the same
// annotation.
func newer(a, b Annotation) bool {
	if !a.Modified.Equal(b.Modified) {
		return a.Modified.After(b.Modified)
	}
	if a.Note != b.Note {
		return a.Note > b.Note
	}
	if a.Tag != b.Tag {
		return a.Tag > b.Tag
	}
	return strings.Compare(a.Target.Quote.Exact, b.Target.Quote.Exact) > 0 ||
		a.Target.Quote.Exact == b.Target.Quote.Exact && a.Target.Position.Start > b.Target.Position.Start
}

// Report says what merging a file changed.
type Report struct {
	Added, Updated, Unchanged int
	// Conflicts are annotations found with the same id and the same
	// modification time but different content: both versions are kept, the
	// second under an id derived from the first and its content.
	Conflicts int
	// Deleted are incoming annotations deleted here after they were last
	// modified; they stay deleted.
	Deleted int
}

// MergeFile merges incoming annotations (from a file) into have. deleted
// maps ids deleted here to when. For the same id the newer version wins;
// a tie with different content keeps both. Like Merge, the result does
// not depend on the order files are merged in, and merging a file twice
// changes nothing.
func MergeFile(have, incoming []Annotation, deleted map[string]time.Time) ([]Annotation, Report) {
	var r Report
	byID := make(map[string]Annotation, len(have))
	for _, a := range have {
		byID[a.ID] = a
	}
	var add []Annotation
	for _, a := range incoming {
		if at, ok := deleted[a.ID]; ok && !a.Modified.After(at) {
			r.Deleted++
			continue
		}
		old, ok := byID[a.ID]
		switch {
		case !ok:
			r.Added++
		case same(old, a):
			r.Unchanged++
			continue
		case old.Modified.Equal(a.Modified):
			// Neither is newer: keep both, each where Merge's order puts it.
			keep, other := old, a
			if newer(a, old) {
				keep, other = a, old
			}
			other.ID = conflictID(other)
			if c, exists := byID[other.ID]; exists && same(c, other) {
				r.Unchanged++
			} else {
				r.Conflicts++
			}
			byID[keep.ID] = keep
			byID[other.ID] = other
			add = append(add, keep, other)
			continue
		case a.Modified.After(old.Modified):
			r.Updated++
		default:
			r.Unchanged++ // what is here is newer
			continue
		}
		byID[a.ID] = a
		add = append(add, a)
	}
	return Merge(have, add), r
}

// same reports whether two versions of an annotation say the same thing.
func same(a, b Annotation) bool {
	return a.ID == b.ID && a.Tag == b.Tag && a.Note == b.Note && a.Target == b.Target && a.Creator == b.Creator &&
		slices.Equal(a.Links, b.Links) &&
		a.Created.Equal(b.Created) && a.Modified.Equal(b.Modified)
}

// conflictID is the id under which a conflicting version is kept: a
// name-based UUID (version 5) of the original id and the content, so the
// same conflict always gets the same id.
func conflictID(a Annotation) string {
	return nameUUID(fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%d\x00%d", a.ID, a.Tag, a.Note, a.Target.Quote.Exact, a.Target.Position.Start, a.Target.Position.End))
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
