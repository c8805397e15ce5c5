package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"annotator/annotations"
)

// A document's address and the id an address names, at the root and
// under a prefix; the id read back is the id written.
func TestDocPaths(t *testing.T) {
	id := "urn:sha256:" + strings.Repeat("0a", 32)
	for _, prefix := range []string{"", "/", "/annotator/", "/annotator"} {
		t.Run(prefix, func(t *testing.T) {
			t.Setenv("GOAPP_ROOT_PREFIX", prefix)
			root := strings.TrimSuffix(prefix, "/") + "/"
			if got := docPath(Seed().ID); got != root {
				t.Errorf("the seed's address is %q, want %q", got, root)
			}
			if got := docPath(id); got != root+"doc/"+id {
				t.Errorf("a document's address is %q", got)
			}
			for path, want := range map[string]string{
				docPath(id): id,
				root + "doc/" + strings.ReplaceAll(id, ":", "%3A"): id,
				root:                       "",
				root + "doc/":              "",
				root + "web/reader.js":     "",
				"/elsewhere/doc/" + id:     "",
				docPath(Seed().ID) + "doc": "",
			} {
				if got := docInPath(path); got != want {
					t.Errorf("docInPath(%q) = %q, want %q", path, got, want)
				}
			}
		})
	}
}

// Every reason a file is not opened is told in both languages, naming
// the file; what is not an OpenError is told too.
func TestOpenFailedMessages(t *testing.T) {
	for _, c := range []struct {
		data []byte
		want string
	}{
		{[]byte("%PDF-1.7\n"), "PDF"},
		{[]byte("PK\x03\x04rest"), "ZIP archive"},
		{[]byte("{\\rtf1 hello}"), "RTF"},
		{[]byte("  \n\n "), "the file is empty"},
		{[]byte(""), "the file is empty"},
		{[]byte("<html><script>x()</script></html>"), "only markup"},
		{[]byte("a\x00b\x00c"), "not text"},
	} {
		_, _, err := annotations.Open("file.bin", c.data)
		if err == nil {
			t.Fatalf("%q opened", c.data)
		}
		m := openFailedMsg("ملف تجربة.bin", err)
		if !strings.Contains(m.en, c.want) || !strings.Contains(m.en, "ملف تجربة.bin") || !strings.Contains(m.ar, "ملف تجربة.bin") || !strings.Contains(m.ar, "لم يُفتح") {
			t.Errorf("%q: %+v", c.data, m)
		}
	}
	big := openFailedMsg("big.txt", &annotations.OpenError{Err: annotations.ErrDocumentTooLarge, Msg: "x"})
	if !strings.Contains(big.en, fmt.Sprint(annotations.MaxDocumentSize>>20)) {
		t.Errorf("too large: %+v", big)
	}
	other := openFailedMsg("", errors.New("NotReadableError"))
	if other.ar == "" || other.en == "" || !strings.Contains(other.en, "Nothing you had has changed") {
		t.Errorf("another error: %+v", other)
	}
}

func TestReadingNotice(t *testing.T) {
	if _, ok := readingNotice("a.txt", annotations.Detected{Encoding: "UTF-8", By: annotations.ByValidity}); ok {
		t.Error("a clean UTF-8 file gives a notice")
	}
	m, ok := readingNotice("a.txt", annotations.Detected{Encoding: "windows-1256", By: annotations.ByGuess})
	if !ok || !strings.Contains(m.en, "windows-1256") || !strings.Contains(m.ar, "windows-1256") {
		t.Errorf("a guessed encoding: %+v", m)
	}
	m, ok = readingNotice("a.txt", annotations.Detected{Encoding: "UTF-8", Replaced: 3})
	if !ok || !strings.Contains(m.en, "3 characters") {
		t.Errorf("replaced characters: %+v", m)
	}
}
