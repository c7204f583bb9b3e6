/**
 * Statement import: file (a path, or bytes uploaded in chunks) → size check → format → text → statement
 * (CSV after its columns are confirmed) → preview (new / duplicate / ambiguous, nothing written) → commit
 * (the new rows and the ambiguous ones the user chose, in one transaction) → a batch that can be removed.
 * Uploads and previews live in memory for PREVIEW_TTL_MS.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ApiParsed } from '../../../shared/contract';
import type { AccountGroup, ImportBatchDTO, ImportCsvMappingDTO, ImportMatchDTO, ImportPreviewDTO, ImportResultDTO, ImportRowDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { getAccount } from '../reports/accounts';
import { InvalidInputError, NotFoundError } from '../reports/errors';
import { createManualAccount } from '../reports/manage-accounts';
import { BANK_WINDOW_DAYS, classifyEach, NEW, normaliseText, type Decision, type IncomingRow } from './dedupe';
import { ImportStore, KEY_PREFIX, type RowToWrite, type StoredMatch } from './import-store';
import {
  StatementError,
  checkSize,
  decodeStatement,
  detectFormat,
  parseCamt,
  parseCsv,
  parseOfx,
  parseQif,
  sniffCsv,
  type CsvSniff,
  type ParsedStatement,
  type StatementAccount,
  type StatementFormat,
  type StatementTransaction,
} from './statement';

export const PREVIEW_TTL_MS = 15 * 60_000;
/** Rows of each kind a preview shows (all of them are counted). */
export const PREVIEW_ROWS = 50;
const MAX_AMBIGUOUS_SHOWN = 500;
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
const MAX_OPEN = 4;

const FORMAT_NAMES: Record<StatementFormat, string> = { ofx: 'OFX', qif: 'QIF', csv: 'CSV', 'camt.053': 'CAMT.053', 'camt.052': 'CAMT.052' };
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

interface Upload {
  fileName: string;
  totalBytes: number;
  parts: Buffer[];
  received: number;
  expires: number;
}

interface Preview {
  expires: number;
  fileName: string;
  format: StatementFormat;
  sha256: string;
  target: { accountId: string } | { newAccount: { name: string; group: AccountGroup; currency: string } };
  targetName: string;
  statement: ParsedStatement;
  keys: string[];
  decisions: Decision[];
  csvMapping: ImportCsvMappingDTO | null;
  uploadId: string | null;
}

/** An existing account, or the manual account to make (name and currency may come from the file). */
type Target = { accountId: string; name: string; currency: string } | { name: string | null; currency: string | null; group: AccountGroup };

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const label = (name: string) => `“${name}”`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A StatementError as the user reads it: the file, where in it, what is wrong and what to do. */
function fileProblem(fileName: string, err: StatementError): InvalidInputError {
  const said = (text: string) => err.message.toLowerCase().includes(text.toLowerCase());
  const where = err.where && !said(err.where) ? ` (${err.where})` : '';
  return new InvalidInputError(`MyBucks could not import ${fileName}${where}: ${err.message}${said('nothing was imported') ? '' : ' Nothing was imported.'}`);
}

/**
 * Each row's key in the account: its file id, else its date, amount and text with its place among the file's
 * identical rows, so two identical rows of one file are two transactions and the same file again is none.
 */
