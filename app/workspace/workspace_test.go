package workspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"annotator/annotations"
	"annotator/app/documents"
)

var seed = func() *annotations.Document {
	d, err := annotations.Parse(documents.Seed)
	if err != nil {
		panic(err)
	}
	return d
}()

// newTest is a workspace with a clock that moves one millisecond a call
// and ids counted from 1.
func newTest() *Workspace {
	w := New(seed)
	at := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	w.Now = func() time.Time { at = at.Add(time.Millisecond); return at }
	n := 0
	w.NewID = func() string { n++; return fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", n) }
	w.Me = annotations.Agent{ID: "urn:uuid:me", Name: "قارئ"}
	return w
}

// page is what a page holds after applying diffs as they come: the list's
// rows, the highlights, the focus and the stored records. Applying a diff
// to it must give what the workspace says.
type page struct {
	rows  []string
	paint map[string]Paint
	focus string
	store map[string]Record
}

func newPage() *page { return &page{paint: map[string]Paint{}, store: map[string]Record{}} }

func (p *page) apply(t *testing.T, w *Workspace, d Diff) {
	t.Helper()
	if want, _ := json.Marshal(d.Save); len(d.Save) > 0 && string(AppendRecords(nil, d.Save)) != string(want) {
		t.Fatalf("records written\n%s\nnot as json.Marshal writes them\n%s", AppendRecords(nil, d.Save), want)
	}
	for _, r := range d.Save { // as the store writes: newer or as new wins
		if old, ok := p.store[r.ID]; !ok || old.Modified <= r.Modified {
			p.store[r.ID] = r
		}
	}
	if d.Repaint {
		clear(p.paint)
		for _, it := range w.Items() {
			p.set(Paint{ID: it.ID, Tag: it.Tag, Segs: w.Segments(it)})
		}
	}
	for _, x := range d.Paint {
		p.set(x)
	}
	if d.Reset {
		p.rows = p.rows[:0]
		for _, it := range w.Shown() {
			p.rows = append(p.rows, it.ID)
		}
	}
	for _, r := range d.Rows {
		i := slices.Index(p.rows, r.ID)
		switch r.Kind {
		case Remove:
			if i < 0 {
				t.Fatalf("removing row %s, which is not listed", r.ID)
			}
			p.rows = slices.Delete(p.rows, i, i+1)
		case Update:
			if i < 0 {
				t.Fatalf("updating row %s, which is not listed", r.ID)
			}
		case Insert:
			if i >= 0 {
				t.Fatalf("inserting row %s, which is listed already", r.ID)
			}
			at := len(p.rows)
			if r.Before != "" {
				if at = slices.Index(p.rows, r.Before); at < 0 {
					t.Fatalf("inserting %s before %s, which is not listed", r.ID, r.Before)
				}
			}
			p.rows = slices.Insert(p.rows, at, r.ID)
		}
	}
	if d.Focus || d.Reset {
		p.focus = w.Focused()
	}
}

func (p *page) set(x Paint) {
	if x.Tag == "" || len(x.Segs) == 0 {
		delete(p.paint, x.ID)
	} else {
		p.paint[x.ID] = x
	}
}

// check compares the page with the workspace drawn from scratch.
func (p *page) check(t *testing.T, w *Workspace, what string) {
	t.Helper()
	// What is kept between changes is what a recount gives.
	again := *w
	again.gen = -1
	if w.Counts() != again.Counts() || !slices.Equal(w.Readers(), again.Readers()) {
		t.Fatalf("after %s the counts %v and readers %v kept are not %v and %v", what, w.Counts(), w.Readers(), again.Counts(), again.Readers())
	}
	if !slices.IsSortedFunc(w.Items(), compareItems) {
		t.Fatalf("after %s the items are not in reading order", what)
	}
	var want []string
	for _, it := range w.Shown() {
		want = append(want, it.ID)
	}
	if !slices.Equal(p.rows, want) {
		t.Fatalf("after %s the list shows %d rows %v, want %d %v", what, len(p.rows), short(p.rows), len(want), short(want))
	}
	fresh := newPage()
	fresh.apply(t, w, Diff{Repaint: true})
	if len(fresh.paint) != len(p.paint) {
		t.Fatalf("after %s %d highlights are drawn, want %d", what, len(p.paint), len(fresh.paint))
	}
	for id, x := range fresh.paint {
		if got := p.paint[id]; got.Tag != x.Tag || !slices.Equal(got.Segs, x.Segs) {
			t.Fatalf("after %s the highlight of %s is %v, want %v", what, id, got, x)
		}
	}
	if p.focus != w.Focused() {
		t.Fatalf("after %s the focus drawn is %q, want %q", what, p.focus, w.Focused())
	}
	live := map[string]bool{}
	for _, a := range w.All() {
		live[a.ID] = true
		r, ok := p.store[a.ID]
		if !ok || r.Deleted {
			t.Fatalf("after %s %s is not stored", what, a.ID)
		}
		var s annotations.Annotation
		if err := json.Unmarshal([]byte(r.Data), &s); err != nil || !annotations.Same(s, a) {
			t.Fatalf("after %s %s is stored as %s", what, a.ID, r.Data)
		}
	}
	for id, r := range p.store {
		if !live[id] && !r.Deleted {
			t.Fatalf("after %s %s is stored but gone", what, id)
		}
	}
}

func short(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id[max(0, len(id)-4):]
	}
	return out
}

