//go:build !unix && !wasm

package main

import "io/fs"

// umask is the usual mask where there is none to read.
func umask() fs.FileMode { return 0o022 }
