package annotations_test

import (
	"bytes"
	"errors"
	"fmt"

	"annotator/annotations"
)

// A saved page in windows-1256: the page's own charset is read, its
// script and navigation are left out, and each block has its kind and
// direction.
func ExampleOpen() {
	page := []byte("<html><head><meta charset=windows-1256><title>\xc7\xe1\xce\xc8\xd1</title>" +
		"<script>alert(1)</script></head><body><nav>menu</nav>" +
		"<article><h1>\xc7\xe1\xce\xc8\xd1</h1><p>\xe4\xd5 <b>\xc7\xe1\xe3</b>\xed\xd2\xc7\xe4</p><p>Source: a report</p></article></body></html>")
	d, how, err := annotations.Open("page.html", page)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(how)
	fmt.Println(d.Title)
	for i, b := range d.Blocks {
		fmt.Println(b.Kind, b.Dir, b.Repeat, d.BlockText(i))
	}
	// A file that is not text is refused, and says why.
	_, _, err = annotations.Open("scan.pdf", []byte("%PDF-1.7"))
	fmt.Println(errors.Is(err, annotations.ErrBinary), err)
	// Output:
	// html, windows-1256 (declared by the page)
	// الخبر
	// title rtl false الخبر
	// title rtl true الخبر
	// paragraph rtl false نص الميزان
	// source ltr false Source: a report
	// true a PDF, not a text: save it as text, Markdown or a web page first
}

// An export that carries the document's text reads back with it.
func ExampleEncoder_WithText() {
	d, _ := annotations.Parse("عنوان\n\nقال الوزير إن الاتفاق صامد.")
	t, _ := annotations.Describe(d, 7, 17) // "قال الوزير"
	a := annotations.Annotation{ID: "urn:uuid:00000000-0000-4000-8000-000000000001", Tag: annotations.Claim, Target: t}
	var file bytes.Buffer
	annotations.NewEncoder(&file).WithText().Encode(d, []annotations.Annotation{a})

	im, _ := annotations.Decode(file.Bytes())
	fmt.Println(im.Document.ID == d.ID, im.Document.Title)
	fmt.Println(annotations.Locate(im.Document, im.Annotations[0].Target).Status)
	// Output:
	// true عنوان
	// anchored
}
