//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"

	cdpfetch "github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestWhatIsAskedBeforeTheStartIsDone holds go-app's loader (app.js) on
// a first visit, so that the page shows the article the server sent and
// its buttons with no program behind them, as on a slow phone. There the
// reader chooses a file to import, selects a passage, presses Claim and
// selects another: the page says this will be done once the text is
// ready, and when the program has started both are done, the passage
// Claim was pressed on tagged and the file imported.
func TestWhatIsAskedBeforeTheStartIsDone(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	guardPolicy(t, ctx)
	paused := make(chan cdpfetch.RequestID, 4)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*cdpfetch.EventRequestPaused); ok {
			paused <- e.RequestID
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdpfetch.Enable, cdpfetch.EnableParams{Patterns: []*cdpfetch.RequestPattern{{URLPattern: "*/app.js*"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: appURL}); err != nil {
		t.Fatal(err)
	}
	var held cdpfetch.RequestID
	select {
	case held = <-paused:
	case <-time.After(30 * time.Second):
		t.Fatal("the page never asked for app.js")
	}
	waitFor(t, ctx, `!!window.annotator && !!document.querySelector('article[data-doc] [data-block="9"]') && !!document.querySelector('.toolbar [data-action="tag-claim"]')`, "the article and the buttons the server sent")
	file := readerFile(t, t.TempDir(), "before.jsonld", claimsAt(t, 12, 300, 900))
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{file}))
	s, e := span(t, 9, "ثلاث خطوات")
	selectRange(t, ctx, s, e)
	do(t, ctx, chromedp.Click(`.toolbar [data-action="tag-claim"]`))
	// What is selected afterwards is not what Claim was pressed on.
	s2, e2 := span(t, 8, "الإرهاب الدولي")
	selectRange(t, ctx, s2, e2)
	said := eval[string](t, ctx, `document.getElementById("held")?.textContent || ""`)
	if !strings.Contains(said, "حين يجهز النص") {
		t.Errorf("before the start the page says %q", said)
	}
	if _, err := chromedp.Call(ctx, cdpfetch.ContinueRequest, cdpfetch.ContinueRequestParams{RequestID: held}); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	rows := waitListed(t, ctx, 3)
	var tagged bool
	for _, r := range rows {
		tagged = tagged || (r["tag"] == "claim" && strings.Contains(r["text"], "ثلاث خطوات"))
	}
	if !tagged || len(rows) != 3 {
		t.Errorf("after the start the list is %v: the passage Claim was pressed on was not tagged (alone)", rows)
	}
	waitFor(t, ctx, `!document.getElementById("held")`, "the notice gone")
}
