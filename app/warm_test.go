package app

import "testing"

// TestWarm runs Warm where there is no page, as the wasm's worker does:
// it must finish, and leave the interface language as it found it.
func TestWarm(t *testing.T) {
	lang := uiLang
	Warm()
	if uiLang != lang {
		t.Errorf("the interface language is %q after Warm, was %q", uiLang, lang)
	}
}
