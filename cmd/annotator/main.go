// Command annotator is the annotator: built for the browser (GOOS=js
// GOARCH=wasm) it is the app itself; built natively it serves the app.
//
//	annotator [serve] [-addr 127.0.0.1:8000] [-web DIR]
//	annotator static [-out DIR] [-prefix /PATH]
//
// The served app works from the address given, installs as a PWA, and reads
// and writes W3C Web Annotation files.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"annotator/annotations"
	ui "annotator/app"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	if runtime.GOARCH == "wasm" && len(os.Args) >= 2 && os.Args[1] == "warm" {
		warm(os.Args[2:])
		return
	}
	routes()
	if app.IsClient {
		ui.Start()
	}
	app.RunWhenOnBrowser()
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "annotator:", err)
		if errors.As(err, new(errUsage)) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// warm runs the app's code on nothing, in the worker that compiles the
// wasm (web/compile.js), so that the browser compiles it there and not on
// the page's main thread: before the page starts (see ui.Warm), and with
// the argument "files" once it is ready (see ui.WarmFiles). If it fails
// the worker says so (exit code 1), and the page goes on: it compiles
// what was not compiled here.
func warm(args []string) {
	defer func() {
		if recover() != nil {
			os.Exit(1)
		}
	}()
	switch {
	case len(args) == 0:
		ui.Warm()
	case len(args) == 1 && args[0] == "files":
		if ui.WarmFiles() != nil {
			os.Exit(1)
		}
	default:
		os.Exit(2)
	}
}

// errUsage is a command line the program does not understand: exit 2.
type errUsage struct{ error }

// routes names the app's pages; the server needs them too, to pre-render.
// Every page is the reader: /doc/ID opens the document ID.
func routes() {
	app.Route("/", func() app.Composer { return &ui.Reader{} })
	app.RouteWithRegexp(docPattern, func() app.Composer { return &ui.Reader{} })
	app.RouteWithRegexp(anyDocPattern, func() app.Composer { return &ui.Reader{} })
}

// anyDocPattern is every other /doc address. The server answers them 404
// (see notADocument), but the installed app's worker answers every
// address with the app's page when the server cannot be reached: there a
// link cut short shows the app, which says the link names no document,
// not go-app's bare "404 Not Found".
const anyDocPattern = `^/doc(/[^\n]*)?$`

// isAnyDocPath reports whether p matches anyDocPattern (see isDocPath).
func isAnyDocPath(p string) bool {
	return (p == "/doc" || strings.HasPrefix(p, "/doc/")) && !strings.Contains(p, "\n")
}

// docPattern is the path of a document's page: /doc/ and the document's id
// as annotations.Parse makes it, "urn:sha256:" and 64 lowercase hex
// digits. It is matched against the decoded path, so a link may write the
// colons as they are or as %3A (encodeURIComponent). The server answers
// no other /doc/ path.
const docPattern = `^/doc/urn:sha256:[0-9a-f]{64}$`

// isDocPath reports whether p matches docPattern. The browser matches the
// pattern with this, not with package regexp, which would weigh about 70
// KB of its download (see the Makefile's bin/wasm/go.mod).
func isDocPath(p string) bool {
	id, ok := strings.CutPrefix(p, "/doc/")
	return ok && annotations.IsDocumentID(id)
}
