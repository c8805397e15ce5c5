package annotations_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"annotator/annotations"
)

const anno = `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:a", "type": "Annotation", "target": "urn:x"}`

// TestDecodeRefuses: each thing the reader refuses, where it says it is,
// and what it says.
func TestDecodeRefuses(t *testing.T) {
	// A list one item too long, of texts long enough that memory is not
	// what stops it.
	longList := "[" + strings.Repeat(`"abcdefghijklmnop",`, annotations.MaxListItems) + `"abcdefghijklmnop"]`
	// An object with one key too many, after a text that makes the file
	// large enough that memory is not what stops it.
	var keys strings.Builder
	keys.WriteString(`{"pad": "` + strings.Repeat("x", 300000) + `"`)
	for i := range annotations.MaxObjectKeys + 1 {
		fmt.Fprintf(&keys, `, "k%05d": 0`, i)
	}
	keys.WriteString("}")
	manyKeys := keys.String()
	bom := "\uFEFF"
	for _, c := range []struct {
		name, data string
		line, col  int
		path, msg  string
	}{
		{"half surrogate, first half", `{"id": "urn:x:\ud800", "type": "Annotation"}`, 1, 15, "id", `\ud800 is the first half of a UTF-16 surrogate pair without its second half`},
		{"half surrogate, second half", `["\udc00"]`, 1, 3, "[0]", `\udc00 is the second half of a UTF-16 surrogate pair without its first half`},
		{"first half then not a second", `["a\uD83D\u0041"]`, 1, 4, "[0]", `\ud83d is the first half`},
		{"first half then a first half", `["\ud83d\ud83d\ude00"]`, 1, 3, "[0]", `\ud83d is the first half`},
		{"first half at the end", `["\ud83d"]`, 1, 3, "[0]", "without its second half"},
		{"two ids made one by U+FFFD", `[{"id": "urn:x:\ud800"}, {"id": "urn:x:\udbff"}]`, 1, 16, "[0].id", "surrogate"},
		{"repeated key", "{\"id\": \"urn:x:1\",\n \"id\": \"urn:x:2\"}", 2, 2, "id", `the key "id" appears twice in one object (first at line 1, column 2)`},
		{"repeated key, escaped", `{"id": 1, "\u0069d": 2}`, 1, 11, "id", `the key "id" appears twice in one object (first at line 1, column 2)`},
		{"repeated key, after escapes and lists", `{"\u0061": [1, "]}", {"id": 0}], "id": {"b": "\"id\""}, "id": 3}`, 1, 57, "id", `the key "id" appears twice in one object (first at line 1, column 34)`},
		{"repeated key, Arabic, columns in code points", `{"تعليق": 1, "تعليق": 2}`, 1, 14, "", `the key "تعليق" appears twice`},
		{"repeated key in an annotation", `{"type": "AnnotationPage", "items": [{"id": "a:1"}, {"target": "a:", "id": "a:2", "target": "b:"}]}`, 1, 83, "items[1].target", `the key "target" appears twice in one object (first at line 1, column 54)`},
		{"repeated key, the same value", `{"a": {"b": 1, "b": 1}}`, 1, 16, "a.b", `the key "b" appears twice`},
		{"brackets after the value", anno + "]]}}", 1, len(anno) + 1, "", `']' after the end of the JSON value`},
		{"a brace after the value", anno + "\n}", 2, 1, "", "after the end of the JSON value"},
		{"a second value", `{"a": 1} {"b": 2}`, 1, 10, "", "only white space may follow it"},
		{"a word after the value", anno + "\n\n  garbage", 3, 3, "", `"garbage" after the end`},
		{"byte-order mark, then data after the value", bom + `{"a": 1}]`, 1, 9, "", "after the end of the JSON value"},
		{"two byte-order marks", bom + bom + anno, 1, 1, "", `found '\ufeff'`},
		{"a byte-order mark inside", " " + bom + anno, 1, 2, "", "expected a value"},
		{"control character in a text", "[\"a\tb\"]", 1, 4, "[0]", "control character U+0009"},
		{"unknown escape", `["\x"]`, 1, 3, "[0]", `unknown escape "\\x"`},
		{"short \\u", `["\u12"]`, 1, 3, "[0]", "four hex digits"},
		{"leading zero", `[01]`, 1, 2, "[0]", "may not begin with 0"},
		{"no digit after the point", `[1.]`, 1, 4, "[0]", "expected a digit"},
		{"plus sign", `[+1]`, 1, 2, "[0]", "expected a value"},
		{"comma before ]", `[1,]`, 1, 4, "[1]", "a comma before ]"},
		{"comma before }", `{"a": 1,}`, 1, 9, "a", "a comma before }"},
		{"no colon", `{"a" 1}`, 1, 6, "a", "expected : after the key"},
		{"key not in quotes", `{a: 1}`, 1, 2, "", "expected a key in quotes"},
		{"no comma", `[1 2]`, 1, 4, "[0]", "expected , or ]"},
		{"a word that is not one", `[nul]`, 1, 2, "[0]", `found "nul"`},
		{"single quotes", `['a']`, 1, 2, "[0]", `found '\''`},
		{"cut short", `{"a": [1, 2`, 1, 12, "", "ends too early"},
		{"cut short in a text", `{"a": "bc`, 1, 10, "", "ends too early"},
		{"empty", ``, 1, 1, "", "the file is empty"},
		{"only white space", "  \n ", 2, 2, "", "the file is empty"},
		{"nested too deep", strings.Repeat("[", annotations.MaxDepth+1), 1, annotations.MaxDepth + 1, "", "nested more than 64 levels deep"},
		{"a list too long", longList, 1, 2 + annotations.MaxListItems*19, "", "a list holds more than 300,000 items; files with more than 100,000 annotations are not read"},
		{"an object with too many keys", manyKeys, 1, strings.Index(manyKeys, `"k09999"`) + 1, "k09999", "an object has more than 10,000 keys"},
		{"too many small values", "[" + strings.Repeat("{},", 1<<20) + "{}]", 1, -1, "", "reading it would take more than 20 times its size (60.0 MB) of memory"},
		{"too many small values, small file", "[" + strings.Repeat("{},", 5000) + "{}]", 1, -1, "", "more than 1.0 MB of memory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := annotations.Decode([]byte(c.data))
			var de *annotations.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("%v, not a DecodeError", err)
			}
			if de.Line != c.line || c.col >= 0 && de.Col != c.col || !strings.Contains(de.Msg, c.msg) {
				t.Errorf("got line %d, column %d: %s\nwant line %d, column %d: …%s…", de.Line, de.Col, de.Msg, c.line, c.col, c.msg)
			}
			if c.path != "" && !strings.HasSuffix(de.Path, c.path) {
				t.Errorf("path %q, want …%q", de.Path, c.path)
			}
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("line %d, column %d: ", de.Line, de.Col)) {
				t.Errorf("message %q does not begin with the line and column", err)
			}
			if len(err.Error()) > 300 {
				t.Errorf("message of %d bytes", len(err.Error()))
			}
		})
	}
}

