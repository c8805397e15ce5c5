package annotations

import "strings"

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
