package app

import (
	"strings"
	"testing"
)

// TestEveryKeyIsInTheHelp holds the table of keys to the help panel: a
// key the page takes is one the reader can read about, in both languages'
// panel (the keys are written the same in both).
func TestEveryKeyIsInTheHelp(t *testing.T) {
	names := map[string]string{"ArrowLeft": "←", "ArrowRight": "→", "ArrowUp": "↑", "ArrowDown": "↓", "Escape": "Esc"}
	where := map[string]bool{"anywhere": true, "note": true, "page": true, "selection": true, "row": true}
	for _, b := range bindings {
		label := b.Key
		switch {
		case b.Code && strings.HasPrefix(b.Key, "Key"):
			label = strings.TrimPrefix(b.Key, "Key")
		case b.Code && strings.HasPrefix(b.Key, "Digit"):
			label = strings.TrimPrefix(b.Key, "Digit")
		case names[b.Key] != "":
			label = names[b.Key]
		}
		if b.Shift {
			label = "Shift+" + label
		}
		if b.Mod {
			label = "Ctrl+" + label
		}
		found := false
		for _, k := range keys {
			for _, part := range strings.Split(k.key, " · ") {
				if part == label || strings.Contains(part, " ") && strings.Contains(" "+part+" ", " "+label+" ") {
					found = true
				}
			}
			if strings.Contains(k.what.en, "("+label+" ") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s (%s, %s) is not in the help panel", label, b.Command, b.Where)
		}
		if !where[b.Where] {
			t.Errorf("%s: where %q is not a place the page knows", label, b.Where)
		}
	}
}
