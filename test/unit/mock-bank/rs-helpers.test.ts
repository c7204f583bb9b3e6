import { describe, expect, it } from 'vitest';
import { FaultQueue, parseFaultSpec } from '../../../mock-bank/src/faults';
import { formatMinor, parseMinor } from '../../../mock-bank/src/data/money';
import { allows, permissionProblem, scopesFor } from '../../../mock-bank/src/rs/permissions';
import { parseBookingDateTime } from '../../../mock-bank/src/rs/query-dates';

describe('booking date-time query filters', () => {
  it('accepts dates with or without time and ignores a timezone', () => {
    expect(parseBookingDateTime('2026-03-04')).toBe(Date.parse('2026-03-04T00:00:00Z'));
    expect(parseBookingDateTime('2026-03-04T10:43:07')).toBe(Date.parse('2026-03-04T10:43:07Z'));
    expect(parseBookingDateTime('2026-03-04T10:43:07+05:00')).toBe(Date.parse('2026-03-04T10:43:07Z'));
    expect(parseBookingDateTime('2026-03-04T10:43:07.123456Z')).toBe(Date.parse('2026-03-04T10:43:07.123Z'));
    expect(parseBookingDateTime(undefined)).toBeNull();
    expect(parseBookingDateTime('yesterday')).toBe('invalid');
    expect(parseBookingDateTime('2026-13-40')).toBe('invalid');
  });
});

describe('consent permissions', () => {
  it('requires account access and pairs transaction levels with credits/debits', () => {
    expect(permissionProblem(['ReadBalances'])).toMatch(/ReadAccountsBasic/);
    expect(permissionProblem([])).toMatch(/non-empty/);
    expect(permissionProblem(['ReadAccountsBasic', 'ReadPAN'])).toMatch(/unsupported/);
    expect(permissionProblem(['ReadAccountsBasic', 'ReadTransactionsDetail'])).toMatch(/Credits/);
    expect(permissionProblem(['ReadAccountsBasic', 'ReadTransactionsDetail', 'ReadTransactionsDebits'])).toBeNull();
    expect(scopesFor(['ReadAccountsDetail', 'ReadBalances'])).toEqual(['accounts', 'balances']);
  });

  it('allows a resource only when both the scope and the permission are there', () => {
    const all = ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsBasic', 'ReadTransactionsCredits'];
    expect(allows(['accounts', 'balances'], all, 'balances')).toBe(true);
    expect(allows(['accounts'], all, 'balances')).toBe(false);
    expect(allows(['accounts', 'transactions'], ['ReadAccountsBasic'], 'transactions')).toBe(false);
  });
});

describe('money', () => {
  it('formats minor units as unsigned decimals and parses signed input', () => {
    expect(formatMinor(-123456)).toBe('1234.56');
    expect(formatMinor(5)).toBe('0.05');
    expect(parseMinor('-12.3')).toBe(-1230);
    expect(parseMinor('7')).toBe(700);
    expect(parseMinor('1.234')).toBeUndefined();
  });
});

describe('fault queue', () => {
  it('counts rules down per matching request, in order, per bank when asked', () => {
    const q = new FaultQueue();
    q.add({ target: 'resource', kind: '503', count: 2, bankId: 'memorial' });
    q.add({ target: 'resource', kind: '429', count: 1 });
    expect(q.take('token', 'memorial')).toBeUndefined();
    expect(q.take('resource', 'harbor')?.kind).toBe('429');
    expect(q.take('resource', 'harbor')).toBeUndefined();
    expect(q.take('resource', 'memorial')?.kind).toBe('503');
    expect(q.list()).toEqual([{ target: 'resource', kind: '503', count: 1, bankId: 'memorial' }]);
    q.clear();
    expect(q.take('resource', 'memorial')).toBeUndefined();
  });

  it('parses CLI fault flags', () => {
    expect(parseFaultSpec('resource:429=5:2')).toEqual({ target: 'resource', kind: '429', count: 2, retryAfterSeconds: 5 });
    expect(parseFaultSpec('token:latency=3000:1:memorial')).toEqual({ target: 'token', kind: 'latency', count: 1, latencyMs: 3000, bankId: 'memorial' });
    expect(parseFaultSpec('resource:truncated')).toEqual({ target: 'resource', kind: 'truncated', count: 1 });
    expect(() => parseFaultSpec('resource:teapot:1')).toThrow(/kind/);
    expect(() => parseFaultSpec('db:500:1')).toThrow(/target/);
  });
});
