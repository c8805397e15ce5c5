package app

import (
	"strconv"
	"strings"

	"annotator/annotations"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// msg is one interface message in both of the interface's languages. This
// file is the catalog: every message of the interface is here or built
// from these, and a test checks each has both languages.
type msg struct{ ar, en string }

// matchLanguage picks the interface language for a browser's preferred
// languages (navigator.languages), Arabic when nothing matches. It gives
// what golang.org/x/text/language's matcher gives for Arabic and English
// (TestMatchLanguageAsXText holds it to that) from two small tables made
// from x/text's data (uilang_table.go): the matcher's own tables would
// add 56 KB to the compressed wasm to choose between two languages.
func matchLanguage(preferred []string) string {
	any, firstArab, close := false, false, ""
	for _, p := range preferred {
		lang, script, region, ok := subtags(p)
		if !ok {
			continue
		}
		// Written in the Arabic script: as its region writes it (Punjabi
		// in Pakistan), or else as the language does.
		arab, regional := arabicScriptIn[lang+"-"+region]
		if !regional {
			arab = arabicScript[lang]
		}
		if !any {
			any, firstArab = true, script == "Arab" || script == "" && arab
		}
		ui, ok := uiMatch[lang]
		if !ok || script != "" && script != scriptOfUI[ui] || region != "" && (matchedBare[lang] || regional) {
			continue
		}
		if sameLanguage[lang] {
			return ui // Arabic or English itself, wherever it is in the list
		}
		if close == "" {
			close = ui // a language whose readers read Arabic or English
		}
	}
	switch {
	case close != "":
		return close
	case !any || firstArab:
		// No close match: a reader whose first language is written in
		// the Arabic script (Persian, Urdu, Pashto…) gets Arabic, others
		// English.
		return "ar"
	}
	return "en"
}

// sameLanguage are the subtags of Arabic and English themselves.
var sameLanguage = map[string]bool{"ar": true, "ara": true, "arb": true, "en": true, "eng": true}

// scriptOfUI is the script each interface language is written in.
var scriptOfUI = map[string]string{"ar": "Arab", "en": "Latn"}

// subtags reads a BCP 47 tag's language, script and region subtags
// ("pa-Arab-PK" gives "pa", "Arab", "PK"); ok is false for what is not a
// tag. A tag of private use only ("x-…") has the language "und".
func subtags(tag string) (lang, script, region string, ok bool) {
	parts := strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 {
		return "", "", "", false
	}
	for _, p := range parts {
		if len(p) > 8 || !isAlnum(p) {
			return "", "", "", false
		}
	}
	if strings.EqualFold(parts[0], "x") && len(parts) > 1 {
		return "und", "", "", true
	}
	if len(parts[0]) < 2 || len(parts[0]) > 3 || !isAlpha(parts[0]) {
		return "", "", "", false
	}
	lang, rest := strings.ToLower(parts[0]), parts[1:]
	if len(rest) > 0 && len(rest[0]) == 4 && isAlpha(rest[0]) {
		script = strings.ToUpper(rest[0][:1]) + strings.ToLower(rest[0][1:])
		rest = rest[1:]
	}
	if len(rest) > 0 && (len(rest[0]) == 2 && isAlpha(rest[0]) || len(rest[0]) == 3 && isDigit(rest[0])) {
		region = strings.ToUpper(rest[0])
	}
	return lang, script, region, true
}

func isDigit(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// languageName is each language's name for itself, as the switch shows
// the language it offers.
var languageName = map[string]string{"ar": "العربية", "en": "English"}

// otherLang is the language the switch offers when the interface speaks
// l.
func otherLang(l string) string {
	if l == "en" {
		return "ar"
	}
	return "en"
}

// dirOf is the direction of the interface language l.
func dirOf(l string) string {
	if l == "en" {
		return "ltr"
	}
	return "rtl"
}

// The interface's messages.
var (
	msgBrand              = msg{"المُعلِّق", "Annotator"}
	msgTagClaim           = msg{"ادعاء", "Claim"}
	msgTagQuote           = msg{"اقتباس", "Quote"}
	msgTagSource          = msg{"مصدر", "Source"}
	msgToolbar            = msg{"وسم التحديد", "Tag the selection"}
	msgToolbarHint        = msg{"حدِّد نصًا ثم اختر وسمًا (أو اضغط C أو Q أو S)", "Select text, then pick a tag (or press C, Q or S)"}
	msgExport             = msg{"تصدير", "Export"}
	msgList               = msg{"التعليقات", "Annotations"}
	msgEmpty              = msg{"لا تعليقات بعد. حدِّد نصًا في المقال لتبدأ.", "No annotations yet. Select text in the article to begin."}
	msgNote               = msg{"ملاحظة", "Note"}
	msgDelete             = msg{"حذف", "Delete"}
	msgGoTo               = msg{"انتقل إلى المقطع", "Go to passage"}
	msgDismiss            = msg{"إغلاق", "Dismiss"}
	msgSkipList           = msg{"تخطَّ القائمة إلى النص", "Skip the list, to the text"}
	msgSkipListBack       = msg{"تخطَّ القائمة رجوعًا إلى أدواتها", "Skip the list, back to its controls"}
	msgNoSelection        = msg{"لم يُحدَّد نص في المقال. حدِّد مقطعًا أولًا ثم اختر الوسم.", "No text is selected in the article. Select a passage first, then pick the tag."}
	msgRemovedElsewhere   = msg{"أُزيل هذا النص من المكتبة في نافذة أخرى. ما تضيفه هنا يُحفظ مع ذلك، ويظهر حين يُفتح النص أو يُعاد.", "This text was removed from the library in another tab. What you add here is still saved, and shows again when the text is opened or put back."}
	msgSaveFailed         = msg{"تعذّر حفظ آخر تغيير في ذاكرة المتصفح (قد تكون المساحة ممتلئة أو التصفح خاصًا). ما حُفظ سابقًا باقٍ كما هو؛ صدِّر تعليقاتك لئلا تضيع.", "Your last change could not be saved in the browser's storage (it may be full, or this may be a private window). What was saved before is untouched; export your annotations so they are not lost."}
	msgLoadFailed         = msg{"تعذّرت قراءة التعليقات المحفوظة؛ حُفظت نسخة منها جانبًا كما هي ولم يُحذف شيء.", "The saved annotations could not be read; a copy was set aside as it was and nothing was deleted."}
	msgNotReady           = msg{"ما زال النص يُحمَّل، فلم يتغير شيء. أعد المحاولة بعد لحظة.", "The text is still loading, so nothing was changed. Try again in a moment."}
	msgCreated            = msg{"أُضيف تعليق", "Annotation added"}
	msgDeleted            = msg{"حُذف التعليق", "Annotation deleted"}
	msgExported           = msg{"صُدِّر الملف", "File exported"}
	msgOffline            = msg{"دون اتصال", "Offline"}
	msgUpdate             = msg{"نسخة جديدة من التطبيق جاهزة؛ تعليقاتك محفوظة.", "A new version of the app is ready; your annotations are kept."}
	msgUpdateNow          = msg{"حدِّث الآن", "Update now"}
	msgImport             = msg{"استيراد", "Import"}
	msgAnchorAnyway       = msg{"اربطها بهذا النص", "Anchor here anyway"}
	msgCancelImport       = msg{"لا تستورد", "Don't import"}
	msgSwitchLanguage     = msg{"بدّل الواجهة إلى الإنجليزية", "Switch the interface to Arabic"}
	msgMore               = msg{"أوامر أخرى", "More commands"}
	msgUnnamedTextFile    = msg{"لا يذكر الملف «{name}» النص الذي صُنع له. قد لا تطابق تعليقاته هذا النص. أأربطها به على أي حال؟ ما لا يُعثر عليه يُدرج يتيمًا.", "{name} does not say which text it was made for. Its annotations may not match this one. Anchor them here anyway? What cannot be found is listed as an orphan."}
	msgUnnamedText        = msg{"ونص لا يسمّيه", "and a text it does not name"}
	msgForeignFile        = msg{"الملف «{name}» صُنع لنص آخر ({ids}). قد لا تطابق تعليقاته هذا النص. أأربطها به على أي حال؟ ما لا يُعثر عليه يُدرج يتيمًا.", "{name} was made for another text ({ids}). Its annotations may not match this one. Anchor them here anyway? What cannot be found is listed as an orphan."}
	msgLanguageChanged    = msg{"الواجهة بالعربية", "The interface is in English"}
	msgFilterByTag        = msg{"اعرض حسب الوسم", "Show by tag"}
	msgByStatus           = msg{"حالة الربط بالنص", "Anchoring status"}
	msgAllStatuses        = msg{"كل الحالات", "All statuses"}
	msgUndone             = msg{"تراجعتَ عن", "Undone"}
	msgRedone             = msg{"أُعيد", "Redone"}
	msgNothingToUndo      = msg{"لا شيء للتراجع عنه", "Nothing to undo"}
	msgNothingToRedo      = msg{"لا شيء لإعادته", "Nothing to redo"}
	msgNoteEdit           = msg{"تعديل ملاحظة", "note edit"}
	msgUndo               = msg{"تراجع", "Undo"}
	msgRedo               = msg{"إعادة", "Redo"}
	msgRetagged           = msg{"تغيّر الوسم", "Tag changed"}
	msgKeys               = msg{"المفاتيح", "Keys"}
	msgClose              = msg{"إغلاق", "Close"}
	msgLinked             = msg{"رُبط المصدر بالادعاء", "Source linked"}
	msgLinkSource         = msg{"اربطه مصدرًا", "Link as source"}
	msgLinkNeedsClaim     = msg{"حدِّد ادعاءً أو اقتباسًا في القائمة أولًا، ثم حدِّد نص مصدره.", "Focus a claim or a quote in the list first, then select the text of its source."}
	msgLinkNeedsSelection = msg{"حدِّد نص المصدر في المقال، ثم اربطه.", "Select the text of the source in the article, then link it."}
	msgSourcesOf          = msg{"مصادره", "Its sources"}
	msgSourceFor          = msg{"مصدر لـ", "Source for"}
	msgShare              = msg{"مشاركة", "Share"}
	msgYourName           = msg{"اسمك (يظهر على تعليقاتك)", "Your name (shown on your annotations)"}
	msgByReader           = msg{"القارئ", "Reader"}
	msgAllReaders         = msg{"كل القرّاء", "All readers"}
	msgNoName             = msg{"بلا اسم", "No name"}
	msgSearch             = msg{"ابحث في المقاطع والملاحظات", "Search quotes and notes"}
	msgShown              = msg{"معروض", "shown"}
	msgUnshown            = msg{"محفوظ لا يُعرض هنا", "Kept, not shown here"}
	msgUnshownHelp        = msg{"تعليقات جاءت بها ملفات ولا تشير إلى مقطع من هذا النص؛ تبقى محفوظة وتُصدَّر كما جاءت.", "Annotations from files that point at no passage of this text; they are kept and exported as they came."}
	msgOtherTags          = msg{"وسوم أخرى", "Other tags"}
	msgReattach           = msg{"اربط بالتحديد الحالي", "Re-attach to the selection"}
	msgReattached         = msg{"رُبط التعليق بالنص المحدد", "Annotation re-attached to the selected text"}
	msgOrphanHelp         = msg{"لم يُعثر على هذا المقطع في النص. حدِّد النص الصحيح ثم اربطه.", "This passage was not found in the text. Select the right text, then re-attach it."}
)

// statusMsg says how an annotation was placed in the text.
var statusMsg = map[annotations.Status]msg{
	annotations.Anchored:  {"في موضعه", "anchored"},
	annotations.Moved:     {"انتقل", "moved"},
	annotations.Fuzzy:     {"تقريبي", "fuzzy"},
	annotations.Orphan:    {"يتيم", "orphan"},
	annotations.Ambiguous: {"ملتبس: له أكثر من موضع", "ambiguous: more than one place"},
}

// statusOrder is the order statuses are offered in.
var statusOrder = []annotations.Status{annotations.Anchored, annotations.Moved, annotations.Fuzzy, annotations.Ambiguous, annotations.Orphan}

// statusMark is the sign beside the status, so it is not told by colour.
var statusMark = map[annotations.Status]string{
	annotations.Anchored: "✓", annotations.Moved: "↪", annotations.Fuzzy: "≈", annotations.Orphan: "⚠", annotations.Ambiguous: "⇋",
}

// in is the message in the interface language l ("ar" or "en").
func (m msg) in(l string) string {
	if l == "en" {
		return m.en
	}
	return m.ar
}

// ui shows the message in the interface language l.
func (m msg) ui(l string) app.UI { return app.Span().Class("msg").Text(m.in(l)) }

// with shows the message in the interface language l with each {key} in
// it replaced by the elements parts[key].
func (m msg) with(l string, parts map[string][]app.UI) app.UI {
	var body []app.UI
	t := m.in(l)
	for {
		i := strings.Index(t, "{")
		j := strings.Index(t, "}")
		if i < 0 || j < i {
			break
		}
		if i > 0 {
			body = append(body, app.Text(t[:i]))
		}
		body = append(body, parts[t[i+1:j]]...)
		t = t[j+1:]
	}
	if t != "" {
		body = append(body, app.Text(t))
	}
	return app.Span().Class("msg").Body(body...)
}

// noteCutMsg says a pasted text was cut to the n UTF-16 units a note's
// field takes.
func noteCutMsg(n int) msg {
	return msg{
		"كان النص الملصق أطول مما تتسع له الملاحظة (" + strconv.Itoa(n) + " حرفًا)، فلم يُلصق منه إلا أوله. وزّع النص على أكثر من ملاحظة.",
		"The pasted text was longer than a note can hold (" + strconv.Itoa(n) + " characters), so only its beginning was pasted. Split the text over several notes.",
	}
}

// errorMsg shows an unexpected error, which has no translation.
func errorMsg(err error) msg { return msg{"حدث خطأ", err.Error()} }

var tagMsg = map[string]msg{"claim": msgTagClaim, "quote": msgTagQuote, "source": msgTagSource}

// tagLetter is the letter a tag shows beside its colour, so that colour is
// never the only signal.
var tagLetter = map[string]string{"claim": "C", "quote": "Q", "source": "S"}
