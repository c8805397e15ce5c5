//go:build !wasm

package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestWasmIsSentCompressed(t *testing.T) {
	dir := t.TempDir()
	wasm := bytes.Repeat([]byte("\x00asm wasm body "), 4096)
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := precompress(filepath.Join(dir, "app.wasm")); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server(dir, handler("t", "")))
	defer srv.Close()
	get := func(accept string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+"/web/app.wasm", nil)
		req.Header.Set("Accept-Encoding", accept)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	// The loader counts progress against the decoded size.
	script, err := http.Get(srv.URL + "/app.js")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(script.Body)
	script.Body.Close()
	if want := `goappWasmContentLength = "` + strconv.Itoa(len(wasm)) + `"`; !bytes.Contains(js, []byte(want)) {
		t.Errorf("app.js does not give the loader the wasm's size (%s)", want)
	}
	res := get("gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Content-Type") != "application/wasm" {
		t.Fatalf("gzip: Content-Encoding %q Content-Type %q", res.Header.Get("Content-Encoding"), res.Header.Get("Content-Type"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Equal(got, wasm) {
		t.Error("the gzip copy does not decompress to the wasm")
	}
	if res := get("identity"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("a browser that takes no compression got %q", res.Header.Get("Content-Encoding"))
	} else if b, _ := io.ReadAll(res.Body); !bytes.Equal(b, wasm) {
		t.Error("the uncompressed wasm differs")
	}
	if res := get("gzip;q=0, br;q=0"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("q=0 refused encodings, got %q", res.Header.Get("Content-Encoding"))
	}
	// A copy older than the wasm is stale and not sent.
	old := filepath.Join(dir, "app.wasm.gz")
	past := mustStat(t, filepath.Join(dir, "app.wasm")).ModTime().Add(-3600e9)
	os.Chtimes(old, past, past)
	os.Remove(filepath.Join(dir, "app.wasm.br"))
	if res := get("gzip"); res.Header.Get("Content-Encoding") != "" {
		t.Error("a stale compressed copy was sent")
	}
}

func mustStat(t *testing.T, p string) os.FileInfo {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
