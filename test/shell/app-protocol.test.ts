import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { net } from '../fakes/electron';
import { createAppProtocolHandler, resolveInside } from '../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/app-origin';

const base = mkdtempSync(join(tmpdir(), 'mybucks-app-'));
const root = join(base, 'renderer');
const handler = createAppProtocolHandler(root, (u) => net.fetch(u));
const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

beforeAll(() => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>MyBucks</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// protocol handler', () => {
  it('serves index.html at the root and assets, with the strict CSP', async () => {
    const res = await get('app://mybucks/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>MyBucks</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    const js = await get('app://mybucks/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    'app://mybucks/%2e%2e/secret.txt',
    'app://mybucks/assets/%2E%2E%2F..%2Fsecret.txt',
    'app://mybucks/..%5csecret.txt',
    'app://mybucks/%2fetc%2fpasswd',
    'app://mybucks/index.html%00.js',
  ])('refuses the traversal %s', async (url) => {
    const res = await get(url);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('do not serve');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 for missing files and other hosts, 405 for writes', async () => {
    expect((await get('app://mybucks/nope.js')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://mybucks/index.html', 'POST')).status).toBe(405);
  });

  it('resolveInside keeps paths under the root', () => {
    expect(resolveInside(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveInside(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveInside(root, '/../secret.txt')).toBeNull();
    expect(resolveInside(root, '/%E0%A4%A')).toBeNull();
  });
});
