package annotations_test

import (
	"os"
	"testing"

	"annotator/annotations"
)

// seed parses the article the app ships with.
func seed(t testing.TB) *annotations.Document {
	t.Helper()
	return parseFile(t, "../app/documents/seed.txt")
}

// parseFile parses a text file as a document.
func parseFile(t testing.TB, path string) *annotations.Document {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := annotations.Parse(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return d
}
