package annotations

import (
	"index/suffixarray"
	"sort"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Status says how Locate found a target.
type Status string

// The statuses.
const (
	Anchored  Status = "anchored"  // the exact quote at the stored position
	Moved     Status = "moved"     // the exact quote, elsewhere
	Fuzzy     Status = "fuzzy"     // text that folds to, or nearly to, the quote
	Ambiguous Status = "ambiguous" // equally good places, none placed: see Alternatives
	Orphan    Status = "orphan"    // not found: nothing is placed
)

// Span is a span of a document's text in code points, End exclusive.
type Span struct {
	Start, End int
}

// Match is where a target was found. Score is 1 for an exact match and
// between MinScore and 1 for a fuzzy one. An Ambiguous match places
// nothing (Start and End are 0, as for an orphan): Alternatives lists the
// equally good places, in text order, and Score is what each of them
// scores. Alternatives is nil for every other status.
type Match struct {
	Start, End   int
	Status       Status
	Score        float64
	Alternatives []Span
}

// Tuning of the matcher; see the package documentation.
const (
	// MinScore is the lowest score a fuzzy match may have.
	MinScore = 0.65
	// MaxErrorRate is the share of the folded quote beyond its first
	// ShortQuote code points that a fuzzy match may get wrong (insertions,
	// deletions, substitutions): none in a quote of ShortQuote code points
	// or fewer, 2 in one of 20, 10 in one of 60.
	MaxErrorRate = 0.2
	ShortQuote   = 10
	// MinEvidence is how many folded code points of quote and agreeing
	// context a match elsewhere than the stored position needs.
	MinEvidence = 16
	// MaxAlternatives bounds how many equally good places an Ambiguous
	// match lists.
	MaxAlternatives = 64
	// HintTolerance is how far apart, in UTF-16 code units, the page
	// offsets that LocateAll derives from hints may be and still agree,
	// and how far, in code points, from where a place starts a hint less
	// that offset may fall and still choose it.
	HintTolerance = 8
	// ShiftTolerance is the same for the shift of stored positions, in
	// code points.
	ShiftTolerance = 8
	// maxHits bounds how many places one piece of a quote is tried at
	// anywhere in the text; beyond it, only places within nearRadius of
	// the expected place are tried.
	maxHits    = 2000
	nearRadius = 2000
	// maxVerify is how many implied starts are verified by alignment.
	maxVerify = 24
	// maxContext is how many places, the best by exact context, have
	// their context compared by edit distance.
	maxContext = 8
	// shiftNeighbours is how many placed targets on each side of an
	// ambiguous one LocateAll asks how far their stored positions moved.
	shiftNeighbours = 2
)

// Locate finds t in d; see Anchorer.Locate.
func Locate(d *Document, t Target) Match { return d.anchorer().Locate(t) }

// LocateAll finds every target of ts in d; see Anchorer.LocateAll.
func LocateAll(d *Document, ts []Target) []Match { return d.anchorer().LocateAll(ts) }

// Anchorer locates targets in one document. It folds the document's text
// once and indexes it with a suffix array, so each search costs about the
// length of the quote times the logarithm of the text's length, plus the
// places it verifies.
type Anchorer struct {
	d      *Document
	folded Folded
	starts []int32 // byte offset of each folded code point in fbytes
	once   sync.Once
	sa     *suffixarray.Index
	u16    []int32 // u16[i] is the UTF-16 offset of code point i; built on first need
	u16Do  sync.Once
}

func (d *Document) anchorer() *Anchorer {
	d.anchorOnce.Do(func() { d.anchor = NewAnchorer(d) })
	return d.anchor
}

// NewAnchorer folds d's text. The suffix array is built on first need.
func NewAnchorer(d *Document) *Anchorer {
	return &Anchorer{d: d, folded: Fold(d.runes)}
}

func (a *Anchorer) index() *suffixarray.Index {
	a.once.Do(func() {
		b := make([]byte, 0, len(a.folded.Runes)*2)
		a.starts = make([]int32, len(a.folded.Runes))
		for i, r := range a.folded.Runes {
			a.starts[i] = int32(len(b))
			b = utf8.AppendRune(b, r)
		}
		a.sa = suffixarray.New(b)
	})
	return a.sa
}

// utf16Offsets returns the UTF-16 offset of every code point of the text,
// and of its end.
func (a *Anchorer) utf16Offsets() []int32 {
	a.u16Do.Do(func() {
		a.u16 = make([]int32, len(a.d.runes)+1)
		u := 0
		for i, r := range a.d.runes {
			a.u16[i] = int32(u)
			u += utf16Len(r)
		}
		a.u16[len(a.d.runes)] = int32(u)
	})
	return a.u16
}

// toUTF16 is the UTF-16 offset of code point offset cp of the text.
func (a *Anchorer) toUTF16(cp int) int {
	u := a.utf16Offsets()
	return int(u[max(0, min(cp, len(u)-1))])
}

// fromUTF16 is the code point offset of UTF-16 offset u of the text,
// clamped to it; an offset inside a surrogate pair moves past the pair, as
// UTF16ToCodePoint does.
func (a *Anchorer) fromUTF16(u int) int {
	offs := a.utf16Offsets()
	return sort.Search(len(offs)-1, func(i int) bool { return int(offs[i]) >= u })
}

// occurrences returns the folded offsets where q occurs, up to limit (all
// if limit < 0), in order.
func (a *Anchorer) occurrences(q []rune, limit int) []int {
	if len(q) == 0 {
		return nil
	}
	sa := a.index()
	hits := sa.Lookup([]byte(string(q)), limit)
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = sort.Search(len(a.starts), func(k int) bool { return int(a.starts[k]) >= h })
	}
	sort.Ints(out)
	return out
}

