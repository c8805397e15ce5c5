package main

// run does nothing in the browser: app.RunWhenOnBrowser never returns there.
func run([]string) error { return nil }
