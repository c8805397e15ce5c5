// Command wasmpack joins the data segments of a WebAssembly module that Go
// wrote, so that the module compresses better:
//
//	wasmpack FILE.wasm
//
// Go's linker cuts the memory image it ships into a segment wherever more
// than 8 zero bytes follow each other, and leaves those zeros out. The
// annotator's wasm gets 80,000 segments that way, whose headers (an
// increasing offset and a length each, 640 KB) compress poorly: brotli
// makes 1,448 KB of the file. wasmpack joins each segment to the one
// before when at most Gap zero bytes lie between them, and writes those
// zeros out: about a hundred segments, 800 KB more raw, and 1,352 KB with
// brotli (gzip 1,978 KB → 1,838 KB). The memory the module starts with is
// the same byte for byte, since a module's own memory starts zeroed.
//
// It rewrites FILE in place and refuses a module it cannot join safely:
// segments other than active ones on memory 0 at constant offsets, or
// segments that overlap. Go writes its segments section by section, not
// in the order of their addresses; segments that do not overlap can be
// written in any order, so they are sorted by address first.
package main

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
)

// Gap is the longest run of zero bytes written out to join two segments.
// Measured on the annotator's wasm with brotli -q 11: 8 bytes 1,442 KB,
// 16 1,428 KB, 32 1,356 KB, 64 1,352 KB, 128 1,353 KB, 1,024 1,354 KB.
const Gap = 64

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: wasmpack FILE.wasm")
		os.Exit(2)
	}
	if err := packFile(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "wasmpack:", err)
		os.Exit(1)
	}
}

func packFile(name string) error {
	in, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	out, err := Pack(in, Gap)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp := name + ".pack"
	if err := os.WriteFile(tmp, out, fi.Mode().Perm()); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// A segment is an active data segment: data written at offset off of
// memory 0 when the module starts.
type segment struct {
	off  uint32
	data []byte
}

const (
	secData      = 11
	secDataCount = 12
)

var magic = []byte{0, 'a', 's', 'm', 1, 0, 0, 0}

// Pack returns the module with each data segment joined to the one before
// it when at most gap zero bytes lie between them. Every other section is
// copied as it is, except the data count, which is given the new count.
func Pack(in []byte, gap int) ([]byte, error) {
	if !bytes.HasPrefix(in, magic) {
		return nil, errors.New("not a WebAssembly module (version 1)")
	}
	type section struct {
		id   byte
		body []byte
	}
	var sections []section
	r := reader{b: in, p: len(magic)}
	for r.p < len(in) {
		id := r.byte()
		n := r.uint()
		body := r.bytes(n)
		if r.err != nil {
			return nil, fmt.Errorf("section %d: %w", id, r.err)
		}
		sections = append(sections, section{id, body})
	}
	out := append([]byte(nil), magic...)
	count := -1
	for i, s := range sections {
		if s.id != secData {
			continue
		}
		segs, err := readData(s.body)
		if err != nil {
			return nil, fmt.Errorf("data section: %w", err)
		}
		segs = join(segs, gap)
		count = len(segs)
		sections[i].body = writeData(segs)
	}
	for _, s := range sections {
		body := s.body
		if s.id == secDataCount {
			if count < 0 {
				return nil, errors.New("a data count section but no data section")
			}
			body = binary.AppendUvarint(nil, uint64(count))
		}
		out = append(out, s.id)
		out = binary.AppendUvarint(out, uint64(len(body)))
		out = append(out, body...)
	}
	return out, nil
}

// readData reads the segments of a data section, which must all be active
// on memory 0 at an i32.const offset and must not overlap, and returns
// them sorted by address.
func readData(body []byte) ([]segment, error) {
	r := reader{b: body}
	n := r.uint()
	var segs []segment
	for i := 0; i < n && r.err == nil; i++ {
		if flags := r.uint(); flags != 0 {
			return nil, fmt.Errorf("segment %d: kind %d; only active segments on memory 0 are joined", i, flags)
		}
		if op := r.byte(); op != 0x41 { // i32.const
			return nil, fmt.Errorf("segment %d: its offset is not an i32.const", i)
		}
		off := r.int()
		if op := r.byte(); op != 0x0b { // end
			return nil, fmt.Errorf("segment %d: its offset is not a single i32.const", i)
		}
		data := r.bytes(r.uint())
		if r.err != nil {
			break
		}
		segs = append(segs, segment{uint32(off), data})
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.p != len(body) {
		return nil, fmt.Errorf("%d bytes after its %d segments", len(body)-r.p, n)
	}
	slices.SortStableFunc(segs, func(a, b segment) int { return cmp.Compare(a.off, b.off) })
	for i := 1; i < len(segs); i++ {
		if end := uint64(segs[i-1].off) + uint64(len(segs[i-1].data)); uint64(segs[i].off) < end {
			return nil, fmt.Errorf("segments overlap: one at %d ends at %d, another starts at %d", segs[i-1].off, end, segs[i].off)
		}
	}
	return segs, nil
}

// join joins each segment to the one before when at most gap bytes lie
// between them, with zeros in between.
func join(segs []segment, gap int) []segment {
	var out []segment
	for _, s := range segs {
		if k := len(out) - 1; k >= 0 {
			last := &out[k]
			end := uint64(last.off) + uint64(len(last.data))
			if d := uint64(s.off) - end; d <= uint64(gap) {
				last.data = append(last.data, make([]byte, d)...)
				last.data = append(last.data, s.data...)
				continue
			}
		}
		out = append(out, segment{s.off, append([]byte(nil), s.data...)})
	}
	return out
}

func writeData(segs []segment) []byte {
	b := binary.AppendUvarint(nil, uint64(len(segs)))
	for _, s := range segs {
		b = append(b, 0, 0x41)
		b = appendInt(b, int64(int32(s.off)))
		b = append(b, 0x0b)
		b = binary.AppendUvarint(b, uint64(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}

// appendInt appends v in signed LEB128.
func appendInt(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// reader reads LEB128 numbers and bytes, keeping the first error.
type reader struct {
	b   []byte
	p   int
	err error
}

var errShort = errors.New("the module ends too early")

func (r *reader) byte() byte {
	if r.err != nil || r.p >= len(r.b) {
		r.err = errShort
		return 0
	}
	r.p++
	return r.b[r.p-1]
}

func (r *reader) uint() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.p:])
	if n <= 0 || v > 1<<32 {
		r.err = errors.New("a bad unsigned number")
		return 0
	}
	r.p += n
	return int(v)
}

func (r *reader) int() int32 {
	var v int64
	var shift uint
	for {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			break
		}
		if shift >= 35 {
			r.err = errors.New("a bad signed number")
			return 0
		}
	}
	if v < -1<<31 || v >= 1<<31 {
		r.err = errors.New("an i32.const out of range")
		return 0
	}
	return int32(v)
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b)-r.p {
		r.err = errShort
		return nil
	}
	r.p += n
	return r.b[r.p-n : r.p]
}
