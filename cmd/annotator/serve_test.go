//go:build !wasm

package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testWeb makes a web folder for the server tests: the project's web/
// without its wasm, a stand-in wasm of size bytes, and the compressed
// copies made by the Makefile's precompress target.
func testWeb(t testing.TB, size int) (dir string, wasm []byte) {
	t.Helper()
	dir = t.TempDir()
	err := filepath.WalkDir("../../web", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../../web", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		if strings.HasPrefix(d.Name(), "app.wasm") || isCopy(d.Name()) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	wasm = fakeWasm(size, 1)
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := precompress(dir); err != nil {
		t.Fatal(err)
	}
	return dir, wasm
}

// fakeWasm is size bytes that compress about as well as a wasm does.
func fakeWasm(size int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	words := []string{"\x00asm", "\x01\x00\x00\x00", "func", "call", "i32.add", "local.get", "br_if", "\x20\x00", "end"}
	var b bytes.Buffer
	for b.Len() < size {
		if rng.IntN(4) == 0 {
			b.WriteByte(byte(rng.IntN(256)))
		} else {
			b.WriteString(words[rng.IntN(len(words))])
		}
	}
	return b.Bytes()[:size]
}

// startSite serves the app in dir with the server's own configuration
// (timeouts, header limits) on a loopback port.
func startSite(t testing.TB, dir string) *httptest.Server {
	t.Helper()
	h := server(dir, handler("test", ""))
	ts := httptest.NewUnstartedServer(h)
	ts.Config = newHTTPServer(h)
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// fetch sends one request and reads the whole answer. headers are name,
// value pairs; the transport adds nothing and decodes nothing.
func fetch(t testing.TB, method, url string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header[http.CanonicalHeaderKey(headers[i])] = append(req.Header[http.CanonicalHeaderKey(headers[i])], headers[i+1])
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	res, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// rawRequest writes a request line as it is, bytes a client library would
// escape included, and returns the status and the answer's body.
func rawRequest(t testing.TB, addr, line string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "%s\r\nHost: %s\r\nConnection: close\r\n\r\n", line, addr)
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var seedHex = strings.TrimPrefix(seedDoc.ID, "urn:sha256:")

// checkSecurityHeaders fails unless a response carries the headers every
// response must.
func checkSecurityHeaders(t testing.TB, what string, h http.Header) {
	t.Helper()
	for name, want := range map[string][]string{
		"Content-Security-Policy": {"default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"},
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"no-referrer"},
		"Permissions-Policy":      {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"},
		"X-Frame-Options":         {"DENY"},
	} {
		got := h.Get(name)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %s is %q, lacks %q", what, name, got, w)
			}
		}
	}
	if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") || strings.Contains(h.Get("Content-Security-Policy"), "'unsafe-eval'") {
		t.Errorf("%s: the policy allows inline code or eval: %s", what, h.Get("Content-Security-Policy"))
	}
}

