// Package documents holds the texts the annotator ships with.
package documents

import _ "embed"

// Seed is the default document: an Arabic analysis piece with a Quranic
// verse at its head, English source lines and captions, and an interview.
//
//go:embed seed.txt
var Seed string
