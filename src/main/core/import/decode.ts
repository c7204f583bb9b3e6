import { isUtf8 } from 'node:buffer';
import type { StatementFormat } from './statement';

const latin1 = new TextDecoder('latin1');

// 0x80–0x9F, where Windows-1252 differs from ISO-8859-1. Node 20's TextDecoder('windows-1252') decodes these
// bytes as ISO-8859-1 control characters (€ as U+0080), so the table is applied here.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function windows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** The encoding an OFX 1.x header (CHARSET, ENCODING) or an XML declaration names, as a TextDecoder label. */
function declaredEncoding(head: string): string | null {
  const xml = /<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return normalise(xml[1]);
  const encoding = /^\s*ENCODING:\s*(\S+)/im.exec(head)?.[1];
  if (encoding && /^UTF-?8$/i.test(encoding)) return 'utf-8';
  const charset = /^\s*CHARSET:\s*(\S+)/im.exec(head)?.[1];
  if (charset && !/^NONE$/i.test(charset)) return normalise(charset);
  return null;
}

function normalise(name: string): string | null {
  const n = name.trim().toLowerCase();
  if (/^(cp|windows-?)?1252$/.test(n) || /^(iso-?)?8859-1$|^latin-?1$|^us-?ascii$|^ascii$/.test(n)) return 'windows-1252';
  if (/^utf-?8$/.test(n)) return 'utf-8';
  try {
    return new TextDecoder(n).encoding;
  } catch {
    return null;
  }
}

/** How a file's bytes become text: the TextDecoder label ('windows-1252' applies the table above) and the BOM's length. */
export interface Encoding {
  label: string;
  bom: number;
}

/**
 * The encoding of a file from its first bytes and whether all its bytes are valid UTF-8: a BOM (UTF-8, UTF-16)
 * wins; then the OFX header's CHARSET/ENCODING or the XML declaration's encoding; else UTF-8 when the bytes are
 * valid UTF-8, else Windows-1252 (a superset of ISO-8859-1). A file declared as 1252/8859-1 whose bytes are valid
 * UTF-8 with non-ASCII characters is read as UTF-8: banks copy the header from a template and write UTF-8, and
 * such byte sequences are all but impossible in real Windows-1252 text. Declared or guessed UTF-8 that is not
 * valid is read as Windows-1252: banks that say UTF-8 and write Windows-1252 exist.
 */
export function chooseEncoding(head: Uint8Array, validUtf8: boolean): Encoding {
  const utf8OrNot = (bom: number): Encoding => ({ label: validUtf8 ? 'utf-8' : 'windows-1252', bom });
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return utf8OrNot(3);
  if (head[0] === 0xff && head[1] === 0xfe) return { label: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { label: 'utf-16be', bom: 2 };
  const declared = declaredEncoding(latin1.decode(head.subarray(0, 1024)));
  if (declared && declared !== 'windows-1252' && declared !== 'utf-8') return { label: declared, bom: 0 };
  return utf8OrNot(0);
}

/** Bytes → text for a whole file (see chooseEncoding). */
export function decodeStatement(bytes: Uint8Array, _format?: StatementFormat): string {
  const { label, bom } = chooseEncoding(bytes, isUtf8(bytes));
  const decoder = new ChunkDecoder(label);
  return decoder.write(bytes.subarray(bom)) + decoder.end();
}

/** Decodes a file read in chunks (chunk ends may split a character) with the label chooseEncoding gave. */
export class ChunkDecoder {
  private readonly decoder: TextDecoder | null;

  constructor(label: string) {
    this.decoder = label === 'windows-1252' ? null : new TextDecoder(label);
  }

  write(bytes: Uint8Array): string {
    return this.decoder ? this.decoder.decode(bytes, { stream: true }) : windows1252(bytes);
  }

  end(): string {
    return this.decoder ? this.decoder.decode() : '';
  }
}

/** Whether a file read in chunks is valid UTF-8 (a character may be split across chunks). */
export class Utf8Check {
  private carry: Uint8Array = new Uint8Array(0);
  valid = true;

  write(bytes: Uint8Array): void {
    if (!this.valid) return;
    const all = this.carry.length ? Buffer.concat([this.carry, bytes]) : bytes;
    const cut = incompleteTail(all);
    this.valid = isUtf8(all.subarray(0, all.length - cut));
    this.carry = all.slice(all.length - cut);
  }

  end(): boolean {
    if (this.carry.length) this.valid = false;
    return this.valid;
  }
}

/** How many bytes at the end start a character that the next chunk completes (0–3). */
function incompleteTail(b: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back];
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}