// span is a random passage of the seed that Describe takes.
func span(r *rand.Rand) (int, int) {
	for {
		s := r.IntN(seed.Len() - 2)
		e := min(seed.Len(), s+1+r.IntN(40))
		if _, err := annotations.Describe(seed, s, e); err == nil {
			return s, e
		}
	}
}

func pick(r *rand.Rand, w *Workspace) string {
	if w.Len() == 0 {
		return ""
	}
	return w.Items()[r.IntN(w.Len())].ID
}

// operate does one random operation and returns its diff and its name.
func operate(t *testing.T, r *rand.Rand, w *Workspace, other *Workspace) (Diff, string) {
	d, what, _ := operateElsewhere(t, r, w, other)
	return d, what
}

// operateElsewhere is operate, with the records another tab saved for a
// sync.
func operateElsewhere(t *testing.T, r *rand.Rand, w *Workspace, other *Workspace) (Diff, string, []Record) {
	tags := annotations.Tags
	switch r.IntN(14) {
	case 0, 1, 2:
		s, e := span(r)
		d, _, err := w.Tag(tags[r.IntN(3)], s, e)
		if err != nil {
			t.Fatal(err)
		}
		return d, "tag", nil
	case 3:
		return w.Retag(pick(r, w), tags[r.IntN(3)]), "retag", nil
	case 4:
		notes := []string{"مصدر ضعيف 🙂", "ـــتطويل", "weak source", "<b>x</b> & y", ""}
		return w.SetNote(pick(r, w), notes[r.IntN(len(notes))]), "note", nil
	case 5:
		return w.Delete(pick(r, w)), "delete", nil
	case 6:
		s, e := span(r)
		d, _ := w.Reattach(pick(r, w), s, e)
		return d, "reattach", nil
	case 7:
		d := w.SetFocus(pick(r, w))
		s, e := span(r)
		l, _ := w.LinkSource(s, e)
		return merge(d, l), "link", nil
	case 8:
		d, _, _ := w.Undo()
		return d, "undo", nil
	case 9:
		d, _, _ := w.Redo()
		return d, "redo", nil
	case 10:
		var f Filter
		switch r.IntN(4) {
		case 1:
			f.Hidden[r.IntN(3)] = true
		case 2:
			if id := pick(r, w); id != "" {
				q := []rune(annotations.FoldString(w.Item(id).Target.Quote.Exact))
				f.Query = string(q[:min(len(q), 3)])
			}
		case 3:
			f.Status = annotations.Anchored
		}
		return w.SetFilter(f), "filter", nil
	case 11:
		// Another reader's file: some of ours changed later, some new.
		var list []annotations.Annotation
		changed := map[string]bool{}
		for _, a := range w.All() {
			if r.IntN(3) == 0 {
				a.Note = "from a file"
				a.Modified = a.Modified.Add(time.Second)
				list = append(list, a)
				changed[a.ID] = true
			}
		}
		for _, a := range other.All() {
			if !changed[a.ID] {
				list = append(list, a)
			}
		}
		var b bytes.Buffer
		if err := annotations.NewEncoder(&b).Encode(seed, list); err != nil {
			t.Fatal(err)
		}
		im, err := annotations.Decode(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		d, _ := w.Import("file.jsonld", im)
		return d, "import", nil
	case 12:
		// Another tab saved: a later version of one, a deletion of another.
		list := w.All()
		dead := map[string]int64{}
		if len(list) > 0 {
			i := r.IntN(len(list))
			list[i].Tag = tags[r.IntN(3)]
			list[i].Modified = list[i].Modified.Add(time.Second)
			j := r.IntN(len(list))
			dead[list[j].ID] = list[j].Modified.Add(2 * time.Second).UnixMilli()
		}
		var saved []Record
		for _, a := range list {
			saved = append(saved, RecordOf(a))
		}
		for id, at := range dead {
			saved = append(saved, Tombstone(id, time.UnixMilli(at)))
		}
		return w.Sync(list, dead), "sync", saved
	default:
		return w.SetFocus(w.Step(r.IntN(2) == 0)), "step", nil
	}
}

// TestDiffsRebuildTheState: any sequence of operations, its diffs applied
// one by one, draws and stores what the workspace holds.
func TestDiffsRebuildTheState(t *testing.T) {
	for run := range 30 {
		r := rand.New(rand.NewPCG(uint64(run), 7))
		other := newTest()
		other.NewID = func() string { return fmt.Sprintf("urn:uuid:%08d-0000-4000-8000-000000000000", r.IntN(1e8)) }
		for range 5 {
			s, e := span(r)
			other.Tag(annotations.Tags[r.IntN(3)], s, e)
		}
		w := newTest()
		p := newPage()
		p.apply(t, w, w.Load(nil, nil))
		for i := range 60 {
			d, what, saved := operateElsewhere(t, r, w, other)
			p.apply(t, w, Diff{Save: saved})
			p.apply(t, w, d)
			p.check(t, w, fmt.Sprintf("run %d step %d (%s)", run, i, what))
		}
	}
}

// say is what an annotation says, whatever its modification time.
func say(list []annotations.Annotation) []string {
	var out []string
	for _, a := range list {
		a.Modified = time.Time{}
		b, _ := json.Marshal(a)
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

// TestUndoThenRedoChangesNothing: after any sequence of operations, undo
// then redo gives back what was there, and undo gives back what was there
// before the last step.
func TestUndoThenRedoChangesNothing(t *testing.T) {
	for run := range 40 {
		r := rand.New(rand.NewPCG(uint64(run), 11))
		w := newTest()
		w.Load(nil, nil)
		other := newTest()
		for i := range 1 + r.IntN(25) {
			before := say(w.All())
			d, what := operate(t, r, w, other)
			if what == "sync" || what == "undo" || what == "redo" || what == "filter" || what == "step" {
				continue
			}
			after := say(w.All())
			if len(d.Save) == 0 {
				continue // nothing changed, nothing to undo
			}
			if _, _, ok := w.Undo(); !ok {
				t.Fatalf("run %d step %d: %s left nothing to undo", run, i, what)
			}
			if got := say(w.All()); !slices.Equal(got, before) {
				t.Fatalf("run %d step %d: undoing %s gives\n%v\nwant\n%v", run, i, what, got, before)
			}
			if _, _, ok := w.Redo(); !ok {
				t.Fatalf("run %d step %d: nothing to redo", run, i)
			}
			if got := say(w.All()); !slices.Equal(got, after) {
				t.Fatalf("run %d step %d: redoing %s gives\n%v\nwant\n%v", run, i, what, got, after)
			}
		}
	}
}

func TestTagFocusesTheNewAnnotation(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	d, id, err := w.Tag(annotations.Claim, 10, 20)
	if err != nil {
		t.Fatal(err)
	}
	if w.Focused() != id || !d.Focus {
		t.Errorf("focus %q after tagging %q (diff says focus moved: %v)", w.Focused(), id, d.Focus)
	}
	if !w.CanLink() {
		t.Error("a new claim cannot take a source")
	}
	if len(d.Save) != 1 || len(d.Paint) != 1 || d.Paint[0].Tag != annotations.Claim {
		t.Errorf("diff of a new claim: %+v", d)
	}
	if _, _, err := w.Tag(annotations.Claim, 5, 5); err != ErrNoSelection {
		t.Errorf("an empty span: %v", err)
	}
}

func TestOperationsSayWhatTheyChange(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	_, claim, _ := w.Tag(annotations.Claim, 100, 120)
	_, quote, _ := w.Tag(annotations.Quote, 300, 330)
	w.SetFocus(claim)
	link, err := w.LinkSource(500, 520)
	if err != nil {
		t.Fatal(err)
	}
	source := w.Items()[2].ID
	if w.Focused() != claim {
		t.Errorf("the focus left the claim for %s", w.Focused())
	}
	if len(link.Save) != 2 {
		t.Errorf("linking saved %d records, want the claim and the source", len(link.Save))
	}
	cases := []struct {
		name string
		op   func() Diff
		rows []Row
	}{
		{"retag the source: its row and the claim's (which shows the source's tag)", func() Diff { return w.Retag(source, annotations.Quote) },
			[]Row{{Kind: Update, ID: claim}, {Kind: Update, ID: source}}},
		{"a note: not its own row, which holds the field", func() Diff { return w.SetNote(quote, "ملاحظة") }, nil},
		{"a note on the source: the claim's row shows its quote only, but is drawn again", func() Diff { return w.SetNote(source, "x") },
			[]Row{{Kind: Update, ID: claim}}},
		{"hide claims", func() Diff { return w.SetFilter(Filter{Hidden: [3]bool{true}}) }, nil},
		{"delete the quote", func() Diff { return w.Delete(quote) }, []Row{{Kind: Remove, ID: quote}}},
	}
	for _, c := range cases {
		if got := c.op().Rows; !slices.Equal(got, c.rows) {
			t.Errorf("%s: rows %+v, want %+v", c.name, got, c.rows)
		}
	}
}

// TestNoteUndoneAndRedoneInItsFieldIsNoStep: a note typed, then undone
// and redone in its field (edits that end where they began), leaves no
// step of its own: the first Undo takes the typing away.
func TestNoteUndoneAndRedoneInItsFieldIsNoStep(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	_, a, _ := w.Tag(annotations.Claim, 10, 20)
	for _, s := range []string{"a", "ab", "abc"} {
		w.SetNote(a, s)
	}
	w.EndNote() // the field's own undo and redo, a run of their own
	w.SetNote(a, "")
	w.SetNote(a, "abc")
	if n := len(w.undos); n != 2 {
		t.Fatalf("a tag, its typing, and an undo and redo in the field made %d steps, want 2", n)
	}
	w.Undo()
	if got := w.Item(a).Note; got != "" {
		t.Fatalf("the first Undo gives %q, want the note empty", got)
	}
	w.Redo()
	if got := w.Item(a).Note; got != "abc" {
		t.Fatalf("Redo gives %q, want %q", got, "abc")
	}
	// Typed on after the field's undo and redo: a step again.
	w.SetNote(a, "abcd")
	if n := len(w.undos); n != 3 {
		t.Errorf("typing on made %d steps, want 3", n)
	}
}

func TestNoteEditsAreOneStep(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	_, a, _ := w.Tag(annotations.Claim, 10, 20)
	_, b, _ := w.Tag(annotations.Claim, 30, 40)
	for _, s := range []string{"m", "مص", "مصدر"} {
		w.SetNote(a, s)
	}
	if n := len(w.undos); n != 3 {
		t.Fatalf("two tags and three edits of one note made %d steps, want 3", n)
	}
	// Left and taken up again, the note is edited in a step of its own.
	w.EndNote()
	w.SetNote(a, "مصدر ثانٍ")
	if n := len(w.undos); n != 4 {
		t.Fatalf("an edit after the note was left made %d steps, want 4", n)
	}
	w.Undo()
	if got := w.Item(a).Note; got != "مصدر" {
		t.Fatalf("undoing the second edit gives %q, want the first", got)
	}
	w.SetNote(b, "x")
	if n := len(w.undos); n != 4 {
		t.Errorf("an edit of another note made %d steps, want 4", n)
	}
	w.Undo()
	w.Undo()
	if w.Item(a).Note != "" {
		t.Errorf("undoing the note gives %q", w.Item(a).Note)
	}
	if w.CanRedo() {
		w.SetNote(a, "again")
		if w.CanRedo() {
			t.Error("a new edit kept the redo history")
		}
	}
}

// TestSyncKeepsTheNewerAndTheDeleted: another tab's save wins where it is
// newer; a deletion there wins over older versions here; nothing is saved.
func TestSyncKeepsTheNewerAndTheDeleted(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	_, a, _ := w.Tag(annotations.Claim, 10, 20)
	_, b, _ := w.Tag(annotations.Claim, 30, 40)
	list := w.All()
	list[0].Tag = annotations.Source
	list[0].Modified = list[0].Modified.Add(time.Second)
	d := w.Sync(list[:1], map[string]int64{b: list[1].Modified.Add(time.Second).UnixMilli()})
	if len(d.Save) != 0 {
		t.Errorf("a sync saved %d records", len(d.Save))
	}
	if w.Item(a).Tag != annotations.Source || w.Item(b) != nil {
		t.Errorf("after the sync: %v", say(w.All()))
	}
	if w.Dead()[b] != list[1].Modified.Add(time.Second).UnixMilli() {
		t.Errorf("the deletion is kept at %d", w.Dead()[b])
	}
}

func TestImportIsOneStepAndSaysWhat(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	other := newTest()
	other.NewID = func() string { return "urn:uuid:" + strings.Repeat("1", 8) + "-0000-4000-8000-000000000001" }
	other.Tag(annotations.Quote, 200, 240)
	var b bytes.Buffer
	annotations.NewEncoder(&b).Encode(seed, other.All())
	im, err := annotations.Decode(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	d, rep := w.Import("f.jsonld", im)
	if rep.Added != 1 || len(d.Save) != 1 || len(d.Rows) != 1 || d.Rows[0].Kind != Insert {
		t.Fatalf("import: %+v, %+v", rep, d)
	}
	if d2, rep := w.Import("f.jsonld", im); !d2.Empty() || rep.Unchanged != 1 || rep.Orphans != 0 {
		t.Errorf("the same file again: %+v, %+v", rep, d2)
	}
	if _, l, _ := w.Undo(); l.Kind != Imported || l.Name != "f.jsonld" || w.Len() != 0 {
		t.Errorf("undo: %+v, %d left", l, w.Len())
	}
	// An annotation whose passage this text does not hold is an orphan:
	// the report counts it when the import brings it, not when a file
	// that holds it again leaves it as it was.
	lost := im.Annotations[0]
	lost.ID = "urn:uuid:" + strings.Repeat("2", 8) + "-0000-4000-8000-000000000002"
	lost.Target.Quote = annotations.TextQuote{Exact: "not in this text at all, anywhere"}
	lost.Target.Position = annotations.TextPosition{Start: seed.Len() + 1000, End: seed.Len() + 1033}
	both := &annotations.Import{Annotations: []annotations.Annotation{im.Annotations[0], lost}}
	for round, want := range []int{1, 0} {
		if _, rep := w.Import("g.jsonld", both); rep.Orphans != want {
			t.Errorf("round %d: %+v, want %d orphans", round, rep, want)
		}
	}
	// Changed, it is news again.
	lost.Note = "still not found"
	lost.Modified = lost.Modified.Add(time.Minute)
	if _, rep := w.Import("h.jsonld", &annotations.Import{Annotations: []annotations.Annotation{lost}}); rep.Orphans != 1 || rep.Updated != 1 {
		t.Errorf("an orphan updated: %+v, want 1 orphan", rep)
	}
}

// annotate makes n annotations over random passages of the seed.
func annotate(n int) []annotations.Annotation {
	w := newTest()
	w.Load(nil, nil)
	r := rand.New(rand.NewPCG(1, 2))
	list := make([]annotations.Annotation, 0, n)
	for range n {
		s, e := span(r)
		t, _ := annotations.Describe(seed, s, e)
		a := w.fresh(annotations.Tags[r.IntN(3)], t)
		list = append(list, a)
	}
	return list
}

// BenchmarkTag is tagging a passage with 10, 1,000 and 10,000 annotations
// already there: the cost must not grow with them much.
func BenchmarkTag(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w := newTest()
			w.Load(annotate(n), nil)
			r := rand.New(rand.NewPCG(3, 4))
			b.ResetTimer()
			for range b.N {
				s, e := span(r)
				d, _, _ := w.Tag(annotations.Claim, s, e)
				if len(d.Rows) == 0 {
					b.Fatal("nothing listed")
				}
				b.StopTimer()
				w.Undo() // keep n
				b.StartTimer()
			}
		})
	}
}

func BenchmarkRetag(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w := newTest()
			w.Load(annotate(n), nil)
			id := w.Items()[n/2].ID
			b.ResetTimer()
			for i := range b.N {
				w.Retag(id, annotations.Tags[i%3])
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			list := annotate(n)
			for range b.N {
				w := newTest()
				w.Load(list, nil)
			}
		})
	}
}

