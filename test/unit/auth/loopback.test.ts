import net from 'node:net';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { openLoopbackListener, type LoopbackOptions } from '../../../src/main/core/auth/loopback';
import { silentLogger } from '../../../src/main/core/log';

function listener(overrides: Partial<LoopbackOptions> = {}) {
  const calls: URL[] = [];
  const ready = openLoopbackListener({
    providerId: 'memorial',
    expectedState: 'the-state',
    timeoutMs: 10_000,
    onCallback: async (url) => {
      calls.push(url);
      return { status: 200, title: 'Linked <b>', message: 'You can return to MyBucks.' };
    },
    logger: silentLogger,
    ...overrides,
  });
  return { ready, calls };
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('loopback listener', () => {
  it('listens on 127.0.0.1 only, at /cb/<provider> on an ephemeral port', async () => {
    const { ready } = listener();
    const l = await ready;
    const uri = new URL(l.redirectUri);
    expect(uri.hostname).toBe('127.0.0.1');
    expect(uri.pathname).toBe('/cb/memorial');
    const port = Number(uri.port);
    expect(port).toBeGreaterThan(0);
    expect(await connects('127.0.0.1', port)).toBe(true);
    expect(await connects('::1', port)).toBe(false);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) expect(await connects(external.address, port)).toBe(false);
    await l.close();
    expect(await l.done).toBe('cancelled');
  });

  it('answers 400 to an unknown state and keeps waiting; the right state is handled once, then it closes', async () => {
    const { ready, calls } = listener();
    const l = await ready;
    const forged = await fetch(`${l.redirectUri}?code=abc&state=forged`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('does not belong to a sign-in MyBucks started');
    const noState = await fetch(`${l.redirectUri}?code=abc`);
    expect(noState.status).toBe(400);
    const wrongPath = await fetch(l.redirectUri.replace('/cb/memorial', '/cb/harbor') + '?code=abc&state=the-state');
    expect(wrongPath.status).toBe(404);
    expect(calls).toHaveLength(0);

    const real = await fetch(`${l.redirectUri}?code=abc&state=the-state&iss=https%3A%2F%2Fbank`);
    expect(real.status).toBe(200);
    expect(real.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await real.text();
    expect(html).toContain('You can return to MyBucks.');
    expect(html).toContain('Linked &#60;b&#62;');
    expect(calls.map((u) => u.href)).toEqual([`${l.redirectUri}?code=abc&state=the-state&iss=https%3A%2F%2Fbank`]);
    expect(await l.done).toBe('handled');
    await expect(fetch(`${l.redirectUri}?code=abc&state=the-state`)).rejects.toThrow();
  });

  it('closes after the timeout', async () => {
    const { ready, calls } = listener({ timeoutMs: 50 });
    const l = await ready;
    expect(await l.done).toBe('timeout');
    await expect(fetch(`${l.redirectUri}?code=abc&state=the-state`)).rejects.toThrow();
    expect(calls).toHaveLength(0);
  });

  it('runs several listeners side by side without crossing', async () => {
    const a = listener({ expectedState: 'state-a' });
    const b = listener({ providerId: 'harbor', expectedState: 'state-b' });
    const [la, lb] = await Promise.all([a.ready, b.ready]);
    expect(la.redirectUri).not.toBe(lb.redirectUri);
    expect((await fetch(`${la.redirectUri}?code=x&state=state-b`)).status).toBe(400);
    expect((await fetch(`${lb.redirectUri}?code=y&state=state-b`)).status).toBe(200);
    expect((await fetch(`${la.redirectUri}?code=x&state=state-a`)).status).toBe(200);
    expect(a.calls.map((u) => u.searchParams.get('code'))).toEqual(['x']);
    expect(b.calls.map((u) => u.searchParams.get('code'))).toEqual(['y']);
  });

  it('shows a friendly error page when handling the callback throws', async () => {
    const { ready } = listener({
      onCallback: async () => {
        throw new Error('boom');
      },
    });
    const l = await ready;
    const res = await fetch(`${l.redirectUri}?code=abc&state=the-state`);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('Return to MyBucks and try again');
    expect(await l.done).toBe('handled');
  });
});
