import type { StatementFormat } from './statement';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

// 0x80–0x9F, where Windows-1252 differs from ISO-8859-1. Node 20's TextDecoder('windows-1252') decodes these
// bytes as ISO-8859-1 control characters (€ as U+0080), so the table is applied here.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function windows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

function decodeAs(bytes: Uint8Array, label: string): string {
  if (label === 'utf-8') {
    try {
      return utf8.decode(bytes);
    } catch {
      // Declared or guessed UTF-8 that is not: banks that say UTF-8 and write Windows-1252 exist.
      return windows1252(bytes);
    }
  }
  return label === 'windows-1252' ? windows1252(bytes) : new TextDecoder(label).decode(bytes);
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

/**
 * Bytes → text: a BOM (UTF-8, UTF-16) wins; then the OFX header's CHARSET/ENCODING or the XML declaration's
 * encoding; else UTF-8 when the bytes are valid UTF-8, else Windows-1252 (a superset of ISO-8859-1).
 * A file declared as 1252/8859-1 whose bytes are valid UTF-8 with non-ASCII characters is read as UTF-8:
 * banks copy the header from a template and write UTF-8, and such byte sequences are all but impossible in
 * real Windows-1252 text.
 */
export function decodeStatement(bytes: Uint8Array, _format?: StatementFormat): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeAs(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = latin1.decode(bytes.subarray(0, 1024));
  const declared = declaredEncoding(head);
  if (declared && declared !== 'windows-1252') return decodeAs(bytes, declared);
  try {
    return utf8.decode(bytes);
  } catch {
    return windows1252(bytes);
  }
}
