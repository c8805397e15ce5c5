package library_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"annotator/annotations"
	"annotator/app/documents"
	"annotator/app/library"
)

var seed = mustParse(documents.Seed)

func mustParse(s string) *annotations.Document {
	d, err := annotations.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func open(t *testing.T, name string) (*annotations.Document, annotations.Detected) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "annotations", "testdata", "documents", name))
	if err != nil {
		t.Fatal(err)
	}
	d, det, err := annotations.Open(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return d, det
}

// An entry stored and read back (through JSON, as the browser keeps it)
// restores the document Open made: same id, text, title, blocks with
// their kinds, repeats and directions, so every offset holds.
func TestEntryRestoresTheDocument(t *testing.T) {
	at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, name := range []string{"hostile.html", "article.md", "news-windows-1256.txt", "news-utf-16le-no-bom.txt", "page-windows-1256.html", "page-declared-arabic.html"} {
		t.Run(name, func(t *testing.T) {
			d, det := open(t, name)
			e := library.NewEntry(d, det, name, at)
			if e.Added != at.UnixMilli() || e.Opened != at.UnixMilli() || e.Name != name || e.Encoding != det.Encoding || e.Size != d.Len() {
				t.Errorf("entry %+v", e)
			}
			b, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			var back library.Entry
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			got, err := back.Restore(seed)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != d.ID || got.Text != d.Text || got.Title != d.Title || got.Lang != d.Lang || got.Dir != d.Dir {
				t.Errorf("restored %s %q %s %s, want %s %q %s %s", got.ID, got.Title, got.Lang, got.Dir, d.ID, d.Title, d.Lang, d.Dir)
			}
			if !slices.Equal(got.Blocks, d.Blocks) {
				t.Errorf("blocks differ:\n got %v\nwant %v", got.Blocks, d.Blocks)
			}
		})
	}
}

// The markup's kinds are the entry's to keep: parsing the text alone
// would not give them back.
func TestKindsNeedTheEntry(t *testing.T) {
	d, _ := open(t, "article.md")
	plain := mustParse(d.Text)
	if slices.Equal(plain.Blocks, d.Blocks) {
		t.Fatal("the Markdown fixture has no kind that only markup says: the test checks nothing")
	}
	e := library.NewEntry(d, annotations.Detected{}, "", time.Now())
	got, err := e.Restore(seed)
	if err != nil || !slices.Equal(got.Blocks, d.Blocks) {
		t.Errorf("restore lost the markup's kinds (%v)", err)
	}
}

func TestRestoreRefusesADamagedText(t *testing.T) {
	d := mustParse("عنوان الخبر\n\nنص الخبر الأول.\n")
	e := library.NewEntry(d, annotations.Detected{}, "", time.Now())
	for name, change := range map[string]func(*library.Entry){
		"cut":     func(e *library.Entry) { e.Text = e.Text[:len(e.Text)-5] },
		"changed": func(e *library.Entry) { e.Text = strings.Replace(e.Text, "الأول", "الثاني", 1) },
		"empty":   func(e *library.Entry) { e.Text = "" },
		"other":   func(e *library.Entry) { e.ID = "urn:sha256:" + strings.Repeat("0", 64) },
	} {
		t.Run(name, func(t *testing.T) {
			e := e
			change(&e)
			if got, err := e.Restore(seed); !errors.Is(err, library.ErrDamaged) {
				t.Errorf("restored %v, %v; want ErrDamaged", got != nil, err)
			}
		})
	}
	// Kinds that do not fit the blocks are left out, not misapplied.
	e.Kinds = []string{"heading"}
	got, err := e.Restore(seed)
	if err != nil || got.Blocks[0].Kind != d.Blocks[0].Kind {
		t.Errorf("kinds of another length were applied (%v)", err)
	}
}

func TestSeedEntryIsTheSeed(t *testing.T) {
	got, err := library.Entry{ID: seed.ID, Seed: true, Opened: 5}.Restore(seed)
	if err != nil || got != seed {
		t.Errorf("the seed's entry restored %p (%v), want the seed", got, err)
	}
}

