package annotations

import (
	"fmt"
	"strings"
)

// Reason says why an annotation read from a file is kept but not shown on
// the text. The interface says it in the reader's language; String is the
// English for the command line.
type Reason string

// The reasons.
const (
	ReasonMedia    Reason = "media"    // about an image, a video, a sound or a dataset
	ReasonPage     Reason = "page"     // about a whole page or resource, not a passage
	ReasonReply    Reason = "reply"    // a reply to another annotation
	ReasonRelation Reason = "relation" // about other annotations, as a relation between them
	ReasonSet      Reason = "set"      // about a set of resources
	ReasonSelector Reason = "selector" // its selector does not pick a passage by quote or position
)

func (r Reason) String() string {
	switch r {
	case ReasonMedia:
		return "it is about an image, a video, a sound or a dataset, not a text"
	case ReasonPage:
		return "it is about a whole page or resource, not a passage of a text"
	case ReasonReply:
		return "it is a reply to another annotation"
	case ReasonRelation:
		return "it relates other annotations to each other"
	case ReasonSet:
		return "it is about a set of resources, not a passage of a text"
	case ReasonSelector:
		return "its selector does not pick a passage of a text by quote or position"
	}
	return string(r)
}

// Notice is something else a reader should know of a file, as a code
// with its data.
type Notice struct {
	Code  NoticeCode
	N     int    // how many annotations it concerns
	Value string // a link or a list, where the code has one
}

// NoticeCode names a Notice.
type NoticeCode string

// The notices.
const (
	// The collection's pages are only linked (Value), not in the file.
	NoticeLinkedPages NoticeCode = "linked-pages"
	// Only the first page was read; the next one (Value) is not in the file.
	NoticeNextPage NoticeCode = "next-page"
	// N ids were not IRIs; each was given a urn: made from it and the file.
	NoticeMintedIDs NoticeCode = "minted-ids"
	// N annotations are private to their author; their permissions are
	// kept and written with them.
	NoticePrivate NoticeCode = "private"
	// The collection carries a text (see DocumentKey) that is not the one
	// its annotations were made on: its hash (Value) is not the id the
	// file gives it, or no annotation targets it. The text is not used;
	// the annotations are read.
	NoticeTextMismatch NoticeCode = "text-mismatch"
	// The collection's DocumentKey holds no text that can be read (Value
	// says why). The annotations are read.
	NoticeTextUnreadable NoticeCode = "text-unreadable"
)

func (n Notice) String() string {
	switch n.Code {
	case NoticeLinkedPages:
		return "the collection's pages are only linked (" + n.Value + "), not included in the file: they cannot be read offline"
	case NoticeNextPage:
		return "only the first page was read; the next one (" + n.Value + ") is not included in the file"
	case NoticeMintedIDs:
		return fmt.Sprintf("%d ids were not IRIs; each was given a urn: id made from it", n.N)
	case NoticePrivate:
		return fmt.Sprintf("%d annotations are private to their author; their permissions are kept and exported with them", n.N)
	case NoticeTextMismatch:
		return "the file carries a text that is not the one its annotations were made on (the text's hash is " + n.Value + "); the text is not used, the annotations are"
	case NoticeTextUnreadable:
		return "the file's " + DocumentKey + " cannot be read as a text (" + n.Value + "); the annotations are read without it"
	}
	return strings.TrimSpace(string(n.Code) + " " + n.Value)
}
