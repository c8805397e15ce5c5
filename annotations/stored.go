package annotations

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// UnmarshalList reads a JSON array of annotations in the form
// json.Marshal writes them (how the browser keeps them), giving what
// json.Unmarshal gives, several times faster: the fields an annotation
// usually has are read directly, and an annotation with anything else (a
// field this reader does not know, what a file brought beside it, text
// that is not UTF-8) is read by json.Unmarshal. Reading every annotation of a
// large document when the page opens is what this is for.
func UnmarshalList(data []byte) ([]Annotation, error) {
	r := &reader{b: data, names: map[string]string{}}
	r.space()
	if !r.eat('[') {
		return nil, errors.New("annotations: not a JSON array")
	}
	// Room for about as many annotations as a plain one of the seed (some
	// 450 bytes) would take, grown as needed. Counting the keys "id" to
	// make room for all at once took a quarter of the time.
	out := make([]Annotation, 0, len(data)/400+1)
	r.space()
	if r.eat(']') {
		return out, r.end()
	}
	for {
		r.space()
		start := r.i
		var a Annotation
		if !r.annotation(&a) {
			// The slow, complete way, for this one.
			r.i = start
			if !r.skip() {
				return nil, errors.New("annotations: broken JSON at byte " + strconv.Itoa(r.i))
			}
			a = Annotation{}
			if err := ReadStored(data[start:r.i], &a); err != nil {
				return nil, err
			}
		}
		out = append(out, a)
		r.space()
		if r.eat(']') {
			return out, r.end()
		}
		if !r.eat(',') {
			return nil, errors.New("annotations: broken JSON at byte " + strconv.Itoa(r.i))
		}
	}
}

// reader reads JSON from b at i. Its methods return false on anything they
// do not read themselves, leaving the caller to fall back. names holds the
// keys and the short values every annotation repeats (its document, its
// language, its creator), each made a string once: reading 10,000
// annotations allocated 27 times for each.
type reader struct {
	b     []byte
	i     int
	names map[string]string
}

func (r *reader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *reader) eat(c byte) bool {
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

func (r *reader) end() error {
	r.space()
	if r.i != len(r.b) {
		return errors.New("annotations: data after the array")
	}
	return nil
}

// str reads a string.
func (r *reader) str() (string, bool) {
	if !r.eat('"') {
		return "", false
	}
	start := r.i
	ascii := true
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			raw := r.b[start:r.i]
			r.i++
			if !ascii && !utf8.Valid(raw) {
				return "", false // json.Unmarshal replaces what is not UTF-8
			}
			return string(raw), true
		case c >= utf8.RuneSelf:
			ascii = false
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			return "", false
		}
		r.i++
	}
	return "", false
}

// name reads a string that is likely read again (a key, a document's
// address, a language, a creator): the same text gives the same string.
func (r *reader) name() (string, bool) {
	start := r.i
	if r.eat('"') {
		for j := r.i; j < len(r.b) && j-r.i <= 64; j++ {
			if c := r.b[j]; c == '"' {
				if s, ok := r.names[string(r.b[r.i:j])]; ok {
					r.i = j + 1
					return s, true
				}
				break
			} else if c == '\\' || c < 0x20 {
				break
			}
		}
	}
	r.i = start
	s, ok := r.str()
	if ok && len(s) <= 64 {
		r.names[s] = s
	}
	return s, ok
}

func (r *reader) setName(p *string) bool {
	s, ok := r.name()
	*p = s
	return ok
}

// escaped reads the rest of a string that has escapes, from start.
func (r *reader) escaped(start int) (string, bool) {
	out := append([]byte(nil), r.b[start:r.i]...)
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			r.i++
			if !utf8.Valid(out) {
				return "", false
			}
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			r.i++
			continue
		}
		if r.i+1 >= len(r.b) {
			return "", false
		}
		e := r.b[r.i+1]
		r.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			c, ok := r.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(c) {
				// A pair is one code point; anything else is left to
				// json.Unmarshal, which has its own rules for halves.
				if r.i+1 < len(r.b) && r.b[r.i] == '\\' && r.b[r.i+1] == 'u' {
					r.i += 2
					d, ok := r.hex4()
					if p := utf16.DecodeRune(c, d); ok && p != utf8.RuneError {
						out = utf8.AppendRune(out, p)
						continue
					}
				}
				return "", false
			}
			out = utf8.AppendRune(out, c)
		default:
			return "", false
		}
	}
	return "", false
}

