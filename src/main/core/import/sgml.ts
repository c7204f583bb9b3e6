import { StatementError } from './errors';

/** An OFX element: a leaf has a value, an aggregate has children. */
export interface OfxNode {
  name: string;
  line: number;
  value?: string;
  children?: OfxNode[];
}

const TAG = /^[A-Z0-9._]+$/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : +e.slice(1));
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/**
 * Reads OFX 1.x SGML (element end tags optional: `<TRNAMT>-12.50` ends at the next tag) and OFX 2.x XML
 * into one tree, starting at `<OFX>`. By the OFX spec aggregates always have end tags, so a tag followed
 * only by other tags is an aggregate until its end tag proves otherwise: when an enclosing end tag closes
 * it first, it was an empty element and its supposed children are moved up to its parent.
 */
export function readOfxTree(text: string, start: number): OfxNode {
  let line = 1;
  let counted = 0;
  const lineAt = (pos: number) => {
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < pos; nl = text.indexOf('\n', nl + 1)) line++;
    counted = pos;
    return line;
  };
  // Open aggregates; each is the last child of the one below it.
  const stack: OfxNode[] = [{ name: '#root', line: 1, children: [] }];
  let i = start;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt === -1) break;
    const gt = text.indexOf('>', lt);
    if (gt === -1) break;
    const tagLine = lineAt(lt);
    const c = text.charCodeAt(lt + 1);
    if (c === 0x3f /* ? */ || c === 0x21 /* ! */) {
      const comment = text.startsWith('<!--', lt);
      const end = comment ? text.indexOf('-->', lt) : gt;
      i = end === -1 ? text.length : end + (comment ? 3 : 1);
      continue;
    }
    if (c === 0x2f /* / */) {
      const name = text.slice(lt + 2, gt).trim().toUpperCase();
      let k = stack.length - 1;
      while (k > 0 && stack[k].name !== name) k--;
      if (k === 0) {
        throw new StatementError(`Line ${tagLine}: the end tag </${name}> closes nothing that is open. The file is damaged; download it again from your bank.`, `line ${tagLine}`);
      }
      while (stack.length - 1 > k) {
        // An "aggregate" closed by an enclosing end tag was an empty element: hand its children up.
        const empty = stack.pop()!;
        const siblings = stack[stack.length - 1].children!;
        for (const c of empty.children!) siblings.push(c);
        empty.children = undefined;
        empty.value = '';
      }
      const closed = stack.pop()!;
      i = gt + 1;
      if (name === 'OFX') return closed;
      continue;
    }
    let name = text.slice(lt + 1, gt);
    if (!TAG.test(name)) name = name.trim().split(/\s/, 1)[0].toUpperCase();
    if (!TAG.test(name)) {
      throw new StatementError(`Line ${tagLine}: "<${text.slice(lt + 1, Math.min(gt, lt + 30))}>" is not an OFX tag. The file is damaged or not an OFX statement.`, `line ${tagLine}`);
    }
    const next = text.indexOf('<', gt + 1);
    const content = text.slice(gt + 1, next === -1 ? text.length : next).trim();
    const endTag = next !== -1 && text.charCodeAt(next + 1) === 0x2f && text.startsWith(name, next + 2) && text.charCodeAt(next + 2 + name.length) === 0x3e;
    if (content !== '' || endTag) {
      if (next === -1) break; // a value the file ends in: truncated
      stack[stack.length - 1].children!.push({ name, line: tagLine, value: content.includes('&') ? decodeEntities(content) : content });
      i = endTag ? next + name.length + 3 : next;
    } else {
      const open: OfxNode = { name, line: tagLine, children: [] };
      stack[stack.length - 1].children!.push(open);
      stack.push(open);
      i = gt + 1;
    }
  }
  const top = stack[stack.length - 1];
  const where = stack.length === 1 ? '' : ` (inside <${top.name}> opened at line ${top.line})`;
  throw new StatementError(
    `The file ends before </OFX>${where}: it looks truncated. Download the statement from your bank again; nothing was imported.`,
    stack.length === 1 ? undefined : `line ${top.line}`,
  );
}

export function child(node: OfxNode, name: string): OfxNode | undefined {
  return node.children?.find((c) => c.name === name);
}

/** The first child of each name, for reading an aggregate's elements without searching it again and again. */
export function fieldsOf(node: OfxNode): Map<string, OfxNode> {
  const fields = new Map<string, OfxNode>();
  for (const c of node.children ?? []) if (!fields.has(c.name)) fields.set(c.name, c);
  return fields;
}

export function value(node: OfxNode, name: string): string | undefined {
  const v = child(node, name)?.value;
  return v === undefined || v === '' ? undefined : v;
}

/** Every aggregate named one of `names`, in document order, without descending into matches. */
export function findAll(node: OfxNode, names: string[]): OfxNode[] {
  const out: OfxNode[] = [];
  const walk = (n: OfxNode) => {
    for (const c of n.children ?? []) {
      if (names.includes(c.name)) out.push(c);
      else walk(c);
    }
  };
  walk(node);
  return out;
}