// TestReadersByName: a reader who names themselves after their first
// annotations is listed once, by that name.
func TestReadersByName(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	w.Me = annotations.Agent{ID: "urn:uuid:me"}
	w.Tag(annotations.Claim, 10, 20)
	w.Me.Name = "سارة"
	w.Tag(annotations.Claim, 30, 40)
	other := annotations.Agent{ID: "urn:uuid:other"}
	list := w.All()
	a := list[0]
	a.ID, a.Creator = "urn:uuid:x", other
	w.Sync(append(list, a), nil)
	got := w.Readers()
	if len(got) != 2 || got[0].Name != "سارة" || got[1] != other {
		t.Errorf("readers %+v", got)
	}
}

// TestUndoLeavesADeletionElsewhere: an annotation another tab deleted
// after this tab's last step on it stays deleted when that step is undone
// or redone; this tab's own deletion is still undone.
func TestUndoLeavesADeletionElsewhere(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	_, a, _ := w.Tag(annotations.Claim, 10, 20)
	_, b, _ := w.Tag(annotations.Claim, 30, 40)
	w.SetNote(a, "ملاحظة")
	w.EndNote()
	w.Delete(b)
	// Another tab deletes a.
	later := w.Item(a).Modified.Add(time.Second).UnixMilli()
	w.Sync(nil, map[string]int64{a: later})
	if w.Item(a) != nil {
		t.Fatal("the deletion elsewhere was not taken in")
	}
	d, _, _ := w.Undo() // this tab's deletion of b
	if w.Item(b) == nil || w.Item(a) != nil {
		t.Fatalf("undoing the deletion here: %v", say(w.All()))
	}
	d, _, _ = w.Undo() // the note on a
	if w.Item(a) != nil || len(d.Save) != 0 {
		t.Errorf("undoing the note brought back what another tab deleted: %v, %d saved", say(w.All()), len(d.Save))
	}
	w.Redo()
	if w.Item(a) != nil {
		t.Errorf("redoing the note brought it back: %v", say(w.All()))
	}
	if w.Dead()[a] != later {
		t.Errorf("the deletion is kept at %d, want %d", w.Dead()[a], later)
	}
}

