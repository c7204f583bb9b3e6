/**
 * Sync over a slow bank: the mock bank (its own process) with its latency fault at 150 ms on every
 * resource request, 100,000 transactions in Sarah's 9 accounts at 3 banks (pages of 1,000), synced into a
 * fresh database each run. Compared with the ideal for a per-bank limit of L requests in flight: per bank,
 * one round trip for the accounts, ceil(accounts / L) for the balances, then the page chains (each
 * account's pages follow Links.Next, one after another), max(longest chain, ceil(all pages / L)); the
 * banks run side by side, so the slowest bank's figure. Every answer leaves the bank 150 ms after its
 * request arrived (the bank's own serving time included), so nothing can beat it. Also measured: the same
 * requests with their answers only read and parsed (the bank's and the network's part), the same sync with
 * one request at a time per bank (accounts one after another, as before), the same sync with the latency
 * off (what the bank's and MyBucks' own work costs on this machine: nothing can beat that either), and
 * the most requests seen in flight at one bank. Medians of
 * `REPEATS` runs. BENCH_LATENCY_MS and BENCH_LATENCY_TRANSACTIONS override the latency and the size.
 *
 * Run alone with `tsx test/bench/latency.ts`; `npm run bench` runs it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../src/main/core/db/connections-repo';
import { defaultProfile } from '../../src/main/core/banks/profile';
import { SyncEngine } from '../../src/main/core/sync/engine';
import { bearer, connectionIdOf, type BankInfo } from './common';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);
const TRANSACTIONS = Number(process.env.BENCH_LATENCY_TRANSACTIONS ?? 100_000);
const BANKS = ['memorial', 'harbor', 'summit'];
const ACCOUNTS = 9;
const LIMIT = 4;
const REPEATS = 3;

export interface LatencyFigures {
  latencyMs: number;
  banks: number;
  accounts: number;
  transactions: number;
  perBankLimit: number;
  pagesPerAccount: number[];
  idealMs: number;
  idealRoundTrips: { accounts: number; balances: number; pages: number };
  medianMs: number;
  ratioToIdeal: number;
  sequentialMedianMs: number;
  /** The same sync with the latency fault off: what the two processes' work costs on this machine. */
  noLatencyMedianMs: number;
  /** The same requests with their answers only read and parsed: the bank's and the network's part. */
  bareReadsMedianMs: number;
  maxInFlightPerBank: number;
  runsMs: number[];
  sequentialRunsMs: number[];
  target: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startBank(perAccount: number): Promise<{ info: BankInfo; proc: ChildProcess }> {
  const script = fileURLToPath(new URL('./bank-process.ts', import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', script, String(perAccount)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`mock bank exited (${code})`)));
  });
  return { info: JSON.parse(line) as BankInfo, proc };
}

