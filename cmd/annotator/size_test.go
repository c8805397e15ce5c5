//go:build !wasm

package main

import (
	"os"
	"path/filepath"
	"testing"
)

// wasmBudget is the most the app may weigh as browsers download it: the
// brotli -q 11 copy of app.wasm that make wasm writes.
const wasmBudget = 1_500_000

// TestWasmWithinBudget checks the wasm the browser tests run, built by
// make wasm, against its budget.
func TestWasmWithinBudget(t *testing.T) {
	if webDir == "" {
		t.Skip("the wasm is built only for the browser tests; install chromium or set CI")
	}
	fi, err := os.Stat(filepath.Join(webDir, "app.wasm.br"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no brotli copy of the wasm (is the brotli command installed?): %v", err)
		}
		t.Skipf("no brotli copy of the wasm; install the brotli command: %v", err)
	}
	if fi.Size() > wasmBudget {
		t.Errorf("app.wasm is %d bytes with brotli, over its budget of %d", fi.Size(), wasmBudget)
	}
	t.Logf("app.wasm: %d bytes with brotli (budget %d)", fi.Size(), wasmBudget)
}
