package app

import (
	"errors"
	"fmt"
	"runtime/debug"
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
	if !r.ready {
		r.drawerOpen = true // on a phone, the alert is in the drawer
		r.alert = msgNotReady
		return
	}
	r.newFiles()
	for i := 0; i < files.Get("length").Int(); i++ {
		f := files.Index(i)
		name := f.Get("name").String()
		if size := f.Get("size").Int(); size > annotations.MaxFileSize {
			r.fileFailed(name, &annotations.DecodeError{Kind: annotations.OverLimit,
				Msg: fmt.Sprintf("the file is %d MB; files over %d MB are not read", size>>20, annotations.MaxFileSize>>20)})
			continue
		}
		readBytes(ctx, f, func(ctx app.Context, b []byte, err error) {
			if err != nil {
				r.fileFailed(name, unreadable{err})
				return
			}
			r.importData(ctx, name, b)
		})
	}
}

// unreadable is a file the browser could not read (moved or deleted
// since it was chosen, or refused).
type unreadable struct{ err error }

func (u unreadable) Error() string {
	return "the browser could not read it; it may have been moved or deleted, or reading it was refused (" + u.err.Error() + ")"
}

// binaryNamesAr are the kinds of file that are no text
// (annotations.DecodeError's Format with the cause NotText), in Arabic.
var binaryNamesAr = map[string]string{
	"PNG": "هو صورة PNG", "JPEG": "هو صورة JPEG", "GIF": "هو صورة GIF", "WebP": "هو صورة WebP",
	"PDF": "هو مستند PDF", "ZIP": "هو أرشيف ZIP (أو ملف Word أو Excel أو EPUB)", "gzip": "هو أرشيف gzip",
}

// inModelWords is what is wrong, in the technical English words of the W3C
// model, where Arabic has no message of its own for it: "the id must be
// an IRI, not the number 12345".
func inModelWords(de *annotations.DecodeError) string {
	if de.Msg == "" {
		return ""
	}
	return " (" + isolate(de.Msg) + ")"
}

func (r *Reader) fileFailed(name string, err error) {
	name = isolate(name)
	why := "تعذّرت قراءته"
	// The technical words, in English, only where Arabic has none.
	detail := " (" + isolate(err.Error()) + ")"
	var de *annotations.DecodeError
	if _, ok := err.(unreadable); ok {
		why, detail = "تعذّر على المتصفح قراءته؛ لعلّه نُقل أو حُذف، أو رُفضت قراءته", ""
	} else if errors.As(err, &de) {
		detail = ""
		where := ""
		if de.Line > 0 {
			where = fmt.Sprintf(" عند السطر %d، العمود %d", de.Line, de.Col)
		} else if de.Path != "" {
			where = " عند " + isolate(de.Path)
		}
		switch {
		case de.Cause == annotations.NotUTF8:
			why = "ليس نصًّا بترميز UTF-8" + where + "؛ احفظه بترميز UTF-8 ثم استورده"
		case de.Cause == annotations.NotText:
			why = binaryNamesAr[de.Format] + " وليس نصًّا؛ اختر ملف التعليقات (" + isolate(".jsonld") + " أو " + isolate(".json") + ")"
		case de.Cause == annotations.NotIRI:
			value := ""
			if de.Value != "" {
				value = " «" + isolate(cut(de.Value, 64)) + "»"
			}
			why = "فيه معرّف أو مصدر" + value + " ليس عنوانًا (IRI)" + where + "؛ العنوان مثل " + isolate("urn:uuid:…") + " أو " + isolate("https://…")
		case de.Cause == annotations.Empty:
			why = "فارغ، لا نصّ فيه"
		case de.Cause == annotations.CutShort:
			why = "ينتهي" + where + " قبل أن يتمّ JSON فيه؛ لعلّ الملف مقطوع"
		case de.Cause == annotations.CutInLetter:
			why = "ينتهي" + where + " في وسط حرف؛ لعلّ الملف مقطوع"
		case de.Cause == annotations.RepeatedKey:
			why = "فيه مفتاح مكرر في كائن واحد" + where
		case de.Cause == annotations.ManyValues:
			why = "فيه من القيم الصغيرة أكثر مما يُقرأ في ملف بحجمه" + where + "؛ قسّمه إلى ملفات أصغر واستوردها واحدًا بعد الآخر"
		case de.Cause == annotations.LongNote:
			why = "فيه ملاحظة أطول من 1 ميغابايت (1,048,576 بايت)" + where + "، وهذا أطول ما يُقرأ من ملاحظة؛ قسّمها أو اختصرها ثم استورد الملف"
		case de.Cause == annotations.HalfPair:
			why = "فيه نصف زوج بديل من UTF-16 لا يمثّل حرفًا" + where
		case de.Kind == annotations.OtherFormat:
			why = "هو ملف " + isolate(de.Format) + " وليس ملف تعليقات W3C؛ صدِّر منه تعليقات W3C (JSON-LD)"
		case de.Kind == annotations.NotJSON:
			why = "ليس JSON سليمًا" + where
		case de.Kind == annotations.OverLimit:
			why = "أكبر أو أعقد مما يُقرأ" + where
		case de.Kind == annotations.Strict:
			why = "فيه ما لا يُقبل في JSON سليم (مفتاح مكرر أو نصف زوج بديل)" + where
		default:
			why, detail = "ليس ملف تعليقات W3C سليمًا"+where, inModelWords(de)
		}
	}
	r.drawerOpen = true // on a phone, the alert is in the drawer
	r.alert = msg{
		ar: "لم يُستورد شيء من الملف «" + name + "»، وبقيت تعليقاتك كما هي: " + why + detail + ".",
		en: "Nothing was imported from " + name + "; your annotations are unchanged: " + isolate(err.Error()),
	}
}

