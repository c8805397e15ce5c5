//go:build !wasm

package main

import (
	"fmt"
	"strings"
	"testing"

	"annotator/annotations"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestCtrlShiftArrowSelectsByWord: in the article, ctrl+shift+arrow
// extends the selection a word at a time, in an Arabic paragraph (left is
// forward) and in an English source line (right is forward).
func TestCtrlShiftArrowSelectsByWord(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	for _, c := range []struct {
		block  int
		start  string
		key    string
		name   string
		prefix string
	}{
		{8, "لأول مرة علنًا", kb.ArrowLeft, "left", "لأول مرة"},
		{33, "satellite image", kb.ArrowRight, "right", "satellite image"},
	} {
		s, _ := span(t, c.block, c.start)
		eval[bool](t, ctx, fmt.Sprintf(`(() => {
			const art = document.querySelector("article[data-doc]");
			art.focus();
			getSelection().collapse(art.querySelector('[data-block="%d"]').firstChild, %d);
			return true;
		})()`, c.block, annotations.CodePointToUTF16(seedDoc.BlockText(c.block), s-seedDoc.Blocks[c.block].Start)))
		for range 2 {
			do(t, ctx, chromedp.KeyEvent(c.key, chromedp.KeyModifiers(chromedp.ModifierCtrl|chromedp.ModifierShift)))
		}
		got := strings.TrimSpace(eval[string](t, ctx, `getSelection().toString()`))
		if got != c.prefix {
			t.Errorf("block %d: two ctrl+shift+%s selected %q, want %q", c.block, c.name, got, c.prefix)
		}
	}
}
