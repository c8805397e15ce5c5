package main

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module builds a module: a memory section, the data count when asked, the
// data section written by writeData, and a custom section after it.
func module(segs []segment, dataCount bool) []byte {
	b := append([]byte(nil), magic...)
	add := func(id byte, body []byte) {
		b = append(b, id)
		b = binary.AppendUvarint(b, uint64(len(body)))
		b = append(b, body...)
	}
	add(5, []byte{1, 0, 1}) // one memory of at least one page
	if dataCount {
		add(secDataCount, binary.AppendUvarint(nil, uint64(len(segs))))
	}
	add(secData, writeData(segs))
	add(0, append([]byte{4}, "note"...))
	return b
}

// image is the memory a module starts with, as far as its segments reach,
// and the number of segments and the sections other than data and data
// count, as written.
func image(t *testing.T, mod []byte) (mem []byte, n int, rest []byte, count int) {
	t.Helper()
	r := reader{b: mod, p: len(magic)}
	count = -1
	for r.p < len(mod) {
		id := r.byte()
		body := r.bytes(r.uint())
		switch id {
		case secData:
			// Read as an engine would, in the order written, apart
			// from the code under test.
			d := reader{b: body}
			n = d.uint()
			for range n {
				if flags, op := d.uint(), d.byte(); flags != 0 || op != 0x41 {
					t.Fatalf("flags %d, op %#x", flags, op)
				}
				off := int(uint32(d.int()))
				d.byte() // end
				data := d.bytes(d.uint())
				if end := off + len(data); end > len(mem) {
					mem = append(mem, make([]byte, end-len(mem))...)
				}
				copy(mem[off:], data)
			}
			if d.err != nil || d.p != len(body) {
				t.Fatalf("data section: %v, %d of %d bytes read", d.err, d.p, len(body))
			}
		case secDataCount:
			v, _ := binary.Uvarint(body)
			count = int(v)
		default:
			rest = append(append(rest, id), body...)
		}
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	return mem, n, rest, count
}

func TestPackKeepsTheMemory(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		var segs []segment
		off := uint32(rng.IntN(5000))
		gaps := 0
		for i := range rng.IntN(40) {
			data := make([]byte, 1+rng.IntN(30))
			for j := range data {
				if rng.IntN(3) > 0 {
					data[j] = byte(rng.IntN(256))
				}
			}
			if i > 0 {
				g := uint32(rng.IntN(3 * Gap))
				if g > Gap {
					gaps++
				}
				off += g
			}
			segs = append(segs, segment{off, data})
			off += uint32(len(data))
		}
		written := slices.Clone(segs)
		if trial%3 == 0 { // Go writes them section by section
			rng.Shuffle(len(written), func(i, j int) { written[i], written[j] = written[j], written[i] })
		}
		in := module(written, trial%2 == 0)
		out, err := Pack(in, Gap)
		if err != nil {
			t.Fatal(err)
		}
		memIn, _, restIn, _ := image(t, in)
		memOut, n, restOut, count := image(t, out)
		if !bytes.Equal(memIn, memOut) {
			t.Fatalf("trial %d: the memory differs after packing", trial)
		}
		if !bytes.Equal(restIn, restOut) {
			t.Fatalf("trial %d: another section changed", trial)
		}
		if want := min(len(segs), gaps+1); n != want {
			t.Errorf("trial %d: %d segments, want %d", trial, n, want)
		}
		if trial%2 == 0 && count != n {
			t.Errorf("trial %d: the data count says %d, the data section has %d", trial, count, n)
		}
	}
}

func TestPackRefuses(t *testing.T) {
	passive := append([]byte(nil), magic...)
	body := []byte{1, 1, 3, 'a', 'b', 'c'} // one passive segment
	passive = append(append(passive, secData, byte(len(body))), body...)
	for _, tt := range []struct {
		name string
		mod  []byte
		want string
	}{
		{"overlapping", module([]segment{{100, []byte{1, 2, 3}}, {101, []byte{2}}}, false), "overlap"},
		{"overlapping out of order", module([]segment{{101, []byte{2}}, {90, []byte{1}}, {100, []byte{1, 2, 3}}}, false), "overlap"},
		{"passive", passive, "only active segments"},
		{"cut short", module([]segment{{8, []byte{1, 2, 3}}}, false)[:20], "ends too early"},
		{"not wasm", []byte("\x00asm\x02\x00\x00\x00"), "not a WebAssembly module"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Pack(tt.mod, Gap)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

// A module Go writes is packed into a few segments and starts with the
// same memory.
func TestPackGoModule(t *testing.T) {
	dir := t.TempDir()
	src := "package main\n\nimport \"fmt\"\n\nvar table = [...]string{\"alef\", \"ba\", \"ta\"}\n\nfunc main() { fmt.Println(table) }\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hello\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wasm := filepath.Join(dir, "hello.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	in, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	if err := packFile(wasm); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	memIn, nIn, restIn, _ := image(t, in)
	memOut, nOut, restOut, _ := image(t, out)
	if !bytes.Equal(memIn, memOut) || !bytes.Equal(restIn, restOut) {
		t.Fatal("packing changed the module's memory or another section")
	}
	if nIn < 1000 || nOut > nIn/100 {
		t.Errorf("%d segments packed into %d", nIn, nOut)
	}
	t.Logf("%d segments packed into %d; %d bytes → %d", nIn, nOut, len(in), len(out))
}
