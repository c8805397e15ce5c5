package annotations

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The strict JSON reader behind Decode.
//
// encoding/json cannot say that an object repeats a key (it keeps the last
// value), it turns half of a UTF-16 surrogate pair ("\ud800") into U+FFFD,
// so that two different ids can become one, and it builds whatever a file
// holds, whatever the memory: 20 MB of [{},{},…] took 735 MB. This reader
// reads the bytes once, refuses each of these with a line and a column, and
// builds the very values encoding/json builds with UseNumber
// (map[string]any, []any, string, json.Number, bool and nil), so that the
// rest of Decode reads them unchanged.
//
// # Memory
//
// While it reads, the reader adds up what reading the file allocates, in
// bytes, garbage included: what Go allocates for each value it builds (a
// map of one to eight keys 336 bytes, a list 24 bytes and 16 per item, a
// text 16 bytes and its length; short texts that repeat, such as keys and
// types, are shared) and what the rest of Decode allocates as it checks
// them (paths for messages, and for each annotation its Annotation, the
// growth of the list that holds it, its dates, its id among those seen;
// measured on files of small annotations, see the check constants). It
// refuses the file as soon as the sum passes MemoryBound of the file's
// size: MaxMemoryPerByte (10) times it, twice that for a file under
// 6.4 MB (128 MB at most), and 1 MB however small. Peak memory is at most
// what is allocated, so a large file of n bytes takes at most 10n to read.
// Annotation files are far from the bound: the app's export allocates
// about 5.5 times its size compact, 3.5 times indented; 100,000
// annotations of it take about 97 MB compact, under MaxFileSize. A file
// of many tiny annotations is the one a legitimate tool might write that
// is refused: a text annotation costs Decode some 4 KB however small
// (more is estimated). A file of 1,000 tags of the seed with their
// quote and position selectors, as Recogito writes them, averages 557
// bytes an annotation and needs some 14 times its size: files under
// 6.4 MB get twice the bound for that, which reads Recogito's 10,000 tags
// (5.5 MB); above 6.4 MB (some 11,000 such tags) a file must average some
// 800 bytes per annotation.
// (Some refusals of the rest of Decode quote a whole text of the file in
// their message; a file with a very long text there takes more.)

// Limits on what one file may hold, besides MaxFileSize, MaxDepth and
// MaxAnnotations.
const (
	// MaxListItems is how many items one list may hold: the annotations
	// of a file and the links between them.
	MaxListItems = 3 * MaxAnnotations
	// MaxObjectKeys is how many keys one object may have.
	MaxObjectKeys = 10000
	// MaxMemoryPerByte bounds what reading a file allocates, as a
	// multiple of the file's size (see MemoryBound).
	MaxMemoryPerByte = 10
)

// MemoryBound is what reading a file of n bytes may allocate.
func MemoryBound(n int) int { return memoryBound(n, MaxMemoryPerByte) }

func memoryBound(n, perByte int) int {
	return max(perByte*n, min(2*perByte*n, smallFileMemory), minMemory)
}

const (
	// minMemory is what reading any file may allocate, however small.
	minMemory = 1 << 20
	// smallFileMemory is the most a small file's doubled bound allows.
	smallFileMemory = 128 << 20
	// What the rest of Decode allocates, beyond the values, as it checks
	// them: for each object and each item of a list (paths for messages,
	// lists of one value); for each annotation, an object with an id and
	// a target (an entry among the ids seen, a Skip or a link); for an
	// annotation whose target may be a text, an object, its Annotation,
	// the growth of the list that holds it, its dates. Measured with Go
	// 1.26 on files of small annotations of each kind, with some margin:
	// 100 bytes per object, 2,470 per text annotation without dates,
	// 460 per link; an item of a list is charged 56 bytes, as a file of
	// many bodies padded to twice the bound allocated 1.4% over it at 48.
	checkPerObject     = 128
	checkPerItem       = 56
	checkPerAnnotation = 400
	checkPerText       = 3200
	// An annotation kept whole because it cannot be shown: its
	// Annotation, a copy of its object, the growth of Unshown.
	checkPerUnshown = 2400
	// Strings up to internMax bytes are shared when they repeat (keys,
	// types, a document's id), up to internCap distinct ones.
	internMax = 96
	internCap = 1024
)

