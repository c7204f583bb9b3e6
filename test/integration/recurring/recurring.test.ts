/**
 * Recurring bills through the service against the real mock bank: link Memorial Bank as Sarah, sync, see the
 * suggestions the generated history holds; confirm one and watch a new payment attach after the next sync; dismiss
 * one and never see it again; bad input changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { GYMS, INSURERS, LANDLORDS, PHONES, STREAMING, UTILITIES, EMPLOYERS } from '../../../mock-bank/src/data/catalog';
import { createService, type Core } from '../../../src/main/core/service';
import { ConfSettingsStore } from '../../../src/main/adapters/node/conf-settings-store';
import { FileKeyCipher } from '../../../src/main/adapters/node/file-key-cipher';
import { CallbackUrlOpener } from '../../../src/main/adapters/node/url-opener';
import { silentLogger } from '../../../src/main/core/log';
import { apiSchemas, type AppEvent } from '../../../src/shared/contract';
import type { RecurringSeriesDTO } from '../../../src/shared/dto';
import { approveWithForms } from '../../support/bank-consent';
import { useTempDirs } from '../../unit/auth/temp-dirs';

const tempDir = useTempDirs();
let bank: MockBankHandle;
let core: Core;
let connectionId: string;
const events: AppEvent[] = [];

async function sandbox(method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${bank.origin}/sandbox${p}`, {
    method,
    headers: { 'x-sandbox-key': bank.sandboxKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${p}: ${res.status} ${await res.text()}`);
  return res.json();
}

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, seed: 7 });
  const root = tempDir('mybucks-recurring-');
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  const opener = new CallbackUrlOpener();
  core = createService({
    dataDir,
    cipher: new FileKeyCipher({ keyFile: path.join(root, 'vault-key') }),
    settings: new ConfSettingsStore({ dir: dataDir }),
    opener,
    logger: silentLogger,
    mockBankOrigin: bank.origin,
    syncIntervalMs: 3_600_000,
  });
  core.events.on((e) => events.push(e));
  const started = await core.service.startLink({ providerId: 'memorial' });
  const redirect = await approveWithForms(started.authorizationUrl, { username: 'sarah' });
  await fetch(redirect);
  for (let i = 0; i < 200 && !events.some((e) => e.type === 'link-finished'); i++) await new Promise((r) => setTimeout(r, 50));
  const linked = events.find((e) => e.type === 'link-finished');
  if (linked?.type !== 'link-finished' || linked.outcome !== 'linked' || !linked.connectionId) throw new Error(`linking failed: ${JSON.stringify(linked)}`);
  connectionId = linked.connectionId;
  await core.scheduler.syncNow(connectionId); // joins the first sync the link started
}, 60_000);
afterAll(async () => {
  await core?.close();
  await bank?.close();
});

const overview = () => core.service.recurringOverview();
const named = (list: RecurringSeriesDTO[], name: string) => list.find((s) => s.name.toLowerCase() === name.toLowerCase());

describe('recurring bills after a sync of the mock bank', () => {
  it('suggests the bills, subscriptions and salary the history holds, with their flags', async () => {
    const { series } = await overview();
    expect(series.every((s) => s.status === 'suggested')).toBe(true);
    for (const name of [`${LANDLORDS.uk} Rent`, ...UTILITIES.uk.map((u) => u.name), PHONES.uk.name, STREAMING.uk.name]) {
      expect(named(series, name), name).toMatchObject({ cadence: 'monthly', direction: 'out', currency: 'GBP' });
    }
    expect(named(series, STREAMING.uk.name)?.priceRise).toEqual({ fromMinor: STREAMING.uk.typicalMinor, toMinor: STREAMING.uk.raisedMinor });
    expect(named(series, INSURERS.uk.name)).toMatchObject({ cadence: 'yearly', yearlyMinor: Math.round(INSURERS.uk.typicalMinor * 1.06) });
    expect(named(series, GYMS.uk.name)?.state).toBe('ended');
    expect(named(series, `${EMPLOYERS.uk} Salary`)?.direction).toBe('in');
    // paired transfers between Sarah's own accounts are not bills
    expect(series.filter((s) => /transfer|repayment|payment received/i.test(s.name))).toEqual([]);
  });

  it('opens exactly a series’ transactions as its drill-down', async () => {
    const streaming = named((await overview()).series, STREAMING.uk.name)!;
    const page = await core.service.listTransactions(apiSchemas.listTransactions.parse({ recurringSeriesId: streaming.id, limit: 500 }));
    expect(page.total).toBe(streaming.occurrences);
    expect(page.rows.every((r) => r.merchant === STREAMING.uk.name)).toBe(true);
    expect(page.totals).toEqual([{ currency: 'GBP', minor: page.rows.reduce((s, r) => s + r.amountMinor, 0) }]);
  });

  it('attaches a new payment to a confirmed series on the next sync', async () => {
    const before = named((await overview()).series, STREAMING.uk.name)!;
    await core.service.confirmRecurring({ seriesId: before.id });
    const card = ((await sandbox('GET', '/banks/memorial/users/sarah/accounts')) as { accounts: { accountId: string; kind: string }[] }).accounts.find(
      (a) => a.kind === 'credit_card',
    )!;
    // the next payment, on its expected day (which may be a few days ahead of the real clock: the bank books it as dated)
    const due = `${before.nextDay}T09:00:00Z`;
    await sandbox('POST', `/banks/memorial/users/sarah/accounts/${card.accountId}/transactions`, {
      status: 'BOOK',
      amount: -STREAMING.uk.raisedMinor / 100, // the sandbox takes amounts in major units
      description: `${STREAMING.uk.name.toUpperCase()} ONLINE ref 777001`,
      merchantName: STREAMING.uk.name,
      merchantCategoryCode: STREAMING.uk.mcc,
      bookingDateTime: due,
    });
    await core.scheduler.syncNow(connectionId);
    const after = (await overview()).series.find((s) => s.id === before.id)!;
    expect(after.status).toBe('confirmed');
    expect(after.occurrences).toBe(before.occurrences + 1);
    expect(after.lastDay).toBe(due.slice(0, 10));
  });

  it('never suggests a dismissed series again, even after new payments', async () => {
    const phone = named((await overview()).series, PHONES.uk.name)!;
    await core.service.dismissRecurring({ seriesId: phone.id });
    expect(named((await overview()).series, PHONES.uk.name)).toBeUndefined();
    const checking = ((await sandbox('GET', '/banks/memorial/users/sarah/accounts')) as { accounts: { accountId: string; kind: string }[] }).accounts.find((a) => a.kind === 'checking')!;
    await sandbox('POST', `/banks/memorial/users/sarah/accounts/${checking.accountId}/transactions`, {
      status: 'BOOK',
      amount: -PHONES.uk.typicalMinor / 100,
      description: `${PHONES.uk.name.toUpperCase()} DIRECT DEBIT`,
      merchantName: PHONES.uk.name,
      merchantCategoryCode: PHONES.uk.mcc,
    });
    await core.scheduler.syncNow(connectionId);
    expect(named((await overview()).series, PHONES.uk.name)).toBeUndefined();
    await expect(core.service.confirmRecurring({ seriesId: phone.id })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/dismissed/) });
  });

  it('keeps what the user edits, and refuses bad input with a clear error that changes nothing', async () => {
    const rent = named((await overview()).series, `${LANDLORDS.uk} Rent`)!;
    await core.service.editRecurring(apiSchemas.editRecurring.parse({ seriesId: rent.id, name: 'Flat rent', expectedMinor: 150_000 }));
    await core.scheduler.syncNow(connectionId);
    const edited = (await overview()).series.find((s) => s.id === rent.id)!;
    expect(edited).toMatchObject({ name: 'Flat rent', expectedMinor: 150_000, status: 'confirmed', yearlyMinor: 1_800_000 });

    await expect(core.service.editRecurring({ seriesId: '999999', name: 'x' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/Reload the Bills page/) });
    expect(() => apiSchemas.editRecurring.parse({ seriesId: rent.id, expectedMinor: -5 })).toThrow(/more than zero/);
    expect(() => apiSchemas.editRecurring.parse({ seriesId: rent.id, name: '   ' })).toThrow(/give the bill a name/);
    expect(() => apiSchemas.editRecurring.parse({ seriesId: rent.id })).toThrow(/Change the name, the amount or how often/);
    expect((await overview()).series.find((s) => s.id === rent.id)).toEqual(edited);
  });

  it('lists this month’s and next month’s occurrences with totals per month', async () => {
    const o = await overview();
    const nextMonthEnd = new Date(Date.UTC(Number(o.today.slice(0, 4)), Number(o.today.slice(5, 7)) + 1, 0)).toISOString().slice(0, 10);
    expect(o.occurrences.length).toBeGreaterThan(0);
    expect(o.occurrences.every((x) => x.day >= `${o.today.slice(0, 7)}-01` && x.day <= nextMonthEnd)).toBe(true);
    expect(o.occurrences.filter((x) => !x.paid).every((x) => x.day >= o.today)).toBe(true);
    for (const t of o.monthTotals) {
      const inMonth = o.occurrences.filter((x) => x.day.startsWith(t.month) && x.currency === t.currency);
      expect(t.billsMinor).toBe(inMonth.filter((x) => x.direction === 'out').reduce((s, x) => s + x.amountMinor, 0));
      expect(t.incomeMinor).toBe(inMonth.filter((x) => x.direction === 'in').reduce((s, x) => s + x.amountMinor, 0));
    }
    // the cancelled gym is not expected again
    const gym = named(o.series, GYMS.uk.name)!;
    expect(o.occurrences.filter((x) => x.seriesId === gym.id && !x.paid)).toEqual([]);
  });
});
