package annotations

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
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

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
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

// canon is a decoded JSON value written canonically: keys sorted, no
// white space, numbers as they were written. Two values that say the same
// thing have the same canonical form.
func canon(v any) json.RawMessage {
	b, err := marshal(v)
	if err != nil {
		return nil // values from a decoded file always marshal
	}
	switch v.(type) {
	case map[string]any, string, json.Number, bool, nil:
		return b // a decoded value: its keys are already sorted
	}
	var back any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(&back) != nil {
		return nil
	}
	b, _ = marshal(back) // decoded: maps write their keys sorted
	return b
}

// sameJSON reports whether a value the app would write (o) and one a
// file had (v) are the same JSON.
func sameJSON(o any, v any) bool { return bytes.Equal(canon(o), canon(v)) }

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
