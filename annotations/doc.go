// Package annotations is the pure domain of the annotator: documents split
// into blocks, annotations over their text, the selectors that describe a
// passage, anchoring them again in a text that may have changed, merging
// annotations from several readers, and reading and writing W3C Web
// Annotation files.
//
// # Offsets
//
// Every offset inside this package counts Unicode code points of a
// document's text, in logical (reading) order, as the W3C
// TextPositionSelector requires. A document's text is its source after NFC
// normalization and with line endings as "\n". Two other units exist at the
// edges: Go strings index UTF-8 bytes, and the browser's DOM indexes UTF-16
// code units. The small functions in offsets.go convert between the three;
// nothing else in the package deals in bytes or UTF-16.
//
// # Describing and locating
//
// Describe turns a span of a document into a Target: a TextQuoteSelector
// (the exact text with up to 32 code points of context on each side) and a
// TextPositionSelector. Locate does the reverse and says how it found the
// span, with a Status:
//
//   - Anchored: the text at the stored position is the stored quote.
//   - Moved: the exact quote, elsewhere.
//   - Fuzzy: text that folds to the quote (score 1), or nearly does.
//   - Orphan: nothing is placed; the annotation keeps its selectors.
//
// # Folding
//
// Matching compares folded text (see Fold): without diacritics, tatweel,
// joiners and bidi controls; with one alef, one ya, ha for ta marbuta,
// bare hamza carriers, ASCII digits, one space for any run of white space,
// and Latin in lower case. Every folded code point remembers where it came
// from, so a match maps back to exact code points of the original, and a
// match's end takes the marks of its last letter.
//
// # Scoring
//
// Candidate places come from a suffix array of the folded text: every
// place the folded quote occurs, or, when it occurs nowhere, places within
// k edits found by cutting the quote into k+1 pieces (a place within k
// edits holds one piece exactly), letting each occurrence of a piece vote
// for the start it implies, and aligning the quote around the best-voted
// starts (MaxErrorRate of the quote beyond its first ShortQuote code
// points may be wrong). Each candidate is scored
//
//	score = 0.7·quote + 0.25·context + 0.05·(1 − distance)
//
// where quote is 1 − edits/length of the folded quote, context is the
// share of the folded prefix and suffix that agrees (by edit distance) with
// the text around the candidate, and distance is how far the candidate is
// from the stored position, as a share of the text. The best candidate is
// kept if its score is at least MinScore and it rests on at least
// MinEvidence code points of quote and agreeing context; otherwise the
// annotation is an orphan: a wrong place is never returned silently.
// Locating costs about the quote's length times the logarithm of the text's
// length, plus the candidates it verifies; building an Anchorer (folding
// and the suffix array) is linear in the text.
package annotations