// TestNoteKeptWithinTheLimit: a note longer than a file may hold is cut,
// at a character, to annotations.MaxNoteSize, and the export reads back.
func TestNoteKeptWithinTheLimit(t *testing.T) {
	w := newTest()
	w.Load(nil, nil)
	_, a, _ := w.Tag(annotations.Claim, 10, 20)
	long := strings.Repeat("ملاحظة 😀 ", annotations.MaxNoteSize/8)
	d := w.SetNote(a, long)
	got := w.Item(a).Note
	if len(got) > annotations.MaxNoteSize || len(got) < annotations.MaxNoteSize-4 || !utf8.ValidString(got) || !strings.HasPrefix(long, got) {
		t.Fatalf("a note of %d bytes is kept as %d bytes (valid UTF-8: %v)", len(long), len(got), utf8.ValidString(got))
	}
	if !slices.ContainsFunc(d.Rows, func(r Row) bool { return r.ID == a && r.Kind == Update }) {
		t.Error("the row of a cut note is not drawn again")
	}
	var b strings.Builder
	if err := annotations.NewEncoder(&b).Encode(w.doc, w.All()); err != nil {
		t.Fatal(err)
	}
	im, err := annotations.Decode([]byte(b.String()))
	if err != nil || len(im.Annotations) != 1 || im.Annotations[0].Note != got {
		t.Fatalf("the export does not read back: %v", err)
	}
}

