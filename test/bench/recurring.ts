/**
 * Recurring bills benchmark (issue 11).
 *
 * 1. Accuracy: precision and recall of the detector on generated histories with known series (test/support/
 *    recurring-series.ts: every cadence, jitter in dates and amounts, skipped occurrences, price changes, cancelled
 *    series, decoy purchases at the same payees, shops with no series), over 20 seeds, with the default noise and
 *    with harsher noise.
 * 2. Speed at 1,000,000 transactions, next to the sync's own time: the detection step the app runs after each
 *    connection's first sync (every row new), a full detection over everything (as on a database from before
 *    recurring bills), and a small re-sync (a few new rows) with the step in its hook, timed apart.
 *
 * `npm run bench` runs both (run.ts); `tsx test/bench/recurring.ts` runs them alone (`--accuracy` for 1 only).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConnectionsRepo, ProvidersRepo } from '../../src/main/core/db/connections-repo';
import { openDatabase } from '../../src/main/core/db/database';
import { defaultProfile } from '../../src/main/core/banks/profile';
import { detectSeries } from '../../src/main/core/recurring/detect';
import { refreshRecurring, type RefreshResult } from '../../src/main/core/recurring/store';
import { SyncEngine } from '../../src/main/core/sync/engine';
import { DEFAULT_NOISE, generateHistory, score, type NoiseOptions } from '../support/recurring-series';
import { bearer, connectionIdOf, syncAll, type BankInfo } from './common';

const SEEDS = 20;
const SERIES_PER_HISTORY = 60;
const HARSH_NOISE: NoiseOptions = { dateJitter: 3, amountJitter: 0.18, skipChance: 0.12, decoysPerYear: 6, noiseMerchants: 12 };

export interface AccuracyFigures {
  seeds: number;
  seriesPerHistory: number;
  noise: NoiseOptions;
  precision: number;
  recall: number;
  worstSeed: { precision: number; recall: number };
  /** Share of the true series of each cadence found with that cadence. */
  recallByCadence: Record<string, number>;
  rowsPerHistory: number;
  detectMsPerHistory: number;
}

function accuracy(noise: NoiseOptions): AccuracyFigures {
  let tp = 0;
  let detected = 0;
  let actual = 0;
  let rows = 0;
  let ms = 0;
  const worst = { precision: 1, recall: 1 };
  const byCadence: Record<string, { found: number; actual: number }> = {};
  for (let seed = 1; seed <= SEEDS; seed++) {
    const h = generateHistory(seed, SERIES_PER_HISTORY, noise);
    const t0 = performance.now();
    const found = detectSeries(h.rows, h.today);
    ms += performance.now() - t0;
    const s = score(h.truth, found);
    tp += s.truePositives;
    detected += s.detected;
    actual += s.actual;
    rows += h.rows.length;
    worst.precision = Math.min(worst.precision, s.precision);
    worst.recall = Math.min(worst.recall, s.recall);
    for (const t of h.truth) {
      const c = (byCadence[t.cadence] ??= { found: 0, actual: 0 });
      c.actual++;
      if (score([t], found).truePositives === 1) c.found++;
    }
  }
  const recallByCadence = Object.fromEntries(Object.entries(byCadence).map(([k, v]) => [k, v.found / v.actual]));
  return {
    seeds: SEEDS,
    seriesPerHistory: SERIES_PER_HISTORY,
    noise,
    precision: tp / detected,
    recall: tp / actual,
    worstSeed: worst,
    recallByCadence,
    rowsPerHistory: rows / SEEDS,
    detectMsPerHistory: ms / SEEDS,
  };
}

export function benchRecurringAccuracy(): { default: AccuracyFigures; harsh: AccuracyFigures } {
  return { default: accuracy(DEFAULT_NOISE), harsh: accuracy(HARSH_NOISE) };
}

export interface RecurringSpeedFigures {
  transactions: number;
  /** The hook after each connection's first sync (each run's rows all new), summed over the connections. */
  afterFirstSyncMs: number;
  afterFirstSync: RefreshResult[];
  fullDetectionMs: number;
  full: RefreshResult;
  resync: { syncMs: number; hookMs: number; added: number; refresh: RefreshResult | null };
  series: Record<string, number>;
}

