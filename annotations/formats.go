package annotations

import (
	"bytes"
	"encoding/json"
)

// otherFormat names the format of an annotation file another kind of tool
// writes (Label Studio, doccano, WebAnno TSV, UIMA CAS), or of JSON Lines,
// so that refusing it can say what it is; "" when it is none of them.
func otherFormat(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	head := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("#FORMAT=WebAnno TSV")):
		return "WebAnno TSV"
	case bytes.HasPrefix(head, []byte("<")):
		if bytes.Contains(head[:min(len(head), 4096)], []byte("xmi")) {
			return "UIMA CAS XMI"
		}
		return "XML"
	}
	dec := json.NewDecoder(bytes.NewReader(head))
	var first any
	if dec.Decode(&first) != nil {
		return ""
	}
	if dec.More() {
		var second any
		if dec.Decode(&second) == nil {
			if isDoccano(first) {
				return "doccano JSON Lines"
			}
			return "JSON Lines"
		}
		return ""
	}
	switch v := first.(type) {
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
	return &DecodeError{Format: format, Msg: what + ", not a W3C Web Annotation file: export W3C Web Annotations (JSON-LD) from the tool that made it"}
}