func (r *reader) hex4() (rune, bool) {
	if r.i+4 > len(r.b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(r.b[r.i:r.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	r.i += 4
	return rune(n), true
}

func (r *reader) int() (int, bool) {
	j := r.i
	if j < len(r.b) && r.b[j] == '-' {
		j++
	}
	if j+1 < len(r.b) && r.b[j] == '0' && r.b[j+1] >= '0' && r.b[j+1] <= '9' {
		return 0, false // JSON has no leading zeros
	}
	for j < len(r.b) && r.b[j] >= '0' && r.b[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(string(r.b[r.i:j]))
	if err != nil {
		return 0, false
	}
	r.i = j
	return n, true
}

func (r *reader) time() (time.Time, bool) {
	if t, ok := r.utc(); ok {
		return t, true
	}
	// time.Time reads the text between the quotes as it is, escapes
	// and all: a time written with escapes is json.Unmarshal's to refuse.
	start := r.i
	s, ok := r.str()
	if !ok || bytes.IndexByte(r.b[start:r.i], '\\') >= 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// utc reads a time as json.Marshal writes one in UTC,
// "2006-01-02T15:04:05.999999999Z", without making a string of it; any
// other form is left to time.Parse.
func (r *reader) utc() (time.Time, bool) {
	b := r.b[r.i:]
	if len(b) < 22 || b[0] != '"' || b[5] != '-' || b[8] != '-' || b[11] != 'T' || b[14] != ':' || b[17] != ':' {
		return time.Time{}, false
	}
	num := func(from, to int) int {
		n := 0
		for _, c := range b[from:to] {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(1, 5), num(6, 8), num(9, 11)
	hour, min, sec := num(12, 14), num(15, 17), num(18, 20)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	if day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	i, nsec := 20, 0
	if b[i] == '.' {
		digits := 0
		for i++; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			if digits++; digits > 9 {
				return time.Time{}, false
			}
			nsec = nsec*10 + int(b[i]-'0')
		}
		if digits == 0 {
			return time.Time{}, false
		}
		for range 9 - digits {
			nsec *= 10
		}
	}
	if i+1 >= len(b) || b[i] != 'Z' || b[i+1] != '"' {
		return time.Time{}, false
	}
	r.i += i + 2
	return time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC), true
}

// object reads an object's members with field, which reads the value of
// a key and returns false for a key it does not know.
func (r *reader) object(field func(key string) bool) bool {
	r.space()
	if !r.eat('{') {
		return false
	}
	r.space()
	if r.eat('}') {
		return true
	}
	for {
		r.space()
		k, ok := r.name()
		if !ok {
			return false
		}
		r.space()
		if !r.eat(':') {
			return false
		}
		r.space()
		if !field(k) {
			return false
		}
		r.space()
		if r.eat('}') {
			return true
		}
		if !r.eat(',') {
			return false
		}
	}
}

func (r *reader) setStr(p *string) bool {
	s, ok := r.str()
	*p = s
	return ok
}

func (r *reader) annotation(a *Annotation) bool {
	return r.object(func(k string) bool {
		var ok bool
		switch k {
		case "id":
			return r.setStr(&a.ID)
		case "tag":
			var s string
			ok = r.setName(&s)
			a.Tag = Tag(s)
		case "note":
			return r.setStr(&a.Note)
		case "created":
			a.Created, ok = r.time()
		case "modified":
			a.Modified, ok = r.time()
		case "creator":
			return r.object(func(k string) bool {
				switch k {
				case "id":
					return r.setName(&a.Creator.ID)
				case "name":
					return r.setName(&a.Creator.Name)
				}
				return false
			})
		case "target":
			return r.target(&a.Target)
		case "links":
			return r.strings(&a.Links)
		case "conflictOf":
			return r.setStr(&a.ConflictOf)
		}
		return ok
	})
}

func (r *reader) target(t *Target) bool {
	return r.object(func(k string) bool {
		switch k {
		case "source":
			return r.setName(&t.Source)
		case "quote":
			return r.object(func(k string) bool {
				switch k {
				case "exact":
					return r.setStr(&t.Quote.Exact)
				case "prefix":
					return r.setStr(&t.Quote.Prefix)
				case "suffix":
					return r.setStr(&t.Quote.Suffix)
				}
				return false
			})
		case "position":
			return r.span(&t.Position.Start, &t.Position.End)
		case "hint":
			return r.span(&t.Hint.Start, &t.Hint.End)
		case "language":
			return r.setName(&t.Language)
		case "textDirection":
			var s string
			ok := r.setName(&s)
			t.Direction = Direction(s)
			return ok
		}
		return false
	})
}

func (r *reader) span(start, end *int) bool {
	return r.object(func(k string) bool {
		var ok bool
		switch k {
		case "start":
			*start, ok = r.int()
		case "end":
			*end, ok = r.int()
		}
		return ok
	})
}

func (r *reader) strings(p *[]string) bool {
	r.space()
	if !r.eat('[') {
		return false
	}
	var out []string
	for {
		r.space()
		if len(out) == 0 && r.eat(']') {
			*p = []string{} // as json.Unmarshal reads []
			return true
		}
		s, ok := r.str()
		if !ok {
			return false
		}
		out = append(out, s)
		r.space()
		if r.eat(']') {
			*p = out
			return true
		}
		if !r.eat(',') {
			return false
		}
	}
}

// skip moves past one JSON value, strings and nesting included, without
// checking it: json.Unmarshal checks it next.
func (r *reader) skip() bool {
	depth := 0
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch c {
		case '"':
			r.i++
			for r.i < len(r.b) && r.b[r.i] != '"' {
				if r.b[r.i] == '\\' {
					r.i++
				}
				r.i++
			}
			if r.i >= len(r.b) {
				return false
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				return false
			}
		case ',':
			if depth == 0 {
				return true
			}
		}
		r.i++
		if depth == 0 && (c == '}' || c == ']' || c == '"') {
			return true
		}
	}
	return depth == 0
}

// storedSize is about the length appendStored writes for a, a little
// more where its texts have characters to escape: room made at once, not
// grown a field at a time (a record of the seed was allocated six times).
func storedSize(a Annotation) int {
	t, k := a.Target, a.Kept
	n := 256 + len(a.ID) + len(a.Note) + len(a.Creator.ID) + len(a.Creator.Name) + len(a.ConflictOf) +
		len(t.Source) + len(t.Quote.Exact) + len(t.Quote.Prefix) + len(t.Quote.Suffix) + len(t.Language) +
		len(k.Target) + len(k.Origin) + len(k.Whole)
	for _, m := range []map[string]json.RawMessage{k.Props, k.TagBody, k.NoteBody} {
		for key, v := range m {
			n += len(key) + len(v) + 4
		}
	}
	for _, v := range k.Bodies {
		n += len(v) + 1
	}
	return n + n/8
}

// AppendStored appends a to b as json.Marshal writes it, byte for byte:
// the form the browser keeps and UnmarshalList reads. It writes the fields
// directly, several times faster than encoding/json's reflection; an
// annotation with what it does not write itself (a time json.Marshal
// refuses, kept JSON that is empty or not compact) is written by
// json.Marshal. Kept JSON is written as it is, as the package keeps it:
// valid, compact JSON (what canon and json.Unmarshal make).
func AppendStored(b []byte, a Annotation) ([]byte, error) {
	if out, ok := appendStored(b, a); ok {
		return out, nil
	}
	j, err := json.Marshal(a)
	if err != nil {
		return b, err
	}
	return append(b, j...), nil
}

func appendStored(b []byte, a Annotation) ([]byte, bool) {
	b = slices.Grow(b, storedSize(a))
	start := len(b)
	fail := func() ([]byte, bool) { return b[:start], false }
	b = field(b, `{"id":`, a.ID)
	b = field(b, `,"tag":`, string(a.Tag))
	if a.Note != "" {
		b = field(b, `,"note":`, a.Note)
	}
	var ok bool
	b = append(b, `,"created":`...)
	if b, ok = appendTime(b, a.Created); !ok {
		return fail()
	}
	b = append(b, `,"modified":`...)
	if b, ok = appendTime(b, a.Modified); !ok {
		return fail()
	}
	if c := a.Creator; c != (Agent{}) {
		b = append(b, `,"creator":{`...)
		if c.ID != "" {
			b = field(b, `"id":`, c.ID)
			if c.Name != "" {
				b = append(b, ',')
			}
		}
		if c.Name != "" {
			b = field(b, `"name":`, c.Name)
		}
		b = append(b, '}')
	}
	t := a.Target
	b = field(b, `,"target":{"source":`, t.Source)
	b = field(b, `,"quote":{"exact":`, t.Quote.Exact)
	if t.Quote.Prefix != "" {
		b = field(b, `,"prefix":`, t.Quote.Prefix)
	}
	if t.Quote.Suffix != "" {
		b = field(b, `,"suffix":`, t.Quote.Suffix)
	}
	b = append(b, `},"position":`...)
	b = appendSpan(b, t.Position.Start, t.Position.End)
	if t.Language != "" {
		b = field(b, `,"language":`, t.Language)
	}
	if t.Direction != "" {
		b = field(b, `,"textDirection":`, string(t.Direction))
	}
	if t.Hint != (Hint{}) {
		b = append(b, `,"hint":`...)
		b = appendSpan(b, t.Hint.Start, t.Hint.End)
	}
	b = append(b, '}')
	if len(a.Links) > 0 {
		b = append(b, `,"links":[`...)
		for i, l := range a.Links {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, l)
		}
		b = append(b, ']')
	}
	if a.ConflictOf != "" {
		b = field(b, `,"conflictOf":`, a.ConflictOf)
	}
	if k := a.Kept; !k.IsZero() {
		b = append(b, `,"kept":{`...)
		comma := false
		member := func(name string) { // a member of kept, before its value
			if comma {
				b = append(b, ',')
			}
			comma = true
			b = append(b, '"')
			b = append(b, name...)
			b = append(b, `":`...)
		}
		rawMap := func(name string, m map[string]json.RawMessage) bool {
			if len(m) == 0 {
				return true
			}
			member(name)
			keys := make([]string, 0, len(m))
			for key := range m {
				keys = append(keys, key)
			}
			slices.Sort(keys)
			b = append(b, '{')
			for i, key := range keys {
				if i > 0 {
					b = append(b, ',')
				}
				b = AppendJSONString(b, key)
				b = append(b, ':')
				if b, ok = appendRaw(b, m[key]); !ok {
					return false
				}
			}
			b = append(b, '}')
			return true
		}
		raw := func(name string, r json.RawMessage) bool {
			if len(r) == 0 {
				return true
			}
			member(name)
			b, ok = appendRaw(b, r)
			return ok
		}
		if !rawMap("props", k.Props) {
			return fail()
		}
		if len(k.Bodies) > 0 {
			member("bodies")
			b = append(b, '[')
			for i, r := range k.Bodies {
				if i > 0 {
					b = append(b, ',')
				}
				if b, ok = appendRaw(b, r); !ok {
					return fail()
				}
			}
			b = append(b, ']')
		}
		if !rawMap("tagBody", k.TagBody) || !rawMap("noteBody", k.NoteBody) ||
			!raw("target", k.Target) || !raw("origin", k.Origin) || !raw("whole", k.Whole) {
			return fail()
		}
		if k.Reason != "" {
			member("reason")
			b = AppendJSONString(b, string(k.Reason))
		}
		b = append(b, '}')
	}
	return append(b, '}'), true
}

// field appends key, as it is, and s as a JSON string.
func field(b []byte, key, s string) []byte {
	return AppendJSONString(append(b, key...), s)
}

func appendSpan(b []byte, start, end int) []byte {
	b = append(b, `{"start":`...)
	b = strconv.AppendInt(b, int64(start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(end), 10)
	return append(b, '}')
}

// appendTime writes t as time.Time's MarshalJSON does, or fails where it
// fails: a year outside 0–9999, an offset of 24 hours or more, or one with
// seconds.
func appendTime(b []byte, t time.Time) ([]byte, bool) {
	n0 := len(b)
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	num2 := func(b []byte) byte { return 10*(b[0]-'0') + (b[1] - '0') }
	switch {
	case b[n0+len(`"9999`)] != '-':
		return b[:n0], false
	case b[len(b)-1] != 'Z':
		c := b[len(b)-len("Z07:00")]
		if ('0' <= c && c <= '9') || num2(b[len(b)-len("07:00"):]) >= 24 {
			return b[:n0], false
		}
	}
	return append(b, '"'), true
}

// appendRaw writes kept JSON as json.Marshal writes a json.RawMessage:
// nil as null, and <, >, &, U+2028 and U+2029 escaped. It fails on what
// json.Marshal would have to compact (white space outside strings) and on
// an empty message, which json.Marshal refuses.
func appendRaw(b []byte, r json.RawMessage) ([]byte, bool) {
	if r == nil {
		return append(b, "null"...), true
	}
	if len(r) == 0 {
		return b, false
	}
	const hex = "0123456789abcdef"
	inString := false
	start := 0
	for i := 0; i < len(r); i++ {
		c := r[i]
		if rawPlain[c] {
			continue
		}
		switch {
		case inString && c == '\\':
			i++ // the escaped byte
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return b, false
		case c == '<' || c == '>' || c == '&':
			b = append(b, r[start:i]...)
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			start = i + 1
		case c == 0xE2 && i+2 < len(r) && r[i+1] == 0x80 && r[i+2]&^1 == 0xA8:
			b = append(b, r[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r[i+2]&0xF])
			i += 2
			start = i + 1
		}
	}
	return append(b, r[start:]...), true
}

// rawPlain holds the bytes appendRaw copies without a look: all but
// quotes, backslashes, white space, <, >, & and the first byte of U+2028
// and U+2029. plainJSON and plainCanon hold the bytes appendText copies
// so: ASCII but control characters, quotes and backslashes, and for
// json.Marshal's strings <, > and & too.
var rawPlain, plainJSON, plainCanon = func() (raw, str, canon [256]bool) {
	for c := range 256 {
		raw[c] = !strings.ContainsRune("\"\\ \t\n\r<>&", rune(c)) && c != 0xE2
		canon[c] = c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\'
		str[c] = canon[c] && c != '<' && c != '>' && c != '&'
	}
	return
}()

// AppendJSONString appends s as a JSON string as json.Marshal writes it:
// <, > and & escaped, U+2028 and U+2029 escaped, a byte that is not UTF-8
// as U+FFFD.
func AppendJSONString(b []byte, s string) []byte { return appendText(b, s, true) }

// appendText writes s as a JSON string: as json.Marshal does, or (not
// marshal) as canonical JSON has always been written here (appendQuoted):
// without escaping <, > and &, with \b and \f as \u0008 and \u000c, and a
// byte that is not UTF-8 as U+FFFD itself rather than its escape.
func appendText(b []byte, s string, marshal bool) []byte {
	const hex = "0123456789abcdef"
	plain := &plainCanon
	if marshal {
		plain = &plainJSON
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\b' && marshal:
				b = append(b, '\\', 'b')
			case c == '\f' && marshal:
				b = append(b, '\\', 'f')
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // two bytes, as Arabic letters are: valid, and never U+2028
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1 && marshal:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = utf8.AppendRune(b, utf8.RuneError)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
