//go:build !wasm

package main

import (
	"context"
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
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

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
	case "validate", "merge", "report", "doc":
		if code := fileCmd(cmd, args, os.Stdin, os.Stdout, os.Stderr); code != 0 {
			os.Exit(code)
		}
		return nil
	case "help":
		fmt.Println(usage)
		return nil
	}
	return errUsage{fmt.Errorf("unknown command %q\n\n%s", cmd, usage)}
}

const usage = `Usage:
  annotator [serve] [-addr host:port] [-web dir]   serve the app
  annotator static [-out dir] [-prefix /path]     write the app as a static site
  annotator validate FILE...                      check annotation files
  annotator merge FILE... [-o OUT]                merge annotation files into one
  annotator report FILE... [-format csv] [-o OUT] a table of claims, quotes and sources
  annotator doc FILE...                           open a text, Markdown file or saved page as the app does

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
	s, err := newSite(*web, handler(v, ""))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Printf("annotator %s: serving http://%s/", v, ln.Addr())
	if !loopback(ln.Addr()) {
		log.Printf("warning: %s can be reached from other machines, over plain HTTP; "+
			"serve on 127.0.0.1 (the default) or put a TLS proxy in front", ln.Addr())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, ln, s)
}

// Timeouts of the server. A client has readHeader to send its request's
// headers and readBody for the whole request (the app's requests have no
// body), then writeBase to take the response, more for a large one (see
// asset.serve: the 8.6 MB wasm gets 30 s plus 4.4 minutes, enough at 256
// kbit/s). A kept-alive connection waits idle at most idle. A request
// target up to maxHeaderBytes gets the site's 414 when it is too long
// (longer than maxTarget); beyond, net/http answers 431 itself.
const (
	readHeader     = 5 * time.Second
	readBody       = 15 * time.Second
	idle           = 60 * time.Second
	maxHeaderBytes = 128 << 10
	shutdownGrace  = 20 * time.Second
)

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeader,
		ReadTimeout:       readBody,
		WriteTimeout:      writeBase,
		IdleTimeout:       idle,
		MaxHeaderBytes:    maxHeaderBytes,
		// OPTIONS * goes to the site, which refuses it like any method
		// other than GET and HEAD.
		DisableGeneralOptionsHandler: true,
	}
}

// serve serves h on ln until ctx is done (SIGTERM or Ctrl-C), then stops
// accepting and lets the requests in flight finish, for shutdownGrace at
// most, before it closes what is left.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := newHTTPServer(h)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Printf("stopping: finishing the requests in flight (%s at most)", shutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Printf("stopping: %v; closing the connections left", err)
		srv.Close()
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Print("stopped")
	return nil
}

// loopback reports whether addr can be reached from this machine only.
func loopback(addr net.Addr) bool {
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
		Styles:  []string{"/web/app.css"},
		Scripts: []string{"/web/reader.js"},
		// Fonts are fetched in CORS mode: a preload without crossorigin is
		// not used, and the font is fetched a second time.
		Fonts:                 []string{"/web/fonts/noto-naskh-arabic-arabic-400-normal.woff2 crossorigin=anonymous", "/web/fonts/noto-naskh-arabic-arabic-700-normal.woff2 crossorigin=anonymous"},
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
		// Opening an annotation file with the installed app imports it;
		// opening a text, Markdown file or web page opens it as a document.
		"file_handlers": []map[string]any{{
			"action": root,
			"accept": map[string][]string{
				"application/ld+json": {".jsonld"}, "application/json": {".json"},
				"text/plain": {".txt"}, "text/markdown": {".md", ".markdown"}, "text/html": {".html", ".htm"},
			},
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
