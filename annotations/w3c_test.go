package annotations_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// schemas compiles the W3C test suite's definitions with our collation of
// its MUST checks.
func schemas(t *testing.T) (annotationFile, collectionFile *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	files, err := filepath.Glob("testdata/w3c/definitions/*.json")
	if err != nil || len(files) != 7 {
		t.Fatalf("W3C definitions: %v %v", files, err)
	}
	files = append(files, "testdata/w3c/musts.json")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := c.AddResource(filepath.Base(f), doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	annotationFile, err = c.Compile("musts.json#/definitions/annotationFile")
	if err != nil {
		t.Fatal(err)
	}
	collectionFile, err = c.Compile("musts.json#/definitions/collectionFile")
	if err != nil {
		t.Fatal(err)
	}
	return annotationFile, collectionFile
}

// validate checks a file against a schema; a file that is not JSON fails.
func validate(t *testing.T, s *jsonschema.Schema, b []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// The collated checks must tell the suite's correct samples from its
// incorrect ones before they can judge our export.
func TestSchemaSeparatesW3CSamples(t *testing.T) {
	anno, coll := schemas(t)
	correct, _ := filepath.Glob("testdata/w3c/samples/correct/anno*.json")
	incorrect, _ := filepath.Glob("testdata/w3c/samples/incorrect/anno*.json")
	if len(correct) != 41 || len(incorrect) != 39 {
		t.Fatalf("%d correct and %d incorrect samples, want 41 and 39", len(correct), len(incorrect))
	}
	for _, f := range correct {
		b, _ := os.ReadFile(f)
		if err := validate(t, anno, b); err != nil {
			t.Errorf("correct sample %s rejected: %v", filepath.Base(f), err)
		}
	}
	for _, name := range []string{"collection1.json", "example41.json"} {
		b, _ := os.ReadFile("testdata/w3c/samples/correct/" + name)
		if err := validate(t, coll, b); err != nil {
			t.Errorf("correct collection %s rejected: %v", name, err)
		}
	}
	var accepted []string
	for _, f := range incorrect {
		b, _ := os.ReadFile(f)
		if err := validate(t, anno, b); err == nil {
			accepted = append(accepted, filepath.Base(f))
		}
	}
	sort.Strings(accepted)
	if len(accepted) > 0 {
		t.Errorf("incorrect samples accepted: %v", accepted)
	}
}

// seedAnnotations are a fixed set of annotations over the seed: a claim
// with diacritics and an Arabic note, a quote across an Arabic paragraph
// and an English source line, a source inside an English caption, and an
// overlapping claim with an English note.
func seedAnnotations(t testing.TB, d *annotations.Document) []annotations.Annotation {
	t.Helper()
	at := time.Date(2026, 1, 21, 9, 30, 0, 0, time.UTC)
	mk := func(id string, tag annotations.Tag, block int, needle string, extend int, note string) annotations.Annotation {
		text := d.BlockText(block)
		i := strings.Index(text, needle)
		if i < 0 {
			t.Fatalf("%q not in block %d", needle, block)
		}
		start := d.Blocks[block].Start + annotations.ByteToCodePoint(text, i)
		target, err := annotations.Describe(d, start, start+len([]rune(needle))+extend)
		if err != nil {
			t.Fatal(err)
		}
		at = at.Add(time.Minute)
		a := annotations.Annotation{ID: id, Tag: tag, Note: note, Created: at, Modified: at.Add(time.Second), Target: target}
		if note != "" {
			a.Creator = annotations.Agent{ID: "urn:uuid:9b2f1c4e-0000-4000-8000-00000000cafe", Name: "مريم"}
		}
		return a
	}
	claim := mk("urn:uuid:3f1c2a4e-0000-4000-8000-000000000001", annotations.Claim, 8, "شِفَ لأول مرة عل", 0, "يحتاج إلى مصدر ثانٍ")
	claim.Links = []string{"urn:uuid:3f1c2a4e-0000-4000-8000-000000000004"}
	return []annotations.Annotation{
		mk("urn:uuid:3f1c2a4e-0000-4000-8000-000000000004", annotations.Source, 33, "satellite image", 0, ""),
		claim,
		mk("urn:uuid:3f1c2a4e-0000-4000-8000-000000000002", annotations.Quote, 12, "لنفسه.", 14, ""),
		mk("urn:uuid:3f1c2a4e-0000-4000-8000-000000000003", annotations.Claim, 8, "لأول مرة علنًا أن الرئيس", 0, "Check against the archive"),
	}
}

func TestEncodeGoldenAndValid(t *testing.T) {
	d := seed(t)
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(d, seedAnnotations(t, d)); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/seed-export.golden.jsonld"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./annotations -update to write it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("export differs from %s (run with -update if the change is meant):\n%s", golden, b.String())
	}

	_, coll := schemas(t)
	if err := validate(t, coll, b.Bytes()); err != nil {
		t.Errorf("export fails the W3C checks: %v", err)
	}

	// Each item must also pass as an annotation file of its own.
	anno, _ := schemas(t)
	var c struct {
		First struct{ Items []map[string]any }
	}
	if err := json.Unmarshal(b.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	for _, it := range c.First.Items {
		it["@context"] = annotations.Context
		one, _ := json.Marshal(it)
		if err := validate(t, anno, one); err != nil {
			t.Errorf("item %v fails the W3C checks: %v", it["id"], err)
		}
	}

	// The empty export is valid too.
	b.Reset()
	if err := annotations.NewEncoder(&b).Encode(d, nil); err != nil {
		t.Fatal(err)
	}
	if err := validate(t, coll, b.Bytes()); err != nil {
		t.Errorf("empty export fails the W3C checks: %v", err)
	}
}

// A broken export must be caught: the checks are not vacuous for our shape.
func TestSchemaRejectsBrokenExports(t *testing.T) {
	d := seed(t)
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(d, seedAnnotations(t, d)); err != nil {
		t.Fatal(err)
	}
	_, coll := schemas(t)
	for name, edit := range map[string][2]string{
		"no context":      {`"@context": "http://www.w3.org/ns/anno.jsonld",`, ``},
		"bad motivation":  {`"motivation": "tagging"`, `"motivation": "flagging"`},
		"bad created":     {`"created": "2026-01-21T09:31:00.000Z"`, `"created": "21 January 2026"`},
		"bad direction":   {`"textDirection": "rtl"`, `"textDirection": "right"`},
		"total not a int": {`"total": 5`, `"total": "four"`},
		"bad page type":   {`"type": "AnnotationPage"`, `"type": "Page"`},
	} {
		broken := strings.Replace(b.String(), edit[0], edit[1], 1)
		if broken == b.String() {
			t.Fatalf("%s: %q not found in the export", name, edit[0])
		}
		if err := validate(t, coll, []byte(broken)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
