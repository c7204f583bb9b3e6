/** Sandbox mutations (add, book with a new id and amount, remove) seen through the open-banking API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { mintAccessToken } from '../../support/mint-access-token';

interface SandboxAccount {
  accountId: string;
  kind: string;
  bookedMinor: number;
  availableMinor: number;
  pending: { transactionId: string; amountMinor: number; bookedTwin: { transactionId: string; amountMinor: number } }[];
}
interface ObTx {
  TransactionId: string;
  Status: string;
  CreditDebitIndicator: 'Credit' | 'Debit';
  Amount: { Amount: string };
  TransactionInformation?: string;
  MerchantDetails?: { MerchantName: string };
}

let handle: MockBankHandle;
let api: string;
let token: string;
const userPath = '/sandbox/banks/harbor/users/sarah';

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 8 });
  api = handle.banks.find((b) => b.id === 'harbor')!.apiBase;
  token = (await mintAccessToken(handle, { bankId: 'harbor', username: 'sarah', scopes: ['accounts', 'balances', 'transactions'] })).accessToken;
});
afterAll(() => handle.close());

function sandbox(method: string, path: string, body?: unknown) {
  return fetch(`${handle.origin}${path}`, {
    method,
    headers: { 'x-sandbox-key': handle.sandboxKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}
const accounts = async (): Promise<SandboxAccount[]> => (await (await sandbox('GET', `${userPath}/accounts`)).json()).accounts;
const api$ = async (path: string) => (await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
const signed = (t: ObTx) => Math.round(Number(t.Amount.Amount) * 100) * (t.CreditDebitIndicator === 'Debit' ? -1 : 1);
const recent = async (accountId: string): Promise<ObTx[]> => (await api$(`/accounts/${accountId}/transactions?fromBookingDateTime=${new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10)}`)).Data.Transaction;
const apiBalances = async (accountId: string) =>
  Object.fromEntries(
    (await api$(`/accounts/${accountId}/balances`)).Data.Balance.map((b: { Type: string; CreditDebitIndicator: string; Amount: { Amount: string } }) => [
      b.Type,
      Math.round(Number(b.Amount.Amount) * 100) * (b.CreditDebitIndicator === 'Debit' ? -1 : 1),
    ]),
  );

describe('sandbox account view', () => {
  it('lists the user’s accounts with balances that match the API', async () => {
    const list = await accounts();
    expect(list.map((a) => a.kind)).toEqual(['checking', 'savings', 'credit_card']);
    for (const a of list) expect(await apiBalances(a.accountId)).toEqual({ ITBD: a.bookedMinor, ITAV: a.availableMinor });
    expect((await sandbox('GET', '/sandbox/banks/harbor/users/tom/accounts')).status).toBe(404);
  });
});

describe('sandbox mutations', () => {
  it('adds a booked and a pending transaction', async () => {
    const [checking] = await accounts();
    const res = await sandbox('POST', `${userPath}/accounts/${checking.accountId}/transactions`, {
      amount: '-42.50',
      description: 'Corner Deli lunch',
      merchantName: 'Corner Deli',
      merchantCategoryCode: '5812',
    });
    expect(res.status).toBe(201);
    const added = await res.json();
    const pendingRes = await sandbox('POST', `${userPath}/accounts/${checking.accountId}/transactions`, {
      transactionId: 'my-pending-1',
      status: 'PDNG',
      amount: '-10',
      description: 'Parking hold',
    });
    expect(pendingRes.status).toBe(201);

    const txs = await recent(checking.accountId);
    const seen = txs.find((t) => t.TransactionId === added.transactionId)!;
    expect(seen).toMatchObject({ Status: 'BOOK', CreditDebitIndicator: 'Debit', Amount: { Amount: '42.50' }, MerchantDetails: { MerchantName: 'Corner Deli' } });
    expect(txs.find((t) => t.TransactionId === 'my-pending-1')?.Status).toBe('PDNG');
    expect(await apiBalances(checking.accountId)).toEqual({ ITBD: checking.bookedMinor - 4250, ITAV: checking.availableMinor - 4250 - 1000 });
    expect((await sandbox('POST', `${userPath}/accounts/${checking.accountId}/transactions`, { transactionId: 'my-pending-1', amount: '1', description: 'dup' })).status).toBe(409);
    expect((await sandbox('POST', `${userPath}/accounts/${checking.accountId}/transactions`, { amount: 'lots', description: 'x' })).status).toBe(400);
  });

  it('books a pending transaction with a new id and a changed amount (a tip)', async () => {
    const card = (await accounts()).find((a) => a.kind === 'credit_card')!;
    const pending = card.pending[0];
    const tipped = pending.amountMinor - 300;
    const res = await sandbox('POST', `${userPath}/accounts/${card.accountId}/transactions/${pending.transactionId}/book`, {
      newTransactionId: `${pending.transactionId}-final`,
      amount: (tipped / 100).toFixed(2),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const txs = await recent(card.accountId);
    expect(txs.map((t) => t.TransactionId)).not.toContain(pending.transactionId);
    const booked = txs.find((t) => t.TransactionId === `${pending.transactionId}-final`)!;
    expect(booked.Status).toBe('BOOK');
    expect(signed(booked)).toBe(tipped);
    expect(await apiBalances(card.accountId)).toEqual({ ITBD: card.bookedMinor + tipped, ITAV: card.availableMinor - 300 });
    expect((await sandbox('POST', `${userPath}/accounts/${card.accountId}/transactions/${pending.transactionId}/book`, {})).status).toBe(404);
  });

  it('books a pending transaction into its defined twin when nothing is overridden', async () => {
    const checking = (await accounts())[0];
    const pending = checking.pending.find((p) => p.transactionId !== 'my-pending-1')!;
    const res = await sandbox('POST', `${userPath}/accounts/${checking.accountId}/transactions/${pending.transactionId}/book`);
    expect(res.status).toBe(200);
    const booked = await res.json();
    expect(booked).toMatchObject({ transactionId: pending.bookedTwin.transactionId, amountMinor: pending.bookedTwin.amountMinor, status: 'BOOK' });
  });

  it('removes a transaction', async () => {
    const savings = (await accounts()).find((a) => a.kind === 'savings')!;
    const [victim] = (await recent(savings.accountId)).filter((t) => t.Status === 'BOOK').slice(-1);
    const res = await sandbox('DELETE', `${userPath}/accounts/${savings.accountId}/transactions/${victim.TransactionId}`);
    expect(res.status).toBe(204);
    expect((await recent(savings.accountId)).map((t) => t.TransactionId)).not.toContain(victim.TransactionId);
    expect((await apiBalances(savings.accountId)).ITBD).toBe(savings.bookedMinor - signed(victim));
    expect((await sandbox('DELETE', `${userPath}/accounts/${savings.accountId}/transactions/${victim.TransactionId}`)).status).toBe(404);
  });
});

describe('sandbox consents', () => {
  it('lists a bank’s consents and expires one', async () => {
    const { consent } = await mintAccessToken(handle, { bankId: 'harbor', username: 'sarah', scopes: ['accounts'] });
    const list = await (await sandbox('GET', '/sandbox/banks/harbor/consents')).json();
    expect(list.consents.map((c: { consentId: string }) => c.consentId)).toContain(consent.consentId);
    const expired = await (await sandbox('POST', `/sandbox/banks/harbor/consents/${consent.consentId}/expire`)).json();
    expect(expired.status).toBe('EXPD');
    expect((await sandbox('POST', `/sandbox/banks/memorial/consents/${consent.consentId}/expire`)).status).toBe(404);
  });
});
