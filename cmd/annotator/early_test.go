//go:build !wasm

package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdpfetch "github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
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
	letGo := holdLoader(t, ctx)
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
	letGo()
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

// TestFieldsAndButtonsBeforeTheStartAreKept: on the page the server sent,
// before the program has started, the reader turns off the Quote filter
// and types into the search field. Once the text is ready the field still
// holds what was typed and has the keyboard, the program filters by it
// (the list says how many it shows), and the Quote filter is off. Before,
// go-app's first render replaced the field, and the text and the keyboard
// went with it.
func TestFieldsAndButtonsBeforeTheStartAreKept(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	guardPolicy(t, ctx)
	letGo := holdLoader(t, ctx)
	do(t, ctx, chromedp.Click(`button[data-filter-tag="quote"]`))
	do(t, ctx, chromedp.Click(`input[data-field="search"]`), chromedp.SendKeys(`input[data-field="search"]`, "ثلاث"))
	letGo()
	waitReady(t, ctx)
	waitFor(t, ctx, `document.querySelector('button[data-filter-tag="quote"]').getAttribute("aria-pressed") === "false"`, "the Quote filter off")
	waitFor(t, ctx, `!!document.querySelector(".panel .count")`, "the list filtered by what was typed")
	got := eval[[]string](t, ctx, `[document.querySelector('input[data-field="search"]').value, document.activeElement.dataset.field || document.activeElement.tagName]`)
	if got[0] != "ثلاث" || got[1] != "search" {
		t.Errorf("after the start the search field holds %q and the keyboard is on %q, want %q and the field", got[0], got[1], "ثلاث")
	}
	// The keyboard stayed there: more keys go on in the field.
	do(t, ctx, chromedp.SendKeys(`input[data-field="search"]`, " خطوات"))
	if v := eval[string](t, ctx, `document.querySelector('input[data-field="search"]').value`); v != "ثلاث خطوات" {
		t.Errorf("typing on, the field holds %q", v)
	}
}

