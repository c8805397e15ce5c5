//go:build !wasm

package main

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	ui "annotator/app"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The site answers only what the app serves, GET and HEAD only:
//
//	/                       the page
//	/doc/ID                 the page, for a document id of the app's form;
//	                        any other /doc address, a page saying the link
//	                        names no document (404)
//	/app.js, /wasm_exec.js, /app-worker.js, /app.css
//	                        go-app's loader, Go's wasm runtime, the worker
//	                        and go-app's styles
//	/manifest.webmanifest   the web app manifest
//	/web/FILE               a file of the web folder (no listings)
//
// Anything else is 404, other methods 405 with Allow, a request target
// longer than maxTarget 414; nothing of a refused request is echoed. Every
// response, refusals included, carries the headers of securityHeaders.
// Everything is read, rendered and compressed once, when the site is made.
type site struct {
	files map[string]*asset // by path: /web/…, the generated files, the manifest
	h     *app.Handler

	mu    sync.Mutex
	pages map[string]*asset // rendered pages by canonical path
}

// maxTarget bounds the request target (path and query): the app's longest
// is a /doc/ link of 80 bytes.
const maxTarget = 512

// maxPages bounds the rendered pages kept for /doc/ links.
const maxPages = 64

// longLived is the caching of a file whose URL carries its version.
const longLived = "public, max-age=31536000, immutable"

// The Content-Security-Policy of the page and of every other response.
// Scripts come from the app's origin only, as files (go-app v10.1.11
// writes none inline; TestPageHasNothingInline keeps it so), and may
// compile WebAssembly; styles are files of the origin too: the app paints
// highlights with the CSS Custom Highlight API and moves its toolbar
// through the CSSOM (element.style), which style-src does not govern, so
// neither 'unsafe-inline' nor a hash is needed. No plugins, no <base>, no
// forms, no frames. The static site carries cspMeta in a <meta>, which
// cannot carry frame-ancestors.
const (
	cspMeta = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
		"img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'none'"
	csp = cspMeta + "; frame-ancestors 'none'"
)

// permissionsPolicy denies the powerful features the app does not use.
// Web Share is left to its default (this origin), as the app shares
// exports with it.
const permissionsPolicy = "accelerometer=(), autoplay=(), camera=(), display-capture=(), " +
	"encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), " +
	"magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), " +
	"publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"

func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", permissionsPolicy)
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// server serves the app whose assets are in web with the go-app handler
// h; see site. It stops the program if web cannot be read: serveCmd checks
// that first.
func server(web string, h *app.Handler) http.Handler {
	s, err := newSite(web, h)
	if err != nil {
		log.Fatal(err)
	}
	return s
}

func newSite(web string, h *app.Handler) (*site, error) {
	files, err := loadWeb(web)
	if err != nil {
		return nil, err
	}
	if _, ok := files["/web/app.wasm"]; !ok {
		return nil, fmt.Errorf("%s has no app.wasm", web)
	}
	prepare(h, files)
	s := &site{files: files, h: h, pages: map[string]*asset{}}
	for _, p := range []string{"/app.js", "/wasm_exec.js", "/app-worker.js", "/app.css"} {
		body, err := record(h, p)
		if err == nil && p == "/app.js" {
			body, err = compiledOffMain(body, files)
		}
		if err != nil {
			return nil, err
		}
		s.files[p] = gzipped(contentType(p), body)
	}
	s.files["/manifest.webmanifest"] = gzipped(contentType(".webmanifest"), manifest(""))
	if _, err := s.page("/"); err != nil {
		return nil, err
	}
	return s, nil
}

