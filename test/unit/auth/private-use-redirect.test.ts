import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/main/core/log';
import { PrivateUseRedirects, findRedirectArg, privateUseRedirectUri } from '../../../src/main/core/auth/private-use-redirect';

const page = { status: 200, title: 'Linked', message: '' };

describe('private-use scheme redirects (RFC 8252 §7.1)', () => {
  it('names the redirect per provider with one slash after the scheme', () => {
    expect(privateUseRedirectUri('north wind')).toBe('com.mybucks.app:/oauth/callback/north%20wind');
  });

  it('finds the redirect among a second instance’s arguments', () => {
    expect(findRedirectArg(['/usr/bin/mybucks', '--flag', 'com.mybucks.app:/oauth/callback/x?state=s'])).toBe('com.mybucks.app:/oauth/callback/x?state=s');
    expect(findRedirectArg(['/usr/bin/mybucks', 'https://evil.example/com.mybucks.app:'])).toBeNull();
  });

  it('hands the callback to the waiting link once, with the URL as the OS gave it', async () => {
    const redirects = new PrivateUseRedirects(silentLogger);
    const seen: string[] = [];
    const listener = redirects.wait({ providerId: 'x', expectedState: 's1', timeoutMs: 60_000, onCallback: async (url) => (seen.push(url.href), page) });
    expect(listener.redirectUri).toBe('com.mybucks.app:/oauth/callback/x');
    await expect(redirects.deliver('com.mybucks.app:/oauth/callback/x?code=c&state=s1')).resolves.toBe('handled');
    await expect(listener.done).resolves.toBe('handled');
    await expect(redirects.deliver('com.mybucks.app:/oauth/callback/x?code=c&state=s1')).resolves.toBe('unknown-state');
    expect(seen).toEqual(['com.mybucks.app:/oauth/callback/x?code=c&state=s1']);
  });

  it('refuses URLs that are not a callback: another scheme, a host form, another path, a bad escape', async () => {
    const redirects = new PrivateUseRedirects(silentLogger);
    let called = false;
    redirects.wait({ providerId: 'x', expectedState: 's1', timeoutMs: 60_000, onCallback: async () => ((called = true), page) });
    for (const url of [
      'https://127.0.0.1/oauth/callback/x?state=s1',
      'com.mybucks.app://oauth/callback/x?state=s1',
      'com.mybucks.app:/oauth/other/x?state=s1',
      'com.mybucks.app:/oauth/callback/%E0%A4%A?state=s1',
      'not a url',
    ]) {
      await expect(redirects.deliver(url), url).resolves.toBe('not-a-callback');
    }
    expect(called).toBe(false);
  });

  it('ends a cancelled link, after which its state is unknown', async () => {
    const redirects = new PrivateUseRedirects(silentLogger);
    const listener = redirects.wait({ providerId: 'x', expectedState: 's1', timeoutMs: 60_000, onCallback: async () => page });
    await listener.close();
    await expect(listener.done).resolves.toBe('cancelled');
    await expect(redirects.deliver('com.mybucks.app:/oauth/callback/x?code=c&state=s1')).resolves.toBe('unknown-state');
  });
});