func TestOnlyWhatTheAppServesIsAnswered(t *testing.T) {
	dir, _ := testWeb(t, 64<<10)
	ts := startSite(t, dir)
	long := strings.Repeat("a", 600)
	huge := strings.Repeat("b", 100<<10)
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/", 200},
		{"HEAD", "/", 200},
		{"GET", "/?wasm=false", 200},
		{"GET", "/doc/" + seedDoc.ID, 200},
		{"GET", "/doc/urn%3Asha256%3A" + seedHex, 200},
		{"GET", "/doc/urn%3asha256%3a" + seedHex, 200},
		{"HEAD", "/doc/" + seedDoc.ID, 200},
		{"GET", "/doc/" + seedHex, 404},                             // the bare hash is not an id
		{"GET", "/doc/urn:sha256:" + strings.ToUpper(seedHex), 404}, // ids are lower case
		{"GET", "/doc/urn:sha256:" + seedHex[1:], 404},              // 63 digits
		{"GET", "/doc/urn:sha256:" + seedHex + "0", 404},            // 65 digits
		{"GET", "/doc/urn:sha256:" + seedHex + "/", 404},            // a trailing slash
		{"GET", "/doc/urn:sha256:" + seedHex + "/x", 404},           // below a document
		{"GET", "/doc/urn:sha256:" + seedHex + "%0a", 404},          // a newline
		{"GET", "/doc/urn:uuid:" + seedHex, 404},                    // another scheme
		{"GET", "/doc/x%22%3E%3Csvg%20onload=alert(1)%3E", 404},     // markup
		{"GET", "/doc/", 404},
		{"HEAD", "/doc/urn:sha256:" + seedHex[:40], 404}, // a link cut short
		{"GET", "/doc", 404},
		{"GET", "/web/app.css", 200},
		{"GET", "/web/app.wasm", 200},
		{"GET", "/web/reader.js", 200},
		{"GET", "/web/icon.svg", 200},
		{"GET", "/web/icon-192.png", 200},
		{"GET", "/web/fonts/noto-naskh-arabic-arabic-400-normal.woff2", 200},
		{"GET", "/web/", 404}, // no listings
		{"GET", "/web", 404},
		{"GET", "/web/fonts/", 404},
		{"GET", "/web/fonts", 404},
		{"GET", "/web/app.wasm.br", 404}, // the copies are not files of the app
		{"GET", "/web/app.wasm.gz", 404},
		{"GET", "/web/app.wasm.sha256", 404},
		{"GET", "/web/../go.mod", 404},
		{"GET", "/web/%2e%2e/%2e%2e/go.mod", 404},
		{"GET", "/app.js", 200},
		{"GET", "/wasm_exec.js", 200},
		{"GET", "/app-worker.js", 200},
		{"GET", "/app.css", 200},
		{"GET", "/manifest.webmanifest", 200},
		{"GET", "/manifest.json", 404}, // go-app's aliases: the app uses none
		{"GET", "/goapp.js", 404},
		{"GET", "/app.wasm", 404},
		{"GET", "/goapp.wasm", 404},
		{"GET", "/robots.txt", 404},
		{"GET", "/index.html", 404},
		{"GET", "/other", 404},
		{"GET", "/web/" + long, 414},
		{"GET", "/doc/" + long, 414},
		{"GET", "/?" + long, 414},
		{"GET", "/web/" + huge, 414},
		{"GET", "/doc/" + huge, 414},
		{"POST", "/", 405},
		{"PUT", "/", 405},
		{"DELETE", "/", 405},
		{"PATCH", "/web/app.css", 405},
		{"OPTIONS", "/", 405},
		{"TRACE", "/", 405},
		{"BREW", "/", 405},
		{"POST", "/doc/" + seedDoc.ID, 405},
		{"DELETE", "/web/app.wasm", 405},
		{"POST", "/nowhere", 405},
	} {
		req, err := http.NewRequest(c.method, ts.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = c.path // sent as written
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatalf("%s %.60s: %v", c.method, c.path, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		what := fmt.Sprintf("%s %.60s", c.method, c.path)
		if res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", what, res.StatusCode, c.want)
		}
		checkSecurityHeaders(t, what, res.Header)
		if c.want == 405 && res.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: Allow %q", what, res.Header.Get("Allow"))
		}
		if c.want == 404 && (c.path == "/doc" || strings.HasPrefix(c.path, "/doc/")) {
			// A /doc link that names no document gets a page a reader
			// can read, the same whatever the link said.
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("%s: typed %q", what, ct)
			}
			if c.method == "GET" && string(body) != notADocumentPage {
				t.Errorf("%s: the page says %q", what, body)
			}
		} else if c.want >= 400 {
			// Nothing of the request comes back.
			if len(body) > 64 || bytes.Contains(body, []byte("svg")) || bytes.Contains(body, []byte("aaaa")) || bytes.Contains(body, []byte("bbbb")) {
				t.Errorf("%s: the refusal says %q", what, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("%s: a refusal typed %q", what, ct)
			}
		}
		if c.method == "HEAD" && len(body) != 0 {
			t.Errorf("%s: HEAD answered with a body", what)
		}
	}
	if code, _ := rawRequest(t, ts.Listener.Addr().String(), "GET //web/app.css HTTP/1.1"); code != 404 {
		t.Errorf("GET //web/app.css: %d, want 404", code)
	}
	// OPTIONS * is refused like any other OPTIONS.
	if code, _ := rawRequest(t, ts.Listener.Addr().String(), "OPTIONS * HTTP/1.1"); code != 405 {
		t.Errorf("OPTIONS *: %d, want 405", code)
	}
	// Past the header limit net/http refuses the request itself.
	if code, _ := rawRequest(t, ts.Listener.Addr().String(), "GET /web/"+strings.Repeat("c", maxHeaderBytes+8192)+" HTTP/1.1"); code != 431 {
		t.Errorf("a request line past the header limit: %d, want 431", code)
	}
}

