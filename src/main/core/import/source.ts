/**
 * A statement file as the pipeline reads it, without holding it whole: its size, its SHA-256 and whether it is
 * valid UTF-8 (worked out as an upload's chunks arrive, or in one pass over a file on disk), its first bytes (to
 * tell the format and sniff a CSV's columns), and its bytes again in chunks for the one decoding pass.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { ChunkDecoder, Utf8Check, type Encoding } from './decode';
import type { StagedUpload } from './staging';

/** Enough of the start for detectFormat (4 KB) and sniffCsv (64 K characters, then cut at a line end). */
export const HEAD_BYTES = 128 * 1024;
const READ_CHUNK = 1024 * 1024;

export interface Source {
  fileName: string;
  size: number;
  sha256: string;
  validUtf8: boolean;
  head: Buffer;
  chunks(): AsyncIterable<Buffer>;
}

/** The facts of a file that arrives in chunks, gathered as they arrive. */
export class ChunkFacts {
  private readonly hash: Hash = createHash('sha256');
  private readonly utf8 = new Utf8Check();
  private readonly headParts: Buffer[] = [];
  private headLength = 0;

  add(bytes: Buffer): void {
    this.hash.update(bytes);
    this.utf8.write(bytes);
    if (this.headLength < HEAD_BYTES) {
      const part = bytes.subarray(0, HEAD_BYTES - this.headLength);
      this.headParts.push(Buffer.from(part));
      this.headLength += part.length;
    }
  }

  /** Once every byte is in (call once). */
  finish(): { sha256: string; validUtf8: boolean; head: Buffer } {
    return { sha256: this.hash.digest('hex'), validUtf8: this.utf8.end(), head: Buffer.concat(this.headParts) };
  }
}

/**
 * Lets the event loop turn. Long work that never waits for I/O (an upload's chunks come from SQLite, a preview's
 * rows are checked page by page) calls it between steps, so progress events and other requests get out of the
 * main process meanwhile instead of all at the end.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function uploadSource(fileName: string, size: number, facts: { sha256: string; validUtf8: boolean; head: Buffer }, upload: StagedUpload): Source {
  return {
    fileName,
    size,
    ...facts,
    chunks: async function* () {
      for (const part of upload.parts()) {
        yield part;
        await nextTurn();
      }
    },
  };
}

/** A file on disk: one pass for its facts (`known` when the same file, unchanged, was read before), read again to decode. */
export async function fileSource(
  path: string,
  fileName: string,
  size: number,
  known: { sha256: string; validUtf8: boolean; head: Buffer } | undefined,
): Promise<Source> {
  const chunks = () => createReadStream(path, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>;
  let facts = known;
  if (!facts) {
    const gather = new ChunkFacts();
    for await (const bytes of chunks()) gather.add(bytes);
    facts = gather.finish();
  }
  return { fileName, size, ...facts, chunks };
}

/** The first bytes of a file on disk. */
export async function headOf(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The source's text in chunks, in `encoding`; `onBytes` hears how many bytes have been read. */
export async function* textOf(source: Source, encoding: Encoding, onBytes: (done: number) => void): AsyncGenerator<string> {
  const decoder = new ChunkDecoder(encoding.label);
  let bom = encoding.bom;
  let done = 0;
  for await (const bytes of source.chunks()) {
    done += bytes.length;
    const skip = Math.min(bom, bytes.length);
    bom -= skip;
    const text = decoder.write(skip ? bytes.subarray(skip) : bytes);
    if (text) yield text;
    onBytes(done);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** The text of the source's first bytes: when the file goes on, up to its last line end (no line is cut). */
export function headText(source: Source, encoding: Encoding): string {
  const text = new ChunkDecoder(encoding.label).write(source.head.subarray(encoding.bom));
  if (source.head.length === source.size) return text;
  const end = text.lastIndexOf('\n');
  return end === -1 ? text : text.slice(0, end + 1);
}