// Why a scan stops. Anything but syntax is a rule stricter than JSON's.
type refusal int

const (
	syntax    refusal = iota // not JSON
	strict                   // JSON, but refused: repeated key, half surrogate, invalid UTF-8
	overLimit                // JSON, but beyond a limit
)

type scanner struct {
	data    []byte
	pos     int
	depth   int
	limit   int // bytes reading may allocate
	perByte int // of which so many bytes per byte of data
	used    int // bytes allocated so far, or about to be
	path    []step
	stack   []any  // the items of the lists being read
	buf     []byte // a text with escapes, decoded
	shared  map[string]any
	why     refusal
	utf8    bool // data is known to be UTF-8: its texts are not checked again
	yield   ticker
}

// ticker calls a function every yieldEvery ticks, when it has one.
type ticker struct {
	f func()
	n int
}

// yieldEvery is how many values of lists (as read) or annotations (as
// checked) go between two calls of a Decode's yield: the values of lists
// of some 55 annotations of the app's export, the checks of 256
// annotations; a file of 1,000 yields 22 times.
const yieldEvery = 256

func (t *ticker) tick() {
	if t.f == nil {
		return
	}
	if t.n++; t.n >= yieldEvery {
		t.n = 0
		t.f()
	}
}

// step is one level of the path to the value being read.
type step struct {
	key   string
	index int // in a list; -1 in an object
}

// scanJSON reads data, one JSON value with nothing but white space around
// it, into the values encoding/json would give, or returns a *DecodeError
// saying what is wrong first and where.
func scanJSON(data []byte) (any, error) {
	v, _, _, err := scanWith(data, MaxMemoryPerByte)
	return v, err
}

// scanUTF8 is scanJSON for data checked to be UTF-8 (as Decode checks a
// file): each text is not checked again. It calls yield, when not nil,
// now and then as it reads.
func scanUTF8(data []byte, yield func()) (any, error) {
	s := newScanner(data, MaxMemoryPerByte)
	s.utf8 = true
	s.yield.f = yield
	v, _, _, err := s.scan()
	return v, err
}

// scanWith is scanJSON allowing perByte bytes of memory per byte of data;
// it also says what it allocated and why it refused data.
func scanWith(data []byte, perByte int) (v any, used int, why refusal, err error) {
	return newScanner(data, perByte).scan()
}

func newScanner(data []byte, perByte int) *scanner {
	return &scanner{data: data, perByte: perByte, limit: memoryBound(len(data), perByte), shared: map[string]any{}}
}

func (s *scanner) scan() (v any, used int, why refusal, err error) {
	v, err = s.value()
	if err == nil {
		s.space()
		if s.pos < len(s.data) {
			err = s.failf(s.pos, syntax, "not valid JSON: %s after the end of the JSON value; only white space may follow it", s.found())
		}
	}
	if err != nil {
		return nil, s.used, s.why, err
	}
	return v, s.used, 0, nil
}

func (s *scanner) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// charge counts n bytes of memory, before they are allocated.
func (s *scanner) charge(n int, at int) error {
	s.used += n
	if s.used > s.limit {
		limit := megabytes(s.limit)
		if n := len(s.data); s.limit == s.perByte*n || s.limit == 2*s.perByte*n {
			limit = fmt.Sprintf("%d times its size (%s)", s.limit/n, limit)
		}
		return s.failc(at, overLimit, ManyValues, "the file holds too many small values for its size: reading it would take more than %s of memory; annotations take far less. Split it into smaller files and import them one by one", limit)
	}
	return nil
}

// thousands writes n with a comma between thousands: 300,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func megabytes(n int) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// allocated is about what Go allocates for n bytes: a size class.
func allocated(n int) int {
	switch {
	case n == 0:
		return 0
	case n <= 16:
		return 16
	case n <= 256:
		return (n + 15) &^ 15
	}
	return n + n/8
}

