package annotations

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
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
	// Room for every annotation at once (a key "id" each, and no more than
	// twice as many with their creators'): growing the list copied it.
	out := make([]Annotation, 0, bytes.Count(data, []byte(`"id":`)))
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
			if err := json.Unmarshal(data[start:r.i], &a); err != nil {
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
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			raw := r.b[start:r.i]
			r.i++
			if !utf8.Valid(raw) {
				return "", false // json.Unmarshal replaces what is not UTF-8
			}
			return string(raw), true
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
