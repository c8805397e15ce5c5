// Writes recogito-text-annotator.w3c.json: a few annotations in the
// model @recogito/text-annotator keeps in its store, serialised by the
// library's own W3C adapter (serializeW3CTextAnnotation). See README.md.
//
//   npm install @recogito/text-annotator@4.1.1
//   node recogito-text-annotator.mjs > recogito-text-annotator.w3c.json
import { serializeW3CTextAnnotation } from '@recogito/text-annotator';

const source = 'https://example.org/articles/white-house-archive';

// The annotated text, as the page's text content. Offsets below are taken
// the way the library takes them from a DOM Range: JavaScript string
// indices, that is UTF-16 code units (the emoji counts two).
const text =
  'المصدر dissident voice 🙂\n' +
  'كُشِفَ لأول مرة علنًا أن الرئيس فلاديمير بوتين يعتقد أن الإرهاب الدولي ' +
  'ذي الطابع الإسلامي المتطرف ليس نتاجًا للصراع في الشرق الأوسط.';

const at = (quote) => {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`not in the text: ${quote}`);
  return { quote, start, end: start + quote.length };
};

const lina = { id: 'https://example.org/users/lina', name: 'Lina' };
const omar = { id: 'https://example.org/users/omar', name: 'عمر' };
const guest = { isGuest: true, id: 'mxSAAs8itnJKKRBpcd0n' };

const annotations = [
  {
    id: '3f1c9a52-8d0e-4b7a-9c61-2e5d7b0a4f13',
    bodies: [
      { id: 'b1a7d2e4-5c3f-4e8a-9b0d-6f2c1e7a3d59', annotation: '3f1c9a52-8d0e-4b7a-9c61-2e5d7b0a4f13',
        type: 'TextualBody', purpose: 'commenting', value: 'Is this the first public account?', creator: lina,
        created: new Date('2026-01-21T09:15:00.000Z') },
      { id: 'c4e8f1a3-2b6d-4c9e-8a7f-0d5b3e1c9a27', annotation: '3f1c9a52-8d0e-4b7a-9c61-2e5d7b0a4f13',
        type: 'TextualBody', purpose: 'commenting', value: 'نعم، بحسب الأرشيف.', creator: omar,
        created: new Date('2026-01-21T10:02:30.000Z'), updated: new Date('2026-01-21T10:05:00.000Z') },
      { id: 'd9b2c6e0-7a4f-4d1b-b3e8-5c0a9f2d6e84', annotation: '3f1c9a52-8d0e-4b7a-9c61-2e5d7b0a4f13',
        type: 'TextualBody', purpose: 'tagging', value: 'اقتباس', creator: lina,
        created: new Date('2026-01-21T09:15:00.000Z') },
      { id: 'e2f5a8c1-9d3b-4a6e-8f0c-7b4d1e9a2c36', annotation: '3f1c9a52-8d0e-4b7a-9c61-2e5d7b0a4f13',
        type: 'TextualBody', purpose: 'tagging', value: 'claim', creator: lina,
        created: new Date('2026-01-21T09:15:00.000Z') }
    ],
    target: {
      annotation: '3f1c9a52-8d0e-4b7a-9c61-2e5d7b0a4f13',
      selector: [{ id: 'f7a0c3e9-1b5d-4f8a-a2c6-9e3b0d7f1a48', ...at('الرئيس فلاديمير بوتين يعتقد') }],
      creator: lina,
      created: new Date('2026-01-21T09:14:12.512Z'),
      updated: new Date('2026-01-21T10:05:00.000Z')
    }
  },
  {
    id: '8e4b1d7a-3c9f-4a2e-b6d0-1f8c5a3e9b72',
    bodies: [],
    target: {
      annotation: '8e4b1d7a-3c9f-4a2e-b6d0-1f8c5a3e9b72',
      selector: [{ id: '0c6e9b2f-4a8d-4e1c-9f3a-7d2b5e0c8a14', ...at('dissident voice') }],
      creator: guest,
      created: new Date('2026-01-21T09:20:41.003Z')
    }
  },
  {
    id: 'a5d8e2b0-6f1c-4b9a-8e3d-2c7f0a4b9d61',
    bodies: [
      { id: '1e9c4a7f-2d6b-4f0e-a8c3-5b1d9e7f2a03', annotation: 'a5d8e2b0-6f1c-4b9a-8e3d-2c7f0a4b9d61',
        type: 'TextualBody', purpose: 'commenting', value: 'Two passages, one note.', creator: omar,
        created: new Date('2026-01-22T08:00:00.000Z') }
    ],
    target: {
      annotation: 'a5d8e2b0-6f1c-4b9a-8e3d-2c7f0a4b9d61',
      selector: [
        { id: '5b2f8d1e-7c4a-4e9b-b0d6-3a8e1c5f7d92', ...at('الإرهاب الدولي') },
        { id: '9d3a6c0f-8e2b-4d7a-a1f5-6c9e2b8d4a37', ...at('الشرق الأوسط') }
      ],
      creator: omar,
      created: new Date('2026-01-22T07:59:10.250Z')
    }
  }
];

const out = annotations.map((a) => serializeW3CTextAnnotation(a, source));
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
