//go:build !wasm

package main

import (
	"fmt"
	"strings"
	"testing"

	"annotator/annotations"

	"github.com/chromedp/chromedp"
)

// bigDocument writes an Arabic text of about size bytes (UTF-8): the
// seed's paragraphs, numbered, over and over.
func bigDocument(tb testing.TB, dir string, size int) ownDoc {
	tb.Helper()
	var paras []string
	for i, bl := range seedDoc.Blocks {
		if bl.Kind == annotations.Paragraph {
			paras = append(paras, seedDoc.BlockText(i))
		}
	}
	var b strings.Builder
	b.WriteString("نص طويل للقياس\n\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "(%d) %s\n\n", i+1, paras[i%len(paras)])
	}
	return writeDoc(tb, dir, fmt.Sprintf("long-%d.txt", size), []byte(b.String()))
}

// BenchmarkOpenDocument opens a 1 MB and a 5 MB Arabic text with the open
// control and reports the median time from the file being chosen (the
// input's change event) to data-ready="true", with the moments its
// phases end (the file read into the program, decoded and parsed, kept in
// the library, the article drawn; the rest is the page laying out the
// text and the annotations restored); then the
// reload of its /doc/ link (navigation to ready, the text read from the
// library), beside the seed's reload in the same browser.
//
//	go test ./cmd/annotator -run '^$' -bench OpenDocument -benchtime 5x
func BenchmarkOpenDocument(b *testing.B) {
	dir := b.TempDir()
	for _, size := range []int{1 << 20, 5 << 20} {
		od := bigDocument(b, dir, size)
		b.Run(fmt.Sprintf("size=%dMB", size>>20), func(b *testing.B) {
			ctx := newBrowser(b, 1280, 900)
			var open, reloadDoc, reloadSeed []float64
			phases := map[string][]float64{}
			names := []string{"read", "decoded", "kept", "drawn"}
			for range b.N {
				openApp(b, ctx)
				eval[bool](b, ctx, fmt.Sprintf(`(() => {
					window.openTime = new Promise((resolve) => {
						const input = document.querySelector('input[data-action="open-document"]');
						let t0 = 0;
						input.addEventListener("change", () => { t0 = performance.now(); }, { capture: true, once: true });
						const mo = new MutationObserver(() => {
							const a = document.querySelector("article[data-doc]");
							if (t0 && a && a.dataset.doc === %q && a.dataset.ready === "true") {
								mo.disconnect();
								const at = (n) => (performance.getEntriesByName(n).pop() || {startTime: NaN}).startTime - t0;
								resolve([performance.now() - t0, at("annotator:open-read"), at("annotator:open-decoded"),
									at("annotator:open-kept"), at("annotator:article-drawn")]);
							}
						});
						mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready", "data-doc"] });
					});
					return true;
				})()`, od.doc.ID))
				do(b, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="open-document"]`, []string{od.path}))
				v := eval[[]float64](b, ctx, `window.openTime`, chromedp.EvalAwaitPromise)
				open = append(open, v[0])
				for i, n := range names {
					phases[n] = append(phases[n], v[i+1])
				}
				waitSaved(b, ctx)
				do(b, ctx, chromedp.Reload())
				reloadDoc = append(reloadDoc, readyTime(b, ctx))
				waitShown(b, ctx, od.doc.ID)
				do(b, ctx, chromedp.Navigate(appURL))
				waitReady(b, ctx)
				do(b, ctx, chromedp.Reload())
				reloadSeed = append(reloadSeed, readyTime(b, ctx))
			}
			b.ReportMetric(median(open), "ms-chosen-to-ready")
			for _, n := range names {
				b.ReportMetric(median(phases[n]), "ms-to-"+n)
			}
			b.ReportMetric(median(reloadDoc), "ms-reload-doc-to-ready")
			b.ReportMetric(median(reloadSeed), "ms-reload-seed-to-ready")
			b.ReportMetric(0, "ns/op")
		})
	}
}
