package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
	"unicode"
)

// Every message of the interface exists in both languages: each msg
// literal in the package has an Arabic text and an English one.
func TestCatalogHasBothLanguages(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	n := 0
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(node ast.Node) bool {
			lit, ok := node.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "msg" {
				return true
			}
			if len(lit.Elts) == 0 {
				return true // the empty message: no alert
			}
			n++
			pos := fset.Position(lit.Pos())
			if len(lit.Elts) != 2 {
				t.Errorf("%s: a message needs its Arabic and its English", pos)
				return true
			}
			texts := [2]string{}
			for i, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				if bl, ok := e.(*ast.BasicLit); ok {
					texts[i], _ = strconv.Unquote(bl.Value)
				} else {
					texts[i] = "(built)"
				}
			}
			if texts[0] == "" || texts[1] == "" {
				t.Errorf("%s: an empty translation in %q", pos, texts)
			}
			if texts[0] != "(built)" && !hasScript(texts[0], unicode.Arabic) {
				t.Errorf("%s: the Arabic text %q has no Arabic", pos, texts[0])
			}
			if texts[1] != "(built)" && hasScript(texts[1], unicode.Arabic) {
				t.Errorf("%s: the English text %q has Arabic in it", pos, texts[1])
			}
			return true
		})
	}
	if n < 30 {
		t.Errorf("found only %d messages", n)
	}
}

func hasScript(s string, r *unicode.RangeTable) bool {
	for _, c := range s {
		if unicode.Is(r, c) {
			return true
		}
	}
	return false
}

func TestMatchLanguage(t *testing.T) {
	tests := []struct {
		prefs []string
		want  string
	}{
		{[]string{"ar-EG", "en"}, "ar"},
		{[]string{"en-US", "en"}, "en"},
		{[]string{"fa-IR", "en-GB"}, "en"},
		{[]string{"ur"}, "en"}, // CLDR's data: Urdu readers read English
		{[]string{"ur-IN"}, "ar"},
		{[]string{"pa-PK"}, "ar"},
		{[]string{"pa-Arab-PK"}, "ar"},
		{[]string{"ckb-IQ"}, "ar"},
		{[]string{"x-private"}, "en"},
		{[]string{"AR_eg"}, "ar"},
		{[]string{"fr-FR", "ar"}, "ar"},
		{[]string{"fa"}, "ar"},
		{[]string{"he-IL"}, "en"},
		{nil, "ar"},
		{[]string{"not a tag"}, "ar"},
	}
	for _, tt := range tests {
		if got := matchLanguage(tt.prefs); got != tt.want {
			t.Errorf("matchLanguage(%q) = %s, want %s", tt.prefs, got, tt.want)
		}
	}
}