// Decode skips a byte-order mark and reads the file as without it.
func TestDecodeByteOrderMark(t *testing.T) {
	b, err := os.ReadFile("testdata/seed-export.golden.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	want, err := annotations.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := annotations.Decode(append([]byte("\uFEFF"), b...))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || len(got.Annotations) == 0 {
		t.Errorf("with a byte-order mark: %d annotations, without: %d", len(got.Annotations), len(want.Annotations))
	}
}

// Messages show long texts by both ends, and escape what would move a
// terminal or reorder the line.
func TestDecodeMessagesShowTexts(t *testing.T) {
	id := "urn:uuid:3f1c2a4e-0000-4000-8000-000000000001/" + strings.Repeat("x", 40) + "/end-0123456789ab"
	file := fmt.Sprintf(`[{"@context": "http://www.w3.org/ns/anno.jsonld", "id": %q, "type": "Annotation", "target": "urn:x"}, {"id": %q, "type": "Annotation", "target": "urn:y"}]`, id, id)
	_, err := annotations.Decode([]byte(file))
	if err == nil || !strings.Contains(err.Error(), `"urn:uuid:3f1c2a4e-0000-4"…"end-0123456789ab"`) {
		t.Errorf("a long id: %v", err)
	}
	// A UUID URN is shown whole: two that differ anywhere look different.
	uuid := "urn:uuid:3f1c2a4e-0000-4000-8000-000000000001"
	file = fmt.Sprintf(`[{"@context": "http://www.w3.org/ns/anno.jsonld", "id": %q, "type": "Annotation", "target": "urn:x"}, {"id": %q, "type": "Annotation", "target": "urn:y"}]`, uuid, uuid)
	if _, err := annotations.Decode([]byte(file)); err == nil || !strings.Contains(err.Error(), `"`+uuid+`"`) {
		t.Errorf("a UUID: %v", err)
	}
	file = `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "\u001b[2J\u202eAnnotation\u2066", "target": "urn:x"}`
	_, err = annotations.Decode([]byte(file))
	if err == nil || !strings.Contains(err.Error(), `\x1b[2J\u202eAnnotation\u2066`) || strings.ContainsAny(err.Error(), "\x1b\u202e\u2066") {
		t.Errorf("control and bidi characters: %q", err)
	}
	file = `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation", "target": {"source": "urn:x", "selector": {"type": "TextPositionSelector", "start": 3000000000, "end": 99999999999999999999}}}`
	_, err = annotations.Decode([]byte(file))
	if err == nil || !strings.Contains(err.Error(), "the number 3000000000, over 2147483648, the largest this reader takes") || !strings.Contains(err.Error(), "the number 99999999999999999999, over 2147483648") {
		t.Errorf("numbers over the limit: %v", err)
	}
}

