package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"annotator/annotations"
	"annotator/app/workspace"
)

// Warm runs, once and on nothing of the reader's, the code that showing
// the page, reading, tagging, importing and exporting run: the reader's
// state on the seed, three tags, a note, a link, a deletion, undo and
// redo, an export and its import, the stored records and their reading,
// what the page is given to draw, and the page's components.
//
// The browser compiles a function of the wasm the first time it runs, on
// the thread that runs it: on the page's main thread that is most of the
// time the program takes to start, and of a first import. The worker that
// compiles the wasm (web/compile.js) runs the program with Warm before it
// hands the module to the page, and the code it compiled is the page's
// too. Warm touches no browser API: it runs where there is no page.
func Warm() {
	r := &Reader{}
	r.OnInit()
	ws, seed := r.ws, Seed()
	var recs []workspace.Record
	step := func(d workspace.Diff) { // as the page's draw takes it
		recs = append(recs, d.Save...)
		json.Marshal(drawOf(ws, d, r.lang))
	}
	var ids []string
	for i, t := range annotations.Tags {
		b := seed.Blocks[min(len(seed.Blocks)-1, 4+i)]
		d, id, err := ws.Tag(t, b.Start, min(b.End, b.Start+12))
		if err != nil {
			return
		}
		step(d)
		ids = append(ids, id)
	}
	step(ws.SetNote(ids[0], "ملاحظة · note"))
	step(ws.SetFocus(ids[0]))
	b := seed.Blocks[min(len(seed.Blocks)-1, 8)]
	if d, err := ws.LinkSource(b.Start, min(b.End, b.Start+9)); err == nil {
		step(d)
	}
	step(ws.Retag(ids[1], annotations.Claim))
	step(ws.Delete(ids[2]))
	d, _, _ := ws.Undo()
	step(d)
	d, _, _ = ws.Redo()
	step(d)
	step(ws.SetFilter(workspace.Filter{Query: annotations.FoldString("ال")}))
	step(ws.SetFilter(workspace.Filter{}))

	workspace.AppendRecords(nil, recs)
	live, _ := json.Marshal(ws.All())
	list, _ := annotations.UnmarshalList(live)

	var file strings.Builder
	annotations.NewEncoder(&file).Encode(ws.Doc(), list)
	if im, err := annotations.Decode([]byte(file.String())); err == nil {
		ws = workspace.New(Seed())
		step(ws.Load(list[:min(1, len(list))], nil))
		d, _ := ws.Import("warm.jsonld", im)
		step(d)
		importReport("warm.jsonld", im, annotations.Report{})
	}
	r.exportJSON(true)
	json.Marshal(bindings)
	for range 2 { // the page in both languages
		r.Render()
		r.renderHelp()
		r.renderLibrary()
		r.lang = otherLang(r.lang)
	}
}

// WarmFiles runs what reading files runs, at the size of a real file: 600
// annotations of the seed in this app's export, and the same in a shape
// whose annotations keep what the app does not write (see filesOf), each
// decoded, merged, drawn, listed and made records. The worker runs it a
// second after the page is ready (see web/compile.js). It fails when a
// file is not read whole.
//
// The browser compiles a function quickly at first, and again, optimised,
// once it has run long enough; the code of a first import ran
// unoptimised, and took twice as long as a second. Run in the worker, the
// optimised code is the page's too.
func WarmFiles() error {
	const n = 600
	files, count := filesOf(Seed(), n)
	if count < n/2 {
		return errors.New("warm: the seed gave too few passages")
	}
	for _, data := range files {
		im, err := annotations.Decode(data)
		if err != nil {
			return err
		}
		ws := workspace.New(Seed())
		ws.Load(nil, nil)
		d, rep := ws.Import("warm.jsonld", im)
		if rep.Added != count || len(ws.Shown()) != count {
			return fmt.Errorf("warm: %d of %d annotations imported, %d shown", rep.Added, count, len(ws.Shown()))
		}
		for _, l := range []string{"ar", "en"} {
			json.Marshal(drawOf(ws, d, l))
			moreRows(ws, 0, n, l)
			importReport("warm.jsonld", im, rep)
		}
		workspace.AppendRecords(nil, d.Save)
	}
	return nil
}

// filesOf is two files of up to n tags of passages spread over d, the
// same passages in each: this app's export, and the same in the shape
// other tools write (a classifying motivation, a target without its type,
// so that each annotation keeps what the app does not write itself); and
// how many passages there are.
func filesOf(d *annotations.Document, n int) ([][]byte, int) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var list []annotations.Annotation
	for i := range n {
		start := i * 7919 % max(1, d.Len()-40)
		if t, err := annotations.Describe(d, start, start+5+i%25); err == nil {
			list = append(list, annotations.Annotation{ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i), Tag: annotations.Tags[i%3], Target: t, Created: at, Modified: at})
		}
	}
	var file bytes.Buffer
	annotations.NewEncoder(&file).Encode(d, list)
	own := file.Bytes()
	other := bytes.ReplaceAll(own, []byte(`"motivation": "tagging"`), []byte(`"motivation": "classifying"`))
	other = bytes.ReplaceAll(other, []byte(`"type": "SpecificResource",`), nil)
	return [][]byte{own, other}, len(list)
}
