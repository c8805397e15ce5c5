//go:build !wasm

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// version is stamped by the build (-ldflags "-X main.version=…"). When it
// is empty the server derives one from the wasm it serves, so a new build
// is a new version and an unchanged one is not.
var version string

func serve() {
	fs := flag.NewFlagSet("annotator", flag.ExitOnError)
	addr := fs.String("addr", envOr("ADDR", "127.0.0.1:8000"), "address to serve the app on (or set ADDR)")
	web := fs.String("web", "web", "folder holding app.wasm and the static assets")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: annotator [-addr host:port] [-web dir]\n\nServes the annotator on http://ADDR/.\n\n")
		fs.PrintDefaults()
	}
	fs.Parse(os.Args[1:])

	v, err := appVersion(*web)
	if err != nil {
		log.Fatalf("annotator: %v (build it with: make build)", err)
	}
	h := handler(v)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("annotator: %v", err)
	}
	log.Printf("annotator %s: serving http://%s/", v, ln.Addr())
	srv := &http.Server{Handler: withWebDir(*web, h)}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("annotator: %v", err)
	}
}

// handler is the go-app handler: the page, its manifest and worker.
func handler(version string) *app.Handler {
	return &app.Handler{
		Name:            "المُعلِّق · Annotator",
		ShortName:       "Annotator",
		Title:           "المُعلِّق · Annotator",
		Description:     "Read an article closely and mark claims, quotes and sources; works offline, right-to-left first.",
		Lang:            "ar",
		HTML:            func() app.HTMLHtml { return app.Html().Dir("rtl") },
		BackgroundColor: "#fdfcf8",
		ThemeColor:      "#005a8c",
		LoadingLabel:    "جارٍ التحميل · Loading {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-maskable.png",
		},
		Styles:  []string{"/web/app.css"},
		Scripts: []string{"/web/reader.js"},
		Version: version,
	}
}

// withWebDir serves /web/ from dir, so the server can run from anywhere.
func withWebDir(dir string, h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/web/", http.StripPrefix("/web/", http.FileServer(http.Dir(dir))))
	mux.Handle("/", h)
	return mux
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
