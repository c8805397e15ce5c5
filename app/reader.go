// Package app is the annotator's user interface: a go-app component that
// shows a document right-to-left, lets a reader tag passages, lists and
// keeps the annotations, and exports them.
package app

import (
	"bytes"
	"strings"
	"time"

	"annotator/annotations"
	"annotator/app/documents"

	"github.com/google/uuid"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// seed is the default document.
var seed = mustParse(documents.Seed)

func mustParse(text string) *annotations.Document {
	d, err := annotations.Parse(text)
	if err != nil {
		panic(err)
	}
	return d
}

// placedAnnotation is an annotation with where it was found in the text.
type placedAnnotation struct {
	annotations.Annotation
	Match  annotations.Match
	folded string // quote and note, folded, for search

	linksTo, linkedFrom []placedAnnotation // links, both ways
}

// Reader is the page: the article, the tag toolbar, the list of
// annotations and the alert area.
type Reader struct {
	app.Compo

	doc    *annotations.Document
	texts  []string // each block's text
	index  *annotations.BlockIndex
	placed []placedAnnotation // in reading order
	// unshown are annotations files brought that cannot be shown on a
	// text (about an image, a page, another annotation): kept, listed
	// apart, and exported as they came.
	unshown []annotations.Annotation
	ready   bool
	dead    map[string]int64         // deleted annotations: id to Unix milliseconds
	query   string                   // the search box, folded
	byWho   string                   // the reader filter: a creator's id, or "" for all
	me      annotations.Agent        // the reader using this browser
	hidden  map[annotations.Tag]bool // tags the filter hides
	status  annotations.Status       // the status filter, "" for all
	// listCache is the list's HTML; empty when it must be built again.
	listCache string
	alert     msg    // shown in the alert region until dismissed
	said      string // announced politely

	pending []pendingImport // files for another document, awaiting an answer
	report  msg             // what the last import did

	version     string   // of the running app
	updateReady bool     // a new version is installed
	onChange    app.Func // told when another tab saves
	onDrop      app.Func // given files dropped on the page

	undos, redos []step // the history of changes

	saving     int      // saves not yet written
	focusID    string   // the annotation the keyboard acts on
	help       bool     // the keys panel is open
	drawerOpen bool     // on a phone, the list is open
	onKeys     app.Func // given keyboard commands
	onPoint    app.Func // given clicks in the article
}

// OnInit sets up the document; it runs on the server and in the browser.
func (r *Reader) OnInit() {
	r.doc = seed
	r.texts = make([]string, len(r.doc.Blocks))
	for i := range r.doc.Blocks {
		r.texts[i] = r.doc.BlockText(i)
	}
	r.index = annotations.NewBlockIndex(r.doc)
	r.dead = map[string]int64{}
}

// OnMount restores the reader's annotations, draws them, and marks the
// article ready; it also listens for saves made in other tabs.
func (r *Reader) OnMount(ctx app.Context) {
	mark("annotator:mount")
	r.version = app.Getenv("GOAPP_VERSION")
	uiLang = loadUILang()
	r.me = loadReader()
	call("showOnline")
	storeCall("persist")
	loadAnnotations(ctx, r.doc.ID, func(ctx app.Context, list []annotations.Annotation, dead map[string]int64, err error) {
		if err != nil {
			app.Log(err)
			r.alert = msgLoadFailed
		}
		if dead != nil {
			r.dead = dead
		}
		r.setList(list)
		r.settle(ctx)
		r.repaint()
		r.ready = true
		ctx.Defer(func(app.Context) { mark("annotator:ready") })
	})
	r.onChange = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 && args[0].String() == r.doc.ID {
			ctx.Dispatch(r.reload)
		}
		return nil
	})
	storeCall("onChange", r.onChange)
	r.onDrop = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			files := args[0]
			ctx.Dispatch(func(ctx app.Context) { r.importFiles(ctx, files) })
		}
		return nil
	})
	call("onDrop", r.onDrop)
	r.listenKeys(ctx)
}

