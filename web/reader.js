// The browser edge of the annotator. The Go program keeps every annotation
// and all offsets in Unicode code points; this file only touches the DOM:
// it reads the selection as (block, UTF-16 offset) pairs, draws highlights
// with the CSS Custom Highlight API (no element is inserted into the text,
// so joined Arabic letters keep their shapes), places the tag toolbar near
// the selection, and gives the article a keyboard caret.
(function () {
  "use strict";

  function article() {
    return document.querySelector("article[data-doc]");
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
    if (!el || el.getClientRects().length === 0) return null;
    return el.firstChild && el.firstChild.nodeType === 3 ? el.firstChild : null;
  }

  // rangesOf turns segments [[block, start, end], ...] into DOM ranges.
  function rangesOf(art, segs) {
    const out = [];
    for (const [b, s, e] of segs) {
      const t = textNode(art, b);
      if (!t) continue;
      const r = document.createRange();
      r.setStart(t, Math.min(s, t.length));
      r.setEnd(t, Math.min(e, t.length));
      out.push(r);
    }
    return out;
  }

  // paint draws every highlight anew from a JSON object mapping a
  // highlight name (a tag, or "focus") to its segments.
  function paint(json) {
    const art = article();
    if (!art || !window.CSS || !CSS.highlights) return false;
    const byName = JSON.parse(json);
    for (const name of Object.keys(byName)) {
      const h = new Highlight(...rangesOf(art, byName[name]));
      if (name === "focus") h.priority = 10;
      CSS.highlights.set(name, h);
    }
    return true;
  }

  let flashTimer = 0;
  // flash scrolls to the first segment and marks the segments for a moment.
  function flash(json) {
    const art = article();
    if (!art) return;
    const segs = JSON.parse(json);
    if (segs.length === 0) return;
    const el = art.querySelector('[data-block="' + segs[0][0] + '"]');
    if (el) el.scrollIntoView({ block: "center", behavior: "instant" });
    if (window.CSS && CSS.highlights) {
      const h = new Highlight(...rangesOf(art, segs));
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
  // first line, and never under the top bar. Its place in the panel stays
  // reserved (--dock, see app.css) so the panel does not move.
  function placeToolbar() {
    const bar = document.querySelector("[data-toolbar]");
    if (!bar) return;
    const r = selectionRange();
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
    const head = document.querySelector(".topbar");
    const minTop = Math.max(4, head ? head.getBoundingClientRect().bottom + 4 : 4);
    const maxTop = window.innerHeight - h - 4;
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

  // Keyboard: arrows move a caret through the article and shift+arrows
  // extend the selection (visually, so left is left in Arabic and English
  // lines alike); C, Q and S (or 1, 2, 3) tag the selection.
  const tagKeys = { KeyC: "claim", KeyQ: "quote", KeyS: "source", Digit1: "claim", Digit2: "quote", Digit3: "source" };
  let keyHandler = null;
  // onKeys registers the app's handler for its commands; it returns true
  // when it took the command.
  function onKeys(fn) {
    keyHandler = fn;
  }
  function command(ev, name) {
    if (keyHandler && keyHandler(name)) ev.preventDefault();
  }
  function onKey(ev) {
    const art = article();
    if (!art || ev.defaultPrevented) return;
    const t = ev.target;
    const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    const mod = ev.ctrlKey || ev.metaKey;
    if (mod && !ev.altKey && (ev.code === "KeyZ" || ev.code === "KeyY") && !(typing && t.tagName !== "SELECT")) {
      return command(ev, ev.code === "KeyY" || ev.shiftKey ? "redo" : "undo");
    }
    if (typing) {
      if (ev.key === "Escape" && t.dataset && t.dataset.field === "note") command(ev, "leave-note");
      return;
    }
    // Ctrl+arrow moves by word, as in any text; other modified keys are
    // the browser's.
    const byWord = ev.ctrlKey && !ev.metaKey && !ev.altKey && (ev.key === "ArrowLeft" || ev.key === "ArrowRight");
    if ((mod || ev.altKey) && !byWord) return;
    if (tagKeys[ev.code] && !ev.shiftKey && !byWord) {
      if (selectionRange()) {
        const b = document.querySelector('[data-action="tag-' + tagKeys[ev.code] + '"]');
        if (b) {
          ev.preventDefault();
          b.click();
        }
      } else {
        command(ev, "retag-" + tagKeys[ev.code]);
      }
      return;
    }
    // Between highlights, in reading order: in a right-to-left text the
    // next one is to the left.
    const inList = t && t.closest && t.closest(".items");
    const rtl = getComputedStyle(art).direction === "rtl";
    const names = {
      "]": "next", "[": "prev", "?": "help", Escape: "escape", Delete: "delete", n: "note", N: "note", l: "link", L: "link",
    };
    if (inList) {
      names.ArrowDown = "next";
      names.ArrowUp = "prev";
      names[rtl ? "ArrowLeft" : "ArrowRight"] = "next";
      names[rtl ? "ArrowRight" : "ArrowLeft"] = "prev";
    }
    if (names[ev.key]) return command(ev, names[ev.key]);
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

  // A click in the article without selecting tells the app where, as
  // [block, UTF-16 offset], so it can focus the highlight there.
  let pointHandler = null;
  function onPoint(fn) {
    pointHandler = fn;
  }
  document.addEventListener("click", (ev) => {
    const art = article();
    if (!pointHandler || !art || !art.contains(ev.target)) return;
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const r = document.caretRangeFromPoint && document.caretRangeFromPoint(ev.clientX, ev.clientY);
    if (!r) return;
    const p = point(art, r.startContainer, r.startOffset, false);
    if (p) pointHandler(p[0], p[1]);
  });

  // focusItem moves the keyboard focus to a listed annotation.
  function focusItem(id) {
    for (const item of document.querySelectorAll(".panel [data-annotation-id]")) {
      if (item.dataset.annotationId === id) {
        const b = item.querySelector("[data-action=go-to]");
        if (b) b.focus({ preventScroll: true });
        item.scrollIntoView({ block: "nearest" });
        return true;
      }
    }
    return false;
  }

  function focusSelector(sel) {
    const el = document.querySelector(sel);
    if (el) el.focus({ preventScroll: true });
  }

  // focusNote moves the keyboard focus to a listed annotation's note.
  function focusNote(id) {
    for (const item of document.querySelectorAll(".panel [data-annotation-id]")) {
      if (item.dataset.annotationId === id) {
        const n = item.querySelector('[data-field="note"]');
        if (n) n.focus();
        return true;
      }
    }
    return false;
  }

  document.addEventListener("selectionchange", placeToolbar);
  window.addEventListener("resize", placeToolbar);
  window.addEventListener("scroll", placeToolbar, { passive: true });
  document.addEventListener("keydown", onKey);
  // Pressing a toolbar button must not clear the selection it acts on.
  document.addEventListener("mousedown", (ev) => {
    if (ev.target.closest && ev.target.closest("[data-toolbar] button, [data-keep-selection]")) ev.preventDefault();
  });

  // Storage: one IndexedDB record per annotation, keyed by document and
  // id, so a save writes only what changed, in one transaction (all or
  // nothing), and two tabs never overwrite each other's newer work.
  // Records are {doc, id, modified (ms), deleted, data (the annotation as
  // JSON)}; a deleted annotation stays as a tombstone so that an older copy
  // in another tab cannot bring it back.
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = indexedDB.open("annotator", 1);
        req.onupgradeneeded = () => {
          const os = req.result.createObjectStore("annotations", { keyPath: ["doc", "id"] });
          os.createIndex("doc", "doc");
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
        req.onblocked = () => reject(new Error("the database is blocked by another tab"));
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

  const channel = "BroadcastChannel" in window ? new BroadcastChannel("annotator") : null;

  // write stores records (a JSON array) in one transaction, each only if
  // it is newer than the stored one, and tells the other tabs.
  async function write(doc, json) {
    const records = JSON.parse(json);
    const d = await db();
    await new Promise((resolve, reject) => {
      const tx = d.transaction("annotations", "readwrite");
      const os = tx.objectStore("annotations");
      for (const r of records) {
        r.doc = doc;
        const get = os.get([doc, r.id]);
        get.onsuccess = () => {
          if (!get.result || get.result.modified <= r.modified) os.put(r);
        };
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("the save was aborted"));
    });
    if (channel) channel.postMessage({ doc });
  }

  // onChange calls fn(doc) when another tab has saved.
  function onChange(fn) {
    if (channel) channel.onmessage = fn ? (ev) => fn(ev.data && ev.data.doc) : null;
  }

  // persist asks the browser not to evict the annotations under pressure.
  function persist() {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  }

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
  // are imported; files opened before the app started wait for it.
  let dropHandler = null;
  let waiting = [];
  function onDrop(fn) {
    dropHandler = fn;
    if (fn && waiting.length) {
      const files = waiting;
      waiting = [];
      fn(files);
    }
  }
  if ("launchQueue" in window) {
    window.launchQueue.setConsumer(async (params) => {
      const files = [];
      for (const h of params.files || []) files.push(await h.getFile());
      if (!files.length) return;
      if (dropHandler) dropHandler(files);
      else waiting.push(...files);
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
    if (hasFiles(ev) && dropHandler) {
      ev.preventDefault();
      dropHandler(ev.dataTransfer.files);
    }
  });

  // Whether a service worker already served this page: if not, the first
  // worker's activation is the app being installed, not an update.
  const controlledAtLoad = !!(navigator.serviceWorker && navigator.serviceWorker.controller);

  window.annotator = {
    controlledAtLoad,
    onDrop, share, onKeys, onPoint, focusItem, focusNote, focusSelector,
    readSelection, paint, flash, clearSelection, download, showOnline,
    store: { load, write, onChange, persist },
  };
})();