func (s *scanner) value() (any, error) {
	s.space()
	if s.pos >= len(s.data) {
		return nil, s.early()
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.list()
	case c == '"':
		return s.text()
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	case c == 't':
		return true, s.word("true")
	case c == 'f':
		return false, s.word("false")
	case c == 'n':
		return nil, s.word("null")
	}
	return nil, s.failf(s.pos, syntax, "not valid JSON: expected a value (text in quotes, a number, true, false, null, a list or an object), found %s", s.found())
}

func (s *scanner) word(w string) error {
	rest := s.data[s.pos:]
	if len(rest) < len(w) && strings.HasPrefix(w, string(rest)) {
		return s.early()
	}
	if len(rest) < len(w) || string(rest[:len(w)]) != w {
		return s.failf(s.pos, syntax, "not valid JSON: expected a value (text in quotes, a number, true, false, null, a list or an object), found %s", s.found())
	}
	s.pos += len(w)
	return nil
}

func (s *scanner) enter(at int) error {
	s.depth++
	if s.depth > MaxDepth {
		return s.failf(at, overLimit, "nested more than %d levels deep", MaxDepth)
	}
	return nil
}

func (s *scanner) object() (any, error) {
	start := s.pos
	if err := s.enter(start); err != nil {
		return nil, err
	}
	s.pos++
	if err := s.charge(48+checkPerObject, start); err != nil {
		return nil, err
	}
	m := map[string]any{}
	s.path = append(s.path, step{index: -1})
	top := len(s.path) - 1
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.path, s.depth = s.path[:top], s.depth-1
		return m, nil
	}
	for {
		s.space()
		if s.pos >= len(s.data) {
			return nil, s.early()
		}
		if s.data[s.pos] != '"' {
			if s.data[s.pos] == '}' {
				return nil, s.failf(s.pos, syntax, "not valid JSON: a comma before } (JSON allows none after the last key and value)")
			}
			return nil, s.failf(s.pos, syntax, "not valid JSON: expected a key in quotes, found %s", s.found())
		}
		at := s.pos
		k, err := s.key()
		if err != nil {
			return nil, err
		}
		s.path[top].key = k
		if _, dup := m[k]; dup {
			line, col := position(s.data, s.firstKey(start, k))
			return nil, s.failc(at, strict, RepeatedKey, "the key %s appears twice in one object (first at line %d, column %d)", show(k), line, col)
		}
		if len(m) == MaxObjectKeys {
			return nil, s.failf(at, overLimit, "an object has more than %s keys; no annotation has so many", thousands(MaxObjectKeys))
		}
		cost := 0
		switch n := len(m) + 1; {
		case n == 1:
			cost = 288 // a group of eight slots
		case n == 9:
			cost = 176*9 - 288 // a table, and its growth
		case n > 9:
			cost = 176
		}
		if err := s.charge(cost, at); err != nil {
			return nil, err
		}
		s.space()
		if s.pos >= len(s.data) {
			return nil, s.early()
		}
		if s.data[s.pos] != ':' {
			return nil, s.failf(s.pos, syntax, "not valid JSON: expected : after the key %s, found %s", show(k), s.found())
		}
		s.pos++
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		if str, ok := v.(string); ok && (k == "value" || k == "id") {
			// Decode copies these: tags in lower case, unknown tags
			// joined into the note, Hypothesis' ids made IRIs.
			n := allocated(len(str) + 32)
			if k == "value" {
				n *= 3
			}
			if err := s.charge(n, s.pos); err != nil {
				return nil, err
			}
		}
		m[k] = v
		s.space()
		if s.pos >= len(s.data) {
			return nil, s.early()
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
			continue
		case '}':
			if err := s.charge(annotationCost(m), s.pos); err != nil {
				return nil, err
			}
			s.pos++
			s.path, s.depth = s.path[:top], s.depth-1
			return m, nil
		}
		return nil, s.failf(s.pos, syntax, "not valid JSON: expected , or } after the value of %s, found %s", show(k), s.found())
	}
}

