// Package annotations is the pure domain of the annotator: documents split
// into blocks, annotations over their text, the selectors that describe a
// passage, and the W3C Web Annotation encoding.
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
// span: at the stored position, elsewhere (the quote moved; prefix and
// suffix choose among repeats), or not at all (an orphan). A located span
// always holds exactly the stored quote.
package annotations
