package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

func TestZZDebug(t *testing.T) {
	dir := t.TempDir()
	arabic := writeDoc(t, dir, "news-ar.txt", []byte(arabicText))
	english := writeDoc(t, dir, "talks.md", []byte(englishMarkdown))
	ctx := newBrowser(t, 1280, 900)
	chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			for _, a := range e.Args {
				fmt.Println("console:", string(a.Value), a.Description)
			}
		case *runtime.EventExceptionThrown:
			fmt.Println("exception:", e.ExceptionDetails.Text, e.ExceptionDetails.Exception.Description)
		}
	})
	openApp(t, ctx)
	_ = arabic
	openOwn(t, ctx, english)
	start, end := spanIn(t, english.doc, "next round will be held in Geneva")
	fmt.Println("selected:", selectIn(t, ctx, english.doc, start, end))
	fmt.Println(eval[string](t, ctx, `JSON.stringify([document.querySelector('[data-action="tag-claim"]').disabled, annotator.readSelection(), document.querySelectorAll("article").length, document.querySelector("article").dataset.doc, document.querySelector("article").dataset.ready])`))
	fmt.Println(eval[string](t, ctx, `(() => { const b = document.querySelector('[data-action="tag-claim"]'); const r = b.getBoundingClientRect(); const e = document.elementFromPoint((r.left+r.right)/2, (r.top+r.bottom)/2); const s = getSelection().getRangeAt(0).getBoundingClientRect(); return JSON.stringify([r, e && e.outerHTML.slice(0,200), s, scrollY]); })()`))
	click(t, ctx, `[data-action="tag-claim"]`)
	chromedp.Run(ctx, chromedp.Sleep(2e9))
	fmt.Println(eval[string](t, ctx, `document.querySelector("[data-list]")?.outerHTML.slice(0,500) || "no list"`))
	fmt.Println(eval[string](t, ctx, `document.querySelector(".panel")?.innerText.slice(0,800)`))
}
