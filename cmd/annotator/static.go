//go:build !wasm

package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
	files, err := loadWeb(web)
	if err != nil {
		return err
	}
	h := handler(v, prefix)
	prepare(h, files)
	if err := app.GenerateStaticWebsite(out, h); err != nil {
		return err
	}
	if err := addPolicyMeta(out); err != nil {
		return err
	}
	loader := filepath.Join(out, "app.js")
	js, err := os.ReadFile(loader)
	if err == nil {
		js, err = compiledOffMain(js, files)
	}
	if err == nil {
		err = os.WriteFile(loader, js, 0o644)
	}
	if err != nil {
		return err
	}
	// go-app leaves web/ empty and writes its own manifest.
	if err := os.RemoveAll(filepath.Join(out, "web")); err != nil {
		return err
	}
	if err := os.CopyFS(filepath.Join(out, "web"), os.DirFS(web)); err != nil {
		return err
	}
	// A plain file server cannot send the compressed copies.
	err = filepath.WalkDir(filepath.Join(out, "web"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isCopy(d.Name()) {
			err = os.Remove(p)
		}
		return err
	})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "manifest.webmanifest"), manifest(prefix), 0o644)
}

// charsetMeta is the first element go-app writes in a page's head.
const charsetMeta = `<meta charset="UTF-8">`

// addPolicyMeta puts the Content-Security-Policy into every page of a
// static site, where no header can carry it: right after the charset, so
// that it covers every style and script the page loads. (go-app's
// RawHeaders would come last in the head, after them.) It puts the article
// in too, as the server does.
func addPolicyMeta(out string) error {
	meta := `<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(cspMeta) + `">`
	return filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		i := bytes.Index(b, []byte(charsetMeta))
		if i < 0 {
			return fmt.Errorf("%s: no %s to put the security policy after", p, charsetMeta)
		}
		i += len(charsetMeta)
		b = slices.Concat(b[:i], []byte("\n    "+meta), b[i:])
		if b, err = withArticle(b); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		return os.WriteFile(p, b, 0o644)
	})
}
