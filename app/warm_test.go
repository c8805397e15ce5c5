package app

import "testing"

// TestWarm runs Warm and WarmFiles where there is no page, as the wasm's
// worker does: they finish, and the files are read whole.
func TestWarm(t *testing.T) {
	Warm()
	if err := WarmFiles(); err != nil {
		t.Fatal(err)
	}
}