func TestNothingOfTheRequestReachesThePage(t *testing.T) {
	dir, _ := testWeb(t, 64<<10)
	ts := startSite(t, dir)
	addr := ts.Listener.Addr().String()
	// Markup in a /doc/ link, raw as a hostile client may send it and
	// escaped as a browser does, is refused without a word of it.
	for _, line := range []string{
		`GET /doc/x"><svg onload=document.documentElement.setAttribute('data-pwned',1)> HTTP/1.1`,
		`GET /doc/x%22%3E%3Csvg%20onload%3Ddocument.documentElement.setAttribute('data-pwned',1)%3E HTTP/1.1`,
		`GET /doc/urn:sha256:` + seedHex + `"><svg%20onload=alert(1)> HTTP/1.1`,
	} {
		code, body := rawRequest(t, addr, line)
		if code != 404 && code != 400 {
			t.Errorf("%.50s: %d", line, code)
		}
		if strings.Contains(body, "svg") || strings.Contains(body, "pwned") || strings.Contains(body, "onload") {
			t.Errorf("%.50s: the answer echoes the request: %q", line, body)
		}
	}
	// A query goes nowhere into the page.
	code, body := rawRequest(t, addr, `GET /?a="><svg%20onload=alert(1)>&b=%22%3E%3Cscript%3Ealert(2)%3C/script%3E HTTP/1.1`)
	if code != 200 {
		t.Fatalf("the page with a query: %d", code)
	}
	for _, bad := range []string{"onload", "alert(", "<svg"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page holds %q from the query", bad)
		}
	}
	// The page of a document shows its canonical path, whichever way the
	// link wrote the colons.
	_, a := fetch(t, "GET", ts.URL+"/doc/"+seedDoc.ID)
	_, b := fetch(t, "GET", ts.URL+"/doc/urn%3Asha256%3A"+seedHex)
	if !bytes.Equal(a, b) {
		t.Error("the two spellings of a document's link give different pages")
	}
	if !bytes.Contains(a, []byte(`content="https:///doc/`+seedDoc.ID+`"`)) {
		t.Errorf("the document's page does not carry its canonical path:\n%.1500s", a)
	}
}

// inlineCode finds what a Content-Security-Policy without 'unsafe-inline'
// would block in a page: script or style elements with content, inline
// event handlers, style attributes, javascript: URLs.
var inlineCode = regexp.MustCompile(`(?is)<script\b[^>]*>\s*[^<\s]|<style\b|\son[a-z]+\s*=|\sstyle\s*=|javascript:`)

// TestPageChoosesOneOptionEach: each list to choose from in the page the
// server draws has one option chosen (a browser reads selected="false" as
// chosen, and showed the last one).
func TestPageChoosesOneOptionEach(t *testing.T) {
	dir, _ := testWeb(t, 64<<10)
	ts := startSite(t, dir)
	_, page := fetch(t, "GET", ts.URL+"/")
	selects := regexp.MustCompile(`(?s)<select\b.*?</select>`).FindAll(page, -1)
	if len(selects) == 0 {
		t.Fatal("the page has no list to choose from")
	}
	for _, sel := range selects {
		if n := len(regexp.MustCompile(`<option\b[^>]*\bselected\b`).FindAll(sel, -1)); n != 1 {
			t.Errorf("%d options chosen in %.80q", n, sel)
		}
	}
}