// candidate is a place the quote may be, in folded offsets.
type candidate struct {
	fs, fe int     // folded span
	errs   int     // edit distance of the folded quote to the span
	quote  float64 // quote similarity, 0 to 1
	ctx    float64 // context similarity, 0 to 1
	ctxLen int     // folded code points of agreeing context
	exact  int     // folded code points of context that agree exactly
	score  float64
}

// equallyGood reports whether two places are as good as each other: the
// same edits to the quote, the same context agreeing.
func (c candidate) equallyGood(o candidate) bool {
	return c.errs == o.errs && c.ctxLen == o.ctxLen && c.exact == o.exact
}

// placement is what locating one target found: the match, and when
// several places were equally good, all of them.
type placement struct {
	m     Match
	tied  []Span  // the equally good places, in text order, when more than one
	score float64 // the score each tied place has
	exact []rune  // the quote
}

// Locate finds t in the document and says how:
//
//  1. Anchored: the text at the stored position is the stored quote.
//  2. Moved or Fuzzy: the folded quote occurs elsewhere. Among several
//     places the one whose surroundings best agree with the stored prefix
//     and suffix wins. Where the original text there is the quote the
//     match is Moved, else Fuzzy with score 1 (it differs only in what
//     folding ignores).
//  3. Fuzzy: approximate matching. The folded quote is cut into pieces, one
//     more than the errors allowed, so that any place within that many
//     errors holds at least one piece exactly (the pigeonhole principle);
//     the places of each piece are found in the suffix array and each is
//     verified by an edit-distance alignment of the whole quote around it.
//  4. Ambiguous: two or more places are equally good (the same edits to
//     the quote, the same context agreeing) and neither the stored
//     position nor the hint tells them apart; nothing is placed, and
//     Alternatives lists them. The stored position tells them apart when
//     one place is less than half as far from it as any other; the hint,
//     read as an offset in this text, when it is exactly where one of them
//     starts.
//  5. Orphan otherwise.
//
// The span found is the quote's exactly: the white space at its edges
// when the quote has it there (a newline for a newline where the text has
// one, or any white space for white space), and the diacritics of its
// last letter, as a reader's selection takes them.
//
// A match elsewhere than the stored position must rest on at least
// MinEvidence folded code points (quote plus agreeing context), so a short
// quote is not placed on unrelated letters. A quote found exactly, and only
// once in the text or within ShiftTolerance of its stored position, counts
// twice: a quote of 8 code points the text holds once is placed without
// any context.
func (a *Anchorer) Locate(t Target) Match {
	p := a.locate(t)
	if p.tied == nil {
		return p.m
	}
	return a.settle(p, a.wants(t, 0, 0, false))
}

