package app

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"annotator/annotations"
)

func BenchmarkZZRows(b *testing.B) {
	r := &Reader{}
	r.OnInit()
	ws := r.ws
	d := Seed()
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	var out []annotations.Annotation
	for len(out) < 2000 {
		s := rng.IntN(d.Len() - 60)
		tg, err := annotations.Describe(d, s, s+5+rng.IntN(56))
		if err != nil {
			continue
		}
		at = at.Add(time.Second)
		out = append(out, annotations.Annotation{ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", len(out)), Tag: annotations.Tags[len(out)%3], Created: at, Modified: at, Target: tg})
	}
	ws.Load(out, nil)
	shown := ws.Shown()
	b.ResetTimer()
	for range b.N {
		rowsHTML(ws, shown, "ar")
	}
}
