// The browser edge of the annotator. The Go program keeps every annotation
// and all offsets in Unicode code points; this file only touches the DOM:
// it reads the selection as (block, UTF-16 offset) pairs, draws highlights
// with the CSS Custom Highlight API (no element is inserted into the text,
// so joined Arabic letters keep their shapes), places the tag toolbar near
// the selection, and gives the article a keyboard caret.
(function () {
  "use strict";

  // article is the article shown. The element is kept while it stays in
  // the page: looking it up walks the page, list rows first, and with
  // 10,000 rows that took 3 to 5 ms each time.
  let shownArticle = null;
  function article() {
    if (!shownArticle || !shownArticle.isConnected || !shownArticle.hasAttribute("data-doc")) {
      shownArticle = document.querySelector("article[data-doc]");
    }
    return shownArticle;
  }

  function blockOf(node, art) {
    for (let n = node; n && n !== art; n = n.parentNode) {
      if (n.nodeType === 1 && n.hasAttribute("data-block")) return n;
    }
    return null;
  }

  // The visible blocks of the article, in order.
  function blocks(art) {
    return Array.from(art.querySelectorAll("[data-block]")).filter(
      (b) => b.getClientRects().length > 0
    );
  }

  // point maps a DOM boundary point to [block index, UTF-16 offset in the
  // block's text]. A point between blocks goes to the end of the block
  // before it (for an end) or the start of the block after it (for a start).
  function point(art, container, offset, isEnd) {
    const b = blockOf(container, art);
    if (b) {
      const r = document.createRange();
      r.setStart(b, 0);
      r.setEnd(container, offset);
      return [+b.dataset.block, r.toString().length];
    }
    const all = blocks(art);
    const p = document.createRange();
    p.setStart(container, offset);
    if (isEnd) {
      for (let i = all.length - 1; i >= 0; i--) {
        const r = document.createRange();
        r.selectNodeContents(all[i]);
        if (r.compareBoundaryPoints(Range.END_TO_START, p) <= 0) {
          return [+all[i].dataset.block, all[i].textContent.length];
        }
      }
      return null;
    }
    for (const b of all) {
      const r = document.createRange();
      r.selectNodeContents(b);
      if (r.compareBoundaryPoints(Range.START_TO_END, p) >= 0) {
        return [+b.dataset.block, 0];
      }
    }
    return null;
  }

  // selectionRange returns the current selection clipped to the article,
  // or null when nothing in the article is selected.
  function selectionRange() {
    const art = article();
    const sel = window.getSelection();
    if (!art || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0).cloneRange();
    const a = document.createRange();
    a.selectNodeContents(art);
    if (r.compareBoundaryPoints(Range.END_TO_START, a) >= 0) return null;
    if (r.compareBoundaryPoints(Range.START_TO_END, a) <= 0) return null;
    if (r.compareBoundaryPoints(Range.START_TO_START, a) < 0) r.setStart(a.startContainer, a.startOffset);
    if (r.compareBoundaryPoints(Range.END_TO_END, a) > 0) r.setEnd(a.endContainer, a.endOffset);
    return r.collapsed ? null : r;
  }

  // readSelection returns [startBlock, startOffset, endBlock, endOffset]
  // with offsets in UTF-16 units of each block's text, or null.
  function readSelection() {
    const art = article();
    const r = selectionRange();
    if (!r) return null;
    const s = point(art, r.startContainer, r.startOffset, false);
    const e = point(art, r.endContainer, r.endOffset, true);
    if (!s || !e || s[0] > e[0] || (s[0] === e[0] && s[1] >= e[1])) return null;
    return [s[0], s[1], e[0], e[1]];
  }

  function textNode(art, block) {
    const el = art.querySelector('[data-block="' + block + '"]');
    if (!el || (!el.checkVisibility() && !el.dataset.repeat)) return null; // a repeat shows once marked
    return el.firstChild && el.firstChild.nodeType === 3 ? el.firstChild : null;
  }

  // TextRange is a static range within one text node that reads as a live
  // Range does where a highlight's ranges are read (by tests and by
  // checks): its text, its boxes on screen, its container.
  class TextRange extends StaticRange {
    toString() {
      return this.startContainer.data.slice(this.startOffset, this.endOffset);
    }
    get commonAncestorContainer() {
      return this.startContainer;
    }
    live() {
      const r = document.createRange();
      r.setStart(this.startContainer, Math.min(this.startOffset, this.startContainer.length));
      r.setEnd(this.endContainer, Math.min(this.endOffset, this.endContainer.length));
      return r;
    }
    getClientRects() {
      return this.live().getClientRects();
    }
    getBoundingClientRect() {
      return this.live().getBoundingClientRect();
    }
  }
  // rangesOf turns segments [[block, start, end], ...] into DOM ranges:
  // static ones unless live is true (a live range can be measured). The
  // document updates each live range at each change to the page: with the
  // 10,000 ranges of 10,000 annotations kept live, emptying the list of
  // its rows took 59 to 68 ms instead of 18 to 20, and removing 10,000
  // elements one by one 3 s instead of 54 ms. A block's text node is not
  // changed while it is shown, so a static range over it stays true.
  // nodes, when given, keeps the text nodes found by block for the next
  // call: painting thousands of annotations looks each block up once.
  function rangesOf(art, segs, nodes, live) {
    const out = [];
    for (const [b, s, e] of segs) {
      let t = nodes ? nodes.get(b) : undefined;
      if (t === undefined) {
        t = textNode(art, b);
        if (nodes) nodes.set(b, t);
      }
      if (!t) continue;
      let r;
      if (live) {
        r = document.createRange();
        r.setStart(t, Math.min(s, t.length));
        r.setEnd(t, Math.min(e, t.length));
      } else {
        r = new TextRange({ startContainer: t, startOffset: Math.min(s, t.length), endContainer: t, endOffset: Math.min(e, t.length) });
      }
      r.block = b;
      out.push(r);
    }
    return out;
  }

  // Highlights: one CSS highlight per tag, updated by the ranges that
  // changed. byId keeps each annotation's tag and ranges, so a change
  // takes away exactly what it drew; each range knows its block.
  //
  // After any change to the page (a row of the list, a note typed, an
  // attribute of the bar), Chromium goes through every registered range
  // again and paints them anew in the next frame: with 10,000 annotations
  // that frame took 18 ms whatever changed; with the 1,120 ranges of
  // 1,000 annotations of the seed, 10 to 19 ms, against 4 to 6 ms with
  // the 97 of them near the screen. With more than manyRanges ranges, only
  // those of the blocks near the screen (half its height above and below:
  // with a quarter, a fast scroll showed blocks without their highlights
  // for a frame) are registered; the others are kept and registered as
  // their blocks come near.
  const byId = new Map();
  const manyRanges = 250;
  const painter = { count: 0, near: null, observer: null, article: null, byBlock: new Map(), repeats: [], repeatsOf: null };
  function highlight(name) {
    let h = CSS.highlights.get(name);
    if (!h) {
      h = new Highlight();
      CSS.highlights.set(name, h);
    }
    return h;
  }
  function shown(block) {
    return !painter.near || painter.near.has(block);
  }
  function addRanges(tag, ranges) {
    const h = highlight(tag);
    for (const r of ranges) {
      r.tag = tag;
      let set = painter.byBlock.get(r.block);
      if (!set) painter.byBlock.set(r.block, (set = new Set()));
      set.add(r);
      if (shown(r.block)) h.add(r);
    }
    painter.count += ranges.length;
  }
  function deleteRanges(tag, ranges) {
    const h = highlight(tag);
    for (const r of ranges) {
      h.delete(r);
      const set = painter.byBlock.get(r.block);
      if (set) set.delete(r);
    }
    painter.count -= ranges.length;
  }
  function clearHighlights() {
    for (const tag of ["claim", "quote", "source"]) if (CSS.highlights.has(tag)) CSS.highlights.get(tag).clear();
    byId.clear();
    painter.byBlock.clear();
    painter.count = 0;
  }
  // nearOnly registers the ranges near the screen only when there are
  // many, and all of them again when there are few.
  function nearOnly(art) {
    const many = painter.count > manyRanges;
    if (many && painter.near && painter.article === art) return;
    if (!many && !painter.near) return;
    if (painter.observer) painter.observer.disconnect();
    painter.observer = null;
    painter.near = null;
    painter.article = null;
    for (const tag of ["claim", "quote", "source"]) if (CSS.highlights.has(tag)) CSS.highlights.get(tag).clear();
    if (!many) {
      for (const [, v] of byId) for (const r of v.ranges) highlight(v.tag).add(r);
      return;
    }
    painter.near = new Set();
    painter.article = art;
    painter.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const b = +e.target.dataset.block;
        if (e.isIntersecting === painter.near.has(b)) continue;
        if (e.isIntersecting) painter.near.add(b);
        else painter.near.delete(b);
        for (const r of painter.byBlock.get(b) || []) {
          if (e.isIntersecting) highlight(r.tag).add(r);
          else highlight(r.tag).delete(r);
        }
      }
    }, { rootMargin: "50% 0px" });
    for (const el of art.querySelectorAll("[data-block]")) painter.observer.observe(el);
  }
  // A block the text repeats (a headline printed twice) is hidden, but
  // shown while it holds a highlight: an annotation made on that copy (by
  // another tool) is listed as placed, and can be seen where it is.
  function markRepeats(art) {
    if (painter.repeatsOf !== art) {
      painter.repeatsOf = art;
      painter.repeats = [...art.querySelectorAll('[data-repeat="true"]')];
    }
    for (const el of painter.repeats) {
      const set = painter.byBlock.get(+el.dataset.block);
      el.toggleAttribute("data-marked", !!(set && set.size));
    }
  }
  function paint(art, m) {
    const nodes = new Map();
    if (m.repaint) clearHighlights();
    for (const p of m.paint || []) {
      const old = byId.get(p.id);
      if (old) {
        deleteRanges(old.tag, old.ranges);
        byId.delete(p.id);
      }
      if (p.tag && p.segs) {
        const ranges = rangesOf(art, p.segs, nodes);
        addRanges(p.tag, ranges);
        byId.set(p.id, { tag: p.tag, ranges });
      }
    }
    nearOnly(art);
    markRepeats(art);
    if (m.focus) {
      const h = new Highlight(...rangesOf(art, m.focus, nodes));
      h.priority = 10;
      CSS.highlights.set("focus", h);
    }
  }

  // The list: rows are drawn from the program's HTML and changed one by
  // one. A list drawn anew may come with its first rows only (see
  // app/edge.go's firstRows): the rest are drawn after, in tasks of about
  // budget ms (see drawSome); rows holds the rows drawn, by annotation id,
  // and drawn how many of the total (always the first ones, in order).
  //
  // Rows sit in groups of about a hundred. In a long list each group is
  // laid out only near the screen (CSS content-visibility): a change to
  // one row lays out its group, not the whole list. With 10,000 rows in
  // one element, every layout after a change took 13 ms; in groups, about
  // 1 ms. A short list is laid out whole: its groups never take an
  // estimated height, and nothing moves when it comes into view.
  const list = { rows: new Map(), drawn: 0, total: 0, timer: 0 };
  const slice = 250;
  const budget = 40;
  const perGroup = 100;
  const longList = 500;
  function counted(el) {
    el.toggleAttribute("data-long", list.total >= longList);
  }
  // soon runs fn in a task of its own, and is true. The list's rows are
  // drawn in such tasks, ahead of the browser's own work of lower
  // priority (scheduler.postTask's "user-blocking"). Posted as messages,
  // the 10,000 rows of a reload waited behind a frame after every task
  // and behind Chrome's autofill, which reads the notes' fields 100 ms
  // after rows are added (40 to 210 ms a run). Ready came 900 ms after
  // the program started instead of 1,100, and keys pressed meanwhile were
  // answered as soon (at most 83 to 120 ms in both); the page is drawn
  // every third task instead of every one while the rows are added.
  // Where postTask is missing, a message: setTimeout(fn, 0) waits at
  // least 4 ms once five deep (a list of 10,000 rows, drawn 500 at a
  // time, waited some 80 ms more).
  const soonPort = new MessageChannel();
  const soonFns = [];
  soonPort.port1.onmessage = () => soonFns.shift()();
  function soon(fn) {
    if (window.scheduler && scheduler.postTask) {
      scheduler.postTask(fn, { priority: "user-blocking" });
      return true;
    }
    soonFns.push(fn);
    soonPort.port2.postMessage(0);
    return true;
  }
  function listEl() {
    return document.querySelector("[data-list]");
  }
  function fragment(html) {
    const t = document.createElement("template");
    t.innerHTML = html;
    return t.content;
  }
  function group(rows) {
    const g = document.createElement("div");
    g.className = "rows";
    // Until a group is laid out once, it is as tall as its rows usually are.
    if (rows.length) g.style.containIntrinsicSize = "auto " + rows.length * 8 + "rem";
    g.append(...rows);
    return g;
  }
  // appendRows adds the rows of html at the end of the list, in new groups.
  function appendRows(el, html) {
    const rows = [...fragment(html).children];
    const f = document.createDocumentFragment();
    for (let i = 0; i < rows.length; i += perGroup) f.append(group(rows.slice(i, i + perGroup)));
    for (const li of rows) list.rows.set(li.dataset.annotationId, li);
    el.append(f);
    return rows.length;
  }
  function resetList(el, l, html) {
    el.replaceChildren();
    list.rows.clear();
    appendRows(el, html);
    list.drawn = l.shown;
    list.total = l.total;
    counted(el);
    moreLater();
  }
  function moreLater() {
    if (list.drawn < list.total && !list.timer) list.timer = soon(drawSome);
  }
  // drawMore draws the next slice of rows now.
  function drawMore() {
    const el = listEl();
    if (!el || !handlers.rows || list.drawn >= list.total) return false;
    const [html, n] = handlers.rows(list.drawn, slice);
    if (!n) return false;
    appendRows(el, html);
    list.drawn += n;
    return true;
  }
  // drawSome draws slices of rows for about budget ms, then lets the page
  // answer the reader before it goes on. Each task ends with a frame of
  // about 5 ms: drawn 500 rows a task, 10,000 rows took 20 frames and
  // 95 ms more than the rows; in tasks of 40 ms, about 7 frames.
  function drawSome() {
    list.timer = 0;
    const t0 = performance.now();
    while (drawMore() && performance.now() - t0 < budget) {}
    moreLater();
  }
  // insertRow puts a row before another (or at the end), in that row's
  // group; a group grown to twice its size is split in two.
  function insertRow(el, li, before) {
    let g = before ? before.parentElement : el.lastElementChild;
    if (!g || (!before && g.childElementCount >= perGroup)) {
      g = group([]);
      el.append(g);
    }
    g.insertBefore(li, before);
    if (g.childElementCount >= 2 * perGroup) g.after(group([...g.children].slice(perGroup)));
  }
  // sameRow is whether a row drawn anew shows what the row on the page
  // shows. A note field's markup is what it was drawn with, not what was
  // typed since (the program leaves it: setting it at each key made the
  // browser undo a note a letter at a time), so the note is compared by
  // its value, and the rest by its markup.
  function sameRow(li, next) {
    const f = li.querySelector(':scope > [data-field="note"]');
    const g = next.querySelector(':scope > [data-field="note"]');
    if (!f || !g) return next.innerHTML === li.innerHTML;
    if (f.value !== g.value) return false;
    const v = g.defaultValue;
    g.defaultValue = f.defaultValue;
    const same = next.innerHTML === li.innerHTML;
    g.defaultValue = v;
    return same;
  }
  // takeAttributes gives a row the attributes of the row drawn anew.
  function takeAttributes(li, next) {
    for (const a of [...li.attributes]) if (!next.hasAttribute(a.name)) li.removeAttribute(a.name);
    for (const a of next.attributes) if (li.getAttribute(a.name) !== a.value) li.setAttribute(a.name, a.value);
  }
  function applyRows(el, rows, elsewhere) {
    applyEach(el, rows, elsewhere);
    counted(el);
  }
  function applyEach(el, rows, elsewhere) {
    for (const r of rows) {
      const li = list.rows.get(r.id);
      if (r.op === "remove") {
        list.total--;
        if (li) {
          const g = li.parentElement;
          li.remove();
          if (g && !g.firstElementChild) g.remove();
          list.rows.delete(r.id);
          list.drawn--;
        }
      } else if (r.op === "update") {
        if (!li) continue;
        const next = fragment(r.html).firstElementChild;
        // A row whose content is the same (the focus moved, say) keeps its
        // elements and takes the new attributes: the keyboard stays where
        // it is and nothing is laid out again.
        if (sameRow(li, next)) {
          takeAttributes(li, next);
          continue;
        }
        // The keyboard stays on the same control of the row.
        const a = document.activeElement;
        const keep = li.contains(a) ? (a.dataset.field ? '[data-field="' + a.dataset.field + '"]' : a.dataset.action ? '[data-action="' + a.dataset.action + '"]' : null) : null;
        // A note being written in this window stays as the reader has it,
        // where it is (its text, its caret, a word being composed), when
        // another tab changes the annotation: the rest of the row is drawn
        // around it, and what the reader typed is kept, as their latest
        // edit. (A tab in the background takes the change: two tabs left
        // in the same note would otherwise each keep their own in turn.)
        const writing = elsewhere && keep === '[data-field="note"]' && document.hasFocus() && a.parentNode === li && next.querySelector(':scope > [data-field="note"]');
        if (writing) {
          for (const x of [...li.childNodes]) if (x !== a) x.remove();
          let before = true;
          for (const x of [...next.childNodes]) {
            if (x === writing) before = false;
            else if (before) li.insertBefore(x, a);
            else li.append(x);
          }
          takeAttributes(li, next);
          if (a.value !== writing.value) a.dispatchEvent(new Event("input", { bubbles: true }));
          continue;
        }
        li.replaceWith(next);
        list.rows.set(r.id, next);
        if (keep) {
          const b = next.querySelector(keep);
          if (b) {
            b.focus({ preventScroll: true });
            // A note changed by Undo or Redo: the caret after its text,
            // not before it.
            if (b.dataset.field === "note") b.setSelectionRange(b.value.length, b.value.length);
          }
        }
      } else {
        list.total++;
        const before = r.before ? list.rows.get(r.before) : null;
        if (before || (!r.before && list.drawn === list.total - 1)) {
          const next = fragment(r.html).firstElementChild;
          insertRow(el, next, before);
          list.rows.set(r.id, next);
          list.drawn++;
        }
      }
    }
  }

  // draw applies what a change did (see app/edge.go): highlights, then the
  // list (a list drawn anew has its rows' HTML beside the JSON). It
  // returns false when the browser cannot draw highlights.
  function draw(json, rows) {
    const m = JSON.parse(json);
    const art = article();
    const el = listEl();
    if (el && m.list) resetList(el, m.list, rows);
    if (el && m.rows) applyRows(el, m.rows, m.elsewhere);
    if (!art || !window.CSS || !CSS.highlights) return false;
    paint(art, m);
    return true;
  }

  // showArticle shows a document: the article the server sent is kept
  // when it is this document's (the program attaches to it); otherwise the
  // blocks are drawn, each as one text node, sliced from the text (blocks
  // give their UTF-16 offsets in it).
  function showArticle(json, text) {
    const d = JSON.parse(json);
    const old = article();
    if (old && old.dataset.doc === d.id && old.querySelectorAll("[data-block]").length === d.blocks.length) {
      old.hidden = false;
      return true;
    }
    const art = document.createElement("article");
    art.dataset.doc = d.id;
    art.dataset.ready = "false";
    art.lang = d.lang;
    art.dir = d.dir;
    art.tabIndex = 0;
    art.setAttribute("aria-label", d.title);
    d.blocks.forEach((b, i) => {
      const el = document.createElement(b.tag);
      el.className = b.kind;
      el.dataset.block = i;
      el.dataset.kind = b.kind;
      el.dir = b.dir;
      if (b.repeat) {
        el.dataset.repeat = "true";
        el.setAttribute("aria-hidden", "true");
      }
      el.textContent = text.slice(b.s, b.e);
      art.append(el);
    });
    // A long text is laid out near the screen only (see app/edge.go).
    if (d.long) art.dataset.long = "true";
    if (old) {
      old.replaceWith(art);
    } else {
      const main = document.createElement("main");
      main.className = "reading";
      main.append(art);
      document.body.firstElementChild.after(main);
    }
    clearHighlights();
    nearOnly(art);
    return true;
  }

  function setSaving(on) {
    const el = document.querySelector(".layout");
    if (el) el.dataset.saving = String(on);
  }

  // setReady marks the article ready, for the reader and for checks, with
  // every annotation listed: a check that waits for ready counts the rows
  // then. Up to 2,000 rows come with the program's draw; more are drawn in
  // tasks of about 40 ms (see drawSome), so that the page answers the
  // reader in between, and the article is marked after the last one.
  let readyFor = 0;
  function setReady(ready) {
    const art = article();
    const n = ++readyFor;
    if (!art) return;
    if (!ready) {
      art.dataset.ready = "false";
      return;
    }
    const mark = () => {
      if (n !== readyFor || article() !== art) return; // another document since
      art.dataset.ready = "true";
      fieldsTaken();
      performance.mark("annotator:ready");
      setTimeout(release, 0);
      warmFonts();
    };
    if (list.drawn < list.total) listDrawn().then(mark);
    else mark();
  }

  // warmFonts lays out, hidden and once the page is idle, rows of
  // made-up annotations (handlers.sample, see app/edge.go's sampleRows):
  // the browser finds the fonts and sizes a row uses then, not in the
  // frame that shows the first row a reader makes or imports. Once a page
  // is enough: the fonts found stay found.
  let fontsWarm = false;
  function warmFonts() {
    if (fontsWarm || !handlers.sample) return;
    fontsWarm = true;
    const whenIdle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
    whenIdle(() => {
      const panel = document.querySelector("[data-list]");
      const box = document.createElement("div");
      box.className = "rows";
      box.setAttribute("aria-hidden", "true");
      box.inert = true;
      box.style.cssText = "position: fixed; top: 0; inset-inline-start: 0; width: 20rem; visibility: hidden; pointer-events: none;";
      box.append(fragment(handlers.sample));
      // No hook of the page's (an id, data-action, data-field, …) is
      // left on them: nothing finds them for a reader's annotation. The
      // styles that set their fonts go by element and class.
      for (const el of box.querySelectorAll("*")) {
        for (const a of [...el.attributes]) if (a.name === "id" || a.name === "for" || a.name.startsWith("data-")) el.removeAttribute(a.name);
      }
      for (const row of box.children) row.style.contentVisibility = "visible";
      // In the panel, for its fonts; outside the list, which holds only
      // the reader's annotations.
      (panel ? panel.parentElement : document.body).append(box);
      requestAnimationFrame(() => requestAnimationFrame(() => box.remove()));
    }, { timeout: 2000 });
  }

  // The address follows the document shown without reloading the page:
  // pushPath adds a step to the history, replacePath changes this one.
  // Going back or forward asks the program to show that step's document
  // (handlers.nav), so the page is not drawn again.
  function pushPath(path) {
    if (location.pathname !== path) history.pushState(null, "", path);
  }
  function replacePath(path) {
    if (location.pathname !== path) history.replaceState(null, "", path);
  }
  window.addEventListener("popstate", (ev) => {
    if (!handlers.nav) return;
    ev.stopImmediatePropagation(); // go-app would mount the page again
    handlers.nav(location.pathname);
  });

  // A /doc/ link to a document of the reader's own: the page holds the
  // seed, which is hidden until the program shows the document (or finds
  // it is not in the library and shows the seed after all).
  function hideOtherArticle() {
    const art = article();
    const m = /\/doc\/(urn(:|%3A)sha256(:|%3A)[0-9a-f]{64})$/i.exec(location.pathname);
    if (art && m && m[1].replace(/%3A/gi, ":") !== art.dataset.doc) art.hidden = true;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hideOtherArticle);
  else hideOtherArticle();

  // clearField empties a form field the program read.
  function clearField(selector) {
    const el = document.querySelector(selector);
    if (el) el.value = "";
  }

  let flashTimer = 0;
  // freeBand is the part of the window's height, [top, bottom], where the
  // article shows: below the top bar, above the list when it is a drawer
  // over the text (on a phone).
  function freeBand() {
    let top = 0;
    let bottom = window.innerHeight;
    const bar = document.querySelector(".topbar");
    if (bar) top = Math.max(0, Math.min(bottom, bar.getBoundingClientRect().bottom));
    const panel = document.querySelector(".panel");
    if (panel && getComputedStyle(panel).position === "fixed") {
      const p = panel.getBoundingClientRect();
      if (p.top > top && p.top < bottom) bottom = p.top;
    }
    return [top, bottom];
  }

  // flash shows a passage the reader asked for: it is scrolled into the
  // free band only when it is not all in it, and marked for a moment.
  function flash(json) {
    const art = article();
    if (!art) return;
    const segs = JSON.parse(json);
    const ranges = rangesOf(art, segs, null, true);
    if (ranges.length === 0) return;
    let r = ranges[0].getBoundingClientRect();
    if (!r.height) {
      // A block not laid out yet (a long text's, far away) is brought
      // near first.
      const el = art.querySelector('[data-block="' + segs[0][0] + '"]');
      if (el) el.scrollIntoView({ block: "start", behavior: "instant" });
      r = ranges[0].getBoundingClientRect();
    }
    const [top, bottom] = freeBand();
    if (r.top < top || r.bottom > bottom) {
      // The passage's first line a third of the way down what the bar
      // and an open drawer leave free.
      window.scrollBy({ top: r.top - (top + Math.max(8, (bottom - top - r.height) / 3)), behavior: "instant" });
    }
    if (window.CSS && CSS.highlights) {
      const h = new Highlight(...ranges);
      h.priority = 20;
      CSS.highlights.set("flash", h);
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => CSS.highlights.delete("flash"), 1600);
    }
  }

  function clearSelection() {
    const sel = window.getSelection();
    if (sel) sel.removeAllRanges();
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // The toolbar follows the selection; it docks back when there is none.
  // Floating, it covers neither the selected lines nor the line after
  // them: it goes under that next line, or else over the selection's
  // first line, and never under the top bar nor over a phone's drawer.
  // Its place in the panel stays reserved (--dock, see app.css) so the
  // panel does not move.
  let floats = false; // whether the toolbar floats (see fieldWatch)
  function placeToolbar() {
    const bar = document.querySelector("[data-toolbar]");
    if (!bar) return;
    const r = selectionRange();
    floats = !!r;
    if (!r) {
      bar.removeAttribute("data-floating");
      bar.style.top = bar.style.left = "";
      return;
    }
    if (!bar.hasAttribute("data-floating") && bar.parentElement) {
      bar.parentElement.style.setProperty("--dock", bar.offsetHeight + "px");
    }
    let rects = Array.from(r.getClientRects()).filter((x) => x.width > 0 && x.height > 0);
    if (!rects.length) rects = [r.getBoundingClientRect()];
    const first = rects[0];
    const last = rects[rects.length - 1];
    bar.setAttribute("data-floating", "true");
    const w = bar.offsetWidth || 240;
    const h = bar.offsetHeight;
    const left = Math.max(4, Math.min(window.innerWidth - w - 4, last.left + last.width / 2 - w / 2));
    // A line's box is line-height tall, centred on its text's box.
    const lineHeight = (node, rect) => {
      const el = node.nodeType === 1 ? node : node.parentElement;
      const lh = el ? parseFloat(getComputedStyle(el).lineHeight) : NaN;
      return lh > 0 ? lh : rect.height * 1.5;
    };
    const lhStart = lineHeight(r.startContainer, first);
    const gap = 6;
    // Between the top bar and, on a phone, the drawer's handle.
    const [bandTop, bandBottom] = freeBand();
    const minTop = bandTop + 4;
    const maxTop = Math.max(minTop, bandBottom - h - 4);
    // The line after the selection: the next in its block, or the first
    // of the next block shown; without one, a line's height further down.
    let below = (last.top + last.bottom) / 2 + 1.5 * lineHeight(r.endContainer, last) + gap;
    const next = lineAfter(r, last);
    if (next) below = (next.rect.top + next.rect.bottom) / 2 + lineHeight(next.node, next.rect) / 2 + gap;
    const above = (first.top + first.bottom) / 2 - lhStart / 2 - gap - h;
    let top = below;
    if (below > maxTop) top = above >= minTop ? above : maxTop;
    // Kept inside the viewport even when the selection is scrolled away.
    bar.style.top = Math.max(minTop, Math.min(maxTop, top)) + "px";
    bar.style.left = left + "px";
  }

  // lineAfter returns the rectangle of the line that follows the range r,
  // whose last line is last, and the node it is in; or null.
  function lineAfter(r, last) {
    const art = article();
    const b = art && blockOf(r.endContainer, art);
    if (!b) return null;
    const rest = document.createRange();
    rest.setStart(r.endContainer, r.endOffset);
    rest.setEnd(b, b.childNodes.length);
    for (const x of rest.getClientRects()) {
      if (x.width > 0 && x.top >= last.bottom - 1) return { rect: x, node: b };
    }
    for (let n = b.nextElementSibling; n; n = n.nextElementSibling) {
      if (!n.hasAttribute("data-block") || n.getClientRects().length === 0) continue;
      const all = document.createRange();
      all.selectNodeContents(n);
      for (const x of all.getClientRects()) {
        if (x.width > 0) return { rect: x, node: n };
      }
    }
    return null;
  }

  // The program's handlers (see listen in app/edge.go): command(name)
  // returns true when it took a command; point(block, offset) is a click
  // in the article; drop(files) takes files; rows(from, n) returns more
  // rows of the list as [html, count]; nav(path) shows the document of a
  // step of the history; keys is the table of keys, as JSON; sample is
  // rows of made-up annotations (see warmFonts).
  let handlers = {};
  function listen(h) {
    handlers = h || {};
    if (typeof handlers.keys === "string") handlers.keys = JSON.parse(handlers.keys);
    release();
  }

  // Until the text is ready (the program has started and drawn the
  // text's annotations), what the reader asks for is held, not lost: a
  // tag button pressed (each, with the passage selected then, in order),
  // and files chosen for import or to open, dropped or opened with the
  // installed app. Before go-app has started the buttons have no handlers
  // yet, and after it the annotations are still being read. The page says
  // so, and gives them to the program once the text is ready.
  let waiting = []; // files
  let heldTags = []; // {name, range}, in the order pressed
  const heldSay = {
    ar: "سيُنفَّذ طلبك حين يجهز النص.",
    en: "What you asked for will be done once the text is ready.",
  };
  function isReady() {
    const art = article();
    return !!(art && art.dataset.ready === "true" && handlers.command);
  }
  function sayHeld(on) {
    let el = document.getElementById("held");
    if (!on) {
      if (el) el.remove();
      return;
    }
    if (!el) {
      el = document.createElement("p");
      el.id = "held";
      el.setAttribute("role", "status");
      document.body.append(el);
    }
    // In the reader's language when the page knows it (chosen, or shown
    // last time: see uiLang); otherwise in both, as the program, which
    // knows it, has not started yet.
    const part = (lang) => {
      const p = document.createElement("span");
      p.lang = lang;
      p.dir = lang === "ar" ? "rtl" : "ltr";
      p.textContent = heldSay[lang];
      return p;
    };
    const l = knownLang();
    el.dir = l === "en" ? "ltr" : "rtl";
    el.replaceChildren(...(l ? [part(l)] : [part("ar"), part("en")]));
  }
  function hold(files) {
    waiting.push(...files);
    sayHeld(true);
  }
  // release gives the program what was held, once the text is ready.
  function release() {
    if (!isReady()) return;
    sayHeld(false);
    const clicks = heldClicks;
    heldClicks = [];
    for (const sel of clicks) {
      const b = document.querySelector(sel);
      if (b) b.click();
    }
    if (waiting.length && handlers.drop) {
      const files = waiting;
      waiting = [];
      handlers.drop(files);
    }
    // Each tag on the passage it was pressed on, whatever was selected
    // since. The program reads the selection when it runs the command,
    // which may be after the call returns (while it is busy): the next
    // tag waits until it has (a tag clears the selection), for up to five
    // seconds: on a loaded machine a second could pass first, and a test
    // then found one of two tags done. A field the reader went on to type
    // in keeps the keyboard: the new rows do not take it (see focusItem).
    const tags = heldTags;
    heldTags = [];
    const field = document.activeElement;
    if (tags.length && field && field.matches && field.matches(fieldSel(field.dataset.field || ""))) keepKeyboard = field;
    const sel = window.getSelection();
    const tagFrom = (i) => {
      if (i >= tags.length || !sel) return;
      const { name, range } = tags[i];
      if (range && range.startContainer.isConnected && range.endContainer.isConnected) {
        sel.removeAllRanges();
        sel.addRange(range);
      }
      handlers.command(name, "");
      const asked = performance.now();
      const next = () => {
        if (sel.rangeCount === 0 || sel.isCollapsed || performance.now() - asked > 5000) tagFrom(i + 1);
        else setTimeout(next, 16);
      };
      next();
    };
    tagFrom(0);
  }
  // Keys pressed before the text is ready: a tag on the selection is held
  // as its button would be, and the keys' list shown once ready; the
  // others (undo, the rows' keys) have nothing to act on yet. Until the
  // program gives its table of keys (see listen), the page the server
  // sent carries it (data-keys, in base64), read at the first key or
  // before the program's first render replaces that page (serverCopy).
  // Not at DOMContentLoaded: that waits for go-app's deferred loader.
  let earlyKeys = null;
  function keyTable() {
    if (handlers.keys) return handlers.keys;
    if (!earlyKeys) {
      const l = document.querySelector("body > .layout[data-keys]");
      try {
        if (l) earlyKeys = JSON.parse(atob(l.dataset.keys));
      } catch (e) {}
    }
    return earlyKeys || [];
  }
  function holdKey(ev, name) {
    if (name.startsWith("tag-")) heldTags.push({ name, range: selectionRange() });
    else if (name === "help") heldClicks.push('button[data-action="help"]');
    else return;
    ev.preventDefault();
    sayHeld(true);
  }
  // keepKeyboard is a field given back the keyboard at the start, which
  // the rows of tags held until then do not take; the reader's next key
  // or press ends it.
  let keepKeyboard = null;
  for (const type of ["keydown", "pointerdown"]) document.addEventListener(type, () => { keepKeyboard = null; }, true);
  // Other buttons pressed before the program draws its own (the bar and
  // panel the server sent, or the copies of them go-app's first renders
  // show: see Reader.unfold) are pressed again, in order, once the text
  // is ready: the drawer, a filter, the language.
  let heldClicks = []; // selectors
  const notLive = '.layout:not([data-live="true"]) *, [data-copy] *';
  document.addEventListener("click", (ev) => {
    const b = ev.target instanceof Element ? ev.target.closest("button:is([data-action], [data-filter-tag])") : null;
    if (!b || isReady()) return;
    if (b.matches('.toolbar [data-action^="tag-"]')) heldTags.push({ name: b.dataset.action, range: selectionRange() });
    else if (b.matches(notLive)) heldClicks.push(b.dataset.action ? `button[data-action="${b.dataset.action}"]` : `button[data-filter-tag="${b.dataset.filterTag}"]`);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
    sayHeld(true);
  }, true);
  // What is typed into a field, or chosen in one, before the program
  // draws its own is kept: go-app's first renders replace the fields
  // (see Reader.unfold), and the text typed and the keyboard went with
  // them. Each field drawn anew gets the value back, and the keyboard if
  // it had it; the program hears it as typed.
  const typed = new Map(); // data-field → value
  let typedFocus = "";
  const fieldSel = (f) => `:is(input, select)[data-field="${f}"]`;
  const isField = (t) => (t instanceof HTMLInputElement || t instanceof HTMLSelectElement) && t.type !== "file" && t.dataset.field && !t.closest("[data-annotation-id]");
  document.addEventListener("input", (ev) => {
    if (!isReady() && isField(ev.target)) typed.set(ev.target.dataset.field, ev.target.value);
  }, true);
  document.addEventListener("focusin", (ev) => {
    if (!isReady()) typedFocus = isField(ev.target) ? ev.target.dataset.field : "";
  }, true);
  // fieldsTaken gives the fields what was typed into them before the text
  // was ready, once, as the page becomes ready: from then on, what is
  // typed is the program's alone. Given back a task later (with the rest
  // of what was held), the value held undid the keys typed in between.
  function fieldsTaken() {
    fieldWatch.disconnect();
    giveBack();
    typed.clear();
    typedFocus = "";
  }
  function giveBack() {
    for (const [f, v] of typed) {
      const el = document.querySelector(fieldSel(f));
      if (!el || el.value === v) continue;
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      if (f !== typedFocus) el.dispatchEvent(new Event("change", { bubbles: true }));
    }
    const el = typedFocus && document.querySelector(fieldSel(typedFocus));
    if (el && document.activeElement !== el) {
      el.focus();
      try {
        el.setSelectionRange(el.value.length, el.value.length);
      } catch (e) {} // a list has no caret
    }
  }
  // A tag bar drawn anew (the program's replacing the server's) floats
  // over a selection made before, as the one it replaces did. Only then:
  // asking for the selection lays the page out, and the server's page,
  // still being read, took 70 ms to lay out.
  const addsToolbar = (m) => Array.from(m.addedNodes).some((n) => n.nodeType === 1 && (n.matches("[data-toolbar]") || n.querySelector("[data-toolbar]")));
  // So does the bar's menu (a popover on a phone) opened before.
  let moreOpen = false;
  document.addEventListener("toggle", (ev) => {
    if (ev.target.id === "more" && ev.target.isConnected && !isReady()) moreOpen = ev.newState === "open";
  }, true);
  // A skip button shows when it takes the keyboard. The one after a long
  // list was left below the screen: the list's rows are laid out as they
  // come near it, and moved it down after the browser had scrolled to it.
  // It is scrolled to, frame after frame, until it has stayed in view for
  // a few frames.
  document.addEventListener("focusin", (ev) => {
    const t = ev.target;
    if (!(t instanceof HTMLElement) || !t.classList.contains("skip")) return;
    untilStill(() => {
      if (document.activeElement !== t) return null;
      const r = t.getBoundingClientRect();
      const p = t.closest(".panel");
      const box = p ? p.getBoundingClientRect() : { top: 0, bottom: innerHeight };
      if (r.top >= Math.max(0, box.top) && r.bottom <= Math.min(innerHeight, box.bottom)) return false;
      t.scrollIntoView({ block: "nearest" });
      return true;
    });
  });
  // A paste into a note past its field's length is cut by the browser,
  // without a word: the program tells the reader. Line ends count as the
  // field keeps them, one unit each.
  document.addEventListener("paste", (ev) => {
    const t = ev.target;
    if (!(t instanceof HTMLTextAreaElement) || !t.matches('[data-field="note"]') || t.maxLength < 0 || !ev.clipboardData) return;
    const text = ev.clipboardData.getData("text/plain").replace(/\r\n?/g, "\n");
    const room = t.maxLength - t.value.length + (t.selectionEnd - t.selectionStart);
    if (text.length > room && handlers.noteCut) handlers.noteCut(t.maxLength);
  }, true);
  const fieldWatch = new MutationObserver((records) => {
    if (typed.size || typedFocus) giveBack();
    if (floats && records.some(addsToolbar)) placeToolbar();
    const more = moreOpen && document.getElementById("more");
    if (more && more.showPopover && !more.matches(":popover-open")) more.showPopover();
  });
  fieldWatch.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("change", (ev) => {
    const t = ev.target;
    if (!(t instanceof HTMLInputElement) || !t.matches('input[type=file]:is([data-action="import"], [data-action="open-document"])') || !t.files.length || isReady()) return;
    ev.stopPropagation();
    hold(t.files);
    t.value = "";
  }, true);
  // command gives the program a command, with the listed annotation whose
  // row has the keyboard: the keys act on that one, however the keyboard
  // came to it (a click, Tab, a screen reader).
  function command(ev, name) {
    const row = ev.target && ev.target.closest ? ev.target.closest(".panel [data-annotation-id]") : null;
    if (handlers.command && handlers.command(name, row ? row.dataset.annotationId : "")) ev.preventDefault();
  }

  // Keyboard: the program's table of keys (bindings in app/keys.go) says
  // which command a key gives and where; the first binding that applies
  // wins. Keys it does not take keep their meaning: arrows in the article
  // move a caret and shift+arrows extend the selection (visually, so left
  // is left in Arabic and English lines alike), Ctrl+arrows by word. A
  // letter acts on an annotation only from its row in the list: anywhere
  // else a letter is a letter, and typing never retags.
  function onKey(ev) {
    const art = article();
    if (!art || ev.defaultPrevented) return;
    const t = ev.target;
    const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    const mod = ev.ctrlKey || ev.metaKey;
    const where = {
      anywhere: !(typing && t.tagName !== "SELECT"),
      note: typing && t.dataset && t.dataset.field === "note",
      page: !typing,
      selection: !typing && !!selectionRange(),
      row: !typing && !!(t && t.closest && t.closest("[data-annotation-id]")),
    };
    let dir = "";
    for (const b of keyTable()) {
      if ((b.code ? ev.code : ev.key) !== b.key || !where[b.where] || ev.altKey || mod !== !!b.mod) continue;
      if ((b.code || b.mod) && !b.anyShift && ev.shiftKey !== !!b.shift) continue;
      if (b.dir && b.dir !== (dir = dir || getComputedStyle(art).direction)) continue;
      return isReady() ? command(ev, b.command) : holdKey(ev, b.command);
    }
    if (typing || ev.altKey || (mod && !(ev.ctrlKey && !ev.metaKey && (ev.key === "ArrowLeft" || ev.key === "ArrowRight")))) return;
    if (!art.contains(t) && t !== art) return;
    const dirs = { ArrowLeft: ["left", "character"], ArrowRight: ["right", "character"], ArrowUp: ["backward", "line"], ArrowDown: ["forward", "line"], Home: ["backward", "lineboundary"], End: ["forward", "lineboundary"] };
    const d = dirs[ev.key];
    if (!d) return;
    const sel = window.getSelection();
    if (sel.rangeCount === 0 || !art.contains(sel.anchorNode)) {
      const first = blocks(art)[0];
      if (!first) return;
      sel.collapse(first.firstChild || first, 0);
    }
    const gran = ev.ctrlKey && d[1] === "character" ? "word" : d[1];
    sel.modify(ev.shiftKey ? "extend" : "move", d[0], gran);
    ev.preventDefault();
  }

  // A click in the article without selecting tells the program where, as
  // [block, UTF-16 offset], so it can focus the highlight there.
  document.addEventListener("click", (ev) => {
    const art = article();
    if (!handlers.point || !art || !art.contains(ev.target)) return;
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const r = document.caretRangeFromPoint && document.caretRangeFromPoint(ev.clientX, ev.clientY);
    if (!r) return;
    const p = point(art, r.startContainer, r.startOffset, false);
    if (p) handlers.point(p[0], p[1]);
  });

  const touchOnly = () => window.matchMedia("(hover: none) and (pointer: coarse)").matches;

  // rowOf is a listed annotation's row, drawing more of a long list until
  // it is there.
  function rowOf(id) {
    while (!list.rows.has(id) && drawMore()) {}
    return list.rows.get(id) || null;
  }

  // reveal scrolls the panel, when it scrolls on its own, so that a row
  // is in view. The page itself never moves for it. It measures the row
  // just before the next frame, when the page is laid out anyway.
  //
  // In a long list drawn anew, the groups around the row are laid out
  // only once shown, and may then take another height than the one
  // guessed for them: the row is measured again each frame until it has
  // stayed in view for three frames (thirty frames at most). Two were not
  // always enough on a busy machine: a row 600 of 700 was left 26 px above
  // the panel's top once its language was switched.
  function reveal(li) {
    untilStill(() => revealNow(li));
  }
  // untilStill calls move just before each frame, until it has not had to
  // move anything for three frames in a row (thirty frames at most, or
  // until it answers null: nothing left to do). What it keeps in view
  // moves while what lies around it is laid out for the first time.
  function untilStill(move) {
    let frames = 30;
    let still = 0;
    const step = () => {
      const moved = move();
      if (moved === null) return;
      still = moved ? 0 : still + 1;
      if (still < 3 && --frames > 0) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
  // revealNow scrolls the panel to the row now; it says whether it had to.
  function revealNow(li) {
    if (!li.isConnected) return false;
    const panel = li.closest(".panel");
    if (!panel) return false;
    const cs = getComputedStyle(panel);
    if (!/(auto|scroll)/.test(cs.overflowY) || panel.scrollHeight <= panel.clientHeight) return false;
    const r = li.getBoundingClientRect();
    const p = panel.getBoundingClientRect();
    // On a phone the drawer's handle stays at its top, over the rows.
    let top = p.top;
    const handle = panel.querySelector(".drawer-handle");
    if (handle && getComputedStyle(handle).position === "sticky") top = Math.max(top, handle.getBoundingClientRect().bottom);
    if (r.top < top) panel.scrollTop += r.top - top - 8;
    else if (r.bottom > p.bottom) panel.scrollTop += Math.min(r.bottom - p.bottom + 8, r.top - top - 8);
    else return false;
    return true;
  }

  // A drawer that closes goes back to its top: closed, it shows its
  // handle only, and what it was scrolled to showed under the handle.
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.classList.contains("panel") && r.target.dataset.open !== "true") r.target.scrollTop = 0;
    }
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-open"] });

  // focusItem moves the keyboard to a listed annotation: to its row
  // ("item"), or to its note ("note": after a click on its passage, what
  // the reader types goes there; on a touch screen nothing moves, so no
  // keyboard opens over the text). Nothing scrolls but the panel.
  function focusItem(id, where) {
    const li = rowOf(id);
    if (!li) return false;
    if (keepKeyboard && document.activeElement === keepKeyboard) {
      reveal(li);
      return false;
    }
    const target = where === "note" ? li.querySelector('[data-field="note"]') : li.querySelector("[data-action=go-to]");
    if (!target || !target.checkVisibility()) return false;
    // A reader selecting in the article (a double-click inside the
    // highlight just clicked) keeps the selection.
    if (where === "note" && (touchOnly() || selectionRange())) return false;
    target.focus({ preventScroll: true });
    reveal(li);
    return true;
  }

  // revealItem scrolls the panel to a listed annotation's row, drawing
  // more of a long list until it is there; the keyboard stays where it is.
  function revealItem(id) {
    const li = rowOf(id);
    if (li) reveal(li);
  }

  function focusSelector(sel) {
    const el = document.querySelector(sel);
    if (el) el.focus({ preventScroll: true });
  }

  // focusNote moves the keyboard focus to a listed annotation's note.
  function focusNote(id) {
    const li = rowOf(id);
    const n = li && li.querySelector('[data-field="note"]');
    if (!n) return false;
    n.focus({ preventScroll: true });
    reveal(li);
    return true;
  }

  document.addEventListener("selectionchange", placeToolbar);
  // A resize or a scroll moves only a bar that floats over a selection.
  // Asking for the selection lays the page out: a resize as the page
  // loads (a phone's screen set) would lay it out in a task of its own.
  const moveToolbar = () => {
    if (document.querySelector("[data-toolbar][data-floating]")) placeToolbar();
  };
  window.addEventListener("resize", moveToolbar);
  window.addEventListener("scroll", moveToolbar, { passive: true });
  document.addEventListener("keydown", onKey);
  // Pressing a toolbar button must not clear the selection it acts on.
  document.addEventListener("mousedown", (ev) => {
    if (ev.target.closest && ev.target.closest("[data-toolbar] button, [data-keep-selection]")) ev.preventDefault();
  });
  // Pressing a button while a note is being written leaves the focus in
  // the note until the click is over, then gives it to the button. The
  // note shrinks when it loses the focus: shrinking it at the press moved
  // what was pressed (Delete beside it, when the list was scrolled to its
  // end; the drawer's handle on a phone) before the release, and the click
  // missed.
  document.addEventListener("mousedown", (ev) => {
    const note = document.activeElement;
    const b = ev.target.closest && ev.target.closest("button");
    if (!b || !note || !note.matches('[data-field="note"]')) return;
    ev.preventDefault();
    b.addEventListener("click", () => setTimeout(() => {
      if (b.isConnected && document.activeElement === note) b.focus({ preventScroll: true });
    }), { once: true });
  });

  // Storage: one IndexedDB record per annotation, keyed by document and
  // id, so a save writes only what changed, in one transaction (all or
  // nothing), and two tabs never overwrite each other's newer work.
  // Records are {doc, id, modified (ms), deleted, data (the annotation as
  // JSON)}; a deleted annotation stays as a tombstone so that an older copy
  // in another tab cannot bring it back.
  //
  // Version 2 adds the library: the object store "documents", one record
  // per document the reader opened, keyed by its id (see app/library), and
  // beside it "texts", each document's text under the same id. The text
  // is kept apart so that listing the library, renaming a document and
  // marking it opened never copy it (a 5 MB text took 340-840 ms to mark
  // opened when it was in the same record). The upgrade only adds them:
  // the annotations stay as they were.
  //
  // Version 3 adds "snapshots": per document, {doc, dead, live}, what
  // loadFast gives, as it last read them from the document's
  // records. Every transaction that changes a document's records deletes
  // its snapshot, so a snapshot says what the records say. Reading 10,000
  // records took 830 ms; their snapshot, about 100 ms.
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = indexedDB.open("annotator", 4);
        req.onupgradeneeded = (ev) => {
          const d = req.result;
          if (ev.oldVersion < 1) {
            const os = d.createObjectStore("annotations", { keyPath: ["doc", "id"] });
            os.createIndex("doc", "doc");
          }
          if (ev.oldVersion < 2) {
            d.createObjectStore("documents", { keyPath: "id" });
            d.createObjectStore("texts", { keyPath: "id" });
          }
          if (ev.oldVersion < 3) d.createObjectStore("snapshots", { keyPath: "doc" });
          if (ev.oldVersion < 4) d.createObjectStore("journal", { autoIncrement: true });
        };
        req.onsuccess = () => {
          const d = req.result;
          // A newer version of the app, in another tab, needs the
          // database closed to upgrade it.
          d.onversionchange = () => {
            d.close();
            dbPromise = null;
          };
          resolve(d);
        };
        req.onerror = () => reject(req.error);
        req.onblocked = () => reject(new Error("the database is blocked by another tab of an older version of the app: close it"));
      });
      dbPromise.catch(() => { dbPromise = null; });
    }
    return dbPromise;
  }

  // load resolves to a JSON array of the document's records.
  async function load(doc) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const req = d.transaction("annotations").objectStore("annotations").index("doc").getAll(doc);
      req.onsuccess = () => resolve(JSON.stringify(req.result));
      req.onerror = () => reject(req.error);
    });
  }

  // loadFast resolves to the document's tombstones and annotations as
  // JSON, [{id: ms}, [annotation, ...]], the first as a string, the second
  // as UTF-8 bytes (a Uint8Array) made by joining the stored JSON of each:
  // the program copies the bytes and reads them in one pass (handing it a
  // 4.5 MB string cost 140 ms to encode and copy). A record
  // whose JSON is broken breaks the whole; the program then reads them one
  // by one with load.
  //
  // It reads the document's snapshot when there is one; otherwise the
  // records, and keeps what it read as the snapshot, in the same
  // transaction (no other tab writes in between). A small document has
  // no snapshot: its records are quickly read.
  const snapshotFrom = 200;
  function loadFast(doc) {
    const e = early;
    early = null;
    return e && e.doc === doc ? e.read : readStore(doc);
  }

  // The page starts reading the annotations of the article the server
  // sent as it loads, while the program downloads and starts; the
  // program's first loadFast of that document takes what was read, unless
  // a tab (this one or another) saved in between.
  let early = null;
  function readEarly() {
    const art = article();
    if (!art || !art.dataset.doc || !window.indexedDB) return;
    early = { doc: art.dataset.doc, read: readStore(art.dataset.doc) };
    early.read.catch(() => {});
  }

  async function readStore(doc) {
    await replay();
    const d = await db();
    return new Promise((resolve, reject) => {
      const tx = d.transaction(["annotations", "snapshots"], "readwrite");
      const snaps = tx.objectStore("snapshots");
      const snap = snaps.get(doc);
      snap.onsuccess = () => {
        if (snap.result) {
          resolve([snap.result.dead, snap.result.live]);
          return;
        }
        const req = tx.objectStore("annotations").index("doc").getAll(doc);
        req.onsuccess = () => {
          const live = [];
          const dead = {};
          for (const r of req.result) {
            if (r.deleted) dead[r.id] = r.modified;
            else live.push(r.data);
          }
          const out = [JSON.stringify(dead), new TextEncoder().encode("[" + live.join(",") + "]")];
          resolve(out);
          // A snapshot that cannot be kept (a full quota) leaves the
          // records as they are: the next load reads them again.
          if (req.result.length >= snapshotFrom) {
            try {
              snaps.put({ doc, dead: out[0], live: out[1] });
            } catch (e) {}
          }
        };
      };
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("reading the annotations was aborted"));
    });
  }

  const channel = "BroadcastChannel" in window ? new BroadcastChannel("annotator") : null;
  if (channel) channel.addEventListener("message", () => { early = null; });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", readEarly);
  else readEarly();

  // write stores records (a JSON array: a string, or its UTF-8 bytes for
  // many, see app/store.go's manyRecords) in one transaction, each only if
  // it is newer than the stored one, and tells the other tabs.
  //
  // A save the page has not finished when it is closed or reloaded (the
  // browser gives up its transaction with the page) is written by the next
  // load: write first keeps the records in localStorage, which is written
  // at once, and takes them away when the transaction is over, done or
  // failed (a failure the reader is told of). Writing them twice changes
  // nothing: a record is kept only if it is newer. Records too many for
  // localStorage are saved without this.
  //
  // Many records at once (an import) are stored once the list has drawn
  // its rows (storing 1,000 took a task of 30 to 50 ms between the list's
  // chunks), and kept in localStorage only if the page is hidden, left or
  // reloaded before they are (see keepUnsaved): written at once, 1,000
  // records took 40 ms of the task that shows the import. Their bytes are
  // read as text only then. They are also kept at once, as they came, in
  // IndexedDB's journal (one record, quickly written, in a store of its
  // own): localStorage holds some 5 MB, and the records of 10,000
  // annotations (11 MB) were lost when the page was left before they were
  // stored. Once they are there, localStorage is not asked.
  const journal = "annotator:saving:";
  const unsaved = new Map(); // journal key → entry (a function), many records not yet stored
  function keep(key, entry) {
    try {
      localStorage.setItem(key, entry);
      return true;
    } catch (e) {
      return false;
    }
  }
  function keepUnsaved() {
    for (const [key, entry] of unsaved) keep(key, entry());
    unsaved.clear();
  }
  addEventListener("pagehide", keepUnsaved);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") keepUnsaved();
  });
  async function write(doc, records) {
    early = null;
    const key = journal + Date.now().toString(36) + Math.random().toString(36).slice(2);
    const many = typeof records !== "string";
    const json = () => (many ? new TextDecoder().decode(records) : records);
    const entry = () => '{"doc":' + JSON.stringify(doc) + ',"records":' + json() + "}";
    let kept = false;
    let inJournal = null;
    if (many) {
      unsaved.set(key, entry);
      // Once in the journal, leaving the page need not copy them again.
      inJournal = keepInJournal(doc, records).then((k) => {
        if (k !== null) unsaved.delete(key);
        return k;
      });
      await listDrawn();
    } else {
      kept = keep(key, entry());
    }
    try {
      await save(doc, JSON.parse(json()));
      if (inJournal) dropFromJournal(await inJournal);
    } finally {
      if (!unsaved.delete(key) && (kept || many)) localStorage.removeItem(key);
    }
    if (channel) channel.postMessage({ doc });
  }
  // keepInJournal keeps the bytes of many records in IndexedDB's journal
  // and resolves to their key there, or null if they could not be kept.
  async function keepInJournal(doc, bytes) {
    try {
      const d = await db();
      return await new Promise((resolve) => {
        const tx = d.transaction("journal", "readwrite");
        const req = tx.objectStore("journal").add({ doc, records: bytes });
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = tx.onabort = () => resolve(null);
      });
    } catch (e) {
      return null;
    }
  }
  async function dropFromJournal(key) {
    if (key === null || key === undefined) return;
    const d = await db();
    d.transaction("journal", "readwrite").objectStore("journal").delete(key);
  }
  // journalEntries is every [key, {doc, records}] in IndexedDB's journal.
  async function journalEntries() {
    const d = await db();
    return new Promise((resolve) => {
      const os = d.transaction("journal").objectStore("journal");
      const keys = os.getAllKeys();
      const values = os.getAll();
      values.onsuccess = () => resolve(keys.result.map((k, i) => [k, values.result[i]]));
      values.onerror = () => resolve([]);
    });
  }
  // listDrawn resolves once the list has no more rows to draw.
  function listDrawn() {
    return new Promise((resolve) => {
      const check = () => (list.drawn < list.total && list.timer ? soon(check) : resolve());
      soon(check);
    });
  }

  // replay writes the saves a page left unfinished, once.
  let replayed = null;
  function replay() {
    if (!replayed) {
      replayed = (async () => {
        const keys = [];
        for (let i = 0; i < localStorage.length; i++) {
          const k = localStorage.key(i);
          if (k && k.startsWith(journal)) keys.push(k);
        }
        for (const k of keys) {
          const j = journaled(k);
          if (j) await save(j.doc, j.records);
          localStorage.removeItem(k);
        }
        for (const [k, e] of await journalEntries()) {
          let records = null;
          try {
            records = JSON.parse(new TextDecoder().decode(e.records));
          } catch (err) {} // unreadable: dropped, as a broken localStorage entry is
          if (records) await save(e.doc, records);
          await dropFromJournal(k);
        }
      })().catch(() => {});
    }
    return replayed;
  }

  // journaled is the save kept under a journal key, {doc, records}, or
  // null.
  function journaled(key) {
    try {
      const j = JSON.parse(localStorage.getItem(key));
      return j && typeof j.doc === "string" && Array.isArray(j.records) ? j : null;
    } catch (e) {
      return null;
    }
  }

  const putBatch = 200; // records put at once in a large save
  // save writes records of doc in one transaction.
  async function save(doc, records) {
    const d = await db();
    const tx = d.transaction(["annotations", "snapshots"], "readwrite");
    const os = tx.objectStore("annotations");
    tx.objectStore("snapshots").delete(doc);
    for (const r of records) r.doc = doc;
    if (records.length > 100) {
      // Many at once (an import): the document's stored records are
      // read in one request, not one request each, and the new ones put
      // a batch at a time, the next once the last of a batch is written,
      // in the same transaction: 1,000 put at once took a task of 25 to
      // 55 ms.
      const all = os.getAll(IDBKeyRange.bound([doc, ""], [doc, []]));
      all.onsuccess = () => {
        const stored = new Map(all.result.map((s) => [s.id, s.modified]));
        let i = 0;
        const batch = () => {
          let last = null;
          for (const end = Math.min(records.length, i + putBatch); i < end; i++) {
            last = keepNewer(os, records[i], stored.get(records[i].id)) || last;
          }
          if (i < records.length) {
            if (last) last.onsuccess = batch;
            else batch();
          }
        };
        batch();
      };
    } else {
      for (const r of records) putNewer(os, r);
    }
    await done(tx);
  }

  // keepNewer puts record r into the object store os unless the stored
  // one (modified at stored, in ms; undefined for none) is newer.
  // It returns the put's request, or null.
  function keepNewer(os, r, stored) {
    return stored === undefined || stored <= r.modified ? os.put(r) : null;
  }
  // putNewer does so reading the stored record first.
  function putNewer(os, r) {
    const get = os.get([r.doc, r.id]);
    get.onsuccess = () => keepNewer(os, r, get.result ? get.result.modified : undefined);
  }

  // onChange calls fn(doc, library) when another tab has saved: doc is the
  // document whose annotations changed, library is true when the library
  // changed (a document added, renamed or removed).
  let changed = null;
  function onChange(fn) {
    changed = fn;
    if (channel) channel.onmessage = fn ? (ev) => fn(ev.data && ev.data.doc, !!(ev.data && ev.data.library)) : null;
  }

  // A save that another tab started and did not finish (the tab was
  // closed or reloaded while it wrote) is written by this tab, which shows
  // it and tells the others. A save ends within milliseconds; one still
  // unfinished after orphanAfter is taken for lost. Writing a save twice
  // changes nothing, since a record is kept only if newer.
  const orphanAfter = 3000;
  const watched = new Map(); // journal key → timer
  addEventListener("storage", (e) => {
    if (e.storageArea !== localStorage || !e.key || !e.key.startsWith(journal)) return;
    clearTimeout(watched.get(e.key));
    watched.delete(e.key);
    if (e.newValue === null) return;
    const key = e.key;
    watched.set(key, setTimeout(async () => {
      watched.delete(key);
      const j = journaled(key);
      if (!j) return;
      try {
        await save(j.doc, j.records);
      } catch (err) {
        return; // the next load writes it
      }
      localStorage.removeItem(key);
      early = null;
      if (changed) changed(j.doc, false);
      if (channel) channel.postMessage({ doc: j.doc });
    }, orphanAfter));
  });

  // The library. A record of "documents" is an entry of app/library
  // without its text: {id, title, lang, dir, kinds, repeat, name, format,
  // encoding, size, added, opened, seed, renamed}; a record of "texts" is
  // {id, text}.

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  function done(tx) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("the change was aborted"));
    });
  }
  function told(doc) {
    if (channel) channel.postMessage({ doc, library: true });
  }

  // putDocument keeps a document: its entry (JSON) and its text, in one
  // transaction. A document already there keeps when it was added and
  // the title the reader gave it.
  async function putDocument(json, text) {
    const e = JSON.parse(json);
    delete e.text;
    const d = await db();
    const tx = d.transaction(["documents", "texts"], "readwrite");
    const os = tx.objectStore("documents");
    const get = os.get(e.id);
    get.onsuccess = () => {
      const old = get.result;
      if (old) {
        e.added = old.added || e.added;
        if (old.renamed) {
          e.title = old.title;
          e.renamed = true;
        }
      }
      os.put(e);
    };
    tx.objectStore("texts").put({ id: e.id, text });
    await done(tx);
    told(e.id);
  }

  // getDocument resolves to [entry as JSON, text] for a document, or to
  // null when the library does not hold it.
  async function getDocument(id) {
    const d = await db();
    const tx = d.transaction(["documents", "texts"]);
    const [e, t] = await Promise.all([request(tx.objectStore("documents").get(id)), request(tx.objectStore("texts").get(id))]);
    return e ? [JSON.stringify(e), t ? t.text : ""] : null;
  }

  // touchDocument records that a document was shown now (the seed gets an
  // entry of its own the first time).
  async function touchDocument(id, seed) {
    const d = await db();
    const tx = d.transaction("documents", "readwrite");
    const os = tx.objectStore("documents");
    const get = os.get(id);
    const now = Date.now();
    get.onsuccess = () => {
      const e = get.result;
      if (e) {
        e.opened = now;
        os.put(e);
      } else if (seed) {
        os.put({ id, seed: true, added: now, opened: now });
      }
    };
    await done(tx);
  }

  // renameDocument gives a document the title the reader chose.
  async function renameDocument(id, title) {
    const d = await db();
    const tx = d.transaction("documents", "readwrite");
    const os = tx.objectStore("documents");
    const get = os.get(id);
    get.onsuccess = () => {
      const e = get.result;
      if (!e) return;
      e.title = title;
      e.renamed = true;
      os.put(e);
    };
    await done(tx);
    told(id);
  }

  // library resolves to the library as JSON: {"docs": [entries], "counts":
  // {doc: annotations kept}}. Tombstones are not counted.
  async function library() {
    const d = await db();
    const tx = d.transaction(["documents", "annotations"]);
    const docs = tx.objectStore("documents").getAll();
    const counts = {};
    const ann = tx.objectStore("annotations").openCursor();
    ann.onsuccess = () => {
      const c = ann.result;
      if (!c) return;
      if (!c.value.deleted) counts[c.value.doc] = (counts[c.value.doc] || 0) + 1;
      c.continue();
    };
    await done(tx);
    return JSON.stringify({ docs: docs.result, counts });
  }

  // removeDocument takes a document, its text and every record of its
  // annotations out of the library, in one transaction, and resolves to
  // how many annotations went with it. What it took is kept in the page
  // until restoreDocument puts it back.
  const removed = new Map();
  async function removeDocument(id) {
    early = null;
    const d = await db();
    const tx = d.transaction(["documents", "texts", "annotations", "snapshots"], "readwrite");
    tx.objectStore("snapshots").delete(id);
    const docs = tx.objectStore("documents");
    const texts = tx.objectStore("texts");
    const ann = tx.objectStore("annotations");
    const out = { doc: null, text: null, records: [] };
    const get = docs.get(id);
    get.onsuccess = () => {
      out.doc = get.result || null;
      docs.delete(id);
    };
    const text = texts.get(id);
    text.onsuccess = () => {
      out.text = text.result || null;
      texts.delete(id);
    };
    const all = ann.index("doc").getAll(id);
    all.onsuccess = () => {
      out.records = all.result;
      for (const r of all.result) ann.delete([r.doc, r.id]);
    };
    await done(tx);
    removed.set(id, out);
    told(id);
    return out.records.filter((r) => !r.deleted).length;
  }

  // restoreDocument puts back what removeDocument took of a document.
  async function restoreDocument(id) {
    early = null;
    const r = removed.get(id);
    if (!r) throw new Error("nothing removed to put back");
    const d = await db();
    const tx = d.transaction(["documents", "texts", "annotations", "snapshots"], "readwrite");
    tx.objectStore("snapshots").delete(id);
    if (r.doc) tx.objectStore("documents").put(r.doc);
    if (r.text) tx.objectStore("texts").put(r.text);
    // What another tab saved since the removal is newer, and kept.
    const ann = tx.objectStore("annotations");
    for (const rec of r.records) putNewer(ann, rec);
    await done(tx);
    removed.delete(id);
    told(id);
    if (channel) channel.postMessage({ doc: id });
  }

  // readBytes resolves to a file's bytes, which the program decodes.
  async function readBytes(file) {
    return new Uint8Array(await file.arrayBuffer());
  }

  // persist asks the browser not to evict the annotations under pressure.
  function persist() {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  }

  // On a phone the less used commands are in a menu (a popover): it
  // closes once one of them is used, a file chosen or a button pressed,
  // so that it covers neither the document opened nor the next tap.
  function closeMenu(ev) {
    const menu = ev.target.closest && ev.target.closest("#more");
    if (!menu || !menu.matches(":popover-open")) return;
    if (ev.type === "change" || ev.target.closest("button")) menu.hidePopover();
  }
  document.addEventListener("change", closeMenu);
  document.addEventListener("click", closeMenu);

  // The page says when it is offline.
  function showOnline() {
    for (const el of document.querySelectorAll("[data-offline]")) el.hidden = navigator.onLine;
  }
  window.addEventListener("online", showOnline);
  window.addEventListener("offline", showOnline);
  document.addEventListener("DOMContentLoaded", showOnline);

  // share hands the file to the system's share sheet where the browser
  // can share files, and downloads it otherwise. It resolves to what it did.
  async function share(name, type, text) {
    const file = new File([text], name, { type: type.split(";")[0] });
    if (navigator.canShare && navigator.canShare({ files: [file] })) {
      try {
        await navigator.share({ files: [file], title: name });
        return "shared";
      } catch (err) {
        if (err && err.name === "AbortError") return "cancelled";
      }
    }
    download(name, type, text);
    return "downloaded";
  }

  // Files dropped anywhere on the page, or opened with the installed app,
  // are imported (or opened, for texts); before the text is ready they
  // are held (see hold).
  if ("launchQueue" in window) {
    window.launchQueue.setConsumer(async (params) => {
      const files = [];
      for (const h of params.files || []) files.push(await h.getFile());
      if (!files.length) return;
      if (isReady() && handlers.drop) handlers.drop(files);
      else hold(files);
    });
  }
  const hasFiles = (ev) => ev.dataTransfer && Array.from(ev.dataTransfer.types || []).includes("Files");
  document.addEventListener("dragover", (ev) => {
    if (hasFiles(ev)) {
      ev.preventDefault();
      ev.dataTransfer.dropEffect = "copy";
    }
  });
  document.addEventListener("drop", (ev) => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    if (isReady() && handlers.drop) handlers.drop(ev.dataTransfer.files);
    else hold(ev.dataTransfer.files);
  });

  // serverCopy is a part of the page (the bar, its menu, the side panel:
  // selector names it) as the server sent it, for the program's first
  // renders to show until they draw it themselves (see Reader.unfold);
  // asked again for the same part, it is "".
  // Styles the page gave it (the toolbar placed by a selection) are left
  // out: written as attributes, the page's policy refuses them.
  const copied = new Set();
  function serverCopy(selector, lang) {
    keyTable();
    // In the reader's language: the page, or its English copy (a first
    // visit in English, see serverPageRead).
    const l = document.querySelector("body > .layout");
    const t = l && l.lang !== lang && l.querySelector(`:scope > template[data-lang="${lang}"]`);
    const root = l && l.lang === lang ? l : t && t.content;
    const p = !copied.has(selector) && root && root.querySelector(selector);
    copied.add(selector);
    if (!p) return "";
    const c = p.cloneNode(true);
    for (const el of [c, ...c.querySelectorAll("[style]")]) el.removeAttribute("style");
    c.setAttribute("data-copy", ""); // its buttons have no handlers
    return c.outerHTML;
  }

  // The page the server sent is in Arabic, with the same page in English
  // in a template. A reader of the English interface (chosen, or shown
  // last time: see uiLang) gets the English one as soon as it is read,
  // before it is painted and long before the program starts. Otherwise
  // the template stays, for the program's first render in English (see
  // serverCopy).
  // go-app writes an attribute whose value is "true" bare (aria-hidden,
  // not aria-hidden="true"), which means "" and not true for these: they
  // are given their value, so that the page reads right before the
  // program draws it again.
  const uiLangShownKey = "annotator:ui-lang-shown";
  // knownLang is the interface language the reader chose, or was shown
  // last time, or "" when the page does not know it.
  function knownLang() {
    try {
      const l = localStorage.getItem("annotator:ui-lang") || localStorage.getItem(uiLangShownKey);
      return l === "ar" || l === "en" ? l : "";
    } catch (e) {
      return "";
    }
  }
  // uiLang keeps the interface language the program shows, for the next
  // visit's first paint. The page itself stays right to left, as its
  // text is.
  function uiLang(l) {
    try {
      localStorage.setItem(uiLangShownKey, l);
    } catch (e) {}
  }
  const bareTrue = ["hidden", "pressed", "expanded", "checked", "selected", "disabled"].map((a) => "aria-" + a);
  function trueValues(root) {
    for (const el of root.querySelectorAll(bareTrue.map((a) => `[${a}=""]`).join(","))) {
      for (const a of bareTrue) if (el.getAttribute(a) === "") el.setAttribute(a, "true");
    }
  }
  function serverPageRead(english) {
    let l = document.querySelector("body > .layout");
    if (!l) return false;
    const t = l.querySelector(':scope > template[data-lang="en"]');
    if (t) keyTable(); // the Arabic page carries it
    // The English copy comes first in the page, and is taken as soon as
    // it is read (the parser has gone past it): before anything in
    // Arabic is painted, however slowly the page arrives. The rest of
    // the Arabic page is read into the page taken out.
    const en = english && t && t.nextSibling && t.content.firstElementChild;
    if (en) {
      const n = document.importNode(en, true);
      l.replaceWith(n);
      l = n;
    }
    if (!en && !l.nextElementSibling) return false; // still being read
    trueValues(l);
    if (t && l.contains(t)) trueValues(t.content);
    return true;
  }
  {
    const english = knownLang() === "en";
    const mo = new MutationObserver(() => {
      if (serverPageRead(english)) mo.disconnect();
    });
    mo.observe(document.documentElement, { childList: true, subtree: true });
  }

  // Whether a service worker already served this page: if not, the first
  // worker's activation is the app being installed, not an update.
  const controlledAtLoad = !!(navigator.serviceWorker && navigator.serviceWorker.controller);

  window.annotator = {
    controlledAtLoad,
    listen, share, focusItem, focusNote, focusSelector, revealItem, showArticle, setReady, setSaving,
    readSelection, draw, flash, clearSelection, download, showOnline,
    store: {
      load, loadFast, write, onChange, persist,
      putDocument, getDocument, touchDocument, renameDocument, library, removeDocument, restoreDocument,
    },
    readBytes, pushPath, replacePath, clearField, serverCopy, uiLang,
  };
})();