// locate finds t's places. When several are equally good, the match is
// Ambiguous and tied lists them for settle to decide between.
func (a *Anchorer) locate(t Target) placement {
	if p := t.Position; p.Start < p.End && a.d.holds(t.Quote.Exact, p.Start, p.End) {
		// The usual case, and the fast one: the text at the position is
		// the quote.
		return placement{m: Match{Start: p.Start, End: p.End, Status: Anchored, Score: 1}}
	}
	exact := []rune(norm.NFC.String(t.Quote.Exact))
	if len(exact) == 0 {
		return placement{m: Match{Status: Orphan}}
	}
	d := a.d
	p := t.Position
	if p.Start >= 0 && p.End == p.Start+len(exact) && p.End <= d.Len() && equalRunes(d.runes[p.Start:p.End], exact) {
		return placement{m: Match{Start: p.Start, End: p.End, Status: Anchored, Score: 1}}
	}
	// The quote is its core, which is matched, between its loose edges
	// (white space, and what folding drops), which are taken where the
	// text has them. The marks of the core's last letter are the core's.
	lo, hi := 0, len(exact)
	for lo < hi && loose(exact[lo]) {
		lo++
	}
	for hi > lo && loose(exact[hi-1]) {
		hi--
	}
	if lo == hi {
		return placement{m: Match{Status: Orphan}}
	}
	tailAt := hi
	for tailAt < len(exact) && isMark(exact[tailAt]) {
		tailAt++
	}
	lead, marks, tail := exact[:lo], exact[hi:tailAt], exact[tailAt:]
	after := []rune(norm.NFC.String(t.Quote.Suffix))
	q := Fold(exact[lo:hi]).Runes
	prefix := Fold(append([]rune(norm.NFC.String(t.Quote.Prefix)), lead...)).Runes
	suffix := Fold(append(append([]rune{}, tail...), after...)).Runes
	// When the quote ends on its last letter's marks, or on the letter,
	// the marks that begin the suffix are the rest of them: the quote was
	// cut there.
	cut := 0
	if len(tail) == 0 {
		for cut < len(after) && isMark(after[cut]) {
			cut++
		}
	}
	marks = marks[:len(marks):len(marks)]
	letterMarks := append(marks, after[:cut]...)
	expected := -1
	if p.Start >= 0 {
		expected = a.foldedOffset(p.Start + lo)
	}

	var cands []candidate
	for _, fs := range a.occurrences(q, -1) {
		cands = append(cands, candidate{fs: fs, fe: fs + len(q), quote: 1})
	}
	if len(cands) == 0 {
		cands = a.approximate(q, expected)
	}
	// Context is first judged by how much of it agrees exactly; only the
	// best few places are then compared by edit distance, which forgives
	// edits in the context too.
	for i := range cands {
		c := &cands[i]
		c.exact = a.exactContext(c.fs, c.fe, prefix, suffix)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].exact > cands[j].exact })
	best := -1
	full := len(prefix) + len(suffix)
	evaluate := func(i int) {
		c := &cands[i]
		if c.exact == full { // all of it agrees
			c.ctx, c.ctxLen = 1, full
		} else {
			c.ctx, c.ctxLen = a.context(c.fs, c.fe, prefix, suffix)
		}
		dist := 0.0
		if n := len(a.folded.Runes); n > 0 && expected >= 0 {
			dist = float64(abs(c.fs-expected)) / float64(n)
		}
		// The score weighs the quote most, then its surroundings, and
		// least how far it moved.
		c.score = 0.7*c.quote + 0.25*c.ctx + 0.05*(1-dist)
		if best < 0 || c.score > cands[best].score {
			best = i
		}
	}
	n := min(len(cands), maxContext)
	for i := range n {
		evaluate(i)
	}
	// The places as good as the best by exact context are compared too,
	// to tell whether it is alone: all of them when their context agrees
	// in full, which costs nothing to compare.
	for best >= 0 && n < len(cands) && cands[n].exact == cands[best].exact && (n < maxContext+MaxAlternatives || cands[n].exact == full) {
		evaluate(n)
		n++
	}
	cands = cands[:n]
	if best < 0 {
		return placement{m: Match{Status: Orphan}}
	}
	c := cands[best]
	evidence := len(q) - c.errs + c.ctxLen
	if c.errs == 0 && (len(cands) == 1 || expected >= 0 && abs(c.fs-expected) <= ShiftTolerance) {
		// Found as it is, and nowhere else in the text or about where the
		// stored position says: the quote counts twice.
		evidence += len(q)
	}
	if evidence < MinEvidence || c.errs > maxErrors(len(q)) || c.score < MinScore {
		return placement{m: Match{Status: Orphan}}
	}
	score := c.score
	if c.errs == 0 {
		score = 1 // it differs only in what folding ignores
	}
	// The places as good as the best. Where some hold the quote exactly
	// and others only fold to it, those that hold it are better.
	var tied, exactly []Span
	for _, o := range cands {
		if o.equallyGood(c) {
			s, e := a.span(o.fs, o.fe, lead, marks, letterMarks, tail)
			tied = append(tied, Span{s, e})
			if equalRunes(d.runes[s:e], exact) {
				exactly = append(exactly, Span{s, e})
			}
		}
	}
	if len(exactly) > 0 {
		tied = exactly
	}
	if len(tied) > 1 {
		// Two places of the folded text can widen to the same span (a
		// quote with loose edges in a run of the same letter).
		sort.Slice(tied, func(i, j int) bool { return tied[i].Start < tied[j].Start })
		n := 1
		for _, sp := range tied[1:] {
			if sp != tied[n-1] {
				tied[n] = sp
				n++
			}
		}
		tied = tied[:n]
	}
	if len(tied) > 1 {
		tied = tied[:min(len(tied), MaxAlternatives)]
		return placement{m: Match{Status: Ambiguous, Score: score, Alternatives: tied}, tied: tied, score: score, exact: exact}
	}
	return placement{m: a.placed(tied[0], exact, score)}
}

