package annotations

// Segment is the part of a span that falls in one block, in UTF-16 code
// units of that block's text: the unit of a DOM Range's offsets when the
// block is one text node.
type Segment struct {
	Block      int
	Start, End int
}

// BlockIndex converts between code point offsets of a document and UTF-16
// offsets inside its blocks in constant time, for the browser edge.
type BlockIndex struct {
	d   *Document
	u16 [][]int32 // u16[b][k] is the UTF-16 offset of code point k of block b
}

// NewBlockIndex indexes every block of d.
func NewBlockIndex(d *Document) *BlockIndex {
	x := &BlockIndex{d: d, u16: make([][]int32, len(d.Blocks))}
	for i, b := range d.Blocks {
		offs := make([]int32, b.End-b.Start+1)
		u := 0
		for k, r := range d.runes[b.Start:b.End] {
			offs[k] = int32(u)
			u += utf16Len(r)
		}
		offs[len(offs)-1] = int32(u)
		x.u16[i] = offs
	}
	return x
}

// FromUTF16 returns the document offset of UTF-16 offset u in block b,
// clamped to the block. An offset inside a surrogate pair moves past the
// whole code point.
func (x *BlockIndex) FromUTF16(b, u int) int {
	offs := x.u16[b]
	lo, hi := 0, len(offs)-1
	for lo < hi { // first k with offs[k] >= u
		m := (lo + hi) / 2
		if int(offs[m]) < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return x.d.Blocks[b].Start + lo
}

// Segments cuts the span [start, end) of the document into one segment per
// block it touches, leaving out repeated blocks, which a reader is not
// shown; but a span that lies in repeated blocks only (made on that copy,
// by another tool) has their segments, and the page shows those blocks.
func (x *BlockIndex) Segments(start, end int) []Segment {
	var out, repeated []Segment
	for i := x.d.BlockAt(start); i < len(x.d.Blocks) && x.d.Blocks[i].Start < end; i++ {
		b := x.d.Blocks[i]
		s, e := max(start, b.Start)-b.Start, min(end, b.End)-b.Start
		if s >= e {
			continue
		}
		seg := Segment{Block: i, Start: int(x.u16[i][s]), End: int(x.u16[i][e])}
		if b.Repeat {
			repeated = append(repeated, seg)
		} else {
			out = append(out, seg)
		}
	}
	if len(out) == 0 {
		return repeated
	}
	return out
}
