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
// # Documents
//
// Parse splits a text into blocks, one per non-empty line, each with its
// kind and its own direction; a document's ID is "urn:sha256:" and the
// SHA-256 of its text. Open reads a reader's own file into a document: a
// plain text, a Markdown file or a saved web page, in UTF-8, UTF-16,
// windows-1256 or ISO-8859-6 (and what a page declares of windows-1255,
// ISO-8859-8 and windows-1252). It takes the markup out, keeping text
// only (nothing of a page's scripts, handlers or links), turns what is
// left into one line a block and parses it, so that the ID and offsets
// are those of that text. Detected says how the file was read, including
// how many characters were not valid (never replaced silently). Files
// over MaxDocumentSize, empty, binary or in another format are refused
// with an OpenError.
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
//   - Ambiguous: two or more places are equally good and nothing tells
//     them apart (see Ties). Nothing is placed: Start and End are 0, as for
//     an orphan, and Match.Alternatives lists the places in text order (at
//     most MaxAlternatives), each with the match's Score. The reader picks
//     one, or a file's other annotations settle it (LocateAll).
//   - Orphan: nothing is placed; the annotation keeps its selectors.
//
// A match is the quote's span exactly, as a reader's selection gives it:
// the white space and newlines at its edges when the quote has them there
// (the same code points where the text has them, any white space for white
// space where it does not, so a no-break space in the quote takes a space
// in the text), and all the diacritics of its last letter, also when the
// quote was taken from a copy without them. A tatweel after the last
// letter is taken only if the quote has one. Only when the stored suffix
// begins with marks (the quote was cut inside a letter's marks) does the
// match stop where the quote did.
//
// # Ties
//
// Places are equally good when their folded text needs the same edits to
// be the quote and the same amount of their context agrees with the stored
// prefix and suffix; among those, the ones whose text is exactly the quote
// are better than the ones that only fold to it. A headline printed twice
// is the usual case: a word in it has the same 32 code points of context in
// both copies. Equally good places are told apart by
//
//   - the stored position, when one place is less than half as far from
//     it as any other;
//   - the hint (where another tool saw the passage, in UTF-16 code units of
//     its page), read as a UTF-16 offset of this text, when it is exactly
//     where one place starts.
//
// One place is chosen when at least one of them chooses it and neither
// chooses another; otherwise the match is Ambiguous. A quote at its stored
// position is Anchored and never ambiguous.
//
// LocateAll locates a whole file of targets at once and settles what it
// can of the ties from the other targets. From the targets placed without
// a tie it learns how far stored positions have moved near each tied one
// (the median shift of the nearest placed on each side, when at least two
// agree within ShiftTolerance and they are most of those), and the offset
// of the page the hints were taken in, δ = Hint.Start − the UTF-16 offset
// of the match's start in this text (the median, when at least two agree
// within HintTolerance and they are most of all). A tied target's stored
// position then chooses after that shift, and its hint less δ chooses the
// place it falls within HintTolerance of, under the same rules. Ties it
// cannot settle stay Ambiguous.
//
// # Folding
//
// Matching compares folded text (see Fold): without diacritics, tatweel,
// joiners and bidi controls; with one alef, one ya, ha for ta marbuta,
// bare hamza carriers, ASCII digits, one space for any run of white space,
// and Latin in lower case. Every folded code point remembers where it came
// from, so a match maps back to exact code points of the original. A quote
// is matched without the white space and dropped code points at its edges,
// which are then taken back where the text has them.
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
// MinEvidence code points of quote and agreeing context (the quote counts
// twice when it is found exactly, and only once in the text or about where
// the stored position says); otherwise the annotation is an orphan. When
// other candidates are as good as the best but for the distance, it is a
// tie (see Ties): a wrong place is never returned silently.
// Locating costs about the quote's length times the logarithm of the text's
// length, plus the candidates it verifies; building an Anchorer (folding
// and the suffix array) is linear in the text.
//
// # Files
//
// Decode reads W3C Web Annotation files and the files Hypothesis writes,
// with a strict JSON reader of its own (no repeated keys, no lone
// surrogates, bounded memory). It keeps what a file says that the app
// does not use (Kept): other properties, bodies, targets with other
// selectors, and whole annotations it cannot show (about an image, a page,
// another annotation), each with a Reason. Encode writes them back as they
// came, and writes nothing Decode would refuse: encode, decode and encode
// again gives the same bytes. Encoder.WithText also writes the document's
// text and title into the collection (see DocumentKey); Decode gives it
// back as Import.Document when its hash is the id the annotations name.
// Place moves an annotation to where it stands
// in a document, keeping the target it came with as its origin.
//
// # Merging
//
// Merge keeps, for each id, the version modified last. Versions modified at
// the same moment that say the same thing (tag, note, passage, links,
// creator) are joined; those that say different things are all kept, the
// greatest by canonical content under the id and the others under ids made
// from their content, with ConflictOf naming the id, until a later version
// of the id supersedes them. Merge is commutative, associative and
// idempotent, and drops no version modified last (FuzzMerge).
package annotations
