// Command annotator is the annotator: built for the browser (GOOS=js
// GOARCH=wasm) it is the app itself; built natively it serves the app.
//
//	annotator [-addr 127.0.0.1:8000] [-web DIR]
//
// The served app works from the address given, installs as a PWA, and reads
// and writes W3C Web Annotation files.
package main

import (
	ui "annotator/app"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	routes()
	app.RunWhenOnBrowser()
	serve()
}

// routes names the app's pages; the server needs them too, to pre-render.
func routes() {
	app.Route("/", func() app.Composer { return &ui.Reader{} })
}
