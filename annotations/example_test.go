package annotations_test

import (
	"fmt"
	"os"
	"time"

	"annotator/annotations"
)

func ExampleParse() {
	d, _ := annotations.Parse("عنوان المقال\n\nفقرة أولى.\n\nSource: a report")
	for i, b := range d.Blocks {
		fmt.Println(b.Kind, b.Dir, d.BlockText(i))
	}
	// Output:
	// title rtl عنوان المقال
	// paragraph rtl فقرة أولى.
	// source ltr Source: a report
}

func ExampleCodePointToUTF16() {
	// "قدًمت" carries a tanween; 👍 needs two UTF-16 units.
	s := "قدًمت 👍 ok"
	fmt.Println(annotations.CodePointToUTF16(s, 8))
	fmt.Println(annotations.UTF16ToCodePoint(s, 9))
	fmt.Println(annotations.CodePointToByte(s, 8))
	// Output:
	// 9
	// 8
	// 16
}

func ExampleLocate() {
	d, _ := annotations.Parse("قال بوش نعم. ثم قال بوش لا.")
	target, _ := annotations.Describe(d, 16, 26) // "قال بوش لا"
	fmt.Println(target.Quote.Exact, target.Position.Start, target.Position.End)

	// The same text with a new first line: the quote moved.
	edited, _ := annotations.Parse("تحديث:\nقال بوش نعم. ثم قال بوش لا.")
	m := annotations.Locate(edited, target)
	fmt.Println(m.Status, m.Start, m.End, edited.Slice(m.Start, m.End))
	// Output:
	// قال بوش لا 16 26
	// moved 23 33 قال بوش لا
}

func ExampleEncoder_Encode() {
	d, _ := annotations.Parse("Putin said no.")
	target, _ := annotations.Describe(d, 11, 13)
	at := time.Date(2026, 1, 21, 9, 30, 0, 0, time.UTC)
	a := annotations.Annotation{
		ID: "urn:uuid:00000000-0000-4000-8000-000000000000", Tag: annotations.Quote,
		Created: at, Modified: at, Target: target,
	}
	annotations.NewEncoder(os.Stdout).Encode(d, []annotations.Annotation{a})
	// Output:
	// {
	//   "@context": "http://www.w3.org/ns/anno.jsonld",
	//   "id": "urn:sha256:d4cc494632876a729d0771729a85c1cf06104b66185548e6df02b7d9d20d0584#annotations",
	//   "type": "AnnotationCollection",
	//   "label": "Putin said no.",
	//   "total": 1,
	//   "first": {
	//     "type": "AnnotationPage",
	//     "startIndex": 0,
	//     "items": [
	//       {
	//         "id": "urn:uuid:00000000-0000-4000-8000-000000000000",
	//         "type": "Annotation",
	//         "motivation": "tagging",
	//         "created": "2026-01-21T09:30:00.000Z",
	//         "modified": "2026-01-21T09:30:00.000Z",
	//         "body": [
	//           {
	//             "type": "TextualBody",
	//             "purpose": "tagging",
	//             "value": "quote"
	//           }
	//         ],
	//         "target": {
	//           "type": "SpecificResource",
	//           "source": "urn:sha256:d4cc494632876a729d0771729a85c1cf06104b66185548e6df02b7d9d20d0584",
	//           "language": "en",
	//           "textDirection": "ltr",
	//           "selector": [
	//             {
	//               "type": "TextQuoteSelector",
	//               "exact": "no",
	//               "prefix": "Putin said ",
	//               "suffix": "."
	//             },
	//             {
	//               "type": "TextPositionSelector",
	//               "start": 11,
	//               "end": 13
	//             }
	//           ]
	//         }
	//       }
	//     ]
	//   }
	// }
}