// annotationCost is what Decode allocates for m beyond its values if m is
// an annotation (it has an id and a target), more if it may target a text
// (its target is an object or a list of them).
func annotationCost(m map[string]any) int {
	if _, id := m["id"]; !id {
		return 0
	}
	// What Decode keeps of it as the file had it: the properties it does
	// not model, or the whole of one it cannot show.
	kept := 0
	for k, v := range m {
		if !slices.Contains(modelled, k) {
			n, _ := canonSize(v)
			kept += n + n/4 // and a margin

		}
	}
	// Bodies beyond a tag and a note, and selectors beyond a quote and a
	// position, are kept as they came.
	for _, x := range append(extraItems(m["body"]), extraSelectors(m["target"])...) {
		n, _ := canonSize(x)
		kept += n + n/4 + checkPerItem
	}
	switch t := m["target"].(type) {
	case map[string]any:
		return checkPerAnnotation + checkPerText + kept
	case []any:
		for _, x := range t {
			if _, ok := x.(map[string]any); ok {
				return checkPerAnnotation + checkPerText + kept
			}
		}
	case nil:
		return 0
	}
	whole, _ := canonSize(m)
	return checkPerAnnotation + checkPerUnshown + whole + whole/4 + kept
}

// extraItems is the items of a list after its first two.
func extraItems(v any) []any {
	if l, ok := v.([]any); ok && len(l) > 2 {
		return l[2:]
	}
	return nil
}

// extraSelectors is the selectors of targets after the first two of each.
func extraSelectors(v any) []any {
	var out []any
	for _, t := range asList(v) {
		if m, ok := t.(map[string]any); ok {
			out = append(out, extraItems(m["selector"])...)
		}
	}
	return out
}

// firstKey finds where the object at start first has the key k. The
// object is valid up to its second k, so its values are only skipped,
// not built again.
func (s *scanner) firstKey(start int, k string) int {
	r := &scanner{data: s.data, pos: start + 1, limit: 1 << 62}
	for {
		r.space()
		at := r.pos
		raw, err := r.textBytes()
		if err != nil || string(raw) == k {
			return at
		}
		r.space()
		r.pos++ // the colon
		r.skipValue()
		r.pos++ // the comma
	}
}

// skipValue moves past a valid value, to the comma or brace after it.
func (s *scanner) skipValue() {
	depth := 0
	for ; s.pos < len(s.data); s.pos++ {
		switch s.data[s.pos] {
		case '"':
			for s.pos++; s.pos < len(s.data) && s.data[s.pos] != '"'; s.pos++ {
				if s.data[s.pos] == '\\' {
					s.pos++
				}
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return
			}
			depth--
		case ',':
			if depth == 0 {
				return
			}
		}
	}
}

func (s *scanner) list() (any, error) {
	start := s.pos
	if err := s.enter(start); err != nil {
		return nil, err
	}
	s.pos++
	if err := s.charge(24, start); err != nil {
		return nil, err
	}
	s.path = append(s.path, step{})
	top := len(s.path) - 1
	base := len(s.stack)
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.path, s.depth = s.path[:top], s.depth-1
		return []any{}, nil
	}
	for {
		s.space()
		n := len(s.stack) - base
		s.path[top].index = n
		if s.pos < len(s.data) && s.data[s.pos] == ']' && n > 0 {
			return nil, s.failf(s.pos, syntax, "not valid JSON: a comma before ] (JSON allows none after the last item)")
		}
		if n == MaxListItems {
			return nil, s.failf(s.pos, overLimit, "a list holds more than %s items; files with more than %s annotations are not read", thousands(MaxListItems), thousands(MaxAnnotations))
		}
		if err := s.charge(16+checkPerItem, s.pos); err != nil { // its place in the list
			return nil, err
		}
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		s.yield.tick()
		if len(s.stack) == cap(s.stack) {
			// Doubling, so that the stacks left behind take no more
			// than the last one.
			c := max(64, 2*cap(s.stack))
			if err := s.charge(16*c, s.pos); err != nil {
				return nil, err
			}
			grown := make([]any, len(s.stack), c)
			copy(grown, s.stack)
			s.stack = grown
		}
		s.stack = append(s.stack, v)
		s.space()
		if s.pos >= len(s.data) {
			return nil, s.early()
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
			continue
		case ']':
			s.pos++
			n := len(s.stack) - base
			if err := s.charge(allocated(16*n)-16*n, start); err != nil {
				return nil, err
			}
			out := make([]any, n)
			copy(out, s.stack[base:])
			clear(s.stack[base:])
			s.stack = s.stack[:base]
			s.path, s.depth = s.path[:top], s.depth-1
			return out, nil
		}
		return nil, s.failf(s.pos, syntax, "not valid JSON: expected , or ] after an item of a list, found %s", s.found())
	}
}