func TestRows(t *testing.T) {
	a := library.Entry{ID: "urn:sha256:a", Title: "  Alpha ", Lang: "en", Added: 10, Opened: 30}
	b := library.Entry{ID: "urn:sha256:b", Title: "بيت", Lang: "ar", Added: 20, Opened: 40}
	c := library.Entry{ID: "urn:sha256:c", Title: "", Lang: "ar", Added: 50} // never opened since added
	s := library.Entry{ID: seed.ID, Seed: true, Opened: 35}
	counts := map[string]int{seed.ID: 2, "urn:sha256:a": 3, "urn:sha256:z": 4, "urn:sha256:y": 1, "urn:sha256:empty": 0}
	got := library.Rows(seed, []library.Entry{a, b, c, s, a}, counts)
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	want := []string{seed.ID, "urn:sha256:c", "urn:sha256:b", "urn:sha256:a", "urn:sha256:y", "urn:sha256:z"}
	if !slices.Equal(ids, want) {
		t.Fatalf("rows %v, want %v", ids, want)
	}
	if r := got[0]; !r.Seed || r.Count != 2 || r.Opened != 35 || r.Title != seed.Title {
		t.Errorf("seed row %+v", r)
	}
	if r := got[1]; r.Title != "urn:sha256:c" || r.Opened != 50 {
		t.Errorf("an untitled document's row %+v", r)
	}
	if r := got[3]; r.Title != "Alpha" || r.Count != 3 || r.Lang != "en" || r.Waiting {
		t.Errorf("row %+v", r)
	}
	if r := got[5]; !r.Waiting || r.Count != 4 || r.Title != "" {
		t.Errorf("waiting row %+v", r)
	}
	// With nothing stored the seed is still there.
	if got := library.Rows(seed, nil, nil); len(got) != 1 || !got[0].Seed {
		t.Errorf("an empty library lists %+v", got)
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		name string
		head string
		want library.FileKind
	}{
		{"export.jsonld", `{"@context"`, library.Annotations},
		{"export.JSON", `[`, library.Annotations},
		{"notes.json", "not json at all", library.Annotations}, // the extension says; Decode says why not
		{"article.txt", `{"looks": "like json"}`, library.Document},
		{"article.md", "# عنوان", library.Document},
		{"page.HTML", "<!doctype html>", library.Document},
		{"page.htm", "", library.Document},
		{`C:\Users\x\saved.xhtml`, "<html", library.Document},
		{"", "\xef\xbb\xbf \n {\"type\": \"AnnotationCollection\"}", library.Annotations},
		{"launch", "[{}]", library.Annotations},
		{"", "خبر عاجل", library.Document},
		{"export", "\xff\xfe{\x00", library.Document}, // UTF-16: no annotation file is
		{"noext", "<p>hi</p>", library.Document},
		{"empty", "", library.Document},
	} {
		if got := library.Classify(c.name, []byte(c.head)); got != c.want {
			t.Errorf("Classify(%q, %q) = %v, want %v", c.name, c.head, got, c.want)
		}
	}
}

func TestBySource(t *testing.T) {
	mk := func(id, src string) annotations.Annotation {
		return annotations.Annotation{ID: id, Target: annotations.Target{Source: src}}
	}
	srcs, by := library.BySource([]annotations.Annotation{mk("1", "b"), mk("2", "a"), mk("3", ""), mk("4", "b")})
	if !slices.Equal(srcs, []string{"b", "a", ""}) || len(by["b"]) != 2 || by["b"][1].ID != "4" || len(by[""]) != 1 {
		t.Errorf("BySource: %v %v", srcs, by)
	}
}

// Keep merges as an import does: the newer version wins, what was
// deleted stays deleted, and only what changed is written.
func TestKeep(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	mk := func(id, note string, mod time.Time) annotations.Annotation {
		return annotations.Annotation{ID: "urn:uuid:" + id, Tag: annotations.Claim, Note: note, Created: at, Modified: mod,
			Target: annotations.Target{Source: "urn:sha256:x", Quote: annotations.TextQuote{Exact: "نص"}}}
	}
	have := []annotations.Annotation{mk("1", "old", at), mk("2", "same", at)}
	dead := map[string]int64{"urn:uuid:3": at.Add(time.Hour).UnixMilli()}
	in := []annotations.Annotation{mk("1", "new", at.Add(time.Minute)), mk("2", "same", at), mk("3", "deleted later", at), mk("4", "fresh", at)}
	recs, rep := library.Keep(have, dead, in)
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
		var a annotations.Annotation
		if err := json.Unmarshal([]byte(r.Data), &a); err != nil || a.ID != r.ID || r.Modified != a.Modified.UnixMilli() {
			t.Errorf("record %+v does not hold its annotation (%v)", r, err)
		}
		if a.ID == "urn:uuid:1" && a.Note != "new" {
			t.Errorf("the newer version lost: %q", a.Note)
		}
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"urn:uuid:1", "urn:uuid:4"}) {
		t.Errorf("records %v, want 1 and 4", ids)
	}
	if rep.Added != 1 || rep.Updated != 1 || rep.Unchanged != 1 || rep.Deleted != 1 {
		t.Errorf("report %+v", rep)
	}
	// Keeping the same again writes nothing.
	var merged []annotations.Annotation
	for _, r := range recs {
		var a annotations.Annotation
		json.Unmarshal([]byte(r.Data), &a)
		merged = append(merged, a)
	}
	merged = append(merged, have[1])
	if again, _ := library.Keep(merged, dead, in); len(again) != 0 {
		t.Errorf("keeping the same file twice writes %d records", len(again))
	}
}
