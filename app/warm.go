package app

import (
	"encoding/json"
	"strings"

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
	ws := r.ws
	var recs []workspace.Record
	step := func(d workspace.Diff) { // as the page's draw takes it
		recs = append(recs, d.Save...)
		json.Marshal(drawOf(ws, d, r.lang))
	}
	var ids []string
	for i, t := range annotations.Tags {
		b := Seed.Blocks[min(len(Seed.Blocks)-1, 4+i)]
		d, id, err := ws.Tag(t, b.Start, min(b.End, b.Start+12))
		if err != nil {
			return
		}
		step(d)
		ids = append(ids, id)
	}
	step(ws.SetNote(ids[0], "ملاحظة · note"))
	step(ws.SetFocus(ids[0]))
	b := Seed.Blocks[min(len(Seed.Blocks)-1, 8)]
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
		ws = workspace.New(Seed)
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
