package annotations_test

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"annotator/annotations"
)

// TestOriginIsTheTargetRead: an annotation a file placed here (Place) has
// as its origin the very target the file gave it, as read: what
// OriginTarget reads back from the kept JSON is what Decode read.
func TestOriginIsTheTargetRead(t *testing.T) {
	d := seed(t)
	checked := 0
	files := map[string][]byte{}
	for n := range 10 {
		files[fmt.Sprint("export ", n)] = encode(t, d, genAnnotations(t, d, rand.New(rand.NewPCG(uint64(n), 3)), 30))
	}
	filepath.WalkDir("testdata", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = b
		return err
	})
	for path, b := range files {
		im, err := annotations.Decode(b)
		if err != nil {
			continue
		}
		targets := make([]annotations.Target, len(im.Annotations))
		for i, a := range im.Annotations {
			targets[i] = a.Target
		}
		for i, m := range annotations.LocateAll(d, targets) {
			a := im.Annotations[i]
			m.Status, m.Start, m.End = annotations.Anchored, 10, 20 // placed somewhere else
			p := annotations.Place(d, a, m)
			if len(a.Kept.Origin) > 0 || len(p.Kept.Origin) == 0 {
				continue
			}
			got, ok := annotations.OriginTarget(p)
			if !ok || !reflect.DeepEqual(got, a.Target) {
				t.Errorf("%s %s: origin read back as\n%+v, %v\nread from the file as\n%+v\nkept %s", path, a.ID, got, ok, a.Target, p.Kept.Origin)
			}
			checked++
		}
	}
	if checked < 200 {
		t.Errorf("only %d annotations checked", checked)
	}
}
