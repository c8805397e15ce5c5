package app

import (
	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderArticle draws the document, one element per block, each block a
// single text node so that DOM offsets are offsets in the block's text.
func (r *Reader) renderArticle() app.UI {
	d := r.doc
	return app.Article().
		DataSet("doc", d.ID).
		DataSet("ready", r.ready).
		Lang(d.Lang).
		Dir(string(d.Dir)).
		TabIndex(0).
		Aria("label", d.Title).
		Body(app.Range(d.Blocks).Slice(func(i int) app.UI {
			b := d.Blocks[i]
			switch {
			case b.Kind == annotations.Title && !b.Repeat:
				return app.H1().Class(string(b.Kind)).DataSet("block", i).DataSet("kind", b.Kind).Dir(string(b.Dir)).Text(r.texts[i])
			case b.Kind == annotations.Verse:
				return app.Blockquote().Class(string(b.Kind)).DataSet("block", i).DataSet("kind", b.Kind).DataSet("repeat", b.Repeat).Aria("hidden", b.Repeat).Dir(string(b.Dir)).Text(r.texts[i])
			default:
				return app.P().Class(string(b.Kind)).DataSet("block", i).DataSet("kind", b.Kind).DataSet("repeat", b.Repeat).Aria("hidden", b.Repeat).Dir(string(b.Dir)).Text(r.texts[i])
			}
		}))
}