// placed is the match of exact at sp.
func (a *Anchorer) placed(sp Span, exact []rune, score float64) Match {
	if equalRunes(a.d.runes[sp.Start:sp.End], exact) {
		return Match{Start: sp.Start, End: sp.End, Status: Moved, Score: 1}
	}
	return Match{Start: sp.Start, End: sp.End, Status: Fuzzy, Score: score}
}

// want is a place a target is expected at, in code points of the text,
// and how near to it a place must be to be chosen by it.
type want struct {
	at     int
	within int // -1: any distance, if the place is clearly the nearest
}

// wants are the places t is expected at: its stored position moved by
// shift, which chooses the clearly nearest place; and its hint less the
// page offset delta, made a code point offset of the text, which chooses a
// place within HintTolerance of it when delta is known, and else, the hint
// taken as it is, only a place that starts exactly there.
func (a *Anchorer) wants(t Target, shift int, delta int, deltaKnown bool) []want {
	var ws []want
	if t.Position.Start >= 0 {
		ws = append(ws, want{at: t.Position.Start + shift, within: -1})
	}
	if t.Hint != (Hint{}) {
		if deltaKnown {
			ws = append(ws, want{at: a.fromUTF16(t.Hint.Start - delta), within: HintTolerance})
		} else {
			ws = append(ws, want{at: a.fromUTF16(t.Hint.Start), within: 0})
		}
	}
	return ws
}

// settle chooses among equally good places by what the target says of
// where it was: each want may choose one place, and one is placed only if
// some want chooses it and none chooses another. Otherwise the match stays
// Ambiguous.
func (a *Anchorer) settle(p placement, ws []want) Match {
	chosen := -1
	for _, w := range ws {
		i := choose(p.tied, w)
		if i < 0 {
			continue
		}
		if chosen >= 0 && chosen != i {
			return p.m
		}
		chosen = i
	}
	if chosen < 0 {
		return p.m
	}
	return a.placed(p.tied[chosen], p.exact, p.score)
}

