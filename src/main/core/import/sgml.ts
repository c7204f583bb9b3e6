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
 * into one tree, starting at `<OFX>`, from text that arrives in chunks. By the OFX spec aggregates always have
 * end tags, so a tag followed only by other tags is an aggregate until its end tag proves otherwise: when an
 * enclosing end tag closes it first, it was an empty element and its supposed children are moved up to its parent.
 *
 * An aggregate named in `detached` is handed to `onDetached` when it closes, with the open aggregates around it,
 * and is not kept in the tree: a statement's transactions pass through one at a time instead of all being held.
 */
export class OfxReader {
  private text = '';
  private i = 0;
  private line = 1;
  /** Position in `text` up to which newlines are counted into `line`. */
  private counted = 0;
  /** Open aggregates; each is the last child of the one below it. */
  private readonly stack: OfxNode[] = [{ name: '#root', line: 1, children: [] }];
  private root: OfxNode | null = null;
  private started = false;

  constructor(
    private readonly detached: ReadonlySet<string> = new Set(),
    private readonly onDetached: (node: OfxNode, open: readonly OfxNode[]) => void = () => {},
  ) {}

  push(chunk: string): void {
    if (this.root) return;
    if (this.i > 0) {
      // the read part goes, its lines counted
      this.lineAt(this.i);
      this.text = this.text.slice(this.i);
      this.counted = 0;
      this.i = 0;
    }
    this.text += chunk;
    this.read(false);
  }

  /** The tree without the detached aggregates; null when the text has no `<OFX>`. */
  end(): OfxNode | null {
    if (!this.root) this.read(true);
    if (this.root) return this.root;
    if (!this.started) return null;
    const stack = this.stack;
    const top = stack[stack.length - 1];
    const where = stack.length === 1 ? '' : ` (inside <${top.name}> opened at line ${top.line})`;
    throw new StatementError(
      `The file ends before </OFX>${where}: it looks truncated. Download the statement from your bank again; nothing was imported.`,
      stack.length === 1 ? undefined : `line ${top.line}`,
    );
  }

  private lineAt(pos: number): number {
    const text = this.text;
    for (let nl = text.indexOf('\n', this.counted); nl !== -1 && nl < pos; nl = text.indexOf('\n', nl + 1)) this.line++;
    this.counted = pos;
    return this.line;
  }

  /** Reads every tag it can; unless `last`, stops where a tag or a value may continue in the next chunk. */
  private read(last: boolean): void {
    const text = this.text;
    const stack = this.stack;
    if (!this.started) {
      const ofx = /<OFX>/gi;
      ofx.lastIndex = this.i;
      const found = ofx.exec(text);
      // the header before <OFX> is skipped (its lines still counted); a "<OFX" cut by the chunk's end is kept
      const to = found ? found.index : Math.max(this.i, text.length - 4);
      this.lineAt(to);
      this.i = to;
      if (!found) return;
      this.started = true;
    }
    for (;;) {
      const lt = text.indexOf('<', this.i);
      if (lt === -1) return;
      const gt = text.indexOf('>', lt);
      if (gt === -1) return;
      const c = text.charCodeAt(lt + 1);
      if (c === 0x3f /* ? */ || c === 0x21 /* ! */) {
        const comment = text.startsWith('<!--', lt);
        const end = comment ? text.indexOf('-->', lt) : gt;
        if (end === -1 && !last) return;
        this.i = end === -1 ? text.length : end + (comment ? 3 : 1);
        continue;
      }
      if (c === 0x2f /* / */) {
        const tagLine = this.lineAt(lt);
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
        this.i = gt + 1;
        if (this.detached.has(name)) {
          const siblings = stack[stack.length - 1].children!;
          if (siblings[siblings.length - 1] === closed) siblings.pop();
          this.onDetached(closed, stack);
        }
        if (name === 'OFX') {
          this.root = closed;
          return;
        }
        continue;
      }
      let name = text.slice(lt + 1, gt);
      if (!TAG.test(name)) name = name.trim().split(/\s/, 1)[0].toUpperCase();
      const next = text.indexOf('<', gt + 1);
      // the value and a possible end tag right after it must be whole before the tag is read
      if (!last && (next === -1 || text.length < next + name.length + 3)) return;
      const tagLine = this.lineAt(lt);
      if (!TAG.test(name)) {
        throw new StatementError(`Line ${tagLine}: "<${text.slice(lt + 1, Math.min(gt, lt + 30))}>" is not an OFX tag. The file is damaged or not an OFX statement.`, `line ${tagLine}`);
      }
      const content = text.slice(gt + 1, next === -1 ? text.length : next).trim();
      const endTag = next !== -1 && text.charCodeAt(next + 1) === 0x2f && text.startsWith(name, next + 2) && text.charCodeAt(next + 2 + name.length) === 0x3e;
      if (content !== '' || endTag) {
        if (next === -1) return; // a value the file ends in: truncated
        stack[stack.length - 1].children!.push({ name, line: tagLine, value: content.includes('&') ? decodeEntities(content) : content });
        this.i = endTag ? next + name.length + 3 : next;
      } else {
        const open: OfxNode = { name, line: tagLine, children: [] };
        stack[stack.length - 1].children!.push(open);
        stack.push(open);
        this.i = gt + 1;
      }
    }
  }
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
