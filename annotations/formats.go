package annotations

import (
	"bytes"
	"encoding/json"
)

// Formats of annotation files other kinds of tools write, recognized so
// that refusing one can say what it is.

// textFormat names a format that is not JSON, by how the file starts:
// WebAnno TSV, UIMA CAS XMI, XML; "" for others.
func textFormat(data []byte) string {
	head := bytes.TrimLeft(data[:min(len(data), 4096)], " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("#FORMAT=WebAnno TSV")):
		return "WebAnno TSV"
	case bytes.HasPrefix(head, []byte("<")):
		if bytes.Contains(head, []byte("xmi")) {
			return "UIMA CAS XMI"
		}
		return "XML"
	}
	return ""
}

// binaryFormat names, by its first bytes, a file that is no text at all:
// an image, a PDF, an archive (Word, Excel and EPUB files are ZIP
// archives). "" for any other.
func binaryFormat(data []byte) string {
	for _, f := range binaryMagic {
		if bytes.HasPrefix(data, []byte(f.magic)) {
			return f.kind
		}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return "WebP"
	}
	return ""
}

var binaryMagic = []struct{ magic, kind string }{
	{"\x89PNG\r\n\x1a\n", "PNG"},
	{"\xff\xd8\xff", "JPEG"},
	{"GIF87a", "GIF"},
	{"GIF89a", "GIF"},
	{"%PDF-", "PDF"},
	{"PK\x03\x04", "ZIP"},
	{"\x1f\x8b", "gzip"},
}

// binaryNames are the kinds binaryFormat names, in words.
var binaryNames = map[string]string{
	"PNG": "a PNG image", "JPEG": "a JPEG image", "GIF": "a GIF image", "WebP": "a WebP image",
	"PDF": "a PDF document", "ZIP": "a ZIP archive (or a Word, Excel or EPUB file)", "gzip": "a gzip archive",
}

// linesFormat names JSON Lines (doccano's export among them): a file of
// one JSON value per line, which is not one JSON value. Only its first
// two lines are read.
func linesFormat(data []byte) string {
	first, rest, ok := bytes.Cut(data, []byte("\n"))
	second, _, _ := bytes.Cut(rest, []byte("\n"))
	var a, b any
	if !ok || json.Unmarshal(first, &a) != nil || json.Unmarshal(second, &b) != nil {
		return ""
	}
	if isDoccano(a) {
		return "doccano JSON Lines"
	}
	return "JSON Lines"
}

// jsonFormat names the format of a JSON value that is not annotations:
// Label Studio, doccano, UIMA CAS JSON; "" for others.
func jsonFormat(v any) string {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range []string{"%TYPES", "%FEATURE_STRUCTURES", "%VIEWS"} {
			if _, ok := v[k]; ok {
				return "UIMA CAS JSON"
			}
		}
		if isLabelStudio(v) {
			return "Label Studio"
		}
		if isDoccano(v) {
			return "doccano"
		}
	case []any:
		if len(v) > 0 {
			if m, ok := v[0].(map[string]any); ok && isLabelStudio(m) {
				return "Label Studio"
			}
			if isDoccano(v[0]) {
				return "doccano"
			}
		}
	}
	return ""
}

// isLabelStudio recognizes a Label Studio task: its data, and its
// annotations or predictions as lists of results.
func isLabelStudio(v map[string]any) bool {
	for _, k := range []string{"annotations", "predictions", "completions"} {
		for _, a := range asList(v[k]) {
			if m, ok := a.(map[string]any); ok {
				if _, ok := m["result"].([]any); ok {
					return true
				}
			}
		}
	}
	return false
}

// isDoccano recognizes a doccano example: a text with labels or entities.
func isDoccano(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, text := m["text"].(string)
	_, label := m["label"]
	_, entities := m["entities"]
	return text && (label || entities)
}

// otherFormatError is the message for a file of another format.
func otherFormatError(format string) error {
	what := "a " + format + " file"
	if format == "XML" {
		what = "an " + format + " file"
	}
	return &DecodeError{Kind: OtherFormat, Format: format, Msg: what + ", not a W3C Web Annotation file: export W3C Web Annotations (JSON-LD) from the tool that made it"}
}