// prepare completes the go-app handler from the files it serves: the
// loader counts progress against the wasm's own size (sent compressed,
// Content-Length would take it past 100%), and the page's own style and
// script are linked with their version in the query, so that they can be
// cached for good.
func prepare(h *app.Handler, files map[string]*asset) {
	if a, ok := files["/web/app.wasm"]; ok {
		h.WasmContentLength = strconv.Itoa(len(a.body))
	}
	version := func(list []string) []string {
		out := make([]string, len(list))
		for i, u := range list {
			out[i] = u
			if a, ok := files[u]; ok {
				out[i] = u + "?v=" + a.tag
			}
		}
		return out
	}
	h.Styles = version(h.Styles)
	h.Scripts = version(h.Scripts)
	// The loader's worker, with its version, as the loader asks for it
	// (compiledOffMain).
	h.CacheableResources = append(slices.Clone(h.CacheableResources), version([]string{compileWorker})...)
}

// loaderID is go-app's loading screen, the element right after the one
// the program draws into.
const loaderID = `id="app-wasm-loader"`

// withArticle puts the article into a page, beside (not inside) the
// element go-app draws into: the text is on screen as soon as the page is,
// and stays there when the program starts, which attaches to it.
func withArticle(page []byte) ([]byte, error) {
	j := bytes.Index(page, []byte(loaderID))
	i := bytes.LastIndex(page[:max(j, 0)], []byte("<aside"))
	if j < 0 || i < 0 {
		return nil, fmt.Errorf("the page has no <aside %s> to put the article before", loaderID)
	}
	return slices.Concat(page[:i], []byte(ui.ArticleHTML(ui.Seed())), page[i:]), nil
}

// compileWorker compiles the wasm for the page (compiledOffMain).
const compileWorker = "/web/compile.js"

// wasmLoad is where go-app's loader fetches and compiles the wasm.
var wasmLoad = regexp.MustCompile(`instantiateStreaming\(\s*fetchWithProgress\(("[^"]*"), showProgress\),\s*go\.importObject\s*\)`)

// offMain compiles the wasm in a worker (web/compile.js), which also runs
// it once (ui.Warm), and instantiates it here; if the worker cannot, here.
// The browser decodes a module on the thread that compiles it, as its
// bytes arrive: on the page's thread that took tasks of up to half a
// second, in which the page did not answer. (go-app also passed every
// chunk through a stream of its own, to show a progress the page hides:
// the article is on screen instead.) The page marks annotator:warmed when
// the worker's run went well, and warns in the console when it did not.
//
// A second after the page is ready, when it is idle, the worker runs the
// program again on files (ui.WarmFiles), then ends; the page marks
// annotator:warmed-files.
const offMain = `

async function compileOffMain(url, imports) {
  let module = null;
  try {
    module = await new Promise((done, fail) => {
      const w = new Worker(url.replace(/app\.wasm$/, %q));
      w.onmessage = (e) => {
        const [m, warm] = Array.isArray(e.data) ? e.data : [e.data, ""];
        if (!(m instanceof WebAssembly.Module)) {
          w.terminate();
          return fail(new Error(m));
        }
        if (warm) {
          w.terminate();
          console.warn("the worker could not run the program before the page:", warm);
        } else {
          performance.mark("annotator:warmed");
          warmFiles(w);
        }
        done(m);
      };
      w.onerror = (e) => {
        w.terminate();
        fail(new Error(e.message));
      };
      w.postMessage({ wasm: url, exec: url.replace(/web\/app\.wasm$/, "wasm_exec.js") });
    });
  } catch (err) {
    console.warn("compiling the wasm in a worker failed, compiling it here:", err);
    return WebAssembly.instantiateStreaming(fetch(url), imports);
  }
  const instance = await WebAssembly.instantiate(module, imports);
  // The program starts in a task of its own.
  await new Promise((next) => setTimeout(next, 0));
  return { instance };
}

function warmFiles(w) {
  const start = () => {
    w.onmessage = (e) => {
      w.terminate();
      if (e.data) console.warn("the worker could not run the program on files:", e.data);
      else performance.mark("annotator:warmed-files");
    };
    w.postMessage("files");
    // A page left in the middle of the run leaves it at once, before the
    // next page starts.
    addEventListener("pagehide", () => w.terminate(), { once: true });
  };
  // A second after ready, when the page is idle: a reader takes longer
  // to choose a file, and a page reloaded at once does not share a core.
  const idle = () => setTimeout(() => (self.requestIdleCallback ? requestIdleCallback(start, { timeout: 2000 }) : start()), 1000);
  if (performance.getEntriesByName("annotator:ready").length) return idle();
  const o = new PerformanceObserver((list) => {
    if (!list.getEntriesByName("annotator:ready").length) return;
    o.disconnect();
    idle();
  });
  o.observe({ type: "mark" });
}
`

