package app

import (
	"reflect"
	"testing"

	"annotator/annotations"
	"annotator/app/documents"
)

// TestSeedIsNormal: the seed is shipped as Parse makes a text (NFC, "\n"
// line endings, no byte order mark), so Seed may skip normalizing it and
// still give the document Parse gives, the same id included.
func TestSeedIsNormal(t *testing.T) {
	want, err := annotations.Parse(documents.Seed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := annotations.ParseNormal(documents.Seed) // as Seed does
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseNormal(documents.Seed) is not Parse(documents.Seed): id %s, want %s", got.ID, want.ID)
	}
}
