package annotations

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"unicode/utf8"
)

// object is a JSON object whose keys are written in the order given, so
// that an export reads in a stable, readable order.
type object []member

type member struct {
	key   string
	value any
}

// set replaces the value of key, or adds it at the end.
func (o *object) set(key string, value any) {
	for i := range *o {
		if (*o)[i].key == key {
			(*o)[i].value = value
			return
		}
	}
	*o = append(*o, member{key, value})
}

// with sets each of extra, in the order of their keys, after o's own.
func (o object) with(extra map[string]json.RawMessage) object {
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		o.set(k, extra[k])
	}
	return o
}

func (o object) MarshalJSON() ([]byte, error) { return o.append(nil) }

// append writes o at the end of b. The values the encoder builds (texts,
// numbers, objects, lists of them, JSON kept as it came) are written
// directly, not each through an encoder of its own: an export writes
// thousands.
func (o object) append(b []byte) ([]byte, error) {
	b = append(b, '{')
	for i, m := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(b, m.key)
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, m.value); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case object:
		return v.append(b)
	case string:
		return appendQuoted(b, v), nil
	case Direction:
		return appendQuoted(b, string(v)), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case json.RawMessage:
		return append(b, v...), nil // canonical: kept by canon, compact
	case []any:
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, x); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case []string:
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendQuoted(b, x)
		}
		return append(b, ']'), nil
	}
	m, err := marshal(v)
	return append(b, m...), err
}

// marshal is json.Marshal without escaping <, > and &: a note is written
// as the characters it holds.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// canon is a JSON value written canonically: keys sorted, no white space,
// numbers as they were written. Two values that say the same thing have
// the same canonical form. A decoded value (maps, lists, strings,
// json.Number) is written into a buffer of its exact size: files are
// kept in memory about once, not once per growth of a buffer.
func canon(v any) json.RawMessage {
	if n, ok := canonSize(v); ok {
		return appendCanon(make([]byte, 0, n), v)
	}
	b, err := marshal(v)
	if err != nil {
		return nil
	}
	var back any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(&back) != nil {
		return nil
	}
	return canon(back)
}

// canonSize is the length of v written by appendCanon, and whether v is
// a decoded value appendCanon writes.
func canonSize(v any) (int, bool) {
	switch v := v.(type) {
	case nil:
		return 4, true
	case bool:
		return 5, true
	case json.Number:
		return len(v), true
	case string:
		return quotedSize(v), true
	case []any:
		n := 2 + max(len(v)-1, 0)
		for _, x := range v {
			m, ok := canonSize(x)
			if !ok {
				return 0, false
			}
			n += m
		}
		return n, true
	case map[string]any:
		n := 2 + max(len(v)-1, 0)
		for k, x := range v {
			m, ok := canonSize(x)
			if !ok {
				return 0, false
			}
			n += quotedSize(k) + 1 + m
		}
		return n, true
	}
	return 0, false
}

func appendCanon(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if v {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case json.Number:
		return append(b, v...)
	case string:
		return appendQuoted(b, v)
	case []any:
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCanon(b, x)
		}
		return append(b, ']')
	case map[string]any:
		b = append(b, '{')
		var few [8]string // an object's keys, without allocating for most
		keys := few[:0]
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendQuoted(b, k)
			b = append(b, ':')
			b = appendCanon(b, v[k])
		}
		return append(b, '}')
	}
	return b
}

// quotedSize is the length of s as appendQuoted writes it.
func quotedSize(s string) int {
	n := 2 + len(s)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t':
				n++
			case c < 0x20:
				n += 5
			}
			i++
			continue
		}
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // a two-byte letter, as Arabic letters are
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n += 2 // written as U+FFFD, three bytes
		case r == 0x2028 || r == 0x2029:
			n += 3
		}
		i += size
	}
	return n
}

// appendQuoted writes s as a JSON string, as encoding/json does without
// escaping HTML, except that \b and \f are written \u0008 and \u000c, and
// a byte that is not UTF-8 as U+FFFD itself.
func appendQuoted(b []byte, s string) []byte { return appendText(b, s, false) }

// AppendQuoted is appendQuoted, for the page's edge: JSON.parse reads what
// it writes as what json.Marshal writes.
func AppendQuoted(b []byte, s string) []byte { return appendQuoted(b, s) }

// extras is the members of m other than those named, canonically.
func extras(m map[string]any, skip ...string) map[string]json.RawMessage {
	var out map[string]json.RawMessage
	for k, v := range m {
		if slices.Contains(skip, k) {
			continue
		}
		if out == nil {
			out = map[string]json.RawMessage{}
		}
		out[k] = canon(v)
	}
	return out
}
