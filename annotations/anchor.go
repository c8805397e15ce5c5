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
	Anchored Status = "anchored" // the exact quote at the stored position
	Moved    Status = "moved"    // the exact quote, elsewhere
	Fuzzy    Status = "fuzzy"    // text that folds to, or nearly to, the quote
	Orphan   Status = "orphan"   // not found: nothing is placed
	// Ambiguous: equally good places that nothing tells apart; none is
	// chosen.
	Ambiguous Status = "ambiguous"
)

// Match is where a target was found. Score is 1 for an exact match and
// between MinScore and 1 for a fuzzy one.
type Match struct {
	Start, End int
	Status     Status
	Score      float64
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
)

// Locate finds t in d; see Anchorer.Locate.
func Locate(d *Document, t Target) Match { return d.anchorer().Locate(t) }

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
	score  float64
}

// Locate finds t in the document and says how:
//
//  1. Anchored: the text at the stored position is the stored quote.
//  2. Moved or Fuzzy: the folded quote occurs elsewhere. Among several
//     places the one whose surroundings best agree with the stored prefix
//     and suffix wins, then the nearest to the stored position. Where the
//     original text there is the quote the match is Moved, else Fuzzy with
//     score 1 (it differs only in what folding ignores).
//  3. Fuzzy: approximate matching. The folded quote is cut into pieces, one
//     more than the errors allowed, so that any place within that many
//     errors holds at least one piece exactly (the pigeonhole principle);
//     the places of each piece are found in the suffix array and each is
//     verified by an edit-distance alignment of the whole quote around it.
//  4. Orphan otherwise.
//
// A match elsewhere than the stored position must rest on at least
// MinEvidence folded code points (quote plus agreeing context), so a short
// quote is not placed on unrelated letters.
func (a *Anchorer) Locate(t Target) Match {
	exact := []rune(norm.NFC.String(t.Quote.Exact))
	if len(exact) == 0 {
		return Match{Status: Orphan}
	}
	d := a.d
	p := t.Position
	if p.Start >= 0 && p.End == p.Start+len(exact) && p.End <= d.Len() && equalRunes(d.runes[p.Start:p.End], exact) {
		return Match{Start: p.Start, End: p.End, Status: Anchored, Score: 1}
	}
	q := Fold(exact).Runes
	q = trimSpace(q)
	if len(q) == 0 {
		return Match{Status: Orphan}
	}
	prefix := Fold([]rune(norm.NFC.String(t.Quote.Prefix))).Runes
	suffix := Fold([]rune(norm.NFC.String(t.Quote.Suffix))).Runes
	expected := a.foldedOffset(p.Start)

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
		c.ctxLen = a.exactContext(c.fs, c.fe, prefix, suffix)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].ctxLen > cands[j].ctxLen })
	best := -1
	for i := range cands[:min(len(cands), maxContext)] {
		c := &cands[i]
		c.ctx, c.ctxLen = a.context(c.fs, c.fe, prefix, suffix)
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
	if best < 0 {
		return Match{Status: Orphan}
	}
	c := cands[best]
	if len(q)-c.errs+c.ctxLen < MinEvidence || c.errs > maxErrors(len(q)) || c.score < MinScore {
		return Match{Status: Orphan}
	}
	s, e := a.folded.Span(c.fs, c.fe)
	m := Match{Start: s, End: e, Status: Fuzzy, Score: c.score}
	if equalRunes(d.runes[s:e], exact) {
		m.Status, m.Score = Moved, 1
	} else if c.errs == 0 {
		m.Score = 1
	}
	return m
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

func trimSpace(q []rune) []rune {
	for len(q) > 0 && q[0] == ' ' {
		q = q[1:]
	}
	for len(q) > 0 && q[len(q)-1] == ' ' {
		q = q[:len(q)-1]
	}
	return q
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
