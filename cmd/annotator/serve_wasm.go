package main

import (
	"runtime/debug"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The wasm's go-app matches routes with the program's matcher, not with
// package regexp (see the Makefile's bin/wasm/go.mod).
func init() {
	gcPolicy()
	app.RoutePattern = func(pattern string) interface{ MatchString(string) bool } {
		switch pattern {
		case docPattern:
			return matcher(isDocPath)
		case anyDocPattern:
			return matcher(isAnyDocPath)
		}
		panic("no matcher for the route " + pattern)
	}
}

// matcher is a func that matches paths.
type matcher func(string) bool

func (m matcher) MatchString(p string) bool { return m(p) }

// run does nothing in the browser: app.RunWhenOnBrowser never returns there.
func run([]string) error { return nil }

// gcPolicy lets the heap grow to three times what is live before the
// collector runs, instead of twice. In the browser the collector runs on
// the page's only thread, between the program's own steps, and the heap
// of a reader's annotations is small: importing 1,000 annotations (about
// 13 MB made, 5 MB kept) ran it six times, reopening 10,000 nine times.
// With 200, four times, and the page's memory grows from 32 to 50 MB with
// 10,000 annotations.
func gcPolicy() {
	debug.SetGCPercent(200)
}