// compiledOffMain makes go-app's loader compile the wasm off the page's
// main thread (offMain), with the worker of the web files given.
func compiledOffMain(js []byte, files map[string]*asset) ([]byte, error) {
	if len(wasmLoad.FindAllIndex(js, -1)) != 1 {
		return nil, fmt.Errorf("go-app's app.js does not load the wasm as expected (%s)", wasmLoad)
	}
	w, ok := files[compileWorker]
	if !ok {
		return nil, fmt.Errorf("the web folder has no %s", path.Base(compileWorker))
	}
	js = wasmLoad.ReplaceAll(js, []byte("compileOffMain($1, go.importObject)"))
	return fmt.Appendf(js, offMain, path.Base(compileWorker)+"?v="+w.tag), nil
}

// record asks the go-app handler for one of its files or pages.
func record(h *app.Handler, path string) ([]byte, error) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("go-app answered %s with %d", path, rec.Code)
	}
	return rec.Body.Bytes(), nil
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header())
	if len(r.RequestURI) > maxTarget {
		http.Error(w, "414 request target too long", http.StatusRequestURITooLong)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p == "/" || p == "/doc" || strings.HasPrefix(p, "/doc/") {
		if p != "/" && !isDocPath(p) {
			notADocument(w, r)
			return
		}
		// go-app sees the canonical path only: the one matched, which
		// holds nothing but the id's own characters, and no query.
		page, err := s.page(p)
		if err != nil {
			log.Print(err)
			http.Error(w, "500 the page could not be made", http.StatusInternalServerError)
			return
		}
		page.serve(w, r, "no-cache")
		return
	}
	a, ok := s.files[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	cache := "no-cache"
	if r.URL.RawQuery == "v="+a.tag {
		cache = longLived
	}
	a.serve(w, r, cache)
}

// notADocumentPage is the answer to a /doc/ link that names no document
// (cut or copied in part): a page a reader who followed it can read, in
// both languages, with the way to the app. It says nothing of the link.
const notADocumentPage = `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>لا يدل هذا الرابط على مستند · This link names no document</title></head>
<body>
<main>
<h1>لا يدل هذا الرابط على مستند</h1>
<p>ربما قُطع الرابط أو نُسخ ناقصًا. اطلب الرابط كاملًا ممن أرسله، أو <a href="/">افتح المُعلِّق</a>.</p>
<section lang="en" dir="ltr">
<h2>This link names no document</h2>
<p>It may have been cut or copied in part. Ask whoever sent it for the whole link, or <a href="/">open the annotator</a>.</p>
</section>
</main>
</body>
</html>
`

// notADocument answers a /doc/ link that names no document: 404, with
// notADocumentPage.
func notADocument(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		io.WriteString(w, notADocumentPage)
	}
}

// page renders the page at a canonical path once and keeps it, with its
// gzip copy, so that its bytes and ETag stay the same (go-app writes
// attributes in a random order). At most maxPages are kept.
func (s *site) page(path string) (*asset, error) {
	s.mu.Lock()
	a, ok := s.pages[path]
	s.mu.Unlock()
	if ok {
		return a, nil
	}
	body, err := record(s.h, path)
	if err != nil {
		return nil, err
	}
	if body, err = withArticle(body); err != nil {
		return nil, err
	}
	a = gzipped(contentType(".html"), body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.pages[path]; ok {
		return old, nil
	}
	if len(s.pages) >= maxPages {
		for k := range s.pages {
			if k != "/" {
				delete(s.pages, k)
				break
			}
		}
	}
	s.pages[path] = a
	return a, nil
}