// OnDismount stops listening to other tabs.
func (r *Reader) OnDismount() {
	if r.onChange != nil {
		storeCall("onChange", nil)
		r.onChange.Release()
	}
	for name, f := range map[string]app.Func{"onDrop": r.onDrop, "onKeys": r.onKeys, "onPoint": r.onPoint} {
		if f != nil {
			call(name, nil)
			f.Release()
		}
	}
}

// OnAppUpdate is called when a new version of the app has been installed.
// On a first visit the first worker's activation also calls it: that is
// not an update, and the reader is not told.
func (r *Reader) OnAppUpdate(ctx app.Context) {
	if h, err := edge(); err == nil && h.Get("controlledAtLoad").Bool() {
		r.updateReady = true
	}
}

// reload takes in what another tab saved: the newer version of each
// annotation wins, and a deletion wins over any older version.
func (r *Reader) reload(ctx app.Context) {
	loadAnnotations(ctx, r.doc.ID, func(ctx app.Context, list []annotations.Annotation, dead map[string]int64, err error) {
		if err != nil {
			app.Log(err)
			return
		}
		for id, at := range dead {
			if at > r.dead[id] {
				r.dead[id] = at
			}
		}
		var live []annotations.Annotation
		for _, a := range annotations.Merge(r.list(), list) {
			if at, gone := r.dead[a.ID]; !gone || a.Modified.UnixMilli() > at {
				live = append(live, a)
			}
		}
		r.setList(live)
		r.repaint()
	})
}

// setList places each annotation in the text and keeps them in reading
// order.
func (r *Reader) setList(list []annotations.Annotation) {
	r.listCache = ""
	annotations.SortByPosition(list)
	r.placed = make([]placedAnnotation, 0, len(list))
	r.unshown = r.unshown[:0]
	var targets []annotations.Target
	for _, a := range list {
		if !a.Shown() {
			r.unshown = append(r.unshown, a)
			continue
		}
		r.placed = append(r.placed, placedAnnotation{
			Annotation: a,
			folded:     annotations.FoldString(a.Target.Quote.Exact + "\n" + a.Note),
		})
		targets = append(targets, a.Target)
	}
	for i, m := range placeAll(r.doc, r.list()[:len(r.placed)], targets) {
		r.placed[i].Match = m
	}
	at := make(map[string]int, len(r.placed))
	for i, p := range r.placed {
		at[p.ID] = i
	}
	for i := range r.placed {
		for _, to := range r.placed[i].Links {
			if j, ok := at[to]; ok {
				r.placed[i].linksTo = append(r.placed[i].linksTo, r.placed[j])
				r.placed[j].linkedFrom = append(r.placed[j].linkedFrom, r.placed[i])
			}
		}
	}
}

// canLink says whether the focused annotation can take a source.
func (r *Reader) canLink() bool {
	for _, p := range r.placed {
		if p.ID == r.focusID {
			return p.Tag != annotations.Source
		}
	}
	return false
}

// list is every annotation of the document: those placed on the text,
// then those kept but not shown.
func (r *Reader) list() []annotations.Annotation {
	out := make([]annotations.Annotation, len(r.placed), len(r.placed)+len(r.unshown))
	for i, p := range r.placed {
		out[i] = p.Annotation
	}
	return append(out, r.unshown...)
}

