import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge } from '../../../src/main/bridge/http-bridge';
import type { BridgeHandle } from '../../../src/main/bridge/http-bridge';
import { BRIDGE_EVENTS_PATH, BRIDGE_SECRET_HEADER } from '../../../src/shared/bridge';
import type { AppEvent } from '../../../src/shared/contract';
import { recordingService } from '../../fakes/service';

/** A raw request, so tests can send any Host header (fetch would not let them). */
function request(
  bridge: BridgeHandle,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; json: unknown; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: bridge.port, method: opts.method ?? 'POST', path: opts.path, headers: opts.headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('HTTP bridge', () => {
  const rec = recordingService();
  const listeners = new Set<(e: AppEvent) => void>();
  const emit = (e: AppEvent) => listeners.forEach((l) => l(e));
  const rendererDir = mkdtempSync(join(tmpdir(), 'mybucks-renderer-'));
  let bridge: BridgeHandle;
  let ok: Record<string, string>;

  beforeAll(async () => {
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>MyBucks</title>');
    bridge = await startBridge({
      service: rec.service,
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      rendererDir,
    });
    ok = { host: `127.0.0.1:${bridge.port}`, [BRIDGE_SECRET_HEADER]: bridge.secret, 'content-type': 'application/json' };
  });
  afterAll(async () => {
    await bridge.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('prints a URL on 127.0.0.1 carrying the secret in the fragment', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#secret=${encodeURIComponent(bridge.secret)}`);
    expect(bridge.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a valid call with its result, inputs parsed with defaults', async () => {
    const res = await request(bridge, { path: '/api/listSyncRuns', headers: ok, body: JSON.stringify({ connectionId: 'c1' }) });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ result: { method: 'listSyncRuns', input: { connectionId: 'c1', limit: 20 } } });
    const empty = await request(bridge, { path: '/api/listAccounts', headers: ok });
    expect(empty.json).toEqual({ result: { method: 'listAccounts' } });
  });

  it('refuses calls without the secret (401) or with a wrong one (403)', async () => {
    const before = rec.calls.length;
    const missing = await request(bridge, { path: '/api/listAccounts', headers: { host: ok.host } });
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { code: 'invalid_input' } });
    const wrong = await request(bridge, { path: '/api/listAccounts', headers: { ...ok, [BRIDGE_SECRET_HEADER]: 'guess' } });
    expect(wrong.status).toBe(403);
    const events = await request(bridge, { method: 'GET', path: BRIDGE_EVENTS_PATH, headers: { host: ok.host } });
    expect(events.status).toBe(401);
    expect(rec.calls.length).toBe(before);
  });

  it('refuses a DNS-rebinding Host and a foreign Origin with 403', async () => {
    const before = rec.calls.length;
    const rebinding = await request(bridge, { path: '/api/listAccounts', headers: { ...ok, host: `evil.example:${bridge.port}` } });
    expect(rebinding.status).toBe(403);
    const localhost = await request(bridge, { path: '/api/listAccounts', headers: { ...ok, host: `localhost:${bridge.port}` } });
    expect(localhost.status).toBe(403);
    const page = await request(bridge, { method: 'GET', path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
    const foreign = await request(bridge, { path: '/api/listAccounts', headers: { ...ok, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const otherPort = await request(bridge, { path: '/api/listAccounts', headers: { ...ok, origin: 'http://127.0.0.1:1' } });
    expect(otherPort.status).toBe(403);
    expect(rec.calls.length).toBe(before);
    const sameOrigin = await request(bridge, { path: '/api/listAccounts', headers: { ...ok, origin: bridge.origin } });
    expect(sameOrigin.status).toBe(200);
  });

  it('answers 400 invalid_input for bad arguments and bad JSON, 404 for unknown calls', async () => {
    const before = rec.calls.length;
    const bad = await request(bridge, { path: '/api/netWorth', headers: ok, body: JSON.stringify({ from: 'soon', to: '2026-01-01' }) });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/from/) } });
    const notJson = await request(bridge, { path: '/api/netWorth', headers: ok, body: '{nope' });
    expect(notJson.status).toBe(400);
    const unknown = await request(bridge, { path: '/api/constructor', headers: ok, body: '{}' });
    expect(unknown.status).toBe(404);
    const get = await request(bridge, { method: 'GET', path: '/api/listAccounts', headers: ok });
    expect(get.status).toBe(405);
    expect(rec.calls.length).toBe(before);
  });

  it('exposes the backup, restore and export calls with their arguments validated', async () => {
    const post = (method: string, body?: unknown) => request(bridge, { path: `/api/${method}`, headers: ok, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await post('listBackups')).json).toEqual({ result: { method: 'listBackups' } });
    expect((await post('createBackup', {})).json).toEqual({ result: { method: 'createBackup', input: {} } });
    expect((await post('createBackup', { path: '/home/sarah/b.sqlite' })).json).toEqual({ result: { method: 'createBackup', input: { path: '/home/sarah/b.sqlite' } } });
    expect((await post('chooseFile', { purpose: 'open-backup' })).status).toBe(200);
    expect((await post('inspectBackup', { path: '/home/sarah/b.sqlite' })).status).toBe(200);
    expect((await post('restoreBackup', { path: '/home/sarah/b.sqlite' })).status).toBe(200);
    expect((await post('getBackupSettings')).status).toBe(200);
    expect((await post('setBackupSettings', { automatic: true, keep: 7 })).status).toBe(200);
    expect((await post('exportData', { format: 'csv' })).json).toEqual({ result: { method: 'exportData', input: { format: 'csv' } } });

    const before = rec.calls.length;
    for (const [method, body] of [
      ['restoreBackup', {}],
      ['inspectBackup', { path: '' }],
      ['setBackupSettings', { automatic: true, keep: 0 }],
      ['setBackupSettings', { automatic: 'yes', keep: 7 }],
      ['exportData', { format: 'xlsx' }],
      ['chooseFile', { purpose: 'anything' }],
    ] as const) {
      const res = await post(method, body);
      expect(res.status, `${method} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json).toMatchObject({ error: { code: 'invalid_input' } });
    }
    expect(rec.calls.length).toBe(before);
  });

  it('maps service errors to ApiErrorBody and HTTP status, without stacks', async () => {
    rec.failNext('syncNow', Object.assign(new Error('Sign in to Memorial Bank again.'), { code: 'needs_reauth' }));
    const coded = await request(bridge, { path: '/api/syncNow', headers: ok, body: '{}' });
    expect(coded.status).toBe(409);
    expect(coded.json).toEqual({ error: { code: 'needs_reauth', message: 'Sign in to Memorial Bank again.' } });
    rec.failNext('syncNow', new Error('ENOENT /home/sarah/secret/path'));
    const internal = await request(bridge, { path: '/api/syncNow', headers: ok, body: '{}' });
    expect(internal.status).toBe(500);
    expect(internal.text).not.toMatch(/ENOENT|at .*\.ts/);
  });

  it('serves the renderer with the CSP', async () => {
    const page = await request(bridge, { method: 'GET', path: '/', headers: { host: ok.host } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>MyBucks</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('delivers app events over SSE and stops when the client goes away', async () => {
    const controller = new AbortController();
    const res = await fetch(`${bridge.origin}${BRIDGE_EVENTS_PATH}`, {
      headers: { [BRIDGE_SECRET_HEADER]: bridge.secret },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        received += value;
      }
    };
    await readUntil(': connected');
    expect(listeners.size).toBe(1);
    const event: AppEvent = { type: 'sync-finished', connectionId: 'c1', outcome: 'ok', error: null };
    emit(event);
    await readUntil('sync-finished');
    const line = received.split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(line.slice('data: '.length))).toEqual(event);
    controller.abort();
    await expect.poll(() => listeners.size).toBe(0);
  });
});
