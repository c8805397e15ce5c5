//go:build !wasm

package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkServerLoad sends b.N requests from loopback, 16 at a time over
// kept-alive connections, to the server built on the app in web/ (make
// build first; ANNOTATOR_WEB names another folder), and reports requests
// per second, the 99th percentile latency and the bytes of one response:
// for the page as Chromium asks for it, and for the wasm asked for with
// brotli only.
//
//	make bench-server
func BenchmarkServerLoad(b *testing.B) {
	web := os.Getenv("ANNOTATOR_WEB")
	if web == "" {
		web = "../../web"
	}
	v, err := appVersion(web)
	if err != nil {
		b.Fatalf("%v (build the app first: make build)", err)
	}
	srv := httptest.NewServer(server(web, handler(v, "")))
	defer srv.Close()
	for _, c := range []struct{ name, path, accept string }{
		{"page", "/", "gzip, deflate, br, zstd"},
		{"wasm-br", "/web/app.wasm", "br"},
	} {
		b.Run(c.name, func(b *testing.B) {
			const workers = 16
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, DisableCompression: true}}
			defer client.CloseIdleConnections()
			var next atomic.Int64
			var size atomic.Int64
			lat := make([][]time.Duration, workers)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for w := range workers {
				wg.Go(func() {
					for next.Add(1) <= int64(b.N) {
						req, _ := http.NewRequest("GET", srv.URL+c.path, nil)
						req.Header.Set("Accept-Encoding", c.accept)
						t0 := time.Now()
						res, err := client.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						n, err := io.Copy(io.Discard, res.Body)
						res.Body.Close()
						lat[w] = append(lat[w], time.Since(t0))
						if err != nil || res.StatusCode != http.StatusOK {
							b.Errorf("GET %s: %d %v", c.path, res.StatusCode, err)
							return
						}
						size.Store(n)
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			all := slices.Concat(lat...)
			slices.Sort(all)
			if len(all) == 0 {
				return
			}
			b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
			b.ReportMetric(float64(all[(len(all)*99+99)/100-1].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(size.Load()), "B/resp")
			b.ReportMetric(0, "ns/op")
		})
	}
}