func TestPageHasNothingInline(t *testing.T) {
	dir, _ := testWeb(t, 64<<10)
	ts := startSite(t, dir)
	for _, p := range []string{"/", "/doc/" + seedDoc.ID} {
		_, page := fetch(t, "GET", ts.URL+p)
		if m := inlineCode.Find(page); m != nil {
			t.Errorf("%s holds inline code the policy blocks: %q", p, m)
		}
		// Every script and style is a file of the origin.
		for _, m := range regexp.MustCompile(`<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"`).FindAllSubmatch(page, -1) {
			if u := string(m[1]); !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				t.Errorf("%s loads %q, not from its own origin", p, u)
			}
		}
	}
	// The static site carries the policy as the first thing in its head,
	// before any style or script, without frame-ancestors, which a <meta>
	// cannot carry.
	out := t.TempDir()
	if err := writeStatic(out, dir, "/sub"); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if m := inlineCode.Find(index); m != nil {
		t.Errorf("the static page holds inline code the policy blocks: %q", m)
	}
	head := regexp.MustCompile(`(?s)<head>\s*<meta charset="UTF-8">\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindSubmatch(index)
	if head == nil {
		t.Fatalf("the static page does not open with its policy:\n%.600s", index)
	}
	policy := strings.ReplaceAll(string(head[1]), "&#39;", "'")
	if policy != cspMeta || strings.Contains(policy, "frame-ancestors") || !strings.HasPrefix(csp, policy) {
		t.Errorf("the static page's policy is %q", policy)
	}
	filepath.WalkDir(filepath.Join(out, "web"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && isCopy(d.Name()) {
			t.Errorf("the static site holds %s, which a plain file server cannot send", p)
		}
		return err
	})
}

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	dir, _ := testWeb(t, 64<<10)
	ts := startSite(t, dir)
	page, _ := fetch(t, "GET", ts.URL+"/")
	wasm, _ := fetch(t, "GET", ts.URL+"/web/app.wasm", "Accept-Encoding", "br, gzip")
	for _, c := range []struct {
		what   string
		method string
		path   string
		hdr    []string
		status int
	}{
		{"page", "GET", "/", nil, 200},
		{"page, gzip", "GET", "/", []string{"Accept-Encoding", "gzip"}, 200},
		{"page, not modified", "GET", "/", []string{"If-None-Match", page.Header.Get("ETag")}, 304},
		{"wasm, not modified", "GET", "/web/app.wasm", []string{"Accept-Encoding", "br, gzip", "If-None-Match", wasm.Header.Get("ETag")}, 304},
		{"wasm, a range", "GET", "/web/app.wasm", []string{"Range", "bytes=0-3"}, 206},
		{"worker", "GET", "/app-worker.js", nil, 200},
		{"font", "HEAD", "/web/fonts/noto-naskh-arabic-arabic-700-normal.woff2", nil, 200},
		{"not found", "GET", "/nope", nil, 404},
		{"bad document", "GET", "/doc/nope", nil, 404},
		{"bad method", "POST", "/", nil, 405},
		{"no acceptable coding", "GET", "/web/app.wasm", []string{"Accept-Encoding", "identity;q=0, *;q=0"}, 406},
		{"too long", "GET", "/" + strings.Repeat("x", 1000), nil, 414},
	} {
		res, _ := fetch(t, c.method, ts.URL+c.path, c.hdr...)
		if res.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.what, res.StatusCode, c.status)
		}
		checkSecurityHeaders(t, c.what, res.Header)
	}
}

func TestNegotiate(t *testing.T) {
	for _, c := range []struct {
		accept string // "-" for no header
		want   string
		ok     bool
	}{
		{"-", "", true},
		{"", "", true},
		{"gzip", "gzip", true},
		{"br", "br", true},
		{"gzip, br", "br", true},
		{"gzip, deflate, br, zstd", "br", true},
		{"deflate", "", true},
		{"zstd", "", true},
		{"identity", "", true},
		{"BR", "br", true},
		{"x-gzip", "gzip", true},
		{"br;q=0.5", "br", true},
		{"gzip;q=0.5", "gzip", true},
		{"gzip;q=0.001", "gzip", true},
		{"gzip; q=0.8, br; q=0.9", "br", true},
		{"gzip;q=1, br;q=0.5", "gzip", true},
		{"gzip;q=0", "", true},
		{"gzip;q=0.0", "", true},
		{"br;q=0, gzip", "gzip", true},
		{"gzip, br;q=0", "gzip", true},
		{"gzip;q=0, br;q=0", "", true},
		{"gzip;Q=0", "", true},
		{"*", "br", true},
		{"*;q=0.5", "br", true},
		{"*, br;q=0", "gzip", true},
		{"*;q=0, gzip", "gzip", true},
		{"identity;q=0, gzip", "gzip", true},
		{"identity;q=0, gzip;q=0.5", "gzip", true},
		{"identity;q=0", "", false},
		{"*;q=0", "", false},
		{"*;q=0, identity", "", true},
		{"identity;q=0, gzip;q=0, br;q=0", "", false},
		{"br;q=abc, gzip", "gzip", true}, // a malformed element is ignored
		{"br;q=2, gzip", "gzip", true},
		{" , ,gzip", "gzip", true},
	} {
		var hdr []string
		if c.accept != "-" {
			hdr = []string{c.accept}
		}
		got, ok := negotiate(hdr, true, true)
		if got != c.want || ok != c.ok {
			t.Errorf("Accept-Encoding %q: %q %v, want %q %v", c.accept, got, ok, c.want, c.ok)
		}
	}
	// Two header lines count as one list.
	if got, _ := negotiate([]string{"gzip;q=0.5", "br;q=0.6"}, true, true); got != "br" {
		t.Errorf("two lines: %q", got)
	}
	// Only the copies that exist are chosen.
	if got, ok := negotiate([]string{"br, gzip"}, false, true); got != "gzip" || !ok {
		t.Errorf("without a brotli copy: %q", got)
	}
	if got, ok := negotiate([]string{"br"}, false, true); got != "" || !ok {
		t.Errorf("brotli only, without a brotli copy: %q %v", got, ok)
	}
	if _, ok := negotiate([]string{"identity;q=0"}, false, false); ok {
		t.Error("identity refused on a file without copies: accepted")
	}
}

// brotliDecode decodes with the brotli command.
func brotliDecode(t testing.TB, b []byte) []byte {
	t.Helper()
	cmd := exec.Command("brotli", "-d", "-c")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("brotli -d: %v", err)
	}
	return out
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// needBrotli skips a brotli check where the command is missing, and fails
// it in CI, where it is installed.
func needBrotli(t testing.TB) bool {
	t.Helper()
	if _, err := exec.LookPath("brotli"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("the brotli command is missing (apt-get install -y brotli); make build needs it for the brotli copies")
		}
		t.Log("brotli is not installed: its copies are not checked")
		return false
	}
	return true
}

func TestEncodings(t *testing.T) {
	dir, wasm := testWeb(t, 256<<10)
	ts := startSite(t, dir)
	haveBr := needBrotli(t)
	css, _ := os.ReadFile(filepath.Join(dir, "app.css"))
	for _, c := range []struct {
		path, accept, want string
		orig               []byte // nil: not checked
	}{
		{"/web/app.wasm", "-", "", wasm},
		{"/web/app.wasm", "br", "br", wasm},
		{"/web/app.wasm", "gzip", "gzip", wasm},
		{"/web/app.wasm", "gzip, deflate, br, zstd", "br", wasm},
		{"/web/app.wasm", "gzip;q=0", "", wasm},
		{"/web/app.wasm", "br;q=0.5", "br", wasm},
		{"/web/app.wasm", "identity;q=0, gzip", "gzip", wasm},
		{"/web/app.wasm", "br;q=0, gzip;q=0", "", wasm},
		{"/web/app.css", "br", "br", css},
		{"/web/app.css", "gzip", "gzip", css},
		{"/web/reader.js", "br", "br", nil},
		{"/web/icon.svg", "gzip", "gzip", nil},
		{"/", "gzip, deflate, br", "gzip", nil},
		{"/doc/" + seedDoc.ID, "gzip", "gzip", nil},
		{"/app.js", "gzip", "gzip", nil},
		{"/wasm_exec.js", "gzip", "gzip", nil},
		{"/app-worker.js", "gzip", "gzip", nil},
		{"/app.css", "gzip", "gzip", nil},
		{"/manifest.webmanifest", "gzip", "gzip", nil},
		{"/", "br", "", nil}, // the page is compressed in memory, with gzip only
		{"/web/icon-192.png", "br, gzip", "", nil},
	} {
		if c.want == "br" && !haveBr {
			continue
		}
		var hdr []string
		if c.accept != "-" {
			hdr = []string{"Accept-Encoding", c.accept}
		}
		what := fmt.Sprintf("%s with %q", c.path, c.accept)
		res, body := fetch(t, "GET", ts.URL+c.path, hdr...)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", what, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Encoding"); got != c.want {
			t.Errorf("%s: Content-Encoding %q, want %q", what, got, c.want)
		}
		if res.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("%s: Content-Length %q for %d bytes", what, res.Header.Get("Content-Length"), len(body))
		}
		negotiated := c.path != "/web/icon-192.png"
		if negotiated != strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Vary %q", what, res.Header.Get("Vary"))
		}
		decoded := body
		switch c.want {
		case "gzip":
			decoded = gunzip(t, body)
		case "br":
			decoded = brotliDecode(t, body)
		}
		if c.orig != nil && !bytes.Equal(decoded, c.orig) {
			t.Errorf("%s: the body does not decode to the file", what)
		}
		if c.want != "" && len(body) >= len(decoded) {
			t.Errorf("%s: %d bytes compressed from %d", what, len(body), len(decoded))
		}
		// HEAD says the same, without the body.
		head, hb := fetch(t, "HEAD", ts.URL+c.path, hdr...)
		if len(hb) != 0 || head.Header.Get("Content-Length") != strconv.Itoa(len(body)) || head.Header.Get("Content-Encoding") != c.want {
			t.Errorf("%s: HEAD gives %d bytes, Content-Length %q, Content-Encoding %q", what, len(hb), head.Header.Get("Content-Length"), head.Header.Get("Content-Encoding"))
		}
	}
	// The loader counts progress against the decoded size.
	_, js := fetch(t, "GET", ts.URL+"/app.js")
	if want := `goappWasmContentLength = "` + strconv.Itoa(len(wasm)) + `"`; !bytes.Contains(js, []byte(want)) {
		t.Errorf("app.js does not give the loader the wasm's size (%s)", want)
	}
}

func TestRangesOnlyOnTheOriginalBytes(t *testing.T) {
	dir, wasm := testWeb(t, 256<<10)
	ts := startSite(t, dir)
	res, body := fetch(t, "GET", ts.URL+"/web/app.wasm", "Range", "bytes=10-19")
	if res.StatusCode != 206 || !bytes.Equal(body, wasm[10:20]) || res.Header.Get("Content-Range") != fmt.Sprintf("bytes 10-19/%d", len(wasm)) {
		t.Errorf("a range of the wasm: %d %q %q", res.StatusCode, res.Header.Get("Content-Range"), body)
	}
	if res.Header.Get("Content-Encoding") != "" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("a range of the wasm: Content-Encoding %q Vary %q", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	res, body = fetch(t, "GET", ts.URL+"/web/app.wasm", "Range", "bytes=0-1,5-6")
	if res.StatusCode != 206 || res.Header.Get("Content-Encoding") != "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "multipart/byteranges") {
		t.Errorf("two ranges: %d, %q, %q", res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Content-Type"))
	}
	// A compressed body is sent whole: a range of it would be a range of
	// bytes the client never sees decoded.
	for _, enc := range []string{"gzip", "br"} {
		if enc == "br" && !needBrotli(t) {
			continue
		}
		for _, r := range []string{"bytes=10-19", "bytes=0-1,5-6"} {
			res, body := fetch(t, "GET", ts.URL+"/web/app.wasm", "Range", r, "Accept-Encoding", enc)
			if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != enc || res.Header.Get("Content-Range") != "" || res.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Errorf("%s with %s: %d, Content-Encoding %q, Content-Range %q", r, enc, res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Content-Range"))
			}
			if res.Header.Get("Accept-Ranges") == "bytes" {
				t.Errorf("%s with %s: a compressed body offers ranges", r, enc)
			}
		}
	}
}

func TestValidatorsAndCaching(t *testing.T) {
	dir, _ := testWeb(t, 64<<10)
	ts := startSite(t, dir)
	// The page's bytes and ETag are the same from one request to the next.
	r1, p1 := fetch(t, "GET", ts.URL+"/")
	r2, p2 := fetch(t, "GET", ts.URL+"/")
	if !bytes.Equal(p1, p2) || r1.Header.Get("ETag") == "" || r1.Header.Get("ETag") != r2.Header.Get("ETag") {
		t.Errorf("the page changes between requests, or its ETag does: %q %q", r1.Header.Get("ETag"), r2.Header.Get("ETag"))
	}
	sum := sha256.Sum256(p1)
	if r1.Header.Get("ETag") != `"`+hex.EncodeToString(sum[:8])+`"` {
		t.Errorf("the page's ETag %s is not its bytes' hash", r1.Header.Get("ETag"))
	}
	if r1.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("the page: Cache-Control %q", r1.Header.Get("Cache-Control"))
	}
	// Each coding of a file has its own ETag, and each validates only
	// itself.
	tags := map[string]string{}
	for _, enc := range []string{"", "gzip", "br"} {
		if enc == "br" && !needBrotli(t) {
			continue
		}
		res, _ := fetch(t, "GET", ts.URL+"/web/app.wasm", "Accept-Encoding", enc)
		tag := res.Header.Get("ETag")
		for other, t2 := range tags {
			if t2 == tag {
				t.Errorf("%q and %q share the ETag %s", enc, other, tag)
			}
		}
		tags[enc] = tag
		res, body := fetch(t, "GET", ts.URL+"/web/app.wasm", "Accept-Encoding", enc, "If-None-Match", tag)
		if res.StatusCode != 304 || len(body) != 0 || res.Header.Get("ETag") != tag || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") || res.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%q revalidated: %d, ETag %q, Vary %q, Cache-Control %q", enc, res.StatusCode, res.Header.Get("ETag"), res.Header.Get("Vary"), res.Header.Get("Cache-Control"))
		}
	}
	if res, _ := fetch(t, "GET", ts.URL+"/web/app.wasm", "Accept-Encoding", "gzip", "If-None-Match", tags[""]); res.StatusCode != 200 {
		t.Errorf("the gzip copy validated by the original's ETag: %d", res.StatusCode)
	}
	// The page links its own style and script with their version; those
	// URLs may be kept for good, the others must be asked again.
	links := regexp.MustCompile(`"(/web/(?:app\.css|reader\.js))\?v=([0-9a-f]{16})"`).FindAllSubmatch(p1, -1)
	if len(links) != 2 {
		t.Fatalf("the page links %d versioned files, want app.css and reader.js", len(links))
	}
	for _, l := range links {
		file, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(string(l[1]), "/web/")))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(file); string(l[2]) != hex.EncodeToString(sum[:8]) {
			t.Errorf("%s is linked with version %s, not its hash", l[1], l[2])
		}
		res, body := fetch(t, "GET", ts.URL+string(l[1])+"?v="+string(l[2]))
		if res.Header.Get("Cache-Control") != longLived || !bytes.Equal(body, file) {
			t.Errorf("%s?v=%s: Cache-Control %q", l[1], l[2], res.Header.Get("Cache-Control"))
		}
		for _, q := range []string{"", "?v=0000000000000000", "?v=" + string(l[2]) + "&x=1"} {
			if res, _ := fetch(t, "GET", ts.URL+string(l[1])+q); res.Header.Get("Cache-Control") != "no-cache" {
				t.Errorf("%s%s: Cache-Control %q", l[1], q, res.Header.Get("Cache-Control"))
			}
		}
	}
	for _, p := range []string{"/web/app.wasm", "/app.js", "/app-worker.js", "/wasm_exec.js", "/manifest.webmanifest", "/web/icon-192.png"} {
		if res, _ := fetch(t, "GET", ts.URL+p); res.Header.Get("Cache-Control") != "no-cache" || res.Header.Get("ETag") == "" {
			t.Errorf("%s: Cache-Control %q, ETag %q", p, res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
		}
	}
}

// TestCopiesAreCurrentByContent runs the Makefile's precompression, as make
// build does, and checks which copies the server sends: the brotli copy
// after a fresh build whatever its modification time says, no copy of an
// older build whatever its modification time says.
func TestCopiesAreCurrentByContent(t *testing.T) {
	dir, wasm := testWeb(t, 256<<10)
	haveBr := needBrotli(t)
	for _, f := range []string{"app.wasm", "app.css", "reader.js", "icon.svg"} {
		exts := []string{gzExt, sumExt}
		if haveBr {
			exts = append(exts, brExt)
		}
		for _, ext := range exts {
			if _, err := os.Stat(filepath.Join(dir, f+ext)); err != nil {
				t.Errorf("make precompress made no %s%s", f, ext)
			}
		}
	}
	// brotli keeps whole seconds: its copy may look older than the wasm.
	wasmPath := filepath.Join(dir, "app.wasm")
	now := time.Now()
	os.Chtimes(wasmPath, now, now)
	past := now.Add(-time.Hour)
	os.Chtimes(wasmPath+brExt, past, past)
	os.Chtimes(wasmPath+gzExt, past, past)
	want := "gzip"
	if haveBr {
		want = "br"
	}
	ts := startSite(t, dir)
	res, body := fetch(t, "GET", ts.URL+"/web/app.wasm", "Accept-Encoding", "gzip, deflate, br, zstd")
	if res.Header.Get("Content-Encoding") != want {
		t.Fatalf("after make precompress Chromium gets %q, want %q", res.Header.Get("Content-Encoding"), want)
	}
	if want == "br" && !bytes.Equal(brotliDecode(t, body), wasm) {
		t.Error("the brotli copy does not decode to the wasm")
	}
	ts.Close()

	// A wasm built again without compressing: its copies, newer than it,
	// are of another build and must not be sent.
	rebuilt := fakeWasm(len(wasm), 2)
	if err := os.WriteFile(wasmPath, rebuilt, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(wasmPath, past, past)
	future := now.Add(time.Hour)
	os.Chtimes(wasmPath+brExt, future, future)
	os.Chtimes(wasmPath+gzExt, future, future)
	ts = startSite(t, dir)
	for _, enc := range []string{"br", "gzip", "br, gzip"} {
		res, body := fetch(t, "GET", ts.URL+"/web/app.wasm", "Accept-Encoding", enc)
		if res.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, rebuilt) {
			t.Errorf("with %q a copy of another build was sent (%q)", enc, res.Header.Get("Content-Encoding"))
		}
	}
	// make precompress again: the copies are current again.
	if err := precompress(dir); err != nil {
		t.Fatal(err)
	}
	ts = startSite(t, dir)
	res, body = fetch(t, "GET", ts.URL+"/web/app.wasm", "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(gunzip(t, body), rebuilt) {
		t.Errorf("after make precompress: %q", res.Header.Get("Content-Encoding"))
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8000":   true,
		"127.0.0.2:8000":   true,
		"[::1]:8000":       true,
		"0.0.0.0:8000":     false,
		"[::]:8000":        false,
		"192.168.1.20:80":  false,
		"[2001:db8::1]:80": false,
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := loopback(a); got != want {
			t.Errorf("loopback(%s) = %v", addr, got)
		}
	}
}

// A client that sends its headers a byte at a time is let go once the
// header timeout has passed (shortened here).
func TestSlowHeadersAreCut(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler())
	for name, d := range map[string]time.Duration{"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout, "WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout} {
		if d <= 0 || d > 5*time.Minute {
			t.Errorf("%s is %s", name, d)
		}
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes is %d", srv.MaxHeaderBytes)
	}
	srv.ReadHeaderTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	for _, b := range []byte("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa") {
		if _, err := c.Write([]byte{b}); err != nil {
			break // closed already
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The server has closed the connection: reading it ends (at its end, or
	// on a reset) instead of waiting.
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadAll(c); errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("a client sending a byte every 50 ms is still served after %s", time.Since(start).Round(time.Millisecond))
	}
}

// TestDocPathIsDocPattern: the matcher the browser routes with says what
// docPattern says.
func TestDocPathIsDocPattern(t *testing.T) {
	re, anyRE := regexp.MustCompile(docPattern), regexp.MustCompile(anyDocPattern)
	id := strings.Repeat("0f", 32)
	for _, p := range []string{"/", "/doc/", "/doc/urn:sha256:" + id, "/doc/urn:sha256:" + strings.ToUpper(id), "/doc/urn:sha256:" + id[1:],
		"/doc/urn:sha256:" + id + "0", "/doc/urn:sha256:" + id + "/", "/doc/urn:sha256:" + id + "\n", "/doc/urn%3Asha256%3A" + id,
		"doc/urn:sha256:" + id, "//doc/urn:sha256:" + id, "/doc/urn:sha1:" + id, "/doc/urn:sha256:" + id[:63] + "g", "/doc", "/docs", "/doc/x\ny", "/doc/x\n", "/a/doc/x"} {
		if got, want := isDocPath(p), re.MatchString(p); got != want {
			t.Errorf("%q: %v, docPattern says %v", p, got, want)
		}
		if got, want := isAnyDocPath(p), anyRE.MatchString(p); got != want {
			t.Errorf("%q: %v, anyDocPattern says %v", p, got, want)
		}
	}
}
