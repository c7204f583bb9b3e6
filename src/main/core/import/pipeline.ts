/**
 * Statement import: file (a path, or bytes uploaded in chunks) → size check → format → text → statement
 * (CSV after its columns are confirmed) → preview (new / duplicate / ambiguous, nothing written) → commit
 * (the new rows and the ambiguous ones the user chose, in one transaction) → a batch that can be removed.
 *
 * Memory does not grow with the file: an upload's bytes are staged on disk, a preview's rows with their decisions
 * stay in memory only up to a budget shared by the open previews and go to disk beyond it (staging.ts), and the
 * file is decoded once as it is parsed (the CSV mapping step reads only its start). OFX and CSV are parsed as they are
 * read; QIF and CAMT files are decoded into one string first (QIF's date order needs every record; there is no
 * streaming XML parser among the dependencies), then read one record or entry at a time.
 * Uploads and previews stay for PREVIEW_TTL_MS.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ApiParsed } from '../../../shared/contract';
import type {
  AccountGroup,
  ImportBatchDTO,
  ImportCsvMappingDTO,
  ImportMatchDTO,
  ImportPreviewDTO,
  ImportProgressDTO,
  ImportResultDTO,
  ImportRowDTO,
} from '../../../shared/dto';
import type { Db } from '../db/database';
import { getAccount } from '../reports/accounts';
import { InvalidInputError, NotFoundError } from '../reports/errors';
import { createManualAccount } from '../reports/manage-accounts';
import { BANK_WINDOW_DAYS, Classifier, normaliseText, type IncomingRow } from './dedupe';
import { ImportStore, KEY_PREFIX, KEY_PREFIX_END, type RowToWrite, type StoredMatch } from './import-store';
import { ChunkFacts, fileSource, headOf, headText, nextTurn, textOf, uploadSource, type Source } from './source';
import { attachStaging, detachStaging, RowBudget, StagedRows, StagedUpload, type StagedRow } from './staging';
import {
  StatementError,
  checkSize,
  chooseEncoding,
  detectFormat,
  readCamt,
  parseCsvStream,
  parseOfxStream,
  readQif,
  repeatedIdsWarning,
  sniffCsv,
  type CsvSniff,
  type StatementAccount,
  type StatementFormat,
  type StatementSummary,
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
  received: number;
  expires: number;
  staged: StagedUpload;
  facts: ChunkFacts;
  /** Once every byte has arrived. */
  finished?: { sha256: string; validUtf8: boolean; head: Buffer };
  /** Previews reading it now: it is neither closed nor pushed out meanwhile. */
  readers: number;
}

interface Preview {
  expires: number;
  fileName: string;
  format: StatementFormat;
  sha256: string;
  target: { accountId: string } | { newAccount: { name: string; group: AccountGroup; currency: string } };
  targetName: string;
  rows: StagedRows;
  counts: ImportPreviewDTO['counts'];
  closingBalance: StatementSummary['closingBalance'];
  csvMapping: ImportCsvMappingDTO | null;
  uploadId: string | null;
}