// TestImportPlacesAsAReloadDoes: where an import shows each annotation,
// and how it was found (anchored, moved, fuzzy, orphan), is what a reload
// of what it saved shows, on each edited copy of the seed: for a file made
// on the seed, for that copy's own export read on the seed (annotations
// placed before, with their origins), and for the seed's export of those
// read on the copy again.
func TestImportPlacesAsAReloadDoes(t *testing.T) {
	files, _ := filepath.Glob("../../annotations/testdata/edits/*.txt")
	if len(files) < 6 {
		t.Fatalf("%d edited copies", len(files))
	}
	made := annotate(300)
	on := func(d *annotations.Document) *Workspace {
		w := newTest()
		w.doc, w.index = d, annotations.NewBlockIndex(d)
		w.Load(nil, nil)
		return w
	}
	file := func(d *annotations.Document, list []annotations.Annotation) *annotations.Import {
		var b bytes.Buffer
		if err := annotations.NewEncoder(&b).Encode(d, list); err != nil {
			t.Fatal(err)
		}
		im, err := annotations.Decode(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		return im
	}
	check := func(name string, w *Workspace) map[annotations.Status]int {
		t.Helper()
		r := on(w.doc)
		r.Load(w.All(), w.Dead())
		statuses := map[annotations.Status]int{}
		for _, it := range w.Items() {
			statuses[it.Match.Status]++
			if ri := r.Item(it.ID); ri == nil || !reflect.DeepEqual(ri.Match, it.Match) || ri.Target != it.Target {
				t.Errorf("%s: %s imported at %+v, reloaded at %+v", name, it.ID, it.Match, ri)
			}
		}
		if len(r.Items()) != len(w.Items()) || len(r.Unshown()) != len(w.Unshown()) {
			t.Errorf("%s: %d shown and %d not after the import, %d and %d reloaded", name, len(w.Items()), len(w.Unshown()), len(r.Items()), len(r.Unshown()))
		}
		return statuses
	}
	seen := map[annotations.Status]int{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := annotations.Parse(string(b))
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		edited := on(d)
		edited.Import("seed.jsonld", file(seed, made))
		for s, n := range check(name+", the seed's file", edited) {
			seen[s] += n
		}
		back := on(seed)
		back.Import("copy.jsonld", file(d, edited.All()))
		check(name+", its export on the seed", back)
		again := on(d)
		again.Import("seed.jsonld", file(seed, back.All()))
		check(name+", that on the copy again", again)
	}
	// The copies move, blur and lose passages.
	for _, s := range []annotations.Status{annotations.Anchored, annotations.Moved, annotations.Fuzzy, annotations.Orphan} {
		if seen[s] == 0 {
			t.Errorf("no annotation %s in any copy: %v", s, seen)
		}
	}
}