func (s *scanner) number() (any, error) {
	start := s.pos
	digits := func() int {
		n := 0
		for s.pos < len(s.data) && '0' <= s.data[s.pos] && s.data[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	if s.data[s.pos] == '-' {
		s.pos++
	}
	switch n := digits(); {
	case n == 0:
		return nil, s.numberError()
	case n > 1 && s.data[s.pos-n] == '0':
		return nil, s.failf(s.pos-n, syntax, "not valid JSON: a number may not begin with 0 and another digit")
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if digits() == 0 {
			return nil, s.numberError()
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if digits() == 0 {
			return nil, s.numberError()
		}
	}
	raw := s.data[start:s.pos]
	if err := s.charge(16+allocated(len(raw)), start); err != nil {
		return nil, err
	}
	return json.Number(raw), nil
}

func (s *scanner) numberError() error {
	if s.pos >= len(s.data) {
		return s.early()
	}
	return s.failf(s.pos, syntax, "not valid JSON: expected a digit in a number, found %s", s.found())
}

// key reads a text in quotes as an object's key.
func (s *scanner) key() (string, error) {
	at := s.pos
	raw, err := s.textBytes()
	if err != nil {
		return "", err
	}
	_, str, err := s.str(raw, at, 0)
	return str, err
}

// text reads a text in quotes as a value.
func (s *scanner) text() (any, error) {
	at := s.pos
	raw, err := s.textBytes()
	if err != nil {
		return nil, err
	}
	v, str, err := s.str(raw, at, 16)
	if v != nil || err != nil {
		return v, err
	}
	return str, nil
}

// str turns the bytes of a text into a string. A short one is shared with
// its earlier copies, and comes boxed in an interface too (v); a value
// that is not shared takes box bytes more, its interface.
func (s *scanner) str(raw []byte, at, box int) (v any, str string, err error) {
	if len(raw) <= internMax {
		if v, ok := s.shared[string(raw)]; ok {
			return v, v.(string), nil
		}
		if len(s.shared) < internCap {
			if err := s.charge(allocated(len(raw))+16+176, at); err != nil {
				return nil, "", err
			}
			str = string(raw)
			v = str
			s.shared[str] = v
			return v, str, nil
		}
	}
	if err := s.charge(allocated(len(raw))+box, at); err != nil {
		return nil, "", err
	}
	return nil, string(raw), nil
}

// textBytes reads a text in quotes and returns its characters, escapes
// decoded; they are valid only until the next text is read.
func (s *scanner) textBytes() ([]byte, error) {
	start := s.pos
	i, escapes := start+1, false
	for ; i < len(s.data); i++ {
		c := s.data[i]
		if c == '"' {
			break
		}
		if c == '\\' {
			escapes = true
			i++
			continue
		}
		if c < 0x20 {
			return nil, s.failf(i, syntax, "not valid JSON: a text holds the control character %U as it is; JSON writes it as an escape such as \\n or \\u%04x", rune(c), c)
		}
	}
	if i >= len(s.data) {
		return nil, s.early()
	}
	raw := s.data[start+1 : i]
	if !s.utf8 && !utf8.Valid(raw) {
		j := notUTF8(raw)
		return nil, s.failc(start+1+j, strict, NotUTF8, "the text is not UTF-8: %s", badByte(raw[j]))
	}
	s.pos = i + 1
	if !escapes {
		return raw, nil
	}
	if cap(s.buf) < len(raw) {
		// A decoded text is never longer than as written; so the
		// buffers left behind are never longer than the texts that
		// asked for them, and take no more than the file.
		if err := s.charge(allocated(len(raw)), start); err != nil {
			return nil, err
		}
		s.buf = make([]byte, 0, len(raw))
	}
	return s.unescape(raw, start+1)
}

// unescape decodes the escapes of raw, which starts at off in the file,
// into s.buf.
func (s *scanner) unescape(raw []byte, off int) ([]byte, error) {
	b := s.buf[:0]
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		at := off + i
		e := raw[i+1] // a backslash is never last: the closing quote would be escaped
		i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(raw[i:])
			if !ok {
				return nil, s.failf(at, syntax, "not valid JSON: \\u in a text must be followed by four hex digits")
			}
			i += 4
			switch {
			case 0xDC00 <= r && r < 0xE000:
				return nil, s.failc(at, strict, HalfPair, "the escape \\u%04x is the second half of a UTF-16 surrogate pair without its first half: it is not a character, and a text must not hold it", r)
			case 0xD800 <= r && r < 0xDC00:
				lo := rune(-1)
				if i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					l, ok := hex4(raw[i+2:])
					if !ok {
						return nil, s.failf(off+i, syntax, "not valid JSON: \\u in a text must be followed by four hex digits")
					}
					lo = l
				}
				if lo < 0xDC00 || lo >= 0xE000 {
					return nil, s.failc(at, strict, HalfPair, "the escape \\u%04x is the first half of a UTF-16 surrogate pair without its second half: it is not a character, and a text must not hold it", r)
				}
				i += 6
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
			}
			b = utf8.AppendRune(b, r)
		default:
			r, _ := utf8.DecodeRune(raw[i-1:])
			return nil, s.failf(at, syntax, "not valid JSON: unknown escape %s in a text", strconv.Quote(`\`+string(r)))
		}
	}
	s.buf = b
	return b, nil
}

// hex4 reads the four hex digits that begin b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

func (s *scanner) runeAt(i int) rune {
	r, _ := utf8.DecodeRune(s.data[i:])
	return r
}

// found says what is at s.pos, escaped so that it prints as it is.
func (s *scanner) found() string {
	if s.pos >= len(s.data) {
		return "the end of the file"
	}
	end := s.pos
	for end < len(s.data) && end-s.pos < 16 && isAlnum(s.data[end]) {
		end++
	}
	if end-s.pos > 1 {
		return strconv.Quote(string(s.data[s.pos:end]))
	}
	return strconv.QuoteRune(s.runeAt(s.pos))
}

func (s *scanner) early() error {
	return s.failc(len(s.data), syntax, CutShort, "the JSON ends too early (is the file cut short?)")
}

// badByte says what is wrong with a byte where UTF-8 fails.
func badByte(c byte) string {
	if 0xC2 <= c && c <= 0xF4 {
		return fmt.Sprintf("a byte %#02x that begins a character the bytes after it do not complete", c)
	}
	return fmt.Sprintf("a byte %#02x that begins no character", c)
}

// notUTF8 is where the first byte of b that begins no UTF-8 character
// is, or len(b).
func notUTF8(b []byte) int {
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	return i
}

// failc is failf for a problem whose cause the reader is told.
func (s *scanner) failc(at int, why refusal, c Cause, format string, args ...any) error {
	err := s.failf(at, why, format, args...)
	err.(*DecodeError).Cause = c
	return err
}

func (s *scanner) failf(at int, why refusal, format string, args ...any) error {
	s.why = why
	line, col := position(s.data, at)
	kind := map[refusal]ErrorKind{syntax: NotJSON, strict: Strict, overLimit: OverLimit}[why]
	return &DecodeError{Kind: kind, Line: line, Col: col, Path: s.where(), Msg: fmt.Sprintf(format, args...)}
}

// where writes the path to the value being read as decode.go writes
// paths: first.items[3].id.
func (s *scanner) where() string {
	var b strings.Builder
	for _, st := range s.path {
		switch {
		case st.index >= 0:
			fmt.Fprintf(&b, "[%d]", st.index)
		case st.key == "":
			return b.String() // no key read yet
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			if plainKey(st.key) {
				b.WriteString(st.key)
			} else {
				b.WriteString(strconv.Quote(st.key))
			}
		}
	}
	return b.String()
}

func plainKey(k string) bool {
	for i := range len(k) {
		if c := k[i]; !isAlnum(c) && c != '@' && c != '_' && c != '-' {
			return false
		}
	}
	return k != ""
}
