//go:build !wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"annotator/annotations"

	"github.com/chromedp/chromedp"
)

// axePath is axe-core as `npm ci` installs it from testdata/axe (pinned
// in its package-lock.json); make test and .ci/run install it.
var axePath = filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js")

// axeSource reads axe-core. Without it the test fails when CI is set and
// skips otherwise, as the browser tests do without Chromium.
func axeSource(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(axePath)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is not installed (%v): run npm ci in cmd/annotator/testdata/axe; the accessibility checks cannot be skipped in CI", err)
		}
		t.Skipf("axe-core is not installed (%v): run npm ci in cmd/annotator/testdata/axe", err)
	}
	return string(b)
}

// axeViolation is one rule axe found broken, with the elements that
// break it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe checks the page as it stands with axe-core's WCAG 2.x A and AA
// rules and its best practices, and returns one line per element that
// breaks a rule. axe is given to the page through the DevTools protocol
// (Runtime.evaluate), which the page's Content-Security-Policy does not
// govern; the policy guard still fails the test if axe does anything the
// policy forbids.
func runAxe(t testing.TB, ctx context.Context, src, state string) []string {
	t.Helper()
	if !eval[bool](t, ctx, `typeof window.axe === "object"`) {
		eval[bool](t, ctx, src+"\n;true")
	}
	raw := eval[string](t, ctx, `axe.run(document, {
			runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
			resultTypes: ["violations"],
		}).then((r) => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe's result: %v", err)
	}
	var out []string
	for _, v := range vs {
		for _, n := range v.Nodes {
			out = append(out, fmt.Sprintf("%s: %s (%s) at %v: %s — %s", state, v.ID, v.Impact, n.Target, v.Help,
				strings.ReplaceAll(n.Summary, "\n", " ")))
		}
	}
	return out
}

// TestAccessibility runs axe-core on the page in each interface language:
// ready with annotations of each tag, with the keys' help open, with the
// question about a file made for another document, and on a phone with
// the list's drawer open, then with the menu of the top bar open. Every violation fails the test, listed with its
// rule, impact, element and summary.
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	tagText(t, ctx, 9, "ثلاث خطوات", "quote", 2)
	tagText(t, ctx, 13, "Memorandum of Telephone Conversation", "source", 3)

	// A file made for another copy of the article, for the question.
	other := annotations.Target{Source: "urn:sha256:" + strings.Repeat("0123456789abcdef", 4),
		Quote: annotations.TextQuote{Exact: "أشاد بوتين كثيراً بتعامل بوش", Suffix: " مع هجمات 11"}}
	at := time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC)
	foreign := readerFile(t, t.TempDir(), "نسخة أخرى other-copy.jsonld", []annotations.Annotation{{
		ID: "urn:uuid:aaaaaaaa-0000-4000-8000-0000000000f1", Tag: annotations.Claim, Created: at, Modified: at, Target: other}})

	var found []string
	for _, lang := range []string{"en", "ar"} {
		if eval[string](t, ctx, `document.querySelector(".layout").lang`) != lang {
			click(t, ctx, `[data-action="ui-lang"]`)
			waitFor(t, ctx, fmt.Sprintf(`document.querySelector(".layout").lang === %q`, lang), "the interface in "+lang)
		}
		// One filter off, so that its look is checked too.
		click(t, ctx, `[data-filter-tag="source"]`)
		waitFor(t, ctx, `document.querySelector('[data-filter-tag="source"]').getAttribute("aria-pressed") === "false"`, "the source filter off")
		found = append(found, runAxe(t, ctx, src, lang+" ready")...)
		click(t, ctx, `[data-filter-tag="source"]`)

		click(t, ctx, `[data-action="help"]`)
		waitFor(t, ctx, `!!document.querySelector("[data-help]")`, "the keys' help")
		found = append(found, runAxe(t, ctx, src, lang+" help")...)
		click(t, ctx, `[data-action="close-help"]`)

		do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{foreign}))
		waitFor(t, ctx, `!!document.querySelector('[data-action="anchor-anyway"]')`, "the question about a file for another text")
		found = append(found, runAxe(t, ctx, src, lang+" import question")...)
		click(t, ctx, `[data-action="cancel-import"]`)

		do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		waitFor(t, ctx, `getComputedStyle(document.querySelector('[data-action="drawer"]')).display !== "none"`, "the drawer's handle")
		if eval[string](t, ctx, `document.querySelector(".panel").dataset.open`) != "true" {
			do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
		}
		waitFor(t, ctx, `document.querySelector(".panel").dataset.open === "true"`, "the drawer to open")
		found = append(found, runAxe(t, ctx, src, lang+" phone drawer")...)
		do(t, ctx, chromedp.Tap(`.more-toggle`))
		waitFor(t, ctx, `document.querySelector(".more").matches(":popover-open")`, "the menu to open")
		found = append(found, runAxe(t, ctx, src, lang+" phone menu")...)
		eval[bool](t, ctx, `(document.querySelector(".more").hidePopover(), true)`)
		do(t, ctx, chromedp.Tap(`[data-action="drawer"]`))
		waitFor(t, ctx, `document.querySelector(".panel").dataset.open !== "true"`, "the drawer to close")
		do(t, ctx, chromedp.EmulateViewport(1280, 900))
	}
	for _, f := range found {
		t.Error(f)
	}
}
