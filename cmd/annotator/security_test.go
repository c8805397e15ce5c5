//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A link with markup in it runs nothing, neither before the app is
// installed nor after, when the service worker fetches pages it does not
// hold; a link of the app's form still opens the reader.
func TestMarkupInALinkRunsNothing(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	waitCached(t, ctx)
	const payload = `"><svg onload=document.documentElement.setAttribute('data-pwned',1)><script>document.documentElement.setAttribute('data-pwned',2)</script>`
	for _, link := range []string{
		appURL + "doc/x" + payload,
		appURL + "doc/" + seedDoc.ID + payload,
		appURL + "doc/" + payload,
		appURL + "web/" + payload,
		appURL + "?q=" + payload,
		appURL + "#" + payload,
	} {
		do(t, ctx, chromedp.Navigate(link))
		time.Sleep(300 * time.Millisecond) // time for a handler to run, if one got in
		if v := eval[string](t, ctx, `String(document.documentElement.getAttribute("data-pwned"))`); v != "null" {
			t.Errorf("%s ran injected script (data-pwned=%s)", link, v)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("svg[onload], script:not([src])").length`); n > 0 {
			t.Errorf("%s: the page holds %d injected elements", link, n)
		}
		if strings.Contains(eval[string](t, ctx, `document.documentElement.outerHTML`), "pwned") {
			t.Errorf("%s: the page echoes the link", link)
		}
	}
	// The app's own links open the reader on the document, colons written
	// as they are or escaped.
	for _, link := range []string{
		appURL + "doc/" + seedDoc.ID,
		appURL + "doc/" + strings.ReplaceAll(seedDoc.ID, ":", "%3A"),
	} {
		do(t, ctx, chromedp.Navigate(link))
		waitReady(t, ctx)
		if got := eval[string](t, ctx, `document.querySelector("article[data-doc]").dataset.doc`); got != seedDoc.ID {
			t.Errorf("%s shows %q", link, got)
		}
	}
}

// The policy is enforced, and a violation reaches the test: the guard
// every browser test runs under is not deaf.
func TestPolicyViolationsAreCaught(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	g := guardPolicy(t, ctx)
	eval[bool](t, ctx, `(() => {
		const s = document.createElement("script");
		s.textContent = "document.documentElement.dataset.inline = 'ran'";
		document.head.appendChild(s);
		const d = document.createElement("div");
		d.innerHTML = '<img src="x" onerror="document.documentElement.dataset.handler = \'ran\'">';
		document.body.appendChild(d);
		return true;
	})()`)
	var got []string
	deadline := time.Now().Add(5 * time.Second)
	for len(got) < 2 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		got = append(got, g.take()...)
	}
	if len(got) < 2 {
		t.Errorf("an inline script and an inline handler gave %d violations: %q", len(got), got)
	}
	if v := eval[string](t, ctx, `JSON.stringify(document.documentElement.dataset)`); strings.Contains(v, "ran") {
		t.Errorf("inline code ran under the policy: %s", v)
	}
}