// choose returns the place w chooses, or -1: the nearest place to w.at,
// if it is within w.within of it (when w.within >= 0) and less than half as
// far from it as any other place.
func choose(places []Span, w want) int {
	near, d1, d2 := -1, -1, -1
	for i, sp := range places {
		d := abs(sp.Start - w.at)
		switch {
		case near < 0 || d < d1:
			near, d1, d2 = i, d, d1
		case d2 < 0 || d < d2:
			d2 = d
		}
	}
	if near < 0 || w.within >= 0 && d1 > w.within || d2 >= 0 && d2 <= 2*d1 {
		return -1
	}
	return near
}

// LocateAll locates a whole file's worth of targets at once, so that what
// the others say settles the ambiguous ones. Each target is first located
// as Locate does. Then, for targets tied between equally good places:
//
//   - Stored positions: how far the targets placed without a tie moved
//     from their stored positions is asked of the two nearest to the tied
//     one (by stored position) on each side; when at least two agree
//     within ShiftTolerance and they are most of those asked, the tied
//     target's stored position is moved by their median shift before it
//     chooses.
//   - Hints: every target placed without a tie that has a hint gives the
//     offset of the hint's page against this text, δ = Hint.Start − the
//     UTF-16 offset of the match's start. When at least two agree within
//     HintTolerance of their median and they are most of them, the tied
//     target's hint less δ, made a code point offset, chooses the place
//     within HintTolerance of it; when they do not, a hint chooses only a
//     place that starts exactly at it.
//
// A place is chosen only if nothing points at another one; ties that stay
// are Ambiguous. LocateAll changes nothing and returns one match per
// target, in order.
func (a *Anchorer) LocateAll(ts []Target) []Match {
	ps := make([]placement, len(ts))
	out := make([]Match, len(ts))
	type moved struct{ at, shift int }
	var shifts []moved
	var deltas []int
	tied := 0
	for i, t := range ts {
		ps[i] = a.locate(t)
		m := ps[i].m
		out[i] = m
		if ps[i].tied != nil {
			tied++
			continue
		}
		if m.Status == Orphan {
			continue
		}
		if t.Position.Start >= 0 {
			shifts = append(shifts, moved{t.Position.Start, m.Start - t.Position.Start})
		}
		if t.Hint != (Hint{}) {
			deltas = append(deltas, t.Hint.Start-a.toUTF16(m.Start))
		}
	}
	if tied == 0 {
		return out
	}
	delta, deltaKnown := agreed(deltas, HintTolerance)
	sort.Slice(shifts, func(i, j int) bool { return shifts[i].at < shifts[j].at })
	for i, t := range ts {
		if ps[i].tied == nil {
			continue
		}
		shift := 0
		if p := t.Position.Start; p >= 0 && len(shifts) > 0 {
			k := sort.Search(len(shifts), func(j int) bool { return shifts[j].at >= p })
			var near []int
			for j := max(0, k-shiftNeighbours); j < min(len(shifts), k+shiftNeighbours); j++ {
				near = append(near, shifts[j].shift)
			}
			shift, _ = agreed(near, ShiftTolerance) // 0 when they disagree
		}
		out[i] = a.settle(ps[i], a.wants(t, shift, delta, deltaKnown))
	}
	return out
}

// agreed returns the median of xs if at least two of them, and more than
// half, are within tol of it.
func agreed(xs []int, tol int) (int, bool) {
	if len(xs) < 2 {
		return 0, false
	}
	s := append([]int(nil), xs...)
	sort.Ints(s)
	med := s[len(s)/2]
	n := 0
	for _, x := range s {
		if abs(x-med) <= tol {
			n++
		}
	}
	if n < 2 || 2*n <= len(s) {
		return 0, false
	}
	return med, true
}

