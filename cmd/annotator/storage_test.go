//go:build !wasm

package main

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"annotator/annotations"
	ui "annotator/app"

	"github.com/chromedp/chromedp"
)

// tagText selects needle in a block and tags it, waiting for the list to
// grow to n.
func tagText(t testing.TB, ctx context.Context, block int, needle, tag string, n int) {
	t.Helper()
	s, e := span(t, block, needle)
	selectRange(t, ctx, s, e)
	click(t, ctx, `[data-action="tag-`+tag+`"]`)
	waitListed(t, ctx, n)
}

func TestSaveFailureIsShownAndLosesNothing(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	saved := storedAnnotations(t, ctx)
	if len(saved) != 1 {
		t.Fatalf("%d stored, want 1", len(saved))
	}

	// The browser now refuses every write, as when the quota is full.
	eval[bool](t, ctx, `(IDBObjectStore.prototype.put = function () {
		throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
	}, true)`)
	tagText(t, ctx, 9, "ثلاث خطوات", "quote", 2)
	waitFor(t, ctx, `Array.from(document.querySelectorAll('[role="alert"]')).some((e) => e.textContent.includes("could not be saved"))`,
		"an alert that the change was not saved")
	if got := storedAnnotations(t, ctx); len(got) != 1 || got[0].ID != saved[0].ID {
		t.Errorf("after a failed save the store holds %d annotations, want the 1 saved before", len(got))
	}

	reload(t, ctx)
	got := listed(t, ctx)
	if len(got) != 1 || got[0]["id"] != saved[0].ID {
		t.Errorf("after reload: %v, want the annotation saved before the failure", got)
	}
}

func TestUnreadableStoreIsKeptAside(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	key := ui.StoreKey(seedDoc.ID)
	eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem(%q, "{broken"), true)`, key))
	reload(t, ctx)
	// The alert is drawn with the page, just after it says it is ready.
	waitFor(t, ctx, `Array.from(document.querySelectorAll('[role="alert"]')).some((e) => e.textContent.includes("could not be read"))`,
		"an alert that the stored annotations could not be read")
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	kept := eval[[]string](t, ctx, fmt.Sprintf(`Object.keys(localStorage).filter((k) => k.startsWith(%q) && k !== %q).map((k) => localStorage.getItem(k))`, key, key))
	if len(kept) != 1 || kept[0] != "{broken" {
		t.Errorf("the unreadable record was not kept aside: %q", kept)
	}
	if got := storedAnnotations(t, ctx); len(got) != 1 {
		t.Errorf("the new annotation was not saved: %d stored", len(got))
	}
}

// A note or quote holding markup is shown as its characters and never run.
func TestNotesAreTextNotMarkup(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	s, e := span(t, 8, "الإرهاب الدولي")
	tg, err := annotations.Describe(seedDoc, s, e)
	if err != nil {
		t.Fatal(err)
	}
	payload := `</textarea></button><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>"'&`
	tg.Quote.Exact = payload // an orphan, listed with this quote
	at := time.Now().UTC()
	rec, err := ui.EncodeStore(seedDoc.ID, []annotations.Annotation{{
		ID: `urn:uuid:00000000-0000-4000-8000-000000000001"><b>x</b>`, Tag: annotations.Claim,
		Note: payload, Created: at, Modified: at, Target: tg,
	}})
	if err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem(%q, %q), true)`, ui.StoreKey(seedDoc.ID), rec))
	reload(t, ctx)
	do(t, ctx, chromedp.Sleep(300*time.Millisecond))
	got := eval[map[string]any](t, ctx, `(() => {
		const item = document.querySelector(".panel [data-annotation-id]");
		return {xss: window.__xss || 0, note: item.querySelector('[data-field="note"]').value,
			quote: item.querySelector(".quote-text").textContent, id: item.dataset.annotationId,
			elements: item.querySelectorAll("img, script, b").length};
	})()`)
	if got["xss"] != float64(0) || got["elements"] != float64(0) {
		t.Fatalf("markup from an annotation ran or was inserted: %v", got)
	}
	if got["note"] != payload || got["quote"] != payload || got["id"] != `urn:uuid:00000000-0000-4000-8000-000000000001"><b>x</b>` {
		t.Errorf("the annotation is not shown as its characters: %v", got)
	}
}

// TestBrokenRecordHidesNothing: a stored record whose JSON is broken (a
// disk error, an older version's bug) is skipped; the others are listed.
func TestBrokenRecordHidesNothing(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	list := randomAnnotations(t, 3)
	recs := fmt.Sprintf(`[{"id":%q,"modified":1,"data":%q},{"id":"urn:uuid:broken","modified":1,"data":"{\"id\": \"urn:uuid:broken\", \"tag\": "},{"id":%q,"modified":1,"data":%q}]`,
		list[0].ID, mustJSON(t, list[0]), list[2].ID, mustJSON(t, list[2]))
	eval[bool](t, ctx, fmt.Sprintf(`annotator.store.write(%q, %q).then(() => true)`, seedDoc.ID, recs), chromedp.EvalAwaitPromise)
	reload(t, ctx)
	got := waitListed(t, ctx, 2)
	ids := []string{got[0]["id"], got[1]["id"]}
	slices.Sort(ids)
	if ids[0] != list[0].ID || ids[1] != list[2].ID {
		t.Errorf("listed %v, want %s and %s", ids, list[0].ID, list[2].ID)
	}
}

