//go:build !wasm

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"annotator/annotations"
	ui "annotator/app"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// randomAnnotations makes n annotations over random spans of 5 to 60 code
// points of the seed, the same ones on every run.
func randomAnnotations(tb testing.TB, n int) []annotations.Annotation {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	out := make([]annotations.Annotation, 0, n)
	for len(out) < n {
		s := rng.IntN(seedDoc.Len() - 60)
		tg, err := annotations.Describe(seedDoc, s, s+5+rng.IntN(56))
		if err != nil {
			continue
		}
		at = at.Add(time.Second)
		out = append(out, annotations.Annotation{
			ID:  fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", len(out)),
			Tag: annotations.Tags[len(out)%3], Created: at, Modified: at, Target: tg,
		})
	}
	return out
}

// BenchmarkReady loads the page with 0 and with 1,000 stored annotations
// and reports the median time from navigation to ready (restored, listed
// and painted) and from the wasm program starting to ready. Each
// iteration is one reload of an already visited page.
//
//	go test ./cmd/annotator -run '^$' -bench Ready -benchtime 9x
func BenchmarkReady(b *testing.B) {
	for _, n := range []int{0, 1000} {
		b.Run(fmt.Sprintf("annotations=%d", n), func(b *testing.B) {
			ctx := newBrowser(b, 1280, 900)
			if err := chromedp.Do(ctx, chromedp.Navigate(appURL)); err != nil {
				b.Fatal(err)
			}
			rec, err := ui.EncodeStore(seedDoc.ID, randomAnnotations(b, n))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(localStorage.setItem(%q, %q), true)`, ui.StoreKey(seedDoc.ID), rec))); err != nil {
				b.Fatal(err)
			}
			var ready, sinceMount []float64
			b.ResetTimer()
			for range b.N {
				if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
					b.Fatal(err)
				}
				m, err := chromedp.Run(ctx, chromedp.Poll[[]float64](`(() => {
					const r = performance.getEntriesByName("annotator:ready")[0];
					const m = performance.getEntriesByName("annotator:mount")[0];
					return r && m ? [r.startTime, m.startTime, document.querySelectorAll("[data-annotation-id]").length] : null;
				})()`, chromedp.WithPollingTimeout(60*time.Second)))
				if err != nil {
					b.Fatal(err)
				}
				if int(m[2]) != n {
					b.Fatalf("%v listed, want %d", m[2], n)
				}
				ready = append(ready, m[0])
				sinceMount = append(sinceMount, m[0]-m[1])
			}
			b.StopTimer()
			b.ReportMetric(median(ready), "ms-to-ready")
			b.ReportMetric(median(sinceMount), "ms-wasm-start-to-ready")
			b.ReportMetric(0, "ns/op")
		})
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// readyTime is the time from navigation to ready of the page now shown.
func readyTime(b *testing.B, ctx context.Context) float64 {
	b.Helper()
	v, err := chromedp.Run(ctx, chromedp.Poll[float64](`(() => {
		const r = performance.getEntriesByName("annotator:ready")[0];
		return r ? r.startTime : null;
	})()`, chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// BenchmarkVisit measures a first visit (a fresh profile: the bytes
// transferred, compressed, and the time to ready) and a warm start with
// the server stopped (from the service worker's cache).
func BenchmarkVisit(b *testing.B) {
	s := startServer(b, "127.0.0.1:0", server(webDir, handler("bench", "")))
	b.Run("first", func(b *testing.B) {
		var ready, sizes []float64
		for range b.N {
			ctx := newBrowser(b, 1280, 900)
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				b.Fatal(err)
			}
			var bytes atomic.Int64
			evctx, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for ev, err := range chromedp.Events(evctx, network.LoadingFinished) {
					if err != nil {
						return
					}
					bytes.Add(int64(ev.EncodedDataLength))
				}
			}()
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url("/"))); err != nil {
				b.Fatal(err)
			}
			ready = append(ready, readyTime(b, ctx))
			waitCached(b, ctx) // the worker's own downloads count too
			time.Sleep(300 * time.Millisecond)
			stop()
			<-done
			sizes = append(sizes, float64(bytes.Load()))
		}
		b.ReportMetric(median(ready), "ms-to-ready")
		b.ReportMetric(median(sizes), "bytes-transferred")
		b.ReportMetric(0, "ns/op")
	})
	b.Run("offline-warm", func(b *testing.B) {
		s := startServer(b, "127.0.0.1:0", server(webDir, handler("bench", "")))
		ctx := newBrowser(b, 1280, 900)
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url("/"))); err != nil {
			b.Fatal(err)
		}
		readyTime(b, ctx)
		waitCached(b, ctx)
		s.stop(b)
		var ready []float64
		for range b.N {
			if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
				b.Fatal(err)
			}
			ready = append(ready, readyTime(b, ctx))
		}
		b.ReportMetric(median(ready), "ms-to-ready")
		b.ReportMetric(0, "ns/op")
	})
}
