import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src/shared/contract';
import type { SettingsStore } from '../../../src/main/core/ports';
import { createNotifier, type WatchedConnection } from '../../../src/main/core/notifications/notifier';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-29T09:00:00Z');

class MemorySettings implements SettingsStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return structuredClone(this.data.get(key)) as T | undefined;
  }
  set(key: string, value: unknown): void {
    this.data.set(key, structuredClone(value));
  }
  delete(key: string): void {
    this.data.delete(key);
  }
}

function setup(list: WatchedConnection[], settings = new MemorySettings()) {
  const listeners = new Set<(e: AppEvent) => void>();
  const sent: Extract<AppEvent, { type: 'notify' }>[] = [];
  const notifier = createNotifier({
    settings,
    connections: () => list,
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    emit: (e) => {
      if (e.type === 'notify') sent.push(e);
    },
    now: () => NOW,
  });
  stops.push(() => notifier.stop());
  return { notifier, sent, settings, fire: (e: AppEvent) => listeners.forEach((l) => l(e)) };
}
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

const memorial = (over: Partial<WatchedConnection> = {}): WatchedConnection => ({ id: 'c1', bankName: 'Memorial Bank', status: 'ok', consentExpiresAt: null, ...over });

describe('notifications', () => {
  it('are all on by default, and each can be turned off and stays off', () => {
    const { notifier, settings } = setup([]);
    expect(notifier.getSettings()).toEqual({ syncFailed: true, consentExpiring: true, needsReauth: true });
    expect(notifier.setSettings({ consentExpiring: false })).toEqual({ syncFailed: true, consentExpiring: false, needsReauth: true });
    expect(notifier.setSettings({ syncFailed: undefined })).toEqual({ syncFailed: true, consentExpiring: false, needsReauth: true });
    expect(setup([], settings).notifier.getSettings().consentExpiring).toBe(false);
  });

  it('tell once per failure streak that a sync failed, with the reason and what to do', () => {
    const { sent, fire } = setup([memorial()]);
    const failed: AppEvent = { type: 'sync-finished', connectionId: 'c1', outcome: 'error', error: 'Memorial Bank answered 503.' };
    fire(failed);
    fire(failed);
    expect(sent).toEqual([
      {
        type: 'notify',
        kind: 'sync-failed',
        connectionId: 'c1',
        title: 'Memorial Bank could not be synced',
        body: 'Memorial Bank answered 503. MyBucks tries again at the next scheduled sync; open MyBucks and press Sync now to try at once.',
      },
    ]);
    fire({ type: 'sync-finished', connectionId: 'c1', outcome: 'ok', error: null });
    fire(failed);
    expect(sent).toHaveLength(2);
  });

  it('warn once when a bank permission ends within 7 days, not earlier, and again for a new expiry', () => {
    const list = [memorial({ consentExpiresAt: new Date(NOW + 8 * DAY).toISOString() })];
    const { notifier, sent } = setup(list);
    notifier.check();
    expect(sent).toEqual([]);
    list[0] = memorial({ consentExpiresAt: '2026-12-03T12:00:00.000Z' });
    notifier.check();
    notifier.check();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'consent-expiring', title: 'Your permission for Memorial Bank ends on 3 December 2026' });
    expect(sent[0].body).toMatch(/choose Re-authorize on the Connections page to renew it\.$/);
    list[0] = memorial({ consentExpiresAt: '2026-12-05T12:00:00.000Z' });
    notifier.check();
    expect(sent).toHaveLength(2);
  });

  it('tell once that a bank needs signing in again (remembered across restarts), not as a failed sync', () => {
    const list = [memorial({ status: 'needs_reauth' })];
    const { sent, fire, settings } = setup(list);
    fire({ type: 'sync-finished', connectionId: 'c1', outcome: 'error', error: 'invalid_grant' });
    fire({ type: 'connections-changed' });
    expect(sent.map((n) => n.kind)).toEqual(['needs-reauth']);
    expect(sent[0].title).toBe('Memorial Bank needs you to sign in again');
    const restarted = setup(list, settings);
    restarted.notifier.check();
    expect(restarted.sent).toEqual([]);
  });

  it('send nothing of a kind that is off, and do not send it later when it is turned back on', () => {
    const list = [memorial({ status: 'needs_reauth' })];
    const { notifier, sent } = setup(list);
    notifier.setSettings({ needsReauth: false });
    notifier.check();
    notifier.setSettings({ needsReauth: true });
    notifier.check();
    expect(sent).toEqual([]);
  });
});