// placeAll locates targets of list together (so that a file's other
// annotations can settle ties). An annotation placed here from elsewhere
// (see annotations.Place) is anchored where it stands; it shows how its
// origin was found there (moved, fuzzy with a score), so the reader knows
// to check it.
func placeAll(d *annotations.Document, list []annotations.Annotation, targets []annotations.Target) []annotations.Match {
	if len(targets) == 0 {
		return nil
	}
	ms := annotations.LocateAll(d, targets)
	var origins []annotations.Target
	var at []int
	for i, a := range list {
		if t, ok := annotations.OriginTarget(a); ok && ms[i].Status == annotations.Anchored {
			origins = append(origins, t)
			at = append(at, i)
		}
	}
	if len(origins) == 0 {
		return ms
	}
	for j, m := range annotations.LocateAll(d, origins) {
		i := at[j]
		if m.Placed() && m.Start == ms[i].Start && m.End == ms[i].End && m.Status != annotations.Anchored {
			ms[i] = m
		} else if !m.Placed() || m.Start != ms[i].Start || m.End != ms[i].End {
			ms[i].Status = annotations.Moved // placed by the reader or by an earlier version of the text
		}
	}
	return ms
}

// settle writes each annotation that the text shows elsewhere than its
// target says (moved, fuzzy, or made on another copy) where it now
// stands, keeping the target it had as its origin, and saves those it
// changed: what is exported is then what is kept.
func (r *Reader) settle(ctx app.Context) {
	var changed []record
	for i := range r.placed {
		p := &r.placed[i]
		a := annotations.Place(r.doc, p.Annotation, p.Match)
		if annotations.Same(a, p.Annotation) {
			continue
		}
		p.Annotation = a
		changed = append(changed, recordOf(a))
	}
	if len(changed) > 0 {
		r.listCache = ""
		r.save(ctx, changed...)
	}
}

func (r *Reader) repaint() {
	if err := paint(r.index, r.placed, r.focusID); err != nil {
		r.alert = errorMsg(err)
	}
}

// save writes records at once. If saving fails the reader is told, the
// list on screen is kept, and what was saved before is untouched (the save
// is one transaction).
func (r *Reader) save(ctx app.Context, changed ...record) {
	if len(changed) == 0 {
		return
	}
	r.saving++
	saveRecords(ctx, r.doc.ID, changed, func(ctx app.Context, err error) {
		r.saving--
		if err != nil {
			app.Log(err)
			r.alert = msgSaveFailed
		}
	})
}

// selected describes the reader's selection in the article; without one
// the reader is told why with the message given.
func (r *Reader) selected(missing msg) (annotations.Target, bool) {
	s, ok := readSelection(r.index, len(r.doc.Blocks))
	if !ok {
		r.alert = missing
		return annotations.Target{}, false
	}
	target, err := annotations.Describe(r.doc, s.Start, s.End)
	if err != nil {
		r.alert = missing
		return annotations.Target{}, false
	}
	return target, true
}

// newAnnotation is a new annotation by this reader.
func (r *Reader) newAnnotation(t annotations.Tag, target annotations.Target) annotations.Annotation {
	now := time.Now().UTC().Truncate(time.Millisecond)
	return annotations.Annotation{
		ID:       "urn:uuid:" + uuid.NewString(),
		Tag:      t,
		Created:  now,
		Modified: now,
		Creator:  r.me,
		Target:   target,
	}
}

// tag makes an annotation of the selection.
func (r *Reader) tag(ctx app.Context, t annotations.Tag) {
	target, ok := r.selected(msgNoSelection)
	if !ok {
		return
	}
	r.change(ctx, append(r.list(), r.newAnnotation(t, target)), msgCreated)
	clearSelection()
	r.said = msgCreated.text() + ": " + tagMsg[string(t)].text()
}

func (r *Reader) remove(ctx app.Context, id string) {
	list := r.list()
	for i, a := range list {
		if a.ID == id {
			r.change(ctx, append(list[:i:i], list[i+1:]...), msgDeleted)
			r.said = msgDeleted.text()
			return
		}
	}
}

// reattach moves an annotation to the reader's selection, keeping its id,
// tag, note and creation time.
func (r *Reader) reattach(ctx app.Context, id string) {
	target, ok := r.selected(msgNoSelection)
	if !ok {
		return
	}
	list := r.list()
	for i := range list {
		if list[i].ID == id {
			list[i].Target = target
			list[i].Kept.Target = nil // the target it had no longer says where it is
			list[i].Touch(time.Now().UTC().Truncate(time.Millisecond))
			r.change(ctx, list, msgReattached)
			clearSelection()
			r.said = msgReattached.text()
			return
		}
	}
}

