package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The wasm's go-app matches routes with the program's matcher, not with
// package regexp (see the Makefile's bin/wasm/go.mod).
func init() {
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
