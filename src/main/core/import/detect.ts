import type { StatementFormat } from './statement';

/** Magic numbers of files people pick by mistake, with a name for messages. */
const FOREIGN: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Excel .xlsx workbook)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office document (such as an Excel .xls workbook)'],
];
// The first magic byte as decodeStatement renders it when it is not ASCII (Windows-1252: 0x89 → ‰).
const RENDERED: Record<number, number> = { 0x89: 0x2030 };

/** What a file that is no statement at all is, judged by its first bytes or by its decoded text. */
export function foreignKind(head: Uint8Array | string): string | null {
  for (const [magic, name] of FOREIGN) {
    const found = typeof head === 'string'
      ? magic.every((b, i) => head.charCodeAt(i) === b || head.charCodeAt(i) === RENDERED[b])
      : magic.every((b, i) => head[i] === b);
    if (found) return name;
  }
  return null;
}

/** Guess the format from the first bytes and the file name. */
export function detectFormat(head: Uint8Array, fileName: string): StatementFormat | null {
  if (foreignKind(head)) return null;
  let text: string;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    text = new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head.subarray(2));
  } else {
    text = new TextDecoder('latin1').decode(head).replace(/^ï»¿/, '');
  }
  if (/^\s*(OFXHEADER\s*:|<OFX>|<\?OFX\b)/i.test(text) || (/^\s*<\?xml/.test(text) && /<\?OFX\b|<OFX>/i.test(text))) return 'ofx';
  if (/camt\.052\.|<(\w+:)?BkToCstmrAcctRpt\b/.test(text)) return 'camt.052';
  if (/camt\.053\.|<(\w+:)?BkToCstmrStmt\b/.test(text)) return 'camt.053';
  if (/^\s*!(Type|Account|Option|Clear)\b/i.test(text)) return 'qif';
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1].toLowerCase();
  if (ext === 'ofx' || ext === 'qfx' || ext === 'qbo') return 'ofx';
  if (ext === 'qif') return 'qif';
  if (/^\s*</.test(text)) return null;
  // eslint-disable-next-line no-control-regex
  const binary = /[\x00-\x08\x0e-\x1f]/.test(text);
  if (!binary && (ext === 'csv' || ext === 'txt' || ext === 'tsv' || /[,;\t|]/.test(text.split(/\r?\n/, 1)[0]))) return 'csv';
  return null;
}