// holdLoader opens the app on a first visit with go-app's loader (app.js)
// held, once the article and the buttons the server sent are there, and
// returns what lets the loader through.
func holdLoader(t *testing.T, ctx context.Context) func() {
	t.Helper()
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
	return func() {
		if _, err := chromedp.Call(ctx, cdpfetch.ContinueRequest, cdpfetch.ContinueRequestParams{RequestID: held}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSelectionBeforeTheStartKeepsTheTagBar: on a phone, before the
// program has started, the reader selects a passage and the tag bar
// floats beside it. The program then draws its own bar in place of the
// server's; the new bar floats beside the same passage, and Claim tags
// it. Before, the new bar was docked in the closed drawer, and the reader
// had to select again.
func TestSelectionBeforeTheStartKeepsTheTagBar(t *testing.T) {
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	guardPolicy(t, ctx)
	letGo := holdLoader(t, ctx)
	s, e := span(t, 9, "ثلاث خطوات")
	selectRange(t, ctx, s, e)
	const floating = `(() => {
		const bar = document.querySelector("[data-toolbar]");
		const sel = getSelection().rangeCount && getSelection().getRangeAt(0).getBoundingClientRect();
		if (!bar || !bar.hasAttribute("data-floating") || !sel || !sel.height) return false;
		const b = bar.getBoundingClientRect();
		return b.height > 0 && b.top < sel.bottom + 3 * sel.height + 40 && b.bottom > sel.top - 3 * sel.height - 40;
	})()`
	waitFor(t, ctx, floating, "the server's bar floating beside the selection")
	letGo()
	waitReady(t, ctx)
	if eval[bool](t, ctx, `!!document.querySelector("[data-copy]")`) {
		t.Fatal("the server's copy of a part of the page is still shown once ready")
	}
	waitFor(t, ctx, floating, "the program's bar floating beside the selection")
	do(t, ctx, chromedp.Click(`[data-toolbar] [data-action="tag-claim"]`))
	rows := waitListed(t, ctx, 1)
	if rows[0]["tag"] != "claim" || !strings.Contains(rows[0]["text"], "ثلاث خطوات") {
		t.Errorf("after Claim the list is %v", rows)
	}
}

// TestKeysAndTagsBeforeTheStartAreAllDone: before the program has
// started, the reader tags one passage with the C key and another with
// the Quote button, asks for the keys' list with ?, and goes on to type
// their name. Once the text is ready both passages are tagged, each with
// its own tag, the keys' list is shown, and the name field keeps the
// keyboard: the next key lands there and does not retag the new row.
// Before, the keys did nothing, only the last tag pressed was done, and
// the new row took the keyboard from the field.
func TestKeysAndTagsBeforeTheStartAreAllDone(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	guardPolicy(t, ctx)
	letGo := holdLoader(t, ctx)
	s, e := span(t, 9, "ثلاث خطوات")
	selectRange(t, ctx, s, e)
	do(t, ctx, chromedp.KeyEvent("c"))
	s2, e2 := span(t, 8, "الإرهاب الدولي")
	selectRange(t, ctx, s2, e2)
	do(t, ctx, chromedp.Click(`.toolbar [data-action="tag-quote"]`))
	do(t, ctx, chromedp.KeyEvent("?"))
	do(t, ctx, chromedp.Click(`input[data-field="reader-name"]`), chromedp.SendKeys(`input[data-field="reader-name"]`, "مريم"))
	if said := eval[string](t, ctx, `document.getElementById("held")?.textContent || ""`); !strings.Contains(said, "حين يجهز النص") {
		t.Errorf("before the start the page says %q", said)
	}
	letGo()
	waitReady(t, ctx)
	rows := waitListed(t, ctx, 2)
	tags := map[string]string{}
	for _, r := range rows {
		for _, p := range []string{"ثلاث خطوات", "الإرهاب الدولي"} {
			if strings.Contains(r["text"], p) {
				tags[p] = r["tag"]
			}
		}
	}
	if tags["ثلاث خطوات"] != "claim" || tags["الإرهاب الدولي"] != "quote" {
		t.Errorf("after the start the list is %v", rows)
	}
	waitFor(t, ctx, `!!document.querySelector("[data-help]")`, "the keys' list")
	do(t, ctx, chromedp.KeyEvent("q"))
	got := eval[[]string](t, ctx, `[document.activeElement.dataset.field || document.activeElement.tagName, document.querySelector('input[data-field="reader-name"]').value]`)
	if got[0] != "reader-name" || got[1] != "مريمq" {
		t.Errorf("after the start and a key, the keyboard is on %q and the name field holds %q", got[0], got[1])
	}
	if rows := listed(t, ctx); len(rows) != 2 || rows[0]["tag"] == rows[1]["tag"] {
		t.Errorf("a key after the start retagged a row: %v", rows)
	}
}

// TestEnglishReaderSeesEnglishFromTheStart: a reader of the English
// interface reloads. Before the program has started (its loader held),
// the bar, its menu, the tag bar and the panel are already in English,
// left to right; once ready they still are, and no Arabic shows outside
// the article. Before, the server's Arabic page showed, then parts of it
// in an English layout, one frame after another.
//
// On a first visit with a browser in English, the server's page is
// Arabic until the program starts; from its first frame in English on,
// no frame shows Arabic in the English page.
func TestEnglishReaderSeesEnglishFromTheStart(t *testing.T) {
	const english = `(() => {
		const l = document.querySelector("body > .layout");
		const arabic = /[\u0600-\u06FF]/;
		const parts = [...l.querySelectorAll("header.topbar, #more, [data-toolbar], .panel > .controls")];
		const said = parts.map((p) => p.textContent + " " + [...p.querySelectorAll("[title], [aria-label]")].map((e) => (e.title || "") + (e.getAttribute("aria-label") || "")).join(" ")).join(" ");
		// The language button names the other language in its own: the
		// only Arabic word there.
		const lang = l.querySelector('[data-action="ui-lang"]');
		return [l.lang, l.dir, String(parts.length), arabic.test(said.replaceAll("العربية", "")) ? "Arabic in: " + said.match(/[^ ]*[\u0600-\u06FF][^ ]*/)[0] : "", lang ? lang.textContent.trim() : ""];
	})()`
	want := []string{"en", "ltr", "4", "", "العربية"}
	// Every frame until ready: the times at which the English page showed
	// Arabic.
	const watchFrames = `window.mixed = [], (function frame() {
		const [lang, , , arabic] = ` + english + `;
		if (lang === "en" && arabic) mixed.push(arabic);
		if (!document.querySelector('article[data-ready="true"]')) requestAnimationFrame(frame);
	})(), true`
	// englishOnceReady waits for the start, and checks that the page is
	// in English and that no frame until then mixed Arabic into it.
	englishOnceReady := func(t *testing.T, ctx context.Context) {
		t.Helper()
		waitReady(t, ctx)
		if got := eval[[]string](t, ctx, english); !slices.Equal(got, want) {
			t.Errorf("once ready: %q, want %q", got, want)
		}
		if mixed := eval[[]string](t, ctx, `mixed`); len(mixed) > 0 {
			t.Errorf("%d frames showed Arabic in the English page: %q", len(mixed), mixed[0])
		}
	}
	t.Run("chosen", func(t *testing.T) {
		ctx := newBrowser(t, 1280, 900)
		guardPolicy(t, ctx)
		chooseEnglish(t, ctx)
		letGo := holdLoader(t, ctx)
		if got := eval[[]string](t, ctx, english); !slices.Equal(got, want) {
			t.Errorf("before the start: %q, want %q", got, want)
		}
		// What is held is said in English only.
		do(t, ctx, chromedp.Click(`button[data-filter-tag="quote"]`))
		if said := eval[string](t, ctx, `document.getElementById("held")?.textContent || ""`); said != "What you asked for will be done once the text is ready." {
			t.Errorf("before the start the page says %q", said)
		}
		eval[bool](t, ctx, watchFrames)
		letGo()
		englishOnceReady(t, ctx)
	})
	t.Run("slow page", func(t *testing.T) {
		// The page arrives at 20 KB a second: its Arabic bar and panel
		// must not be painted before the English copy is read.
		ctx := newBrowser(t, 1280, 900)
		chooseEnglish(t, ctx)
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, throttleByRule, throttleParams{
			Rules: []*network.Conditions{{URLPattern: appURL, Latency: 20, DownloadThroughput: 20000, UploadThroughput: -1}},
		}); err != nil {
			t.Fatal(err)
		}
		run := true
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{RunImmediately: &run, Source: `
			window.painted = [];
			(function frame() {
				const l = document.querySelector("body > .layout");
				if (l && l.querySelector("header.topbar")) painted.push(l.lang);
				if (!document.querySelector('article[data-ready="true"]')) requestAnimationFrame(frame);
			})();`}); err != nil {
			t.Fatal(err)
		}
		do(t, ctx, chromedp.Navigate(appURL))
		waitReady(t, ctx)
		painted := eval[[]string](t, ctx, `painted`)
		if len(painted) == 0 || slices.Contains(painted, "ar") {
			t.Errorf("the frames painted the bar in %q", painted)
		}
	})
	t.Run("first visit", func(t *testing.T) {
		ctx := newBrowser(t, 1280, 900)
		guardPolicy(t, ctx)
		ua := eval[string](t, ctx, `navigator.userAgent`)
		if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "en-US"}); err != nil {
			t.Fatal(err)
		}
		letGo := holdLoader(t, ctx)
		eval[bool](t, ctx, watchFrames)
		letGo()
		englishOnceReady(t, ctx)
	})
}