// span maps the folded span [fs, fe) back to the text and takes in the
// quote's loose edges where the text has them. marks are the marks the
// quote has after its last letter, all the marks that letter had where
// the quote was taken from when they are known (letterMarks, which begins
// with marks), else marks.
func (a *Anchorer) span(fs, fe int, lead, marks, letterMarks, tail []rune) (int, int) {
	f := a.folded
	for fs < fe && f.Runes[fs] == ' ' {
		fs++
	}
	for fe > fs && f.Runes[fe-1] == ' ' {
		fe--
	}
	s, e := f.Span(fs, fe)
	if fs == fe {
		return s, e
	}
	// The last letter takes all its marks, unless the quote stops partway
	// through them (a selection of the same text can): when the letter
	// has the marks it had where the quote was taken, or when the quote
	// has some of them and the letter has more.
	letter := f.Orig[fe-1] + 1
	has := a.d.runes[letter:e]
	switch {
	case len(letterMarks) > len(marks) && equalRunes(has, letterMarks):
		e = letter + len(marks)
	case len(marks) > 0 && len(marks) < len(has) && equalRunes(has[:len(marks)], marks):
		e = letter + len(marks)
	}
	return a.extendBack(s, lead), a.extendForward(e, tail)
}

// extendBack moves start back over the white space and dropped code points
// before it that the quote's lead has: the same code point, or white space
// for white space. The marks of the letter before are taken only if the
// lead has them.
func (a *Anchorer) extendBack(start int, lead []rune) int {
	text := a.d.runes
	i, j := len(lead)-1, start-1
	for i >= 0 && j >= 0 && loose(text[j]) {
		q, r := lead[i], text[j]
		switch {
		case q == r || foldsToSpace(q) && foldsToSpace(r):
			i--
			j--
			start = j + 1
		case isMark(r):
			return start
		case !foldsToSpace(q): // in the quote, not in the text
			i--
		default: // in the text, not in the quote: taken if what is before it is
			j--
		}
	}
	return start
}

// extendForward moves end on over the white space and dropped code points
// after it that the quote's tail has, and the marks of a tatweel it ends
// on.
func (a *Anchorer) extendForward(end int, tail []rune) int {
	text := a.d.runes
	i, j, from := 0, end, end
	for i < len(tail) && j < len(text) && loose(text[j]) {
		q, r := tail[i], text[j]
		switch {
		case q == r || foldsToSpace(q) && foldsToSpace(r):
			i++
			j++
			end = j
		case !foldsToSpace(q):
			i++
		default:
			j++
		}
	}
	if end > from && !foldsToSpace(text[end-1]) && !isMark(tail[len(tail)-1]) {
		for end < len(text) && isMark(text[end]) {
			end++
		}
	}
	return end
}

// foldedOffset is the folded offset of original offset o, or -1.
func (a *Anchorer) foldedOffset(o int) int {
	if o < 0 || o > a.d.Len() {
		return -1
	}
	return sort.SearchInts(a.folded.Orig, o)
}

// exactContext counts the folded code points next to [fs, fe) that agree
// exactly with the end of the prefix and the start of the suffix.
func (a *Anchorer) exactContext(fs, fe int, prefix, suffix []rune) int {
	text := a.folded.Runes
	n := 0
	for n < len(prefix) && fs-1-n >= 0 && text[fs-1-n] == prefix[len(prefix)-1-n] {
		n++
	}
	for i := 0; i < len(suffix) && fe+i < len(text) && text[fe+i] == suffix[i]; i++ {
		n++
	}
	return n
}

// context measures how well the text around [fs, fe) agrees with the
// folded prefix and suffix: a similarity from 0 to 1 and how many code
// points agree.
func (a *Anchorer) context(fs, fe int, prefix, suffix []rune) (float64, int) {
	if len(prefix)+len(suffix) == 0 {
		return 1, 0
	}
	text := a.folded.Runes
	before := text[max(0, fs-len(prefix)):fs]
	after := text[fe:min(len(text), fe+len(suffix))]
	dp := editDistance(before, prefix)
	ds := editDistance(after, suffix)
	agree := len(prefix) - dp + len(suffix) - ds
	return float64(agree) / float64(len(prefix)+len(suffix)), agree
}

