//go:build !wasm

package main

import (
	"testing"
)

// TestInterfaceLanguage: the interface follows the browser's languages
// (English here), switches to Arabic and back on request, remembers the
// choice, and never changes the article's own direction.
func TestInterfaceLanguage(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	look := func() map[string]string {
		return eval[map[string]string](t, ctx, `(() => {
			const layout = document.querySelector(".layout");
			return {lang: layout.lang, dir: getComputedStyle(document.querySelector(".panel")).direction,
				article: getComputedStyle(document.querySelector("article[data-doc]")).direction,
				export: document.querySelector('[data-action="export"]').textContent,
				claim: document.querySelector('[data-action="tag-claim"]').textContent,
				navigator: navigator.languages.join(",")};
		})()`)
	}
	got := look()
	if got["lang"] != "en" || got["dir"] != "ltr" || got["article"] != "rtl" || got["export"] != "Export (.jsonld)" {
		t.Errorf("with browser languages %s: %v", got["navigator"], got)
	}
	click(t, ctx, `[data-action="ui-lang"]`)
	waitFor(t, ctx, `document.querySelector(".layout").lang === "ar"`, "the Arabic interface")
	got = look()
	if got["lang"] != "ar" || got["dir"] != "rtl" || got["article"] != "rtl" || got["export"] != "تصدير (.jsonld)" || got["claim"] != "C ادعاء" {
		t.Errorf("switched to Arabic: %v", got)
	}
	reload(t, ctx)
	if got = look(); got["lang"] != "ar" {
		t.Errorf("after reload the interface is %s, want the chosen ar", got["lang"])
	}
	click(t, ctx, `[data-action="ui-lang"]`)
	waitFor(t, ctx, `document.querySelector(".layout").lang === "en"`, "the English interface")
	if got = look(); got["lang"] != "en" || got["dir"] != "ltr" || got["article"] != "rtl" {
		t.Errorf("back to English: %v", got)
	}
}
