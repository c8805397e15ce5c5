//go:build !wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
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

// BenchmarkReady loads the page with 0, 1,000 and 10,000 stored
// annotations and reports the median time from navigation to ready
// (restored, listed and painted) and from the wasm program starting to
// ready, with its phases: reading the store, decoding, placing in the
// text, drawing the diff, and go-app's render until ready. Each
// iteration is one reload of an already visited page.
//
//	go test ./cmd/annotator -run '^$' -bench Ready -benchtime 9x
func BenchmarkReady(b *testing.B) {
	for _, n := range []int{0, 1000, 10000} {
		b.Run(fmt.Sprintf("annotations=%d", n), func(b *testing.B) {
			ctx := newBrowser(b, 1280, 900)
			if err := chromedp.Do(ctx, chromedp.Navigate(appURL)); err != nil {
				b.Fatal(err)
			}
			store(b, ctx, randomAnnotations(b, n))
			var ready, sinceMount []float64
			phases := make([][]float64, 5) // mount→read→decoded→placed→drawn→ready
			b.ResetTimer()
			for range b.N {
				if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
					b.Fatal(err)
				}
				m, err := chromedp.Run(ctx, chromedp.Poll[[]float64](`(() => {
					const at = (n) => (performance.getEntriesByName("annotator:" + n)[0] || {}).startTime;
					const h = document.querySelector(".panel h2");
					const r = at("ready");
					return r ? [r, at("mount"), +(h.textContent.match(/\d+/) || [0])[0], at("stored-read"), at("decoded"), at("placed"), at("drawn")] : null;
				})()`, chromedp.WithPollingTimeout(60*time.Second)))
				if err != nil {
					b.Fatal(err)
				}
				if int(m[2]) != n {
					b.Fatalf("%v listed, want %d", m[2], n)
				}
				// The next reload comes once the store has kept what it
				// read as one snapshot (see reader.js): a reader opening the
				// page again does not do it within the same second.
				if n > 0 {
					waitSnapshot(b, ctx)
				}
				ready = append(ready, m[0])
				sinceMount = append(sinceMount, m[0]-m[1])
				marks := []float64{m[1], m[3], m[4], m[5], m[6], m[0]}
				for i := range phases {
					phases[i] = append(phases[i], marks[i+1]-marks[i])
				}
			}
			b.StopTimer()
			b.ReportMetric(median(ready), "ms-to-ready")
			b.ReportMetric(median(sinceMount), "ms-wasm-start-to-ready")
			for i, name := range []string{"read", "decode", "place", "draw", "render"} {
				b.ReportMetric(median(phases[i]), "ms-"+name)
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// waitSnapshot waits until the page's store has kept the seed's
// annotations as one snapshot.
func waitSnapshot(b *testing.B, ctx context.Context) {
	b.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if eval[bool](b, ctx, fmt.Sprintf(`new Promise((done) => { const r = indexedDB.open("annotator"); r.onsuccess = () => {
			const g = r.result.transaction("snapshots").objectStore("snapshots").count(%q);
			g.onsuccess = () => { r.result.close(); done(g.result === 1); };
		}; })`, seedDoc.ID), chromedp.EvalAwaitPromise) {
			return
		}
		if time.Now().After(deadline) {
			b.Fatal("the store kept no snapshot of the annotations")
		}
	}
}

// store keeps annotations in the page's store, as the app does.
func store(b *testing.B, ctx context.Context, list []annotations.Annotation) {
	b.Helper()
	rec, err := ui.EncodeStore(seedDoc.ID, list)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(localStorage.setItem(%q, %q), true)`, ui.StoreKey(seedDoc.ID), rec))); err != nil {
		b.Fatal(err)
	}
}

// listedRowsJS defines listedRows(records): how many listed annotations
// some mutations of the list added, less those they removed.
const listedRowsJS = `var listedRows = (records) => {
	const count = (nodes) => {
		let k = 0;
		for (const x of nodes) if (x.nodeType === 1) k += x.matches("[data-annotation-id]") ? 1 : x.querySelectorAll("[data-annotation-id]").length;
		return k;
	};
	return records.reduce((n, r) => n + count(r.addedNodes) - count(r.removedNodes), 0);
};
`

// withStored is a page with n annotations of randomAnnotations stored,
// reloaded, ready and all listed.
func withStored(b *testing.B, n int) context.Context {
	ctx := newBrowser(b, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(appURL)); err != nil {
		b.Fatal(err)
	}
	store(b, ctx, randomAnnotations(b, n))
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		b.Fatal(err)
	}
	waitReady(b, ctx)
	waitListed(b, ctx, n)
	return ctx
}

// BenchmarkTag tags a passage with 10 and with 10,000 annotations already
// there (all listed) and reports the median time from the click on the tag
// button to the frame that shows the new annotation listed and painted,
// after three tags, and the first tag's time.
//
//	go test ./cmd/annotator -run '^$' -bench Tag -benchtime 9x
func BenchmarkTag(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("annotations=%d", n), func(b *testing.B) {
			ctx := withStored(b, n)
			// The first tags run the program's code for the first time (the
			// browser compiles it better once it has run): the first is
			// reported apart, and the median is of the tags after warm.
			const warm = 3
			rng := rand.New(rand.NewPCG(5, 6))
			tagOnce := func(i int) []float64 {
				for {
					s := rng.IntN(seedDoc.Len() - 40)
					if _, err := annotations.Describe(seedDoc, s, s+20); err == nil {
						selectRange(b, ctx, s, s+20)
						break
					}
				}
				v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](listedRowsJS+`new Promise((done) => {
					const list = document.querySelector("[data-list]");
					let rows = 0;
					const t0 = performance.now();
					performance.clearMarks();
					const at = (n) => performance.getEntriesByName("annotator:" + n)[0].startTime - t0;
					const mo = new MutationObserver((records) => {
						rows += listedRows(records);
						if (rows === 1 && CSS.highlights.get("focus").size > 0) {
							mo.disconnect();
							const drawn = performance.now() - t0;
							requestAnimationFrame(() => {
								const frame = performance.now() - t0;
								setTimeout(() => done([frame, at("tag"), at("tag-placed"), at("tag-drawn"), drawn, performance.now() - t0]), 0);
							});
						}
					});
					mo.observe(list, { childList: true, subtree: true });
					document.querySelector('[data-action="tag-claim"]').click();
				})`, chromedp.EvalAwaitPromise))
				if err != nil {
					b.Fatal(err)
				}
				waitListed(b, ctx, n+i+1)
				return v
			}
			first := tagOnce(0)[0]
			for i := 1; i < warm; i++ {
				tagOnce(i)
			}
			var ms []float64
			// From the click: in Go, placed, diff drawn, row in the list,
			// and the end of the frame that shows it (a task queued in its
			// animation frame runs once the browser has laid it out and
			// painted it).
			phases := make([][]float64, 5)
			b.ResetTimer()
			for i := range b.N {
				v := tagOnce(warm + i)
				ms = append(ms, v[0])
				for j := range phases {
					phases[j] = append(phases[j], v[j+1])
				}
			}
			b.StopTimer()
			b.ReportMetric(median(ms), "ms-click-to-frame")
			b.ReportMetric(first, "ms-first-tag")
			for j, name := range []string{"to-go", "to-placed", "to-drawn", "to-listed", "to-rendered"} {
				b.ReportMetric(median(phases[j]), "ms-"+name)
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkSearch types a word in the list's search field with 10 and with
// 10,000 annotations listed and reports the median time from the input
// event to the frame after the list first changed (the rows found, drawn
// a slice at a time when there are many), and the longest task of the
// page in the second after it. The search is emptied again, and all
// listed, between iterations.
//
//	go test ./cmd/annotator -run '^$' -bench Search -benchtime 5x
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("annotations=%d", n), func(b *testing.B) {
			ctx := withStored(b, n)
			search := func(term string) []float64 {
				v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`new Promise((done) => {
					const list = document.querySelector("[data-list]");
					const s = document.querySelector('input[data-field="search"]');
					let longest = 0, frame = 0;
					const t0 = performance.now();
					const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.startTime + e.duration > t0) longest = Math.max(longest, e.duration); });
					po.observe({ type: "longtask" });
					const mo = new MutationObserver(() => {
						mo.disconnect();
						requestAnimationFrame(() => setTimeout(() => { frame = performance.now() - t0; }, 0));
					});
					mo.observe(list, { childList: true, subtree: true });
					s.value = `+fmt.Sprintf("%q", term)+`;
					s.dispatchEvent(new Event("input", { bubbles: true }));
					setTimeout(() => { mo.disconnect(); po.disconnect(); done([frame, longest]); }, 1000);
				})`, chromedp.EvalAwaitPromise))
				if err != nil {
					b.Fatal(err)
				}
				if v[0] == 0 {
					b.Fatalf("the list did not change within 1 s of searching for %q", term)
				}
				return v
			}
			const warm = 2
			var frames, longest []float64
			b.ResetTimer()
			for i := range b.N + warm {
				v := search("بوتين")
				if i >= warm {
					frames = append(frames, v[0])
					longest = append(longest, v[1])
				}
				b.StopTimer()
				search("")
				waitListed(b, ctx, n)
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(median(frames), "ms-input-to-frame")
			b.ReportMetric(slices.Max(longest), "ms-longest-task")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkImport imports 1,000 annotations of the seed and reports the
// median time from the file input's change to the frame after all are
// listed and those on screen painted (the page registers the highlights
// of the blocks near the screen only, see reader.js). PEERS_FILE names a file written by the peer bench
// (go run . -dump F in the peers folder), to import the very annotations
// the peers load; without it, the app's own export of randomAnnotations.
// The file is chosen once the page has settled, as a reader takes seconds
// to: after the worker's run on files (see warmedFiles), whose time from
// ready is reported too.
//
//	go test ./cmd/annotator -run '^$' -bench Import -benchtime 5x
func BenchmarkImport(b *testing.B) {
	var data []byte
	if f := os.Getenv("PEERS_FILE"); f != "" {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		// The peers' file names the seed urn:peers:seed; the positions
		// are the seed's.
		data = bytes.ReplaceAll(raw, []byte("urn:peers:seed"), []byte(seedDoc.ID))
	} else {
		var buf bytes.Buffer
		if err := annotations.NewEncoder(&buf).Encode(seedDoc, randomAnnotations(b, 1000)); err != nil {
			b.Fatal(err)
		}
		data = buf.Bytes()
	}
	path := filepath.Join(b.TempDir(), "import.jsonld")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	// How many of the file's ranges each block holds: the import is
	// painted when every range of the blocks on screen is.
	im, err := annotations.Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	perBlock := make([]int, len(seedDoc.Blocks))
	x := annotations.NewBlockIndex(seedDoc)
	for _, a := range im.Annotations {
		for _, s := range x.Segments(a.Target.Position.Start, a.Target.Position.End) {
			if s.End > s.Start { // Segments gives a repeated block only what the page shows there
				perBlock[s.Block]++
			}
		}
	}
	want, _ := json.Marshal(perBlock)
	var ms, warmed []float64
	phases := make([][]float64, 5) // from the change: bytes in Go, decoded, merged, diff drawn, all rows listed
	for range b.N {
		ctx := newBrowser(b, 1280, 900)
		if err := chromedp.Do(ctx, chromedp.Navigate(appURL)); err != nil {
			b.Fatal(err)
		}
		waitReady(b, ctx)
		warmed = append(warmed, warmedFiles(b, ctx))
		eval[bool](b, ctx, listedRowsJS+`var perBlock = `+string(want)+`;
		var onScreenPainted = () => {
			const seen = new Map();
			for (const t of ["claim", "quote", "source"]) for (const r of CSS.highlights.get(t) || []) {
				const el = r.startContainer.parentElement.closest("[data-block]");
				seen.set(el, (seen.get(el) || 0) + 1);
			}
			for (const el of document.querySelectorAll("article [data-block]")) {
				const box = el.getBoundingClientRect();
				if (box.bottom > 0 && box.top < innerHeight && (seen.get(el) || 0) < perBlock[+el.dataset.block]) return false;
			}
			return true;
		};
		(window.importTime = new Promise((done) => {
			const input = document.querySelector('input[type=file][data-action="import"]');
			let t0 = 0;
			input.addEventListener("change", () => { t0 = performance.now(); }, { capture: true });
			const list = document.querySelector("[data-list]");
			let rows = 0;
			const mo = new MutationObserver((records) => {
				rows += listedRows(records);
				if (t0 && rows === 1000) {
					mo.disconnect();
					const at = (n) => performance.getEntriesByName("annotator:" + n)[0].startTime - t0;
					const listed = performance.now() - t0;
					const painted = () => {
						if (!onScreenPainted()) return requestAnimationFrame(painted);
						requestAnimationFrame(() => requestAnimationFrame(() => done([performance.now() - t0,
							at("import-read"), at("import-decoded"), at("import-merged"), at("import-drawn"), listed])));
					};
					painted();
				}
			});
			mo.observe(list, { childList: true });
		}), true)`)
		do(b, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{path}))
		v := eval[[]float64](b, ctx, `window.importTime`, chromedp.EvalAwaitPromise)
		ms = append(ms, v[0])
		for j := range phases {
			phases[j] = append(phases[j], v[j+1])
		}
	}
	b.ReportMetric(median(ms), "ms-change-to-painted")
	b.ReportMetric(median(warmed), "ms-ready-to-warmed-files")
	for j, name := range []string{"to-read", "to-decoded", "to-merged", "to-drawn", "to-listed"} {
		b.ReportMetric(median(phases[j]), "ms-"+name)
	}
	b.ReportMetric(0, "ns/op")
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
