package annotations_test

import (
	"os"
	"testing"

	"annotator/annotations"
)

// seed parses the article the app ships with.
func seed(t testing.TB) *annotations.Document {
	t.Helper()
	b, err := os.ReadFile("../app/documents/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	d, err := annotations.Parse(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return d
}