// chooseEnglish makes English the reader's choice, on a page of the app's
// own that is not the app, so that the next visit is still a first one
// (no service worker).
func chooseEnglish(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(appURL+"web/app.css"))
	eval[bool](t, ctx, `localStorage.setItem("annotator:ui-lang", "en"), true`)
}

// TestMenuOpenedBeforeTheStartStaysOpen: on a phone, before the program
// has started, the reader opens the bar's menu. It stays open while the
// program draws its own bar and menu, and once ready. Before, it closed
// when the bar was drawn.
func TestMenuOpenedBeforeTheStartStaysOpen(t *testing.T) {
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	guardPolicy(t, ctx)
	letGo := holdLoader(t, ctx)
	do(t, ctx, chromedp.Click(`.more-toggle`))
	waitFor(t, ctx, `document.getElementById("more").matches(":popover-open")`, "the menu open")
	letGo()
	waitReady(t, ctx)
	if open := eval[bool](t, ctx, `!document.querySelector("[data-copy]") && document.getElementById("more").matches(":popover-open")`); !open {
		t.Error("once ready, the menu opened before the start is closed")
	}
	// It is the program's menu: its language button works.
	before := eval[string](t, ctx, `document.querySelector("body > .layout").lang`)
	do(t, ctx, chromedp.Click(`#more [data-action="ui-lang"]`))
	waitFor(t, ctx, `document.querySelector("body > .layout").lang !== "`+before+`"`, "the language switched")
}

// TestTypingAcrossTheStartKeepsEveryKey: a reader with 2,000 annotations
// reloads and types into the search field without stopping, from before
// the text is ready until well after. Every key is in the field. Before,
// what was typed before ready was given back to the field a task after
// ready, and undid the keys typed in between: one or two were lost.
func TestTypingAcrossTheStartKeepsEveryKey(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	keep(t, ctx, randomAnnotations(t, 2000))
	do(t, ctx, chromedp.Navigate(appURL))
	do(t, ctx, chromedp.Click(`input[data-field="search"]`))
	typed, after := "", 0
	for i := 0; after < 20 && i < 1000; i++ {
		c := string(rune('a' + i%26))
		do(t, ctx, chromedp.KeyEvent(c))
		typed += c
		if eval[bool](t, ctx, `document.querySelector('article[data-ready="true"]') !== null`) {
			after++
		}
	}
	if after < 20 {
		t.Fatal("the page never became ready")
	}
	if len(typed) == after {
		t.Fatal("no key was typed before ready")
	}
	if got := eval[string](t, ctx, `document.querySelector('input[data-field="search"]').value`); got != typed {
		t.Errorf("typed %d keys across the start (%q), the field holds %d (%q)", len(typed), typed, len(got), got)
	}
}

// throttleByRule is Network.emulateNetworkConditionsByRule with the
// top-level offline parameter, which Debian's Chromium 148 requires (it
// answers "Invalid parameters" without it) and the protocol package
// leaves out.
var throttleByRule = cdp.Command[throttleParams, cdp.Empty]{Method: network.CommandEmulateNetworkConditionsByRule}

type throttleParams struct {
	Offline bool                  `json:"offline"`
	Rules   []*network.Conditions `json:"matchedNetworkConditions"`
}
