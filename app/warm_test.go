package app

import (
	"reflect"
	"testing"

	"annotator/annotations"
	"annotator/app/workspace"
)

// TestWarm runs Warm and WarmFiles where there is no page, as the wasm's
// worker does: they finish, and the files are read whole.
func TestWarm(t *testing.T) {
	Warm()
	if err := WarmFiles(); err != nil {
		t.Fatal(err)
	}
}

// TestImportPlacesAsALoadDoes: the annotations a file brings stand where,
// and as, they stand when the page loads them again: an import places
// them without reading again the targets it has just read.
func TestImportPlacesAsALoadDoes(t *testing.T) {
	// A text that is the seed with a paragraph put before it: every
	// passage is found elsewhere than the file says.
	edited, err := annotations.Parse("فقرة أضيفت في أول النص.\n\n" + Seed().Text)
	if err != nil {
		t.Fatal(err)
	}
	edited.ID = Seed().ID
	files, n := filesOf(Seed(), 300)
	for _, d := range []*annotations.Document{Seed(), edited} {
		for i, data := range files {
			im, err := annotations.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if k := im.Annotations[0].Kept; i == 1 && (len(k.Props["motivation"]) == 0 || len(k.Target) == 0) {
				t.Fatalf("the file in other tools' shape kept %+v, not their motivation and target", k)
			}
			ws := workspace.New(d)
			ws.Load(nil, nil)
			ws.Import("f.jsonld", im)
			again := workspace.New(d)
			again.Load(ws.All(), nil)
			got, want := ws.Items(), again.Items()
			if len(got) != n || len(want) != n {
				t.Fatalf("file %d: %d placed, %d loaded again, of %d", i, len(got), len(want), n)
			}
			moved := 0
			for j := range got {
				if got[j].ID != want[j].ID || !reflect.DeepEqual(got[j].Match, want[j].Match) {
					t.Fatalf("file %d: %s placed %+v on import, %+v loaded again", i, got[j].ID, got[j].Match, want[j].Match)
				}
				if got[j].Match.Status != annotations.Anchored {
					moved++
				}
			}
			if d == edited && moved == 0 {
				t.Errorf("file %d: nothing moved in the edited text", i)
			}
		}
	}
}
