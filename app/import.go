package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// pendingImport is a file made for another document, waiting for the
// reader to say whether to anchor it here anyway.
type pendingImport struct {
	name    string
	im      *annotations.Import
	sources []string
}

// importFiles reads files chosen or dropped by the reader, each on its
// own: a file that fails changes nothing, and the others still go in.
func (r *Reader) importFiles(ctx app.Context, files app.Value) {
	if files == nil || !files.Truthy() {
		return
	}
	for i := 0; i < files.Get("length").Int(); i++ {
		f := files.Index(i)
		name := f.Get("name").String()
		if size := f.Get("size").Int(); size > annotations.MaxFileSize {
			r.fileFailed(name, fmt.Errorf("the file is %d MB; files over %d MB are not read", size>>20, annotations.MaxFileSize>>20))
			continue
		}
		await(ctx, f.Call("text"), func(ctx app.Context, v app.Value, err error) {
			if err != nil {
				r.fileFailed(name, err)
				return
			}
			r.importData(ctx, name, v.String())
		})
	}
}

func (r *Reader) fileFailed(name string, err error) {
	r.alert = msg{
		ar: "لم يُستورد شيء من الملف «" + name + "»، وبقيت تعليقاتك كما هي: " + err.Error(),
		en: "Nothing was imported from " + name + "; your annotations are unchanged: " + err.Error(),
	}
}

// importData decodes a file and merges it, or holds it for the reader's
// answer when it was made for another document.
func (r *Reader) importData(ctx app.Context, name, data string) {
	im, err := annotations.Decode([]byte(data))
	if err != nil {
		r.fileFailed(name, err)
		return
	}
	var foreign []string
	for _, s := range im.Sources() {
		if s != r.doc.ID {
			foreign = append(foreign, s)
		}
	}
	if len(foreign) > 0 {
		r.pending = append(r.pending, pendingImport{name: name, im: im, sources: foreign})
		return
	}
	r.mergeFile(ctx, name, im)
}

// anchorAnyway merges the first pending file; anchoring decides where
// each annotation lands, and those it cannot place are listed as orphans.
func (r *Reader) anchorAnyway(ctx app.Context) {
	if len(r.pending) == 0 {
		return
	}
	p := r.pending[0]
	r.pending = r.pending[1:]
	r.mergeFile(ctx, p.name, p.im)
}

func (r *Reader) cancelImport() {
	if len(r.pending) > 0 {
		r.pending = r.pending[1:]
	}
}

// mergeFile merges a decoded file into the annotations and saves what
// changed.
func (r *Reader) mergeFile(ctx app.Context, name string, im *annotations.Import) {
	incoming := make([]annotations.Annotation, 0, len(im.Annotations))
	for _, a := range im.Annotations {
		// A position without a quote, on this very text: take the quote
		// from the text, so it can be checked and anchored.
		if p := a.Target.Position; a.Target.Quote.Exact == "" && a.Target.Source == r.doc.ID && p.Start >= 0 {
			if t, err := annotations.Describe(r.doc, p.Start, p.End); err == nil {
				a.Target.Quote = t.Quote
			}
		}
		incoming = append(incoming, a)
	}
	dead := make(map[string]time.Time, len(r.dead))
	for id, ms := range r.dead {
		dead[id] = time.UnixMilli(ms).UTC()
	}
	merged, rep := annotations.MergeFile(r.list(), incoming, dead)
	// Links from annotations already here to ones the file brings.
	at := make(map[string]int, len(merged))
	for i, a := range merged {
		at[a.ID] = i
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	for _, l := range im.Links {
		if i, ok := at[l[0]]; ok && !slices.Contains(merged[i].Links, l[1]) {
			merged[i].Links = append(slices.Clone(merged[i].Links), l[1])
			merged[i].Modified = now
		}
	}
	r.change(ctx, merged, msg{ar: "استيراد «" + name + "»", en: "import of " + name})
	r.report = importReport(name, im, rep)
	r.said = r.report.text()
}

func sameVersion(a, b annotations.Annotation) bool {
	return a.Modified.Equal(b.Modified) && a.Note == b.Note && a.Tag == b.Tag && a.Target == b.Target
}

// importReport says what a file brought, and what it could not.
func importReport(name string, im *annotations.Import, r annotations.Report) msg {
	n := strconv.Itoa
	ar := fmt.Sprintf("من «%s»: %s جديد، %s محدَّث، %s بلا تغيير", name, n(r.Added), n(r.Updated), n(r.Unchanged))
	en := fmt.Sprintf("From %s: %d new, %d updated, %d unchanged", name, r.Added, r.Updated, r.Unchanged)
	if r.Conflicts > 0 {
		ar += fmt.Sprintf("، و%s نسخة متعارضة أُبقيت إلى جانب الأصل", n(r.Conflicts))
		en += fmt.Sprintf(", %d conflicting versions kept beside the original", r.Conflicts)
	}
	if r.Deleted > 0 {
		ar += fmt.Sprintf("، و%s حُذفت هنا فبقيت محذوفة", n(r.Deleted))
		en += fmt.Sprintf(", %d deleted here and left deleted", r.Deleted)
	}
	if len(im.Skipped) > 0 {
		reasons := map[string]int{}
		var order []string
		for _, s := range im.Skipped {
			if reasons[s.Reason] == 0 {
				order = append(order, s.Reason)
			}
			reasons[s.Reason]++
		}
		var parts []string
		for _, why := range order {
			parts = append(parts, fmt.Sprintf("%d: %s", reasons[why], why))
		}
		ar += fmt.Sprintf("؛ ولم يُستورد %s لأنها لا تشير إلى مقطع من نص", n(len(im.Skipped)))
		en += fmt.Sprintf("; %d not imported (%s)", len(im.Skipped), strings.Join(parts, "; "))
	}
	if im.Untagged > 0 {
		ar += fmt.Sprintf("؛ %s بلا وسم صارت ادعاءات", n(im.Untagged))
		en += fmt.Sprintf("; %d without a tag became claims", im.Untagged)
	}
	if len(im.UnknownTags) > 0 {
		ar += "؛ وسوم غير معروفة حُفظت في الملاحظة: " + strings.Join(im.UnknownTags, "، ")
		en += "; unknown tags kept in the note: " + strings.Join(im.UnknownTags, ", ")
	}
	for _, note := range im.Notes {
		en += "; " + note
	}
	return msg{ar: ar + ".", en: en + "."}
}