// The files the reader must read, and the values it must build: those
// of encoding/json with UseNumber.
func TestScanReadsTestdata(t *testing.T) {
	n := 0
	err := filepath.WalkDir("testdata", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".json") && !strings.HasSuffix(path, ".jsonld") {
			return err
		}
		if strings.HasPrefix(path, filepath.Join("testdata", "hostile")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		v, _, _, err := annotations.ScanJSON(b, annotations.MaxMemoryPerByte)
		if !json.Valid(b) {
			if err == nil {
				t.Errorf("%s: not JSON, but read", path)
			}
			return nil
		}
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		if want := stdDecode(t, b); !reflect.DeepEqual(v, want) {
			t.Errorf("%s: the values differ from encoding/json's", path)
		}
		return nil
	})
	if err != nil || n < 90 {
		t.Fatalf("%d files read: %v", n, err)
	}
	for _, f := range []string{"seed-export.golden.jsonld", "hypothesis-export.json", "recogito-export.jsonld"} {
		b, _ := os.ReadFile(filepath.Join("testdata", f))
		if im, err := annotations.Decode(b); err != nil || len(im.Annotations) == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestScanReads(t *testing.T) {
	for _, s := range []string{
		`"\ud83d\ude00 \uD83D\uDE00 😀"`, `"\u0000\b\f\n\r\t\"\\\/"`, `"\u00e9\u0628\u0651\u0640"`,
		`[0, -0, 1.5, -1e10, 2E+3, 1e-2, 12345678901234567890123]`, "\t\r\n [ { } , [ ] , { \"\" : \"\" } ] \n",
		`{"a": {"b": [true, false, null]}, "b": {"a": 1}}`, `{"تعليق": "ملاحظة", "😀": 1}`,
		strings.Repeat("[", annotations.MaxDepth) + strings.Repeat("]", annotations.MaxDepth),
		`"` + strings.Repeat("يحتاج إلى مصدر ثانٍ ", 2000) + `"`,
	} {
		v, _, _, err := annotations.ScanJSON([]byte(s), annotations.MaxMemoryPerByte)
		if err != nil {
			t.Errorf("%.40q: %v", s, err)
			continue
		}
		if want := stdDecode(t, []byte(s)); !reflect.DeepEqual(v, want) {
			t.Errorf("%.40q: %#v, want %#v", s, v, want)
		}
	}
	if _, _, stricter, err := annotations.ScanJSON([]byte("[\"a\xffb\"]"), annotations.MaxMemoryPerByte); err == nil || !stricter || err.Error() != "line 1, column 4: the text is not UTF-8: a byte 0xff that begins no character" {
		t.Errorf("invalid UTF-8 in a text: %v", err)
	}
}

func stdDecode(t testing.TB, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// The hostile files are still refused, each for what is wrong with it.
func TestDecodeHostileMessages(t *testing.T) {
	want := map[string]string{
		"a-string.json":               "the file holds a text, not annotations",
		"created-a-number.jsonld":     "created must be one date and time, not the number 12",
		"exact-a-number.jsonld":       "exact must be text, not the number 42",
		"id-markup.jsonld":            `the id "<script>alert(1)</script>" is not an IRI`,
		"id-a-number.jsonld":          "id: the id must be an IRI, an address such as urn:uuid:… or https://…, not the number 12345",
		"items-an-object.jsonld":      "items: the page's items must be a list of annotations, not an object",
		"source-a-number.jsonld":      "target[0].source: the source must be an IRI, an address such as urn:uuid:… or https://…, not the number -7",
		"not-json.txt":                `line 1, column 1: not valid JSON: expected a value (text in quotes, a number, true, false, null, a list or an object), found "not"`,
		"not-utf8.json":               "the file is not UTF-8 text",
		"offsets-out-of-range.jsonld": "start and end must be whole numbers with 0 ≤ start ≤ end",
		"repeated-ids.jsonld":         `the id "urn:uuid:a" is used twice`,
		"truncated.jsonld":            "line 1, column 179: the JSON ends too early",
		"two-values.json":             `line 1, column 10: not valid JSON: '{' after the end of the JSON value`,
		"wrong-types.json":            "an annotation must be an object, not a number",
	}
	files, _ := filepath.Glob("testdata/hostile/*")
	if len(files) != len(want) {
		t.Errorf("%d hostile files, %d messages", len(files), len(want))
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		_, err := annotations.Decode(b)
		if w := want[filepath.Base(f)]; err == nil || w == "" || !strings.Contains(err.Error(), w) {
			t.Errorf("%s: %v, want …%s…", filepath.Base(f), err, w)
		}
	}
}

// FuzzScan holds the reader to encoding/json: it never reads what
// json.Valid refuses; what json.Valid accepts it reads into the same
// values, or refuses for a rule of its own that the input does break.
func FuzzScan(f *testing.F) {
	f.Add([]byte(anno))
	f.Add([]byte(`{"a": 1, "a": 2}`))
	f.Add([]byte(`["\ud800", "\ud83d\ude00"]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, _, stricter, err := annotations.ScanJSON(data, annotations.MaxMemoryPerByte)
		valid := json.Valid(data)
		if err == nil {
			if !valid {
				t.Fatalf("read %q, which is not JSON", data)
			}
			if want := stdDecode(t, data); !reflect.DeepEqual(v, want) {
				t.Fatalf("%q: %#v, want %#v", data, v, want)
			}
			return
		}
		var de *annotations.DecodeError
		if !errors.As(err, &de) || de.Line < 1 || de.Col < 1 || de.Line > 1+bytes.Count(data, []byte("\n")) || de.Msg == "" {
			t.Fatalf("%q: %#v", data, err)
		}
		if !valid {
			return
		}
		if !stricter {
			t.Fatalf("%q is JSON, refused as not: %v", data, err)
		}
		switch msg := de.Msg; {
		case strings.Contains(msg, "appears twice"):
			if !repeatsKey(data) {
				t.Fatalf("%q repeats no key: %v", data, err)
			}
		case strings.Contains(msg, "surrogate"):
			if !bytes.Contains(bytes.ToLower(data), []byte(`\ud`)) {
				t.Fatalf("%q has no surrogate: %v", data, err)
			}
		case strings.Contains(msg, "not UTF-8"):
			if utf8.Valid(data) {
				t.Fatalf("%q is UTF-8: %v", data, err)
			}
		case strings.Contains(msg, "nested"):
			if depth(data) <= annotations.MaxDepth {
				t.Fatalf("%q is not so deep: %v", data, err)
			}
		case strings.Contains(msg, "too many small values"):
		default:
			t.Fatalf("%q: %v", data, err)
		}
	})
}

// repeatsKey says, with encoding/json's tokens, whether an object of
// data repeats a key.
func repeatsKey(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type level struct {
		keys   map[string]bool
		object bool
		key    bool // the next string is a key
	}
	var stack []level
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return false
		}
		if err != nil {
			panic(err)
		}
		top := len(stack) - 1
		isKey := top >= 0 && stack[top].object && stack[top].key
		if top >= 0 && stack[top].object {
			stack[top].key = !stack[top].key
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				stack = append(stack, level{keys: map[string]bool{}, object: true, key: true})
			case '[':
				stack = append(stack, level{})
			default:
				stack = stack[:top]
				if top > 0 && stack[top-1].object {
					stack[top-1].key = true
				}
			}
		case string:
			if isKey {
				if stack[top].keys[tok] {
					return true
				}
				stack[top].keys[tok] = true
			}
		}
	}
}

func depth(data []byte) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	d, most := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return most
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			d++
			most = max(most, d)
		case json.Delim('}'), json.Delim(']'):
			d--
		}
	}
}

// allocated is what f allocates, garbage included: no less than the
// most memory it holds at once.
func allocated(f func()) int {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int(after.TotalAlloc - before.TotalAlloc)
}

// fill writes item, sep, item… between open and close, up to size bytes.
func fill(size int, open, item, sep, close string) []byte {
	n := (size - len(open) - len(item) - len(close)) / (len(sep) + len(item))
	return []byte(open + item + strings.Repeat(sep+item, n) + close)
}

// hostileShapes are files shaped to make a reader take memory, of about
// size bytes, each made when asked for.
func hostileShapes(size int) map[string]func() []byte {
	return map[string]func() []byte{
		"empty objects":       func() []byte { return fill(size, "[", "{}", ",", "]") },
		"empty lists":         func() []byte { return fill(size, "[", "[]", ",", "]") },
		"nested small lists":  func() []byte { return fill(size, "[", "[[[0]]]", ",", "]") },
		"lists of 1000 zeros": func() []byte { return fill(size, "[", "["+strings.Repeat("0,", 999)+"0]", ",", "]") },
		"objects of one key":  func() []byte { return fill(size, "[", `{"a":0}`, ",", "]") },
		"objects of nine keys": func() []byte {
			return fill(size, "[", `{"a":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0}`, ",", "]")
		},
		"numbers":     func() []byte { return fill(size, "[", "0", ",", "]") },
		"short texts": func() []byte { return fill(size, "[", `"ab"`, ",", "]") },
		"deep nesting": func() []byte {
			return fill(size, "[", strings.Repeat("[", annotations.MaxDepth-1)+strings.Repeat("]", annotations.MaxDepth-1), ",", "]")
		},
		"too deep":            func() []byte { return []byte(strings.Repeat("[", size/2) + strings.Repeat("]", size/2)) },
		"a long text":         func() []byte { return []byte(`["` + strings.Repeat("ب", (size-4)/2) + `"]`) },
		"a long escaped text": func() []byte { return []byte(`["` + strings.Repeat(`\u0628`, (size-4)/6) + `"]`) },
		"many keys": func() []byte {
			b := make([]byte, 0, size)
			b = append(b, '{')
			for i := 0; len(b) < size-20; i++ {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, '"')
				b = strconv.AppendInt(b, int64(i), 16)
				b = append(b, `":0`...)
			}
			return append(b, '}')
		},
	}
}

// TestDecodeMemoryHostile: what reading each hostile shape allocates
// stays under MemoryBound of its size, and so does the peak.
func TestDecodeMemoryHostile(t *testing.T) {
	sizes := []int{1 << 20}
	if !testing.Short() {
		sizes = append(sizes, annotations.MaxFileSize)
	}
	for _, size := range sizes {
		for name, shape := range hostileShapes(size) {
			data := shape()
			var err error
			n := allocated(func() { _, err = annotations.Decode(data) })
			if err == nil {
				t.Errorf("%s, %d bytes: read", name, len(data))
			}
			if n > annotations.MemoryBound(len(data)) {
				t.Errorf("%s, %d bytes: %d bytes allocated, %.1f times the size", name, len(data), n, float64(n)/float64(len(data)))
			}
		}
	}
}

// exportFile is what the app exports for n annotations of the seed, a
// third of them linked to the one before, indented or compact.
func exportFile(t testing.TB, n int, compact bool) []byte {
	d := seed(t)
	var list []annotations.Annotation
	for i, tg := range randomTargets(t, d, n) {
		created := time.Date(2026, 1, 21, 9, 30, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
		a := annotations.Annotation{ID: fmt.Sprintf("urn:uuid:3f1c2a4e-0000-4000-8000-%012d", i), Tag: annotations.Tags[i%3], Target: tg,
			Created: created, Modified: created.Add(time.Millisecond),
			Creator: annotations.Agent{ID: "urn:uuid:9b2f1c4e-0000-4000-8000-00000000cafe", Name: "مريم"}}
		if i%2 == 0 {
			a.Note = "يحتاج إلى مصدر ثانٍ"
		}
		if i%3 == 2 {
			a.Links = []string{list[i-1].ID}
		}
		list = append(list, a)
	}
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(d, list); err != nil {
		t.Fatal(err)
	}
	if !compact {
		return b.Bytes()
	}
	var c bytes.Buffer
	if err := json.Compact(&c, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	return c.Bytes()
}

// annotationShapes are files of n annotations as small as each kind can
// be, which cost Decode the most for their size, and a few with one
// list or text as large as it can be.
func annotationShapes(n int) map[string][]byte {
	page := func(item func(i int) string) []byte {
		var b bytes.Buffer
		b.WriteString(`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationPage","items":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(item(i))
		}
		b.WriteString("]}")
		return b.Bytes()
	}
	list := func(n int, item func(i int) string) string {
		s := make([]string, n)
		for i := range s {
			s[i] = item(i)
		}
		return strings.Join(s, ",")
	}
	const head = `{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:x:1","type":"Annotation",`
	const sel = `"selector":{"type":"TextQuoteSelector","exact":"x"}`
	const target = `"target":{"source":"urn:x",` + sel + `}`
	return map[string][]byte{
		"text":      page(func(i int) string { return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation",%s}`, i, target) }),
		"no source": page(func(i int) string { return fmt.Sprintf(`{"id":"#%d","type":"Annotation","target":{%s}}`, i, sel) }),
		"dated": page(func(i int) string {
			return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z",%s}`, i, target)
		}),
		"four selectors": page(func(i int) string {
			return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation","target":{"source":"urn:x","selector":[{"type":"TextQuoteSelector","exact":"x"},{"type":"TextPositionSelector","start":1,"end":2},{"type":"TextQuoteSelector","exact":"x"},{"type":"TextPositionSelector","start":1,"end":2}]}}`, i)
		}),
		"refined": page(func(i int) string {
			return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation","target":{"source":"urn:x","selector":{"type":"FragmentSelector","value":"a","refinedBy":{"type":"TextQuoteSelector","exact":"x","refinedBy":{"type":"TextPositionSelector","start":1,"end":2}}}}}`, i)
		}),
		"unknown tags": page(func(i int) string {
			return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation","body":[{"purpose":"tagging","value":"A%d"},{"purpose":"tagging","value":"B%d"}],%s}`, i, i, i, target)
		}),
		"skipped": page(func(i int) string { return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation","target":"urn:x"}`, i) }),
		"skipped image": page(func(i int) string {
			return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation","target":{"type":"Image","id":"a:"}}`, i)
		}),
		"links": page(func(i int) string {
			return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation","motivation":"linking","target":["urn:a","urn:b"]}`, i)
		}),
		"linked": page(func(i int) string {
			if i%2 == 0 {
				return fmt.Sprintf(`{"id":"urn:x:%d","type":"Annotation",%s}`, i, target)
			}
			return fmt.Sprintf(`{"id":"urn:l:%d","type":"Annotation","motivation":"linking","target":["urn:x:%d","urn:x:%d"]}`, i, i-1, i-1)
		}),
		"hypothesis": []byte(`{"rows":[` + list(n, func(i int) string {
			return fmt.Sprintf(`{"id":"%d","uri":"u","user":"acct:a@b","target":[{"selector":[{"type":"TextQuoteSelector","exact":"x"}]}]}`, i)
		}) + `]}`),
		"many targets":       []byte(head + `"target":[` + list(10*n, func(int) string { return `"a:"` }) + `]}`),
		"many bodies":        []byte(head + `"body":[` + list(n, func(i int) string { return fmt.Sprintf(`{"purpose":"tagging","value":"T%d"}`, i) }) + `],` + target + `}`),
		"many selectors":     []byte(head + `"target":{"source":"urn:x","selector":[` + list(n, func(int) string { return `{"type":"TextQuoteSelector","exact":"x"}` }) + `]}}`),
		"many motivations":   []byte(head + `"motivation":[` + list(10*n, func(int) string { return `"tagging"` }) + `],` + target + `}`),
		"many rights":        []byte(head + `"rights":[` + list(10*n, func(int) string { return `"a:"` }) + `],` + target + `}`),
		"long tags":          []byte(head + `"body":[{"purpose":"tagging","value":"` + strings.Repeat("Z", 50*n) + `"},{"purpose":"tagging","value":"` + strings.Repeat("ب", 25*n) + `"}],` + target + `}`),
		"long Hypothesis id": []byte(`{"rows":[{"id":"` + strings.Repeat("a", 50*n) + `","uri":"u","user":"acct:a@b","target":[{"selector":[{"type":"TextQuoteSelector","exact":"x"}]}]}]}`),
	}
}

// TestDecodeMemoryAnnotations: files of annotations padded with a long
// text until the reader's estimate just passes, and just fails, its
// bound. What Decode allocates for the one it reads stays under
// MemoryBound of its size, and the other is refused.
func TestDecodeMemoryAnnotations(t *testing.T) {
	for name, data := range annotationShapes(2000) {
		_, used, _, err := annotations.ScanJSON(data, 1000)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// The padding costs its length and an eighth, and allows k times
		// its length more, k the bound's bytes per byte at this size.
		k := annotations.MemoryBound(len(data)) / len(data)
		pad := max(0, (used-k*len(data))*8/(8*k-9))
		var fits []byte
		for {
			padded := append([]byte(fmt.Sprintf(`{"pad":"%s",`, strings.Repeat("x", pad))), data[1:]...)
			_, used, _, _ := annotations.ScanJSON(padded, 1000)
			if used <= annotations.MemoryBound(len(padded)) {
				fits = padded
				break
			}
			pad += 256
		}
		var err2 error
		n := allocated(func() { _, err2 = annotations.Decode(fits) })
		if err2 != nil {
			t.Errorf("%s: %v", name, err2)
		}
		if n > annotations.MemoryBound(len(fits)) {
			t.Errorf("%s, padded to %d bytes: %d bytes allocated, %.2f times the size", name, len(fits), n, float64(n)/float64(len(fits)))
		}
		if pad > 1024 {
			short := append([]byte(fmt.Sprintf(`{"pad":"%s",`, strings.Repeat("x", pad-1024))), data[1:]...)
			if _, err := annotations.Decode(short); err == nil || !strings.Contains(err.Error(), "too many small values") {
				t.Errorf("%s, padded to %d bytes: %v", name, len(short), err)
			}
		}
	}
}

// TestDecodeMemoryExport: the app's own export, indented and compact, is
// read within the bound with room to spare.
func TestDecodeMemoryExport(t *testing.T) {
	for _, compact := range []bool{false, true} {
		data := exportFile(t, 1500, compact)
		var im *annotations.Import
		var err error
		n := allocated(func() { im, err = annotations.Decode(data) })
		if err != nil || len(im.Annotations) != 1500 || len(im.Links) != 500 {
			t.Fatalf("compact %v: %v", compact, err)
		}
		if ratio := float64(n) / float64(len(data)); ratio > 0.7*annotations.MaxMemoryPerByte {
			t.Errorf("compact %v, %d bytes: %d bytes allocated, %.1f times the size", compact, len(data), n, ratio)
		}
	}
}

// BenchmarkDecodeShapes reads files of 20 MB (the largest), reporting
// what each allocates per byte of the file.
func BenchmarkDecodeShapes(b *testing.B) {
	shapes := hostileShapes(annotations.MaxFileSize)
	for _, compact := range []bool{false, true} {
		n := 13500
		if compact {
			n = 21000
		}
		shapes[fmt.Sprintf("export of %d, compact %v", n, compact)] = func() []byte { return exportFile(b, n, compact) }
	}
	for name, shape := range shapes {
		b.Run(name, func(b *testing.B) {
			data := shape()
			if _, err := annotations.Decode(data); strings.HasPrefix(name, "export") && err != nil {
				b.Fatalf("%d bytes: %v", len(data), err)
			}
			b.SetBytes(int64(len(data)))
			n := 0
			for b.Loop() {
				n = allocated(func() { annotations.Decode(data) })
			}
			b.ReportMetric(float64(n)/float64(len(data)), "alloc/byte")
		})
	}
}

// TestDecodeManySmallTags reads files of 1,000 and 10,000 tags of the
// seed, each with only a tagging body and its quote and position
// selectors, compact, as Recogito and the peer bench write them: 557
// bytes an annotation, which needs some 14 times the file's size to read.
func TestDecodeManySmallTags(t *testing.T) {
	d := seed(t)
	for _, count := range []int{1000, 10000} {
		var items []string
		for i, tg := range randomTargets(t, d, count) {
			q, err := json.Marshal(map[string]any{"type": "TextQuoteSelector", "exact": tg.Quote.Exact, "prefix": tg.Quote.Prefix, "suffix": tg.Quote.Suffix})
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, fmt.Sprintf(`{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:uuid:00000000-0000-4000-8000-%012d","type":"Annotation","motivation":"classifying","body":[{"type":"TextualBody","purpose":"tagging","value":%q}],"target":{"source":%q,"selector":[%s,{"type":"TextPositionSelector","start":%d,"end":%d}]}}`,
				i, annotations.Tags[i%3], d.ID, q, tg.Position.Start, tg.Position.End))
		}
		data := []byte(fmt.Sprintf(`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","total":%d,"first":{"type":"AnnotationPage","startIndex":0,"items":[`, count) + strings.Join(items, ",") + `]}}`)
		var im *annotations.Import
		var err error
		n := allocated(func() { im, err = annotations.Decode(data) })
		if err != nil {
			t.Fatalf("%d tags, %d bytes: %v", count, len(data), err)
		}
		t.Logf("%d tags: allocated %.1f times its size", count, float64(n)/float64(len(data)))
		if len(im.Annotations) != count {
			t.Fatalf("%d annotations read, want %d", len(im.Annotations), count)
		}
		_, used, _, _ := annotations.ScanJSON(data, 1000)
		t.Logf("%d bytes, %d an annotation; estimated %.1f times its size", len(data), len(data)/count, float64(used)/float64(len(data)))
	}
}