/** The detection steps on a database the 1M sync filled (`file`), with the bank still running for a small re-sync. */
export async function benchRecurringAfterSync(file: string, info: BankInfo): Promise<RecurringSpeedFigures> {
  const db = openDatabase(file);
  try {
    const transactions = db.prepare('SELECT count(*) FROM transactions').pluck().get() as number;
    const today = db.prepare('SELECT max(booking_date) FROM transactions').pluck().get() as string;
    const runs = db.prepare(`SELECT id FROM sync_runs WHERE outcome = 'ok' ORDER BY id`).pluck().all() as number[];
    const afterFirstSync: RefreshResult[] = [];
    let t0 = performance.now();
    for (const run of runs) afterFirstSync.push(refreshRecurring(db, run, today));
    const afterFirstSyncMs = performance.now() - t0;
    t0 = performance.now();
    const full = refreshRecurring(db, null, today);
    const fullDetectionMs = performance.now() - t0;

    // a few new payments at one bank (a bill and two purchases), then that connection's re-sync with the hook
    const bank = info.banks[0];
    const sandbox = async (method: string, path: string, body?: unknown) => {
      const call = () =>
        fetch(`${info.origin}/sandbox${path}`, {
          method,
          headers: { 'x-sandbox-key': info.sandboxKey ?? '', ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
      // the bank may have closed the idle keep-alive connection while detection ran: one retry on a fresh one
      const r = await call().catch(call);
      if (!r.ok) throw new Error(`sandbox ${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<unknown>;
    };
    const { accounts } = (await sandbox('GET', `/banks/${bank.id}/users/sarah/accounts`)) as { accounts: { accountId: string; kind: string }[] };
    const checking = accounts.find((a) => a.kind === 'checking')!;
    for (const [description, merchantName, amount] of [
      ['EE MOBILE DIRECT DEBIT', 'EE Mobile', -25],
      ['TESCO SUPERSTORE CARD PAYMENT ref 424242', 'Tesco Superstore', -31.2],
      ['PRET A MANGER CARD PAYMENT ref 434343', 'Pret A Manger', -6.45],
    ] as const) {
      await sandbox('POST', `/banks/${bank.id}/users/sarah/accounts/${checking.accountId}/transactions`, { status: 'BOOK', amount, description, merchantName, merchantCategoryCode: '5411' });
    }
    let hookMs = 0;
    let refresh: RefreshResult | null = null;
    const engine = new SyncEngine({
      db,
      fetchResource: bearer(info),
      afterRun: (runId) => {
        const h0 = performance.now();
        refresh = refreshRecurring(db, runId, today);
        hookMs = performance.now() - h0;
      },
    });
    t0 = performance.now();
    const out = await engine.sync(connectionIdOf(bank.id));
    const syncMs = performance.now() - t0;
    if (out.outcome !== 'ok') throw new Error(`re-sync failed: ${out.error}`);
    const series = Object.fromEntries(
      (db.prepare(`SELECT status || ' ' || direction AS k, count(*) AS n FROM recurring_series GROUP BY 1`).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]),
    );
    return { transactions, afterFirstSyncMs, afterFirstSync, fullDetectionMs, full, resync: { syncMs, hookMs, added: out.counts.added, refresh }, series };
  } finally {
    db.close();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function recurringRows(a: { default: AccuracyFigures; harsh: AccuracyFigures } | undefined, s: RecurringSpeedFigures | undefined, syncMs?: number): [string, string, string][] {
  const rows: [string, string, string][] = [];
  if (a) {
    for (const [label, f] of [
      ['default noise', a.default],
      ['harsh noise', a.harsh],
    ] as const) {
      rows.push([
        `recurring detector, ${label} (${f.seeds} histories x ${f.seriesPerHistory} series)`,
        `precision ${fmt(f.precision, 3)}, recall ${fmt(f.recall, 3)} (worst history ${fmt(f.worstSeed.precision, 3)} / ${fmt(f.worstSeed.recall, 3)}); ${fmt(f.rowsPerHistory)} rows in ${fmt(f.detectMsPerHistory, 1)} ms`,
        '',
      ]);
      rows.push(['  recall by cadence', Object.entries(f.recallByCadence).map(([k, v]) => `${k} ${fmt(v, 2)}`).join(', '), '']);
    }
  }
  if (s) {
    rows.push(
      [`recurring after the 1M first sync (${s.afterFirstSync.length} runs)`, `${fmt(s.afterFirstSyncMs)} ms${syncMs ? ` = ${fmt((s.afterFirstSyncMs / syncMs) * 100, 1)}% of the sync's ${fmt(syncMs)} ms` : ''}; ${fmt(s.afterFirstSync.reduce((n, r) => n + r.rows, 0))} rows read`, ''],
      ['  full detection over 1M (once, older databases)', `${fmt(s.fullDetectionMs)} ms; ${fmt(s.full.payees)} payees, ${fmt(s.full.rows)} rows read`, ''],
      ['  small re-sync (3 new rows) with the hook', `${fmt(s.resync.syncMs)} ms, of which the hook ${fmt(s.resync.hookMs, 1)} ms (${fmt(s.resync.refresh?.payees ?? 0)} payees, ${fmt(s.resync.refresh?.rows ?? 0)} rows read)`, ''],
      ['  series found', Object.entries(s.series).map(([k, n]) => `${n} ${k}`).join(', '), ''],
    );
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const accuracyFigures = benchRecurringAccuracy();
  let speed: RecurringSpeedFigures | undefined;
  let syncMs: number | undefined;
  if (!process.argv.includes('--accuracy')) {
    const perAccount = Math.ceil(1_000_000 / 12);
    const script = fileURLToPath(new URL('./bank-process.ts', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', script, String(perAccount)], { stdio: ['ignore', 'pipe', 'inherit'] });
    process.on('exit', () => proc.kill('SIGKILL'));
    const info = JSON.parse(await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve))) as BankInfo;
    const dir = mkdtempSync(join(tmpdir(), 'mybucks-bench-recurring-'));
    try {
      const file = join(dir, 'large.sqlite');
      const db = openDatabase(file);
      for (const b of info.banks) {
        new ProvidersRepo(db).upsert({ id: b.id, name: b.name, issuer: b.issuer, clientId: 'mybucks-desktop', scopes: [], apiBase: b.apiBase, color: '#000000', logoText: 'XX', tagline: null, custom: false, profile: defaultProfile() });
        new ConnectionsRepo(db).insert({ id: connectionIdOf(b.id), providerId: b.id, status: 'ok', statusReason: null, sub: 'sarah', name: null, scopes: [], consentId: null, consentExpiresAt: null });
      }
      syncMs = (await syncAll(db, info)).ms;
      db.close();
      speed = await benchRecurringAfterSync(file, info);
    } finally {
      proc.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = recurringRows(accuracyFigures, speed, syncMs);
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(rows.map(([a, b]) => `${a.padEnd(w)}  ${b}`).join('\n'));
  console.log(JSON.stringify({ accuracy: accuracyFigures, speed, syncMs }, null, 2));
  process.exit(0);
}
