//go:build !wasm

package main

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// version is stamped by the build (-ldflags "-X main.version=…"). When it
// is empty the server derives one from the wasm it serves, so a new build
// is a new version and an unchanged one is not.
var version string

//go:embed app-worker.js
var workerTemplate string

// run is the native program: it serves the app, or writes it as a static
// site.
func run(args []string) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serveCmd(args)
	case "static":
		return staticCmd(args)
	case "validate", "merge", "report":
		if code := fileCmd(cmd, args, os.Stdin, os.Stdout, os.Stderr); code != 0 {
			os.Exit(code)
		}
		return nil
	case "help":
		fmt.Println(usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}

const usage = `Usage:
  annotator [serve] [-addr host:port] [-web dir]   serve the app
  annotator static [-out dir] [-prefix /path]     write the app as a static site
  annotator validate FILE...                      check annotation files
  annotator merge FILE... [-o OUT]                merge annotation files into one
  annotator report FILE... [-format csv] [-o OUT] a table of claims, quotes and sources

Run "annotator COMMAND -h" for a command's flags.`

func serveCmd(args []string) error {
	fs := flag.NewFlagSet("annotator serve", flag.ExitOnError)
	addr := fs.String("addr", envOr("ADDR", "127.0.0.1:8000"), "address to serve the app on (or set ADDR)")
	web := fs.String("web", "web", "folder holding app.wasm and the static assets")
	fs.Parse(args)

	v, err := appVersion(*web)
	if err != nil {
		return fmt.Errorf("%w (build the app with: make build)", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Printf("annotator %s: serving http://%s/", v, ln.Addr())
	srv := &http.Server{Handler: server(*web, handler(v, ""))}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// handler is the go-app handler: the page, its script and worker. prefix
// is the path the app is served under ("" for the root).
func handler(version, prefix string) *app.Handler {
	h := &app.Handler{
		Name:            appName,
		ShortName:       appShortName,
		Title:           appName,
		Description:     appDescription,
		Lang:            "ar",
		HTML:            func() app.HTMLHtml { return app.Html().Dir("rtl") },
		BackgroundColor: backgroundColor,
		ThemeColor:      themeColor,
		LoadingLabel:    "جارٍ التحميل · Loading {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-maskable.png",
		},
		Styles:                []string{"/web/app.css"},
		Scripts:               []string{"/web/reader.js"},
		Fonts:                 []string{"/web/fonts/noto-naskh-arabic-arabic-400-normal.woff2", "/web/fonts/noto-naskh-arabic-arabic-700-normal.woff2"},
		CacheableResources:    []string{"/web/icon.svg"},
		Version:               version,
		ServiceWorkerTemplate: workerTemplate,
	}
	if prefix != "" {
		h.Resources = app.PrefixedLocation(prefix)
	}
	return h
}

// The app's names and colours, shared by the page and the manifest.
const (
	appName         = "المُعلِّق · Annotator"
	appShortName    = "Annotator"
	appDescription  = "Read an article closely and mark claims, quotes and sources; works offline, right-to-left first."
	backgroundColor = "#fdfcf8"
	themeColor      = "#005a8c"
)

// manifest is the web app manifest. go-app's own lacks the language,
// direction and an id, and fixes the scope at "/".
func manifest(prefix string) []byte {
	type icon struct {
		Src     string `json:"src"`
		Type    string `json:"type"`
		Sizes   string `json:"sizes"`
		Purpose string `json:"purpose,omitempty"`
	}
	root := prefix + "/"
	m := map[string]any{
		"id":               root,
		"name":             appName,
		"short_name":       appShortName,
		"description":      appDescription,
		"lang":             "ar",
		"dir":              "rtl",
		"scope":            root,
		"start_url":        root,
		"display":          "standalone",
		"background_color": backgroundColor,
		"theme_color":      themeColor,
		"categories":       []string{"news", "education", "productivity"},
		// Opening an annotation file with the installed app imports it.
		"file_handlers": []map[string]any{{
			"action": root,
			"accept": map[string][]string{"application/ld+json": {".jsonld"}, "application/json": {".json"}},
		}},
		"launch_handler": map[string]string{"client_mode": "focus-existing"},
		"icons": []icon{
			{Src: prefix + "/web/icon-192.png", Type: "image/png", Sizes: "192x192", Purpose: "any"},
			{Src: prefix + "/web/icon-512.png", Type: "image/png", Sizes: "512x512", Purpose: "any"},
			{Src: prefix + "/web/icon-maskable.png", Type: "image/png", Sizes: "512x512", Purpose: "maskable"},
			{Src: prefix + "/web/icon.svg", Type: "image/svg+xml", Sizes: "any", Purpose: "any"},
		},
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// server serves the app: the manifest, the static assets in web (app.wasm
// precompressed when the browser takes it), and go-app's page and scripts.
func server(web string, h *app.Handler) http.Handler {
	setWasmLength(h, web)
	mux := http.NewServeMux()
	mux.HandleFunc("/manifest.webmanifest", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/manifest+json")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(manifest(""))
	})
	files := http.StripPrefix("/web/", http.FileServer(http.Dir(web)))
	mux.HandleFunc("/web/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		if r.URL.Path == "/web/app.wasm" && serveCompressed(w, r, filepath.Join(web, "app.wasm")) {
			return
		}
		files.ServeHTTP(w, r)
	})
	mux.Handle("/", h)
	return mux
}

// serveCompressed sends a file's brotli or gzip copy, made at build time,
// when the browser accepts it and the copy is not older than the file.
func serveCompressed(w http.ResponseWriter, r *http.Request, path string) bool {
	orig, err := os.Stat(path)
	if err != nil {
		return false
	}
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsEncoding(accept, enc.name) {
			continue
		}
		f, err := os.Open(path + enc.ext)
		if err != nil {
			continue
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || st.ModTime().Before(orig.ModTime()) {
			continue
		}
		w.Header().Set("Content-Encoding", enc.name)
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Add("Vary", "Accept-Encoding")
		http.ServeContent(w, r, "app.wasm", st.ModTime(), f)
		return true
	}
	return false
}

func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), enc) && !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") {
			return true
		}
	}
	return false
}

// setWasmLength tells the loader the size of the wasm as it will be
// decoded: sent compressed, its Content-Length is the compressed size, and
// the loading progress would pass 100%.
func setWasmLength(h *app.Handler, web string) {
	if st, err := os.Stat(filepath.Join(web, "app.wasm")); err == nil {
		h.WasmContentLength = strconv.FormatInt(st.Size(), 10)
	}
}

func appVersion(web string) (string, error) {
	if version != "" {
		return version, nil
	}
	f, err := os.Open(filepath.Join(web, "app.wasm"))
	if err != nil {
		return "", err
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil))[:16], nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