/** A file on disk read before, by path: its facts while it has not changed (the CSV mapping step, then the preview). */
interface Scanned {
  size: number;
  mtimeMs: number;
  sha256: string;
  validUtf8: boolean;
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
 * A row's key in the account before it is made unique: its file id, else its date, amount and text. Rows with the
 * key of an earlier row of the file get its place among them (StagedRows.suffixKeys), so two identical rows of one
 * file are two transactions and the same file again is none.
 */
export function baseKey(t: StatementTransaction): string {
  return t.fileId ? `${KEY_PREFIX}id:${t.fileId}` : `${KEY_PREFIX}row:${t.bookingDate}:${t.amountMinor}:${normaliseText(`${t.payee ?? ''} ${t.description}`).slice(0, 80)}`;
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
  private readonly scanned = new Map<string, Scanned>();
  readonly store: ImportStore;

  /** `onProgress` hears the long steps: reading a file, checking its rows for duplicates, writing them. */
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly onProgress: (progress: ImportProgressDTO) => void = () => {},
    /** Rows the open previews keep in memory before a preview's rows go to the staging file. */
    private readonly memory = new RowBudget(),
  ) {
    this.store = new ImportStore(db, now);
    attachStaging(db);
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
      this.keepAtMost(this.uploads, (id) => this.dropUpload(id), (id) => this.uploads.get(id)!.readers > 0);
      upload = {
        fileName: input.fileName,
        totalBytes: input.totalBytes,
        received: 0,
        expires: this.now().getTime() + PREVIEW_TTL_MS,
        staged: new StagedUpload(this.db, uploadId),
        facts: new ChunkFacts(),
        readers: 0,
      };
      this.uploads.set(uploadId, upload);
    } else {
      upload = this.uploads.get(uploadId);
      if (!upload) throw new NotFoundError(`The upload of ${input.fileName} is no longer open (uploads close after 15 minutes). Choose the file again.`);
    }
    if (input.offset !== upload.received || upload.received + bytes.length > upload.totalBytes) {
      this.dropUpload(uploadId);
      throw new InvalidInputError(`The upload of ${input.fileName} arrived out of order or longer than announced. Choose the file again.`);
    }
    upload.staged.append(upload.received, bytes);
    upload.facts.add(bytes);
    upload.received += bytes.length;
    if (upload.received === upload.totalBytes) upload.finished = upload.facts.finish();
    upload.expires = this.now().getTime() + PREVIEW_TTL_MS;
    return { uploadId, receivedBytes: upload.received };
  }

  async preview(input: ApiParsed<'importPreview'>): Promise<ImportPreviewDTO> {
    this.sweep();
    const { source, uploadId, progressId } = await this.readSource(input.source);
    const { fileName } = source;
    const target = this.resolveTarget(input.target);
    const previewId = randomUUID();
    let staged: StagedRows | null = null;
    const reading = uploadId === null ? undefined : this.uploads.get(uploadId);
    if (reading) reading.readers++;
    try {
      const format = input.format ?? detectFormat(source.head.subarray(0, 4096), fileName);
      if (!format) {
        throw new InvalidInputError(
          `MyBucks could not tell what kind of statement ${fileName} is. It reads OFX or QFX, CSV, CAMT.053/.052 (XML) and QIF files: download one of these from your bank. Nothing was imported.`,
        );
      }
      if (format === 'qif' && !target.currency) {
        throw new InvalidInputError(`QIF files do not say their currency. Choose the currency of the new account for ${fileName}, or import it into an existing account.`);
      }
      const encoding = chooseEncoding(source.head, source.validUtf8);
      let csv: ImportPreviewDTO['csv'] = null;
      let csvMapping: ImportCsvMappingDTO | null = null;
      if (format === 'csv') {
        const sniff = sniffCsv(headText(source, encoding));
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
        if (!csvMapping) return this.mappingStep(fileName, source.sha256, target, csv);
      }
      const rows = (staged = new StagedRows(this.db, previewId, this.memory));
      const onRow = (t: StatementTransaction) => rows.add(t, baseKey(t), t.batchFileId ? `${KEY_PREFIX}id:${t.batchFileId}` : null);
      const text = textOf(source, encoding, (done) => this.onProgress({ id: progressId, phase: 'read', done, total: source.size }));
      let statement: StatementSummary;
      if (format === 'csv') {
        statement = await parseCsvStream(text, csvMapping!, onRow);
      } else if (format === 'ofx') {
        statement = await parseOfxStream(text, { defaultCurrency: target.currency ?? undefined, statement: input.statement }, onRow);
      } else {
        // QIF's date order and CAMT's XML need the whole text (held once, decoded); their rows still come one by one
        let whole = '';
        for await (const part of text) whole += part;
        if (format === 'qif') {
          statement = readQif(whole, { currency: target.currency!, dateOrder: input.dateOrder, statement: input.statement }, onRow);
        } else {
          statement = readCamt(whole, { statement: input.statement }, onRow);
        }
      }
      rows.flush();
      const dto = await this.classifyStatement({ previewId, fileName, format, sha256: source.sha256, target, statement, rows, csv, csvMapping, uploadId, progressId, chosen: input.statement ?? 0 });
      staged = null;
      return dto;
    } catch (err) {
      if (err instanceof StatementError) throw fileProblem(fileName, err);
      throw err;
    } finally {
      staged?.drop();
      if (reading) reading.readers--;
    }
  }

  commit(input: ApiParsed<'importCommit'>): ImportResultDTO {
    this.sweep();
    const preview = this.previews.get(input.previewId);
    if (!preview) throw new NotFoundError('This preview is no longer open (a preview closes after 15 minutes, or once imported). Choose the file again to see a fresh one.');
    const staged = preview.rows;
    const chosen = new Map<number, 'import' | 'skip'>();
    for (const d of input.decisions) {
      if (staged.kindOf(d.index) !== 'ambiguous') {
        throw new InvalidInputError(`Row ${d.index + 1} of ${preview.fileName} is not one of the rows to decide on. Reload the preview and choose again.`);
      }
      chosen.set(d.index, d.action);
    }
    let imported = 0;
    for (const action of chosen.values()) if (action === 'import') imported++;
    const duplicates = preview.counts.duplicate;
    const skipped = preview.counts.ambiguous - imported;
    const rowCount = preview.counts.new + imported;
    const progress = (done: number) => this.onProgress({ id: input.previewId, phase: 'write', done, total: rowCount });
    // the rows to write, read back a page at a time as the store writes them (not all held at once)
    function* rows(): Generator<RowToWrite> {
      let done = 0;
      for (let page = staged.writablePage(-1); page.length > 0; page = staged.writablePage(page[page.length - 1].idx)) {
        for (const t of page) {
          if (t.kind === 'ambiguous' && chosen.get(t.idx) !== 'import') continue;
          done++;
          yield t;
        }
        progress(done);
      }
    }
    const target = preview.target;
    if ('accountId' in target && !getAccount(this.db, target.accountId)) {
      throw new NotFoundError(`The account chosen for ${preview.fileName} no longer exists. Choose the file again and pick another account.`);
    }
    progress(0);
    const { batchId, accountId } = this.store.writeBatch(
      {
        fileName: preview.fileName,
        format: preview.format,
        sha256: preview.sha256,
        rowsInFile: preview.counts.total,
        duplicates,
        skipped,
        rowCount,
        rows: rows(),
        csvMapping: preview.csvMapping,
      },
      () => ('accountId' in target ? target.accountId : this.createAccount(target.newAccount, preview)),
    );
    this.dropPreview(input.previewId);
    if (preview.uploadId) this.dropUpload(preview.uploadId);
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

  /** The file to read, and the id its progress is reported under (the upload id, else the path). */
  private async readSource(source: ApiParsed<'importPreview'>['source']): Promise<{ source: Source; uploadId: string | null; progressId: string }> {
    if ('uploadId' in source) {
      const upload = this.uploads.get(source.uploadId);
      if (!upload) throw new NotFoundError('The uploaded file is no longer open (uploads close after 15 minutes). Choose the file again.');
      if (!upload.finished) {
        throw new InvalidInputError(`Only ${upload.received} of ${upload.totalBytes} bytes of ${upload.fileName} arrived. Choose the file again.`);
      }
      upload.expires = this.now().getTime() + PREVIEW_TTL_MS;
      return { source: uploadSource(upload.fileName, upload.totalBytes, upload.finished, upload.staged), uploadId: source.uploadId, progressId: source.uploadId };
    }
    const fileName = path.basename(source.path);
    let info: { size: number; mtimeMs: number };
    try {
      const found = await stat(source.path);
      if (!found.isFile()) throw new InvalidInputError(`${source.path} is a folder, not a statement file. Choose a file.`);
      info = found;
    } catch (err) {
      if (err instanceof InvalidInputError) throw err;
      throw new NotFoundError(`MyBucks cannot open ${source.path} (it may have been moved or you may not have permission to read it). Choose the file again.`);
    }
    try {
      checkSize(info.size);
    } catch (err) {
      if (err instanceof StatementError) throw fileProblem(fileName, err);
      throw err;
    }
    const before = this.scanned.get(source.path);
    const known = before && before.size === info.size && before.mtimeMs === info.mtimeMs ? before : undefined;
    let read: Source;
    try {
      read = await fileSource(source.path, fileName, info.size, known && { sha256: known.sha256, validUtf8: known.validUtf8, head: await headOf(source.path) });
    } catch {
      throw new NotFoundError(`MyBucks cannot read ${source.path} (it may have been moved or you may not have permission to read it). Choose the file again.`);
    }
    this.scanned.delete(source.path);
    this.keepAtMost(this.scanned, () => {});
    this.scanned.set(source.path, { size: info.size, mtimeMs: info.mtimeMs, sha256: read.sha256, validUtf8: read.validUtf8 });
    return { source: read, uploadId: null, progressId: source.path };
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

  private async classifyStatement(p: {
    previewId: string;
    fileName: string;
    format: StatementFormat;
    sha256: string;
    target: Target;
    statement: StatementSummary;
    rows: StagedRows;
    csv: ImportPreviewDTO['csv'];
    csvMapping: ImportCsvMappingDTO | null;
    uploadId: string | null;
    progressId: string;
    chosen: number;
  }): Promise<ImportPreviewDTO> {
    const { fileName, statement, target, rows } = p;
    const total = rows.count;
    if (total === 0) throw new InvalidInputError(`${fileName} holds no transactions. Download a statement that covers the dates you want. Nothing was imported.`);
    const first = rows.page(-1, 1)[0];
    const currency = target.currency ?? statement.account.currency ?? first.currency;
    const odd = KNOWN_CURRENCIES.has(currency) ? rows.firstInOtherCurrency(currency) : first;
    if (odd) {
      if (!KNOWN_CURRENCIES.has(odd.currency)) {
        throw new InvalidInputError(`MyBucks could not import ${fileName} (${odd.where}): “${odd.currency}” is not a currency MyBucks knows. Check the file's currency column or setting. Nothing was imported.`);
      }
      const name = target.name ?? 'the new account';
      throw new InvalidInputError(
        `MyBucks could not import ${fileName} (${odd.where}): this row is in ${odd.currency}, but ${label(name)} is in ${currency}. ` +
          `MyBucks does not convert imported rows: import the file into a ${odd.currency} account (or a new one). Nothing was imported.`,
      );
    }
    const warnings = [...statement.warnings];
    const repeatedIds = rows.suffixKeys(`${KEY_PREFIX}id:`);
    if (p.format === 'ofx' && repeatedIds > 0) warnings.push(repeatedIdsWarning(repeatedIds));

    const targetName = target.name ?? statement.account.name ?? path.parse(fileName).name;
    const expires = this.now().getTime() + PREVIEW_TTL_MS;
    const dto: ImportPreviewDTO = {
      previewId: p.previewId,
      expiresAt: new Date(expires).toISOString(),
      fileName,
      format: p.format,
      needsMapping: false,
      csv: p.csv,
      fileAccount: fileAccountOf(statement.account),
      statements: statement.statements ? { accounts: statement.statements.map(fileAccountOf), chosen: p.chosen } : null,
      target: { accountId: 'accountId' in target ? target.accountId : null, name: targetName, currency },
      counts: { total, new: 0, duplicate: 0, ambiguous: 0 },
      newRows: [],
      duplicates: [],
      ambiguous: [],
      warnings,
      importedBefore: 'accountId' in target ? this.store.importedBefore(target.accountId, p.sha256) : null,
    };
    await this.check(rows, target, dto, p.progressId);
    if (dto.counts.ambiguous > MAX_AMBIGUOUS_SHOWN) {
      dto.warnings.push(`${plural(dto.counts.ambiguous, 'row')} may already be in MyBucks; the first ${MAX_AMBIGUOUS_SHOWN} are listed, the others are skipped unless you import them from the list.`);
    }
    this.keepAtMost(this.previews, (id) => this.dropPreview(id));
    this.previews.set(p.previewId, {
      expires,
      fileName,
      format: p.format,
      sha256: p.sha256,
      target: 'accountId' in target ? { accountId: target.accountId } : { newAccount: { name: targetName, group: target.group, currency } },
      targetName,
      rows,
      counts: dto.counts,
      closingBalance: statement.closingBalance,
      csvMapping: p.csvMapping,
      uploadId: p.uploadId,
    });
    return dto;
  }

  /**
   * Decides every staged row (new, duplicate or ambiguous) in file order, a page at a time: the kinds go back to the
   * staged rows, the counts and the first rows of each kind into the preview.
   */
  private async check(rows: StagedRows, target: Target, dto: ImportPreviewDTO, progressId: string): Promise<void> {
    const total = dto.counts.total;
    const progress = (done: number) => this.onProgress({ id: progressId, phase: 'check', done, total });
    progress(0);
    const stored = new Map<number, StoredMatch>();
    let classifier: Classifier | null = null;
    if ('accountId' in target) {
      const keyed = rows.markKeyed(target.accountId, KEY_PREFIX, KEY_PREFIX_END);
      const { from, to } = rows.dateRange();
      const candidates = this.store.candidates(rows, target.accountId, addDays(from, -BANK_WINDOW_DAYS), addDays(to, BANK_WINDOW_DAYS), BANK_WINDOW_DAYS);
      for (const c of candidates) stored.set(c.id, c);
      if (keyed > 0 || candidates.length > 0) classifier = new Classifier(candidates);
    }
    const matchDTO = (id: number, similarity: number): ImportMatchDTO | null => {
      const s = stored.get(id) ?? this.store.storedMatch(id);
      if (!s) return null;
      return { transactionId: String(id), bookingDate: s.bookingDate, amountMinor: s.amountMinor, currency: s.currency, description: s.description, merchant: s.merchant, source: s.fromImport ? 'import' : 'bank', similarity: Math.round(similarity * 100) / 100 };
    };
    const counts = dto.counts;
    if (!classifier) {
      // nothing in the account the rows may match: all new, nothing to decide row by row
      counts.new = total;
      dto.newRows = rows.page(-1, PREVIEW_ROWS).map(rowDTO);
      progress(total);
      return;
    }
    // one row object read through getters for every row (the dedupe keeps none): no per-row copies or texts
    let at: StagedRow;
    const row: IncomingRow = {
      get key() {
        return at.key;
      },
      get bookingDate() {
        return at.bookingDate;
      },
      get amountMinor() {
        return at.amountMinor;
      },
      get text() {
        return `${at.payee ?? ''} ${at.description}`;
      },
    };
    for (let page = rows.page(-1); page.length > 0; page = rows.page(page[page.length - 1].idx)) {
      const kinds: [number, 'duplicate' | 'ambiguous'][] = [];
      for (const t of page) {
        at = t;
        const d = classifier.decide(row, t.keyed ?? undefined);
        if (d.kind === 'new') {
          if (counts.new++ < PREVIEW_ROWS) dto.newRows.push(rowDTO(t));
        } else if (d.kind === 'duplicate') {
          kinds.push([t.idx, 'duplicate']);
          if (counts.duplicate++ < PREVIEW_ROWS) dto.duplicates.push({ ...rowDTO(t), reason: d.reason, match: matchDTO(d.matchId, d.similarity) });
        } else {
          kinds.push([t.idx, 'ambiguous']);
          if (counts.ambiguous++ < MAX_AMBIGUOUS_SHOWN) {
            dto.ambiguous.push({ ...rowDTO(t), candidates: d.candidates.map((c) => matchDTO(c.id, c.similarity)).filter((m): m is ImportMatchDTO => m !== null) });
          }
        }
      }
      rows.setKinds(kinds);
      progress(page[page.length - 1].idx + 1);
      await nextTurn();
    }
  }

  /** A manual account for the file's rows (all of them new); its balance is the statement's closing balance, else the rows' sum. */
  private createAccount(spec: { name: string; group: AccountGroup; currency: string }, preview: Preview): string {
    const closing = preview.closingBalance?.currency === spec.currency ? preview.closingBalance : undefined;
    const { sum, lastDay } = preview.rows.sumAndLastDay();
    const account = createManualAccount(
      this.db,
      { name: spec.name, group: spec.group, currency: spec.currency, balanceMinor: closing?.amountMinor ?? sum, day: closing?.date ?? (lastDay || undefined) },
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

  /** At shutdown: every open upload and preview goes, with the file they were staged in. */
  close(): void {
    this.uploads.clear();
    this.previews.clear();
    detachStaging(this.db);
  }

  private sweep(): void {
    const now = this.now().getTime();
    for (const [id, u] of this.uploads) if (u.expires < now && u.readers === 0) this.dropUpload(id);
    for (const [id, p] of this.previews) if (p.expires < now) this.dropPreview(id);
  }

  private dropUpload(id: string): void {
    this.uploads.get(id)?.staged.drop();
    this.uploads.delete(id);
  }

  private dropPreview(id: string): void {
    this.previews.get(id)?.rows.drop();
    this.previews.delete(id);
  }

  /** Makes room for one more: the oldest open one not in use goes first (while all are in use, there is one more). */
  private keepAtMost(map: Map<string, unknown>, drop: (id: string) => void, inUse: (id: string) => boolean = () => false): void {
    while (map.size >= MAX_OPEN) {
      const oldest = [...map.keys()].find((id) => !inUse(id));
      if (oldest === undefined) return;
      drop(oldest);
      map.delete(oldest);
    }
  }
}

const rowDTO = (t: StagedRow): ImportRowDTO => ({
  index: t.idx,
  where: t.where,
  bookingDate: t.bookingDate,
  amountMinor: t.amountMinor,
  currency: t.currency,
  description: t.description,
  payee: t.payee,
  status: t.status,
});