async function sandbox(info: BankInfo, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${info.origin}/sandbox${path}`, {
    method,
    headers: { 'x-sandbox-key': info.sandboxKey!, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
}

function linkedDb(file: string, info: BankInfo): Db {
  const db = openDatabase(file);
  for (const bank of info.banks.filter((b) => BANKS.includes(b.id))) {
    new ProvidersRepo(db).upsert({ id: bank.id, name: bank.name, issuer: bank.issuer, clientId: 'mybucks-desktop', scopes: [], apiBase: bank.apiBase, color: '#000000', logoText: 'XX', tagline: null, custom: false, profile: defaultProfile() });
    new ConnectionsRepo(db).insert({ id: connectionIdOf(bank.id), providerId: bank.id, status: 'ok', statusReason: null, sub: 'sarah', name: null, scopes: [], consentId: null, consentExpiresAt: null });
  }
  return db;
}

/** Every resource request at the 3 banks answered `latencyMs` after it arrived (none armed for 0). */
async function armLatency(info: BankInfo, latencyMs: number): Promise<void> {
  await sandbox(info, 'DELETE', '/faults');
  if (latencyMs > 0) for (const bankId of BANKS) await sandbox(info, 'POST', '/faults', { target: 'resource', bankId, kind: 'latency', latencyMs, count: 10_000 });
}

/** One sync of the 3 banks with the latency armed; counts requests in flight per bank and pages per account. */
async function slowSync(file: string, info: BankInfo, perBankConcurrency: number, latencyMs = LATENCY_MS) {
  await armLatency(info, latencyMs);
  const db = linkedDb(file, info);
  const get = bearer(info);
  const inFlight = new Map<string, number>();
  let maxInFlight = 0;
  const pages = new Map<string, number>();
  const engine = new SyncEngine({
    db,
    perBankConcurrency,
    fetchResource: async (id, url, init) => {
      const tx = /\/accounts\/([^/]+)\/transactions/.exec(url);
      if (tx) pages.set(`${id}/${tx[1]}`, (pages.get(`${id}/${tx[1]}`) ?? 0) + 1);
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      maxInFlight = Math.max(maxInFlight, inFlight.get(id)!);
      try {
        const res = await get(id, url, init);
        const body = await res.arrayBuffer(); // the client reads it inside its slot; here, to count until it has
        return new Response(body, { status: res.status, headers: res.headers });
      } finally {
        inFlight.set(id, inFlight.get(id)! - 1);
      }
    },
  });
  const t0 = performance.now();
  const outs = await Promise.all(BANKS.map((b) => engine.sync(connectionIdOf(b))));
  const ms = performance.now() - t0;
  for (const o of outs) if (o.outcome !== 'ok') throw new Error(`sync failed: ${o.error}`);
  const seen = outs.reduce((s, o) => s + o.counts.seen, 0);
  const stored = db.prepare('SELECT count(*) FROM transactions').pluck().get() as number;
  db.close();
  await sandbox(info, 'DELETE', '/faults');
  return { ms, seen, stored, maxInFlight, pages };
}

/**
 * The same round trips with nothing done with the answers but reading and parsing them (the accounts, then their
 * balances, then each account's page chain, the accounts side by side): what the bank and the network cost here.
 */
async function bareReads(info: BankInfo): Promise<number> {
  await armLatency(info, LATENCY_MS);
  const get = bearer(info);
  const json = async (id: string, url: string) => JSON.parse(await (await get(id, url)).text());
  const t0 = performance.now();
  await Promise.all(
    info.banks
      .filter((b) => BANKS.includes(b.id))
      .map(async (bank) => {
        const id = connectionIdOf(bank.id);
        const accounts = ((await json(id, `${bank.apiBase}/accounts`)) as { Data: { Account: { AccountId: string }[] } }).Data.Account;
        await Promise.all(accounts.map((a) => json(id, `${bank.apiBase}/accounts/${a.AccountId}/balances`)));
        await Promise.all(
          accounts.map(async (a) => {
            for (let url: string | undefined = `${bank.apiBase}/accounts/${a.AccountId}/transactions`; url; ) url = (await json(id, url)).Links?.Next;
          }),
        );
      }),
  );
  const ms = performance.now() - t0;
  await sandbox(info, 'DELETE', '/faults');
  return ms;
}

function ideal(pages: Map<string, number>, limit: number) {
  let worst = { total: 0, accounts: 0, balances: 0, pages: 0 };
  for (const bankId of BANKS) {
    const chains = [...pages].filter(([k]) => k.startsWith(`${connectionIdOf(bankId)}/`)).map(([, n]) => n);
    const trips = { accounts: 1, balances: Math.ceil(chains.length / limit), pages: Math.max(Math.max(...chains), Math.ceil(chains.reduce((s, n) => s + n, 0) / limit)) };
    const total = trips.accounts + trips.balances + trips.pages;
    if (total > worst.total) worst = { total, ...trips };
  }
  return worst;
}

export async function benchLatency(): Promise<LatencyFigures> {
  const { info, proc } = await startBank(Math.ceil(TRANSACTIONS / ACCOUNTS));
  const dir = mkdtempSync(join(tmpdir(), 'mybucks-latency-'));
  try {
    await slowSync(join(dir, 'warm.sqlite'), info, LIMIT); // warm the bank's generator, HTTP and code paths
    const runs: number[] = [];
    const sequential: number[] = [];
    const noLatency: number[] = [];
    const bare: number[] = [];
    let last: Awaited<ReturnType<typeof slowSync>> | undefined;
    let maxInFlight = 0;
    for (let i = 0; i < REPEATS; i++) {
      last = await slowSync(join(dir, `run-${i}.sqlite`), info, LIMIT);
      runs.push(last.ms);
      maxInFlight = Math.max(maxInFlight, last.maxInFlight);
      if (last.stored !== last.seen) throw new Error(`latency bench: stored ${last.stored} of ${last.seen}`);
      sequential.push((await slowSync(join(dir, `seq-${i}.sqlite`), info, 1)).ms);
      noLatency.push((await slowSync(join(dir, `fast-${i}.sqlite`), info, LIMIT, 0)).ms);
      bare.push(await bareReads(info));
    }
    const trips = ideal(last!.pages, LIMIT);
    const idealMs = trips.total * LATENCY_MS;
    return {
      latencyMs: LATENCY_MS,
      banks: BANKS.length,
      accounts: last!.pages.size,
      transactions: last!.seen,
      perBankLimit: LIMIT,
      pagesPerAccount: [...last!.pages.values()],
      idealMs,
      idealRoundTrips: { accounts: trips.accounts, balances: trips.balances, pages: trips.pages },
      medianMs: median(runs),
      ratioToIdeal: median(runs) / idealMs,
      sequentialMedianMs: median(sequential),
      noLatencyMedianMs: median(noLatency),
      bareReadsMedianMs: median(bare),
      maxInFlightPerBank: maxInFlight,
      runsMs: runs,
      sequentialRunsMs: sequential,
      target: 1.3,
    };
  } finally {
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function latencyRows(f: LatencyFigures): [string, string, string][] {
  const t = f.idealRoundTrips;
  return [
    [`sync at ${f.latencyMs} ms per request (${f.banks} banks, ${f.accounts} accounts)`, `${fmt(f.transactions)} tx in ${fmt(f.medianMs)} ms`, ''],
    [`  ideal, <= ${f.perBankLimit} in flight per bank`, `${fmt(f.idealMs)} ms = (${t.accounts} + ${t.balances} + ${t.pages} pages) x ${f.latencyMs} ms`, ''],
    ['  measured / ideal', `${fmt(f.ratioToIdeal, 2)}x (most in flight at one bank: ${f.maxInFlightPerBank})`, '<= 1.3x'],
    ['  the same requests, answers only read and parsed', `${fmt(f.bareReadsMedianMs)} ms = ${fmt(f.bareReadsMedianMs / f.idealMs, 2)}x ideal`, ''],
    ['  the same sync without the latency (CPU-bound part)', `${fmt(f.noLatencyMedianMs)} ms`, ''],
    ['  one request at a time per bank', `${fmt(f.sequentialMedianMs)} ms = ${fmt(f.sequentialMedianMs / f.idealMs, 2)}x ideal`, ''],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await benchLatency();
  const rows = latencyRows(f);
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padEnd(44)}  ${c}`).join('\n'));
  console.log(JSON.stringify({ runs: f.runsMs, sequential: f.sequentialRunsMs, pages: f.pagesPerAccount }));
}
