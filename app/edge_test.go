package app

import (
	"encoding/json"
	"testing"
)

func TestSegsJSON(t *testing.T) {
	for _, s := range []segs{nil, {}, {{1, 2, 3}}, {{0, 0, 10}, {12, 5, 1234567}}} {
		got, _ := json.Marshal(drawJS{Paint: []paintJS{{ID: "x", Segs: s}}})
		var back drawJS
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%s: %v", got, err)
		}
		if len(back.Paint[0].Segs) != len(s) {
			t.Errorf("%v → %s → %v", s, got, back.Paint[0].Segs)
		}
		for i := range s {
			if back.Paint[0].Segs[i] != s[i] {
				t.Errorf("%v → %s → %v", s, got, back.Paint[0].Segs)
			}
		}
	}
}
