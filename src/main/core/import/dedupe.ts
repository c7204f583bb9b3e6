/**
 * Which rows of a statement are already in an account. Pure: the pipeline hands in the file's rows and the
 * account's stored rows around the file's dates.
 *
 * 1. By key: a row whose key (the file's own id, e.g. OFX FITID, else a hash of date, amount, text and its
 *    place among identical rows of the file) is stored in the account is a duplicate. So the same file
 *    imported twice adds nothing, and two identical rows of one file both stay.
 * 2. By content: a stored row with the same amount, on the same day (a row imported earlier) or at most
 *    BANK_WINDOW_DAYS apart (a row from the bank, which may book a day or two later than the statement
 *    says), with a similar text. One clear match is a duplicate; several candidates that are not the
 *    same transaction twice, or only a weak text match, make the row ambiguous: the user decides.
 * Each stored row is the duplicate of at most one row of the file.
 */

export const BANK_WINDOW_DAYS = 3;
/** Text similarity (0..1) from which a same-amount row is taken as the same transaction. */
export const STRONG_SIMILARITY = 0.6;
const MAX_CANDIDATES = 5;

export interface IncomingRow {
  key: string;
  bookingDate: string;
  amountMinor: number;
  /** Payee and description as the file has them. */
  text: string;
}

export interface StoredRow {
  id: number;
  bookingDate: string;
  amountMinor: number;
  text: string;
  /** Imported from a file earlier (compared on its own day), or from the bank (within the window). */
  fromImport: boolean;
}

export interface Candidate {
  id: number;
  similarity: number;
}

export type Decision =
  | { kind: 'new' }
  | { kind: 'duplicate'; reason: 'same_key' | 'match'; matchId: number; similarity: number }
  | { kind: 'ambiguous'; candidates: Candidate[] };

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** Lower-case words without references, card numbers and punctuation: "TESCO STORES 3312 REF 99812" → "tesco stores ref". */
export function normaliseText(text: string): string {
  const lower = text.toLowerCase();
  return PRINTABLE_ASCII.test(lower) ? normaliseAscii(lower) : normaliseAny(lower);
}

const PRINTABLE_ASCII = /^[ -~]*$/;

/** normaliseAny for printable ASCII (where letters and digits are [a-z0-9]), in one pass: most statements' texts. */
function normaliseAscii(lower: string): string {
  let out = '';
  let start = -1;
  let digits = 0;
  let numbered = false;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const digit = c >= 48 && c <= 57;
    if (digit || (c >= 97 && c <= 122)) {
      if (start < 0) start = i;
      digits = digit ? digits + 1 : 0;
      if (digits >= 3) numbered = true;
    } else if (start >= 0) {
      if (!numbered) out = out === '' ? lower.slice(start, i) : `${out} ${lower.slice(start, i)}`;
      start = -1;
      digits = 0;
      numbered = false;
    }
  }
  return out;
}

function normaliseAny(lower: string): string {
  return lower
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w !== '' && !/\d{3,}/.test(w))
    .join(' ');
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/**
 * Similarity of two normalised texts: the larger of the Sørensen–Dice coefficient over character bigrams
 * (spelling and spacing variants) and word containment (one text's words all in the other: "tesco" in
 * "card payment tesco stores").
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a === '' || b === '') return 0;
  const wa = new Set(a.split(' '));
  const wb = new Set(b.split(' '));
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  const containment = shared / Math.min(wa.size, wb.size);
  const ga = bigrams(a);
  const gb = bigrams(b);
  let common = 0;
  let total = 0;
  for (const [g, n] of ga) {
    common += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  const dice = total === 0 ? 0 : (2 * common) / total;
  return Math.max(dice, containment);
}

interface Indexed extends StoredRow {
  day: number;
  norm: string;
}

/** The decision of every row without a stored match (one shared object, not one per row of a big file). */
export const NEW: Decision = Object.freeze({ kind: 'new' });

export function classify(rows: IncomingRow[], stored: StoredRow[], storedKeys: ReadonlyMap<string, number>): Decision[] {
  const classifier = new Classifier(stored);
  return rows.map((row) => classifier.decide(row, storedKeys.get(row.key)));
}

/**
 * The decisions for a file's rows handed in one at a time, in file order (each stored row is claimed by the first
 * row that matches it). `stored` needs only the stored rows some row may match by content; `keyed` is the stored
 * row with the row's key, if any. The row is read before the call returns and not kept, so it may be one object
 * updated each time; its `text` is only read when a stored row has its amount.
 */
export class Classifier {
  private readonly claimed = new Set<number>();
  private readonly byAmount = new Map<number, Indexed[]>();
  private readonly ids = new Set<number>();

  constructor(stored: StoredRow[]) {
    for (const s of stored) {
      this.ids.add(s.id);
      const list = this.byAmount.get(s.amountMinor) ?? [];
      list.push({ ...s, day: dayNumber(s.bookingDate), norm: normaliseText(s.text) });
      this.byAmount.set(s.amountMinor, list);
    }
  }

  decide(row: IncomingRow, keyed: number | undefined): Decision {
    const claimed = this.claimed;
    if (keyed !== undefined) {
      // only a row a later one may match by content needs to be remembered as taken
      if (this.ids.has(keyed)) claimed.add(keyed);
      return { kind: 'duplicate', reason: 'same_key', matchId: keyed, similarity: 1 };
    }
    const sameAmount = this.byAmount.get(row.amountMinor);
    if (!sameAmount) return NEW;
    const day = dayNumber(row.bookingDate);
    const norm = normaliseText(row.text);
    const scored: (Candidate & { row: Indexed; distance: number })[] = [];
    for (const s of sameAmount) {
      if (claimed.has(s.id)) continue;
      const distance = Math.abs(s.day - day);
      if (distance > (s.fromImport ? 0 : BANK_WINDOW_DAYS)) continue;
      scored.push({ id: s.id, similarity: similarity(norm, s.norm), row: s, distance });
    }
    if (scored.length === 0) return NEW;
    scored.sort((a, b) => b.similarity - a.similarity || a.distance - b.distance || a.id - b.id);
    const [best, second] = scored;
    // a second candidate that is the same transaction again (same day and text) is a twin, not a doubt
    const clear =
      best.similarity >= STRONG_SIMILARITY &&
      (second === undefined ||
        second.similarity < STRONG_SIMILARITY ||
        (second.row.bookingDate === best.row.bookingDate && second.row.norm === best.row.norm));
    if (clear) {
      claimed.add(best.id);
      return { kind: 'duplicate', reason: 'match', matchId: best.id, similarity: best.similarity };
    }
    return { kind: 'ambiguous', candidates: scored.slice(0, MAX_CANDIDATES).map(({ id, similarity }) => ({ id, similarity })) };
  }
}
