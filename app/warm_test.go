package app

import "testing"

// TestWarm runs Warm where there is no page, as the wasm's worker does: it
// must finish.
func TestWarm(t *testing.T) {
	Warm()
}