// lazyCollection is the size of file up to which an import lets the heap
// grow to five times what is live before collecting, not twice: what it
// allocates is mostly short-lived. The peers' 1,000 annotations (557 KB)
// were merged 128 to 130 ms after the change instead of 172 to 189, and
// listed and painted in 325 to 342 ms instead of 357 to 387 (two rounds
// of five, the two builds in turn), with the wasm's memory at 27 MB
// after instead of 20 to 22 (a wasm's memory never shrinks). Reading a
// larger file may allocate up to ten times its size
// (annotations.MemoryBound): the collector is left as it is for those.
const lazyCollection = 2 << 20

// importData decodes a file and merges it, or holds it for the reader's
// answer when it was made for another document. A file that carries the
// text of a document not in the library brings it in (see
// importWithText).
func (r *Reader) importData(ctx app.Context, name string, data []byte) {
	if len(data) <= lazyCollection {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	mark("annotator:import-read")
	var im *annotations.Import
	var err error
	if len(data) > lazyCollection {
		// A large file is read in tasks of some 40 ms: the page answers
		// (10,000 annotations, 11 MB, took one task of 520 ms).
		last := time.Now()
		im, err = annotations.DecodeYielding(data, func() {
			if time.Since(last) > 40*time.Millisecond {
				pause()
				last = time.Now()
			}
		})
	} else {
		im, err = annotations.Decode(data)
	}
	mark("annotator:import-decoded")
	if err != nil {
		r.fileFailed(name, err)
		return
	}
	if len(data) > lazyCollection {
		// A large file is read in one task and merged in the next: the
		// page answers the reader in between.
		pause()
	}
	if im.Document != nil && im.Document.ID != r.ws.Doc().ID {
		r.importWithText(ctx, name, im)
		return
	}
	r.importDecoded(ctx, name, im)
}

// importDecoded merges a decoded file into the document shown, or holds
// it for the reader's answer when it was made for another document.
func (r *Reader) importDecoded(ctx app.Context, name string, im *annotations.Import) {
	// Only what is not already here, as it is here, needs the question.
	var foreign []string
	seen := map[string]bool{}
	for _, a := range im.Annotations {
		if h := r.ws.Item(a.ID); h != nil && annotations.Same(h.Annotation, a) {
			continue
		}
		if s := a.Target.Source; s != r.ws.Doc().ID && !seen[s] {
			seen[s] = true
			foreign = append(foreign, s)
		}
	}
	if len(foreign) > 0 {
		r.pending = append(r.pending, pendingImport{name: name, im: im, sources: foreign})
		r.drawerOpen = true // on a phone, the question is in the drawer
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

// mergeFile merges a decoded file into the annotations, as one step of
// the history, and says what it did.
func (r *Reader) mergeFile(ctx app.Context, name string, im *annotations.Import) {
	d, rep := r.ws.Import(name, im)
	mark("annotator:import-merged")
	r.draw(ctx, d)
	mark("annotator:import-drawn")
	r.drawerOpen = true
	r.report = importReport(name, im, rep)
	r.said = r.report.in(r.lang)
}

// counted is a count in both languages, with the words for one or for
// more after it.
func counted(k int, arOne, arMore, enOne, enMore string) msg {
	ar := arOne
	if k != 1 {
		ar = arMore
	}
	return msg{strconv.Itoa(k) + " " + ar, nOf(k, enOne, enMore)}
}

// nOf is n with the English words for one or for more.
func nOf(n int, one, more string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + more
}

// isolate keeps a name from a file in its own direction, so the words
// and numbers around it stay in place.
func isolate(s string) string { return "\u2068" + s + "\u2069" }

// question asks whether to anchor here a file made for another document.
// The file's name and the documents' ids keep their own direction; a long
// id is shortened, whole in its title, and may break anywhere rather than
// spill out of its box.
func (p pendingImport) question(l string) app.UI {
	sep := ", "
	if l == "ar" {
		sep = "، " // the Arabic comma
	}
	name := app.Bdi().Class("file-name").Text(p.name)
	var ids []app.UI
	unnamed := false
	for _, s := range p.sources {
		if s == "" {
			unnamed = true
			continue
		}
		if len(ids) > 0 {
			ids = append(ids, app.Text(sep))
		}
		ids = append(ids, app.Bdi().Class("doc-id").Dir("ltr").Title(s).Text(shortID(s)))
	}
	if len(ids) == 0 {
		return app.P().Body(msgUnnamedTextFile.with(l, map[string][]app.UI{"name": {name}}))
	}
	if unnamed {
		ids = append(ids, app.Text(sep+msgUnnamedText.in(l)))
	}
	return app.P().Body(msgForeignFile.with(l, map[string][]app.UI{"name": {name}, "ids": ids}))
}

// shortID shortens a document's id for reading: a content hash to its
// first 12 digits, anything else over 40 characters to its first 32.
func shortID(s string) string {
	if h, ok := strings.CutPrefix(s, "urn:sha256:"); ok && len(h) > 12 {
		return "urn:sha256:" + h[:12] + "…"
	}
	if r := []rune(s); len(r) > 40 {
		return string(r[:32]) + "…"
	}
	return s
}

// importReport says what a file brought, and what it could not show.
func importReport(name string, im *annotations.Import, r annotations.Report) msg {
	n := strconv.Itoa
	name = isolate(name)
	ar := fmt.Sprintf("من «%s»: %s جديد، %s محدَّث، %s بلا تغيير", name, n(r.Added), n(r.Updated), n(r.Unchanged))
	en := fmt.Sprintf("From %s: %d new, %d updated, %d unchanged", name, r.Added, r.Updated, r.Unchanged)
	if r.Older > 0 {
		ar += fmt.Sprintf("، و%s أقدم مما هنا فبقي ما هنا", n(r.Older))
		en += fmt.Sprintf(", %d older than what is here, which stays", r.Older)
	}
	if r.Conflicts > 0 {
		ar += fmt.Sprintf("، و%s نسخة متعارضة أُبقيت إلى جانب الأصل", n(r.Conflicts))
		en += ", " + nOf(r.Conflicts, "conflicting version", "conflicting versions") + " kept beside the original"
	}
	if r.Deleted > 0 {
		ar += fmt.Sprintf("، و%s حُذفت هنا فبقيت محذوفة", n(r.Deleted))
		en += fmt.Sprintf(", %d deleted here and left deleted", r.Deleted)
	}
	if r.Orphans > 0 {
		m := counted(r.Orphans, "لم يُعثر على مقطعه في هذا النص فأُدرج يتيمًا", "لم يُعثر على مقاطعها في هذا النص فأُدرجت يتيمة",
			"could not be found in this text and is listed as an orphan", "could not be found in this text and are listed as orphans")
		ar += "؛ و" + m.ar
		en += "; " + m.en
	}
	if len(im.Unshown) > 0 {
		counts := map[annotations.Reason]int{}
		var order []annotations.Reason
		for _, a := range im.Unshown {
			if counts[a.Kept.Reason] == 0 {
				order = append(order, a.Kept.Reason)
			}
			counts[a.Kept.Reason]++
		}
		var arParts, enParts []string
		for _, why := range order {
			m, one := reasonMsg(why)
			if counts[why] == 1 {
				m = one
			}
			arParts = append(arParts, n(counts[why])+" "+m.ar)
			enParts = append(enParts, fmt.Sprintf("%d %s", counts[why], m.en))
		}
		ar += fmt.Sprintf("؛ و%s محفوظة لا تُعرض هنا (%s)، وتُصدَّر كما جاءت", n(len(im.Unshown)), strings.Join(arParts, "، "))
		en += fmt.Sprintf("; %d kept but not shown here (%s), exported as they came", len(im.Unshown), strings.Join(enParts, "; "))
	}
	if im.Untagged > 0 {
		// Without one of the three: a file's own tags are said below.
		m := counted(im.Untagged, "بلا وسم ادعاء أو اقتباس أو مصدر صار ادعاءً", "بلا وسم ادعاء أو اقتباس أو مصدر صارت ادعاءات",
			"without a claim, quote or source tag became a claim", "without a claim, quote or source tag became claims")
		ar += "؛ " + m.ar
		en += "; " + m.en
	}
	if len(im.UnknownTags) > 0 {
		ar += "؛ وسوم أخرى حُفظت مع تعليقاتها: " + isolate(strings.Join(im.UnknownTags, "، "))
		en += "; other tags kept with their annotations: " + isolate(strings.Join(im.UnknownTags, ", "))
	}
	for _, no := range im.Notices {
		m := noticeMsg(no)
		ar += "؛ " + m.ar
		en += "; " + m.en
	}
	return msg{ar: ar + ".", en: en + "."}
}

// reasonMsg says why annotations are kept but not shown: of several, and
// of one.
func reasonMsg(r annotations.Reason) (more, one msg) {
	switch r {
	case annotations.ReasonMedia:
		m := msg{"عن صورة أو فيديو أو صوت أو بيانات لا عن نص", "about an image, a video, a sound or a dataset, not a text"}
		return m, m
	case annotations.ReasonPage:
		m := msg{"عن صفحة أو مورد كامل لا عن مقطع", "about a whole page or resource, not a passage"}
		return m, m
	case annotations.ReasonReply:
		return msg{"ردود على تعليقات أخرى", "replies to other annotations"}, msg{"ردّ على تعليق آخر", "reply to another annotation"}
	case annotations.ReasonRelation:
		return msg{"علاقات بين تعليقات أخرى", "relations between other annotations"}, msg{"علاقة بين تعليقات أخرى", "relation between other annotations"}
	case annotations.ReasonSet:
		m := msg{"عن مجموعة موارد", "about a set of resources"}
		return m, m
	case annotations.ReasonSelector:
		return msg{"لا يختار محدِّدها مقطعًا بنصه أو موضعه", "annotations whose selectors pick no passage by quote or position"},
			msg{"تعليق لا يختار محدِّده مقطعًا بنصه أو موضعه", "annotation whose selector picks no passage by quote or position"}
	}
	m := msg{isolate(string(r)), isolate(string(r))}
	return m, m
}

// noticeMsg says a notice of a file.
func noticeMsg(no annotations.Notice) msg {
	n := strconv.Itoa(no.N)
	v := isolate(no.Value)
	switch no.Code {
	case annotations.NoticeLinkedPages:
		return msg{"صفحات المجموعة مربوطة فقط (" + v + ") وليست في الملف، فلا تُقرأ دون اتصال", "the collection's pages are only linked (" + v + "), not in the file: they cannot be read offline"}
	case annotations.NoticeNextPage:
		return msg{"قُرئت الصفحة الأولى وحدها؛ التالية (" + v + ") ليست في الملف", "only the first page was read; the next one (" + v + ") is not in the file"}
	case annotations.NoticeMintedIDs:
		return msg{n + " معرِّفًا ليست عناوين IRI، فأُعطي كلٌّ منها معرِّف urn: مشتقًّا منه", nOf(no.N, "id was not an IRI; it was given a urn: id made from it", "ids were not IRIs; each was given a urn: id made from it")}
	case annotations.NoticeTextMismatch:
		return msg{"يحمل الملف نصًا غير الذي صُنعت عليه تعليقاته (بصمته " + v + ")، فلم يُستعمل النص واستُعملت التعليقات", "the file carries a text that is not the one its annotations were made on (its hash is " + v + "); the text was not used, the annotations were"}
	case annotations.NoticeTextUnreadable:
		return msg{"تعذّرت قراءة النص الذي يحمله الملف (" + v + ")، فقُرئت التعليقات دونه", "the text the file carries could not be read (" + v + "); the annotations were read without it"}
	case annotations.NoticePrivate:
		return msg{n + " تعليقًا خاصًّا بكاتبه، حُفظت صلاحياته ويُصدَّر معها", nOf(no.N, "annotation is private to its author; its permissions are kept and exported with it", "annotations are private to their author; their permissions are kept and exported with them")}
	}
	return msg{isolate(no.String()), isolate(no.String())}
}