export function rowKeys(rows: StatementTransaction[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((t) => {
    const base = t.fileId ? `${KEY_PREFIX}id:${t.fileId}` : `${KEY_PREFIX}row:${t.bookingDate}:${t.amountMinor}:${normaliseText(`${t.payee ?? ''} ${t.description}`).slice(0, 80)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

const fileAccountOf = (a: StatementAccount) => ({ accountId: a.accountId ?? null, name: a.name ?? null, currency: a.currency ?? null });

function columnsFit(mapping: ImportCsvMappingDTO, sniff: CsvSniff): boolean {
  const width = Math.max(sniff.headers.length, ...sniff.sampleRows.map((r) => r.length));
  const columns = [mapping.date, mapping.valueDate, mapping.amount, mapping.debit, mapping.credit, mapping.description, mapping.payee, mapping.reference, mapping.currency, mapping.id];
  return columns.every((c) => c === undefined || c < width);
}

export class ImportPipeline {
  private readonly uploads = new Map<string, Upload>();
  private readonly previews = new Map<string, Preview>();
  readonly store: ImportStore;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.store = new ImportStore(db, now);
  }

  upload(input: ApiParsed<'importUpload'>): { uploadId: string; receivedBytes: number } {
    this.sweep();
    const bytes = Buffer.from(input.chunkBase64, 'base64');
    if (bytes.length > UPLOAD_CHUNK_BYTES) throw new InvalidInputError(`A part of ${input.fileName} was larger than ${UPLOAD_CHUNK_BYTES} bytes. Choose the file again.`);
    let uploadId = input.uploadId;
    let upload: Upload | undefined;
    if (uploadId === undefined) {
      try {
        checkSize(input.totalBytes);
      } catch (err) {
        if (err instanceof StatementError) throw fileProblem(input.fileName, err);
        throw err;
      }
      if (input.offset !== 0) throw new InvalidInputError(`The upload of ${input.fileName} must start at its first byte. Choose the file again.`);
      uploadId = randomUUID();
      upload = { fileName: input.fileName, totalBytes: input.totalBytes, parts: [], received: 0, expires: this.now().getTime() + PREVIEW_TTL_MS };
      this.keepAtMost(this.uploads);
      this.uploads.set(uploadId, upload);
    } else {
      upload = this.uploads.get(uploadId);
      if (!upload) throw new NotFoundError(`The upload of ${input.fileName} is no longer open (uploads close after 15 minutes). Choose the file again.`);
    }
    if (input.offset !== upload.received || upload.received + bytes.length > upload.totalBytes) {
      this.uploads.delete(uploadId);
      throw new InvalidInputError(`The upload of ${input.fileName} arrived out of order or longer than announced. Choose the file again.`);
    }
    upload.parts.push(bytes);
    upload.received += bytes.length;
    upload.expires = this.now().getTime() + PREVIEW_TTL_MS;
    return { uploadId, receivedBytes: upload.received };
  }

  async preview(input: ApiParsed<'importPreview'>): Promise<ImportPreviewDTO> {
    this.sweep();
    const { fileName, bytes, uploadId } = await this.readSource(input.source);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.resolveTarget(input.target);
    try {
      const format = input.format ?? detectFormat(bytes.subarray(0, 4096), fileName);
      if (!format) {
        throw new InvalidInputError(
          `MyBucks could not tell what kind of statement ${fileName} is. It reads OFX or QFX, CSV, CAMT.053/.052 (XML) and QIF files: download one of these from your bank. Nothing was imported.`,
        );
      }
      const text = decodeStatement(bytes, format);
      let csv: ImportPreviewDTO['csv'] = null;
      let csvMapping: ImportCsvMappingDTO | null = null;
      let statement: ParsedStatement;
      if (format === 'csv') {
        const sniff = sniffCsv(text);
        const saved = 'accountId' in target && !input.csvMapping ? this.store.savedMapping(target.accountId) : null;
        const usable = saved && columnsFit(saved, sniff) ? saved : null;
        csvMapping = input.csvMapping ?? usable;
        const guess = target.currency ? { ...sniff.suggestedMapping, defaultCurrency: target.currency } : sniff.suggestedMapping;
        csv = {
          delimiter: sniff.delimiter,
          hasHeader: sniff.hasHeader,
          headers: sniff.headers,
          sampleRows: sniff.sampleRows,
          dateFormats: sniff.dateFormats,
          decimalSeparator: sniff.decimalSeparator,
          mapping: csvMapping ?? guess,
          saved: usable !== null && csvMapping === usable,
        };
        if (!csvMapping) return this.mappingStep(fileName, sha256, target, csv);
        statement = parseCsv(text, csvMapping);
      } else if (format === 'ofx') {
        statement = parseOfx(text, { defaultCurrency: target.currency ?? undefined, statement: input.statement });
      } else if (format === 'qif') {
        const currency = target.currency;
        if (!currency) throw new InvalidInputError(`QIF files do not say their currency. Choose the currency of the new account for ${fileName}, or import it into an existing account.`);
        statement = parseQif(text, { currency, dateOrder: input.dateOrder, statement: input.statement });
      } else {
        statement = parseCamt(text, { statement: input.statement });
      }
      return this.classifyStatement({ fileName, format, sha256, target, statement, csv, csvMapping, uploadId, chosen: input.statement ?? 0 });
    } catch (err) {
      if (err instanceof StatementError) throw fileProblem(fileName, err);
      throw err;
    }
  }

  commit(input: ApiParsed<'importCommit'>): ImportResultDTO {
    this.sweep();
    const preview = this.previews.get(input.previewId);
    if (!preview) throw new NotFoundError('This preview is no longer open (a preview closes after 15 minutes, or once imported). Choose the file again to see a fresh one.');
    const chosen = new Map<number, 'import' | 'skip'>();
    for (const d of input.decisions) {
      if (preview.decisions[d.index]?.kind !== 'ambiguous') {
        throw new InvalidInputError(`Row ${d.index + 1} of ${preview.fileName} is not one of the rows to decide on. Reload the preview and choose again.`);
      }
      chosen.set(d.index, d.action);
    }
    let duplicates = 0;
    let skipped = 0;
    const written: number[] = [];
    preview.decisions.forEach((d, i) => {
      if (d.kind === 'duplicate') duplicates++;
      else if (d.kind === 'ambiguous' && chosen.get(i) !== 'import') skipped++;
      else written.push(i);
    });
    // the rows to write, made one at a time as the store writes them (not all held at once)
    const transactions = preview.statement.transactions;
    const keys = preview.keys;
    function* rows(): Generator<RowToWrite> {
      for (const i of written) {
        const t = transactions[i];
        yield {
          key: keys[i],
          bookingDate: t.bookingDate,
          valueDate: t.valueDate ?? null,
          amountMinor: t.amountMinor,
          currency: t.currency,
          description: t.description,
          payee: t.payee ?? null,
          bankTxCode: t.bankTxCode ?? null,
          status: t.status,
        };
      }
    }
    const target = preview.target;
    if ('accountId' in target && !getAccount(this.db, target.accountId)) {
      throw new NotFoundError(`The account chosen for ${preview.fileName} no longer exists. Choose the file again and pick another account.`);
    }
    const { batchId, accountId } = this.store.writeBatch(
      {
        fileName: preview.fileName,
        format: preview.format,
        sha256: preview.sha256,
        rowsInFile: preview.decisions.length,
        duplicates,
        skipped,
        rowCount: written.length,
        rows: rows(),
        csvMapping: preview.csvMapping,
      },
      () => ('accountId' in target ? target.accountId : this.createAccount(target.newAccount, preview.statement, written)),
    );
    this.previews.delete(input.previewId);
    if (preview.uploadId) this.uploads.delete(preview.uploadId);
    const added = batchId === null ? 0 : (this.store.get(batchId)?.added ?? 0);
    const account = getAccount(this.db, accountId);
    const accountName = account?.displayName ?? account?.name ?? preview.targetName;
    return { importId: batchId === null ? null : String(batchId), accountId, accountName, added, duplicates, skipped, message: this.summary(preview, accountName, added, duplicates, skipped) };
  }

  list(accountId?: string): ImportBatchDTO[] {
    return this.store.list(accountId);
  }

  undo(importId: string): ImportBatchDTO {
    const id = Number(importId);
    const batch = Number.isSafeInteger(id) ? this.store.get(id) : undefined;
    if (!batch) throw new NotFoundError('That import is no longer in MyBucks (its account may have been deleted). Reload the list of imports.');
    if (batch.undoneAt) throw new InvalidInputError(`The import of ${batch.fileName} was already removed on ${batch.undoneAt.slice(0, 10)}. Nothing was changed.`);
    this.store.undo(id);
    return this.store.get(id)!;
  }

  private async readSource(source: ApiParsed<'importPreview'>['source']): Promise<{ fileName: string; bytes: Buffer; uploadId: string | null }> {
    if ('uploadId' in source) {
      const upload = this.uploads.get(source.uploadId);
      if (!upload) throw new NotFoundError('The uploaded file is no longer open (uploads close after 15 minutes). Choose the file again.');
      if (upload.received !== upload.totalBytes) {
        throw new InvalidInputError(`Only ${upload.received} of ${upload.totalBytes} bytes of ${upload.fileName} arrived. Choose the file again.`);
      }
      upload.expires = this.now().getTime() + PREVIEW_TTL_MS;
      return { fileName: upload.fileName, bytes: Buffer.concat(upload.parts), uploadId: source.uploadId };
    }
    const fileName = path.basename(source.path);
    let size: number;
    try {
      const info = await stat(source.path);
      if (!info.isFile()) throw new InvalidInputError(`${source.path} is a folder, not a statement file. Choose a file.`);
      size = info.size;
    } catch (err) {
      if (err instanceof InvalidInputError) throw err;
      throw new NotFoundError(`MyBucks cannot open ${source.path} (it may have been moved or you may not have permission to read it). Choose the file again.`);
    }
    try {
      checkSize(size);
    } catch (err) {
      if (err instanceof StatementError) throw fileProblem(fileName, err);
      throw err;
    }
    return { fileName, bytes: await readFile(source.path), uploadId: null };
  }

  private resolveTarget(target: ApiParsed<'importPreview'>['target']): Target {
    if ('accountId' in target) {
      const account = getAccount(this.db, target.accountId);
      if (!account) throw new NotFoundError('The account chosen for this import no longer exists. Reload the page and pick another account.');
      return { accountId: account.id, name: account.displayName ?? account.name, currency: account.currency };
    }
    return { name: target.newAccount.name ?? null, currency: target.newAccount.currency ?? null, group: target.newAccount.group };
  }

  private mappingStep(fileName: string, sha256: string, target: Target, csv: NonNullable<ImportPreviewDTO['csv']>): ImportPreviewDTO {
    return {
      previewId: '',
      expiresAt: new Date(this.now().getTime() + PREVIEW_TTL_MS).toISOString(),
      fileName,
      format: 'csv',
      needsMapping: true,
      csv,
      fileAccount: { accountId: null, name: null, currency: null },
      statements: null,
      target: { accountId: 'accountId' in target ? target.accountId : null, name: target.name ?? path.parse(fileName).name, currency: target.currency ?? csv.mapping.defaultCurrency },
      counts: { total: 0, new: 0, duplicate: 0, ambiguous: 0 },
      newRows: [],
      duplicates: [],
      ambiguous: [],
      warnings: [],
      importedBefore: 'accountId' in target ? this.store.importedBefore(target.accountId, sha256) : null,
    };
  }

  private classifyStatement(p: {
    fileName: string;
    format: StatementFormat;
    sha256: string;
    target: Target;
    statement: ParsedStatement;
    csv: ImportPreviewDTO['csv'];
    csvMapping: ImportCsvMappingDTO | null;
    uploadId: string | null;
    chosen: number;
  }): ImportPreviewDTO {
    const { fileName, statement, target } = p;
    const rows = statement.transactions;
    if (rows.length === 0) throw new InvalidInputError(`${fileName} holds no transactions. Download a statement that covers the dates you want. Nothing was imported.`);
    const currency = target.currency ?? statement.account.currency ?? rows[0].currency;
    for (const t of rows) {
      if (!KNOWN_CURRENCIES.has(t.currency)) {
        throw new InvalidInputError(`MyBucks could not import ${fileName} (${t.where}): “${t.currency}” is not a currency MyBucks knows. Check the file's currency column or setting. Nothing was imported.`);
      }
      if (t.currency !== currency) {
        const name = target.name ?? 'the new account';
        throw new InvalidInputError(
          `MyBucks could not import ${fileName} (${t.where}): this row is in ${t.currency}, but ${label(name)} is in ${currency}. ` +
            `MyBucks does not convert imported rows: import the file into a ${t.currency} account (or a new one). Nothing was imported.`,
        );
      }
    }
    const keys = rowKeys(rows);
    let decisions: Decision[];
    let stored: Map<number, StoredMatch> = new Map();
    if ('accountId' in target) {
      let from = rows[0].bookingDate;
      let to = from;
      for (const t of rows) {
        if (t.bookingDate < from) from = t.bookingDate;
        if (t.bookingDate > to) to = t.bookingDate;
      }
      const storedRows = this.store.storedRows(target.accountId, addDays(from, -BANK_WINDOW_DAYS), addDays(to, BANK_WINDOW_DAYS));
      stored = new Map(storedRows.map((r) => [r.id, r]));
      // one row object read through getters for every row (the dedupe keeps none): no per-row copies or texts
      let at = 0;
      const row: IncomingRow = {
        get key() {
          return keys[at];
        },
        get bookingDate() {
          return rows[at].bookingDate;
        },
        get amountMinor() {
          return rows[at].amountMinor;
        },
        get text() {
          return `${rows[at].payee ?? ''} ${rows[at].description}`;
        },
      };
      decisions = classifyEach(
        rows.length,
        (i) => {
          at = i;
          return row;
        },
        storedRows,
        this.store.storedKeys(target.accountId),
      );
    } else {
      decisions = rows.map(() => NEW);
    }

    const previewId = randomUUID();
    const expires = this.now().getTime() + PREVIEW_TTL_MS;
    const targetName = target.name ?? statement.account.name ?? path.parse(fileName).name;
    this.keepAtMost(this.previews);
    this.previews.set(previewId, {
      expires,
      fileName,
      format: p.format,
      sha256: p.sha256,
      target: 'accountId' in target ? { accountId: target.accountId } : { newAccount: { name: targetName, group: target.group, currency } },
      targetName,
      statement,
      keys,
      decisions,
      csvMapping: p.csvMapping,
      uploadId: p.uploadId,
    });

    const rowDTO = (i: number): ImportRowDTO => {
      const t = rows[i];
      return { index: i, where: t.where, bookingDate: t.bookingDate, amountMinor: t.amountMinor, currency: t.currency, description: t.description, payee: t.payee ?? null, status: t.status };
    };
    const matchDTO = (id: number, similarity: number): ImportMatchDTO | null => {
      const s = stored.get(id);
      if (!s) return null;
      return { transactionId: String(id), bookingDate: s.bookingDate, amountMinor: s.amountMinor, currency: s.currency, description: s.description, merchant: s.merchant, source: s.fromImport ? 'import' : 'bank', similarity: Math.round(similarity * 100) / 100 };
    };
    const dto: ImportPreviewDTO = {
      previewId,
      expiresAt: new Date(expires).toISOString(),
      fileName,
      format: p.format,
      needsMapping: false,
      csv: p.csv,
      fileAccount: fileAccountOf(statement.account),
      statements: statement.statements ? { accounts: statement.statements.map(fileAccountOf), chosen: p.chosen } : null,
      target: { accountId: 'accountId' in target ? target.accountId : null, name: targetName, currency },
      counts: { total: rows.length, new: 0, duplicate: 0, ambiguous: 0 },
      newRows: [],
      duplicates: [],
      ambiguous: [],
      warnings: statement.warnings,
      importedBefore: 'accountId' in target ? this.store.importedBefore(target.accountId, p.sha256) : null,
    };
    decisions.forEach((d, i) => {
      if (d.kind === 'new') {
        if (dto.counts.new++ < PREVIEW_ROWS) dto.newRows.push(rowDTO(i));
      } else if (d.kind === 'duplicate') {
        if (dto.counts.duplicate++ < PREVIEW_ROWS) dto.duplicates.push({ ...rowDTO(i), reason: d.reason, match: matchDTO(d.matchId, d.similarity) });
      } else if (dto.counts.ambiguous++ < MAX_AMBIGUOUS_SHOWN) {
        dto.ambiguous.push({ ...rowDTO(i), candidates: d.candidates.map((c) => matchDTO(c.id, c.similarity)).filter((m): m is ImportMatchDTO => m !== null) });
      }
    });
    if (dto.counts.ambiguous > MAX_AMBIGUOUS_SHOWN) {
      dto.warnings.push(`${plural(dto.counts.ambiguous, 'row')} may already be in MyBucks; the first ${MAX_AMBIGUOUS_SHOWN} are listed, the others are skipped unless you import them from the list.`);
    }
    return dto;
  }

  /** A manual account for the file's rows; its balance is the statement's closing balance, else the rows' sum. */
  private createAccount(spec: { name: string; group: AccountGroup; currency: string }, statement: ParsedStatement, written: number[]): string {
    const closing = statement.closingBalance?.currency === spec.currency ? statement.closingBalance : undefined;
    const rows = written.map((i) => statement.transactions[i]);
    const lastDay = rows.reduce((max, r) => (r.bookingDate > max ? r.bookingDate : max), '');
    const account = createManualAccount(
      this.db,
      {
        name: spec.name,
        group: spec.group,
        currency: spec.currency,
        balanceMinor: closing?.amountMinor ?? rows.reduce((sum, r) => (r.status === 'booked' ? sum + r.amountMinor : sum), 0),
        day: closing?.date ?? (lastDay || undefined),
      },
      this.now(),
    );
    return account.id;
  }

  private summary(preview: Preview, accountName: string, added: number, duplicates: number, skipped: number): string {
    const parts: string[] = [];
    if (duplicates) parts.push(`${plural(duplicates, 'row')} already in MyBucks ${duplicates === 1 ? 'was' : 'were'} left out`);
    if (skipped) parts.push(`${plural(skipped, 'row')} you chose to skip ${skipped === 1 ? 'was' : 'were'} not imported`);
    const rest = parts.length ? `; ${parts.join('; ')}` : '';
    if (added === 0) return `Nothing new in ${preview.fileName}: nothing was added to ${label(accountName)}${rest}.`;
    return `Added ${plural(added, 'transaction')} from ${preview.fileName} (${FORMAT_NAMES[preview.format]}) to ${label(accountName)}${rest}.`;
  }

  private sweep(): void {
    const now = this.now().getTime();
    for (const [id, u] of this.uploads) if (u.expires < now) this.uploads.delete(id);
    for (const [id, p] of this.previews) if (p.expires < now) this.previews.delete(id);
  }

  /** Makes room for one more: the oldest open upload or preview goes first. */
  private keepAtMost(map: Map<string, unknown>): void {
    while (map.size >= MAX_OPEN) map.delete(map.keys().next().value as string);
  }
}