// tagHeld tags a claim while the store is held (see holdStore): the save
// waits.
func tagHeld(t *testing.T, ctx context.Context) {
	t.Helper()
	holdStore(t, ctx)
	tagText(t, ctx, 8, "الإرهاب الدولي", "claim", 1)
	if s := eval[string](t, ctx, `document.querySelector("[data-saving]").dataset.saving`); s != "true" {
		t.Fatalf("the save is not waiting (data-saving=%s): the test holds nothing", s)
	}
}

// holdStore holds the store with a transaction of the page's own, which
// never ends while the page lives: a save waits.
func holdStore(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `new Promise((done) => { const r = indexedDB.open("annotator"); r.onsuccess = () => {
		const os = r.result.transaction("annotations", "readwrite").objectStore("annotations");
		const spin = () => { os.count().onsuccess = spin; };
		spin();
		done(true);
	}; })`, chromedp.EvalAwaitPromise)
}

// TestReloadDuringASaveLosesNothing reloads the page while a tag is being
// saved (another transaction holds the store, so the save waits, and the
// browser gives it up with the page): the next load writes it.
func TestReloadDuringASaveLosesNothing(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tagHeld(t, ctx)
	do(t, ctx, chromedp.Reload()) // without waiting for the save
	waitReady(t, ctx)
	waitListed(t, ctx, 1)
	if n := len(storedAnnotations(t, ctx)); n != 1 {
		t.Errorf("%d stored after the reload, want the tag", n)
	}
	reload(t, ctx)
	waitListed(t, ctx, 1)
}

// TestReloadDuringAnImportLosesNothing reloads the page while an import
// of 300 annotations waits to be saved (another transaction holds the
// store). An import's records are kept in localStorage only when the page
// is left before they are stored: none is kept before the reload, and the
// next load writes them all.
func TestReloadDuringAnImportLosesNothing(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	holdStore(t, ctx)
	list := randomAnnotations(t, 300)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{readerFile(t, t.TempDir(), "many.jsonld", list)}))
	waitListed(t, ctx, len(list))
	if s := eval[string](t, ctx, `document.querySelector("[data-saving]").dataset.saving`); s != "true" {
		t.Fatalf("the save is not waiting (data-saving=%s): the test holds nothing", s)
	}
	if n := eval[int](t, ctx, `Object.keys(localStorage).filter((k) => k.startsWith("annotator:saving:")).length`); n != 0 {
		t.Errorf("%d saves kept in localStorage while the page is shown, want none", n)
	}
	do(t, ctx, chromedp.Reload())
	waitReady(t, ctx)
	waitListed(t, ctx, len(list))
	if n := len(storedAnnotations(t, ctx)); n != len(list) {
		t.Errorf("%d stored after the reload, want %d", n, len(list))
	}
	if n := eval[int](t, ctx, `Object.keys(localStorage).filter((k) => k.startsWith("annotator:saving:")).length`); n != 0 {
		t.Errorf("%d saves are still kept as unfinished", n)
	}
}

// TestReloadDuringAnImportTooLargeForLocalStorage: the same, with
// localStorage full (the records of 10,000 annotations, 11 MB, are more
// than it holds): the records kept in IndexedDB's journal are written by
// the next load. Before, all of them were lost.
func TestReloadDuringAnImportTooLargeForLocalStorage(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	holdStore(t, ctx)
	eval[bool](t, ctx, `(() => {
		const set = Storage.prototype.setItem;
		Storage.prototype.setItem = function (k, v) {
			if (String(k).startsWith("annotator:saving:")) throw new DOMException("full", "QuotaExceededError");
			return set.call(this, k, v);
		};
		return true;
	})()`)
	list := randomAnnotations(t, 300)
	do(t, ctx, chromedp.SetUploadFiles(`input[type=file][data-action="import"]`, []string{readerFile(t, t.TempDir(), "many.jsonld", list)}))
	waitListed(t, ctx, len(list))
	if s := eval[string](t, ctx, `document.querySelector("[data-saving]").dataset.saving`); s != "true" {
		t.Fatalf("the save is not waiting (data-saving=%s): the test holds nothing", s)
	}
	journal := `new Promise((done) => { const r = indexedDB.open("annotator"); r.onsuccess = () => {
		const c = r.result.transaction("journal").objectStore("journal").count();
		c.onsuccess = () => { r.result.close(); done(c.result); };
	}; })`
	for deadline := time.Now().Add(10 * time.Second); eval[int](t, ctx, journal, chromedp.EvalAwaitPromise) != 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the import's records are not in the journal")
		}
	}
	do(t, ctx, chromedp.Reload())
	waitReady(t, ctx)
	waitListed(t, ctx, len(list))
	if n := len(storedAnnotations(t, ctx)); n != len(list) {
		t.Errorf("%d stored after the reload, want %d", n, len(list))
	}
	if n := eval[int](t, ctx, journal, chromedp.EvalAwaitPromise); n != 0 {
		t.Errorf("%d saves are still in the journal", n)
	}
}

// TestClosedTabsSaveShowsInTheOther closes a tab in the middle of a save:
// the tab still open writes it and lists it, with no reload.
func TestClosedTabsSaveShowsInTheOther(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	openApp(t, ctx)
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	openApp(t, tab)
	tagHeld(t, tab)
	cancel()
	waitListed(t, ctx, 1)
	if n := len(storedAnnotations(t, ctx)); n != 1 {
		t.Errorf("%d stored, want the tag of the closed tab", n)
	}
	if n := eval[int](t, ctx, `Object.keys(localStorage).filter((k) => k.startsWith("annotator:saving:")).length`); n != 0 {
		t.Errorf("%d saves are still kept as unfinished", n)
	}
}
