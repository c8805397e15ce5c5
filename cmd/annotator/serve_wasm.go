package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The wasm's go-app matches routes with the program's matcher, not with
// package regexp (see the Makefile's bin/wasm/go.mod).
func init() {
	app.RoutePattern = func(pattern string) interface{ MatchString(string) bool } {
		if pattern != docPattern {
			panic("no matcher for the route " + pattern)
		}
		return matcher(isDocPath)
	}
}

// matcher is a func that matches paths.
type matcher func(string) bool

func (m matcher) MatchString(p string) bool { return m(p) }

// run does nothing in the browser: app.RunWhenOnBrowser never returns there.
func run([]string) error { return nil }