// shown is the annotations the search and the reader filter let through.
func (r *Reader) shown() []placedAnnotation {
	if r.query == "" && r.byWho == "" && len(r.hidden) == 0 && r.status == "" {
		return r.placed
	}
	var out []placedAnnotation
	for _, p := range r.placed {
		if strings.Contains(p.folded, r.query) && (r.byWho == "" || creatorKey(p.Creator) == r.byWho) &&
			!r.hidden[p.Tag] && (r.status == "" || p.Match.Status == r.status) {
			out = append(out, p)
		}
	}
	return out
}

// filtered reports whether any filter is on.
func (r *Reader) filtered() bool {
	return r.query != "" || r.byWho != "" || len(r.hidden) > 0 || r.status != ""
}

// counts is how many annotations there are of each tag.
func (r *Reader) counts() map[annotations.Tag]int {
	c := map[annotations.Tag]int{}
	for _, p := range r.placed {
		c[p.Tag]++
	}
	return c
}

// creatorKey tells readers apart in the filter: by id, else by name.
func creatorKey(a annotations.Agent) string {
	if a.ID != "" {
		return a.ID
	}
	return "name:" + a.Name
}

// readers lists everyone who made an annotation here, by their label.
func (r *Reader) readers() []annotations.Agent {
	seen := map[string]bool{}
	var out []annotations.Agent
	for _, p := range r.placed {
		k := creatorKey(p.Creator)
		if !seen[k] {
			seen[k] = true
			out = append(out, p.Creator)
		}
	}
	return out
}

// switchLanguage changes the interface language and remembers it.
func (r *Reader) switchLanguage() {
	if uiLang == "ar" {
		uiLang = "en"
	} else {
		uiLang = "ar"
	}
	localStorage("setItem", uiLangKey, uiLang)
	r.listCache = ""
	r.said = msgLanguageChanged.text()
}

// setName keeps the reader's display name for their new annotations.
func (r *Reader) setName(name string) {
	r.me.Name = strings.TrimSpace(name)
	saveReader(r.me)
}

// setNote keeps a note as it is typed. The list is not drawn again: the
// note is already in its field.
func (r *Reader) setNote(ctx app.Context, id, note string) {
	for i := range r.placed {
		p := &r.placed[i]
		if p.ID == id && p.Note != note {
			before := r.list()
			p.Note = note
			p.Touch(time.Now().UTC().Truncate(time.Millisecond))
			p.folded = annotations.FoldString(p.Target.Quote.Exact + "\n" + note)
			r.save(ctx, recordOf(p.Annotation))
			r.noteStep(before, id)
			return
		}
	}
}

func (r *Reader) exportData() (string, bool) {
	var b bytes.Buffer
	if err := annotations.NewEncoder(&b).Encode(r.doc, r.list()); err != nil {
		r.alert = errorMsg(err)
		return "", false
	}
	return b.String(), true
}

func (r *Reader) export() {
	data, ok := r.exportData()
	if !ok {
		return
	}
	if err := download(annotations.ExportName(r.doc, time.Now()), annotations.MediaType, data); err != nil {
		r.alert = errorMsg(err)
		return
	}
	r.said = msgExported.text()
}

// share offers the export to the system's share sheet, or downloads it.
func (r *Reader) share(ctx app.Context) {
	data, ok := r.exportData()
	if !ok {
		return
	}
	p, err := call("share", annotations.ExportName(r.doc, time.Now()), annotations.MediaType, data)
	if err != nil {
		r.alert = errorMsg(err)
		return
	}
	await(ctx, p, func(ctx app.Context, v app.Value, err error) {
		if err != nil {
			r.alert = errorMsg(err)
			return
		}
		r.said = msgExported.text()
	})
}