// approximate finds places within maxErrors of q. A piece too common to
// say anything is tried only near the expected place, when there is one.
func (a *Anchorer) approximate(q []rune, expected int) []candidate {
	k := maxErrors(len(q))
	if k == 0 {
		return nil
	}
	text := a.folded.Runes
	// Pieces of q: any span within k errors holds one of the k+1 exactly,
	// at the offset it has in q give or take k. Each place a piece occurs
	// votes for the start it implies; the starts with the most votes (an
	// edit breaks at most one piece), then the nearest to the expected
	// place, are verified.
	votes := map[int]int{}
	n := len(q) / (k + 1)
	for j := 0; j <= k; j++ {
		lo, hi := j*n, (j+1)*n
		if j == k {
			hi = len(q)
		}
		hits := a.occurrences(q[lo:hi], maxHits+1)
		if len(hits) > maxHits {
			if expected < 0 {
				continue
			}
			radius := nearRadius + 4*len(q)
			all := a.occurrences(q[lo:hi], -1)
			i := sort.SearchInts(all, expected-radius)
			j := sort.SearchInts(all, expected+radius)
			hits = all[i:j]
		}
		for _, h := range hits {
			votes[(h-lo)/(k+1)]++ // starts within k of each other vote together
		}
	}
	type start struct{ bucket, votes, dist int }
	starts := make([]start, 0, len(votes))
	for b, v := range votes {
		dist := 0
		if expected >= 0 {
			dist = abs(b*(k+1) - expected)
		}
		starts = append(starts, start{b, v, dist})
	}
	sort.Slice(starts, func(i, j int) bool {
		if starts[i].votes != starts[j].votes {
			return starts[i].votes > starts[j].votes
		}
		if starts[i].dist != starts[j].dist {
			return starts[i].dist < starts[j].dist
		}
		return starts[i].bucket < starts[j].bucket
	})
	var out []candidate
	seen := map[int]bool{}
	for _, st := range starts[:min(len(starts), maxVerify)] {
		lo := max(0, st.bucket*(k+1)-k)
		hi := min(len(text), st.bucket*(k+1)+k+len(q)+k)
		fs, fe, errs := align(q, text[lo:hi])
		if errs <= k && !seen[lo+fs] {
			seen[lo+fs] = true
			out = append(out, candidate{fs: lo + fs, fe: lo + fe, errs: errs, quote: 1 - float64(errs)/float64(len(q))})
		}
	}
	return out
}

// maxErrors is how many edits a fuzzy match of a folded quote of m code
// points may have.
func maxErrors(m int) int { return max(0, int(MaxErrorRate*float64(m-ShortQuote))) }

// align finds the span of text that q matches with the fewest edits
// (Sellers' semi-global alignment: the match may start and end anywhere in
// text), returning it and the number of edits. Among equal spans it takes
// the first to end, and for that end the longest.
func align(q, text []rune) (start, end, errs int) {
	m := len(q)
	// prev and cur are columns over q; startOf tracks where in text the
	// alignment ending at each cell began.
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	ps := make([]int, m+1)
	cs := make([]int, m+1)
	for i := range prev {
		prev[i] = i
	}
	best, bestEnd, bestStart := m, 0, 0 // deleting the whole quote
	for j := 1; j <= len(text); j++ {
		cur[0], cs[0] = 0, j
		for i := 1; i <= m; i++ {
			cost := 1
			if q[i-1] == text[j-1] {
				cost = 0
			}
			v, st := prev[i-1]+cost, ps[i-1] // match or substitute
			if prev[i]+1 < v {               // a text character too many
				v, st = prev[i]+1, ps[i]
			}
			if cur[i-1]+1 < v { // a quote character missing
				v, st = cur[i-1]+1, cs[i-1]
			}
			cur[i], cs[i] = v, st
		}
		if cur[m] < best {
			best, bestEnd, bestStart = cur[m], j, cs[m]
		}
		prev, cur = cur, prev
		ps, cs = cs, ps
	}
	return bestStart, bestEnd, best
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b []rune) int {
	if len(a) == 0 {
		return len(b)
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
