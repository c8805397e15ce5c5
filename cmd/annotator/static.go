//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// staticCmd writes the app as a folder that any static file server can
// serve, at its root or under -prefix, offline included.
func staticCmd(args []string) error {
	fs := flag.NewFlagSet("annotator static", flag.ExitOnError)
	out := fs.String("out", "dist", "folder to write the site to")
	web := fs.String("web", "web", "folder holding app.wasm and the static assets")
	prefix := fs.String("prefix", "", "path the site is served under, such as /annotator (empty for the root)")
	fs.Parse(args)
	return writeStatic(*out, *web, *prefix)
}

func writeStatic(out, web, prefix string) error {
	prefix = strings.TrimRight(prefix, "/")
	if prefix != "" && !strings.HasPrefix(prefix, "/") {
		prefix = "/" + prefix
	}
	v, err := appVersion(web)
	if err != nil {
		return fmt.Errorf("%w (build the app with: make build)", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	h := handler(v, prefix)
	setWasmLength(h, web)
	if err := app.GenerateStaticWebsite(out, h); err != nil {
		return err
	}
	// go-app leaves web/ empty and writes its own manifest.
	if err := os.RemoveAll(filepath.Join(out, "web")); err != nil {
		return err
	}
	if err := os.CopyFS(filepath.Join(out, "web"), os.DirFS(web)); err != nil {
		return err
	}
	for _, f := range []string{"app.wasm.br", "app.wasm.gz"} {
		os.Remove(filepath.Join(out, "web", f)) // a plain file server cannot send them
	}
	return os.WriteFile(filepath.Join(out, "manifest.webmanifest"), manifest(prefix), 0o644)
}
