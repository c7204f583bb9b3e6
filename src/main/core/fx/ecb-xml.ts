/**
 * The ECB's euro foreign exchange reference rates as it publishes them: eurofxref-daily.xml (one day) and
 * eurofxref-hist.xml / eurofxref-hist-90d.xml (every business day, newest first), all of this shape:
 *
 *   <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
 *     <gesmes:subject>Reference rates</gesmes:subject> <gesmes:Sender>…</gesmes:Sender>
 *     <Cube><Cube time="2026-11-27"><Cube currency="USD" rate="1.0812"/>…</Cube>…</Cube>
 *   </gesmes:Envelope>
 *
 * No XML parser is among the app's dependencies (sax and @xmldom come only with electron-builder, a build tool),
 * so this is a small strict reader of exactly that shape: elements, attributes in either quote style, the XML
 * declaration and comments. Anything else (a DOCTYPE, entities other than the five predefined ones, CDATA, a
 * misplaced Cube, a bad date, currency or rate) is refused with a message saying what and where.
 */

export interface EcbDay {
  /** YYYY-MM-DD, an ECB business day. */
  day: string;
  /** Units of `currency` per 1 EUR. */
  rates: { currency: string; perEur: number }[];
}

export class EcbFormatError extends Error {
  constructor(message: string) {
    super(`The exchange-rate file is not in the ECB reference-rate format: ${message}`);
  }
}

const ECB_NS = 'http://www.ecb.int/vocabulary/2002-08-01/eurofxref';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const RATE = /^\d+(\.\d+)?$/;
const NAME = /^[A-Za-z_][\w.:-]*$/;
const ATTR = /\s*([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

function unescape(value: string, where: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);|&/g, (match, entity: string | undefined) => {
    if (entity === 'amp') return '&';
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    if (entity?.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity?.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    throw new EcbFormatError(`unknown entity ${match} ${where}`);
  });
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
  kind: 'open' | 'close' | 'empty';
  offset: number;
}

function* tags(xml: string): Generator<Tag> {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.includes('>')) throw new EcbFormatError(`stray ">" at character ${i + text.indexOf('>')}`);
    if (lt === -1) return;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) throw new EcbFormatError(`unterminated comment at character ${lt}`);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1 || lt !== xml.search(/\S/)) throw new EcbFormatError(`misplaced XML declaration at character ${lt}`);
      i = end + 2;
      continue;
    }
    if (xml.startsWith('<!', lt)) throw new EcbFormatError(`DOCTYPE, CDATA and other declarations are not allowed (character ${lt})`);
    const gt = xml.indexOf('>', lt);
    if (gt === -1) throw new EcbFormatError(`unterminated tag at character ${lt}`);
    let body = xml.slice(lt + 1, gt);
    if (body.includes('<')) throw new EcbFormatError(`"<" inside a tag at character ${lt}`);
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
      if (!NAME.test(name)) throw new EcbFormatError(`bad closing tag at character ${lt}`);
      yield { name, attrs: {}, kind: 'close', offset: lt };
      i = gt + 1;
      continue;
    }
    const empty = body.endsWith('/');
    if (empty) body = body.slice(0, -1);
    const name = /^[^\s/]+/.exec(body)?.[0] ?? '';
    if (!NAME.test(name)) throw new EcbFormatError(`bad tag name at character ${lt}`);
    const attrs: Record<string, string> = {};
    ATTR.lastIndex = name.length;
    let pos = name.length;
    for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) {
      if (m[1] in attrs) throw new EcbFormatError(`attribute ${m[1]} twice at character ${lt}`);
      attrs[m[1]] = unescape(m[2] ?? m[3] ?? '', `at character ${lt}`);
      pos = ATTR.lastIndex;
    }
    if (body.slice(pos).trim() !== '') throw new EcbFormatError(`bad attributes in <${name}> at character ${lt}`);
    yield { name, attrs, kind: empty ? 'empty' : 'open', offset: lt };
    i = gt + 1;
  }
}

/** Every day in an ECB reference-rate file, newest first as published (or as given). */
export function parseEcbXml(xml: string): EcbDay[] {
  const stack: Tag[] = [];
  const days: EcbDay[] = [];
  let root = false;
  let outerCube = 0;
  for (const tag of tags(xml)) {
    const where = `at character ${tag.offset}`;
    if (tag.kind === 'close') {
      const open = stack.pop();
      if (!open || open.name !== tag.name) throw new EcbFormatError(`</${tag.name}> does not close <${open?.name ?? 'nothing'}> ${where}`);
      continue;
    }
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (root) throw new EcbFormatError(`a second root element <${tag.name}> ${where}`);
      if (tag.name !== 'gesmes:Envelope' || tag.attrs.xmlns !== ECB_NS || tag.kind === 'empty') {
        throw new EcbFormatError(`the root must be <gesmes:Envelope xmlns="${ECB_NS}">, found <${tag.name}>`);
      }
      root = true;
    } else if (tag.name === 'Cube') {
      const depth = stack.filter((t) => t.name === 'Cube').length;
      if (depth === 0) {
        if (parent.name !== 'gesmes:Envelope') throw new EcbFormatError(`<Cube> inside <${parent.name}> ${where}`);
        outerCube++;
      } else if (depth === 1) {
        const day = tag.attrs.time;
        if (!day || !DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new EcbFormatError(`a day's <Cube> needs time="YYYY-MM-DD" ${where}`);
        if (days.some((d) => d.day === day)) throw new EcbFormatError(`the day ${day} appears twice`);
        days.push({ day, rates: [] });
      } else if (depth === 2) {
        const { currency, rate } = tag.attrs;
        if (!currency || !CURRENCY.test(currency)) throw new EcbFormatError(`a rate needs currency="XXX" (three capital letters) ${where}`);
        const perEur = Number(rate);
        if (!rate || !RATE.test(rate) || !(perEur > 0) || !Number.isFinite(perEur)) throw new EcbFormatError(`the ${currency} rate "${rate ?? ''}" is not a positive number ${where}`);
        const day = days[days.length - 1];
        if (day.rates.some((r) => r.currency === currency)) throw new EcbFormatError(`${currency} appears twice on ${day.day}`);
        day.rates.push({ currency, perEur });
        if (tag.kind !== 'empty') throw new EcbFormatError(`a rate's <Cube> must be empty ${where}`);
      } else {
        throw new EcbFormatError(`<Cube> nested too deep ${where}`);
      }
    } else if (stack.some((t) => t.name === 'Cube')) {
      throw new EcbFormatError(`<${tag.name}> inside <Cube> ${where}`);
    }
    if (tag.kind === 'open') stack.push(tag);
  }
  if (!root) throw new EcbFormatError('the file is empty or has no root element');
  if (stack.length) throw new EcbFormatError(`<${stack[stack.length - 1].name}> is never closed`);
  if (outerCube !== 1) throw new EcbFormatError(`expected one outer <Cube>, found ${outerCube}`);
  return days;
}
