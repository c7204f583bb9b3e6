/** The desktop features of issue 13 in the shell, against the fake electron: notifications, … */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, Notification, __resetDesktopFakes, __resetFakeElectron, app } from '../fakes/electron';
import type { AppEvent } from '../../src/shared/contract';
import { recordingService } from '../fakes/service';

const core = vi.hoisted(() => ({ listeners: new Set<(e: unknown) => void>() }));
vi.mock('../../src/main/core/service', () => ({
  createService: () => ({
    service: recordingService().service,
    events: {
      on: (l: (e: unknown) => void) => {
        core.listeners.add(l);
        return () => core.listeners.delete(l);
      },
    },
    isBankPage: () => false,
    receiveRedirect: async () => 'not-a-callback',
    close: async () => {},
  }),
}));
const emit = (e: AppEvent) => core.listeners.forEach((l) => l(e));

beforeAll(async () => {
  __resetFakeElectron();
  __resetDesktopFakes();
  process.env.MYBUCKS_MOCK_BANK = 'off';
  await import('../../src/main/electron-main');
  app.__ready();
  await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1));
});

const notify: AppEvent = { type: 'notify', kind: 'sync-failed', connectionId: 'c1', title: 'Memorial Bank could not be synced', body: 'Memorial Bank answered 503.' };

describe('notifications', () => {
  it('shows a notify event as a native notification; clicking it brings the window forward', () => {
    const [win] = BrowserWindow.getAllWindows();
    win.minimized = true;
    emit(notify);
    expect(Notification.all).toHaveLength(1);
    const [shown] = Notification.all;
    expect(shown.options).toEqual({ title: 'Memorial Bank could not be synced', body: 'Memorial Bank answered 503.' });
    expect(shown.shown).toBe(true);
    const focused = win.focused;
    shown.emit('click');
    expect(win.focused).toBe(focused + 1);
    expect(win.minimized).toBe(false);
  });

  it('shows nothing where the system has no notifications, and nothing for other events', () => {
    Notification.all.length = 0;
    emit({ type: 'connections-changed' });
    Notification.supported = false;
    emit(notify);
    Notification.supported = true;
    expect(Notification.all).toEqual([]);
  });
});
