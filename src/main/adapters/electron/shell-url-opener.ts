/**
 * UrlOpener on `shell.openExternal`: the only way MyBucks hands a URL to the OS. Only parsed http(s) URLs
 * without embedded credentials pass, and only those the optional `isAllowed` check accepts (the shell
 * passes the banks' authorization endpoints).
 */
import { shell } from 'electron';
import type { UrlOpener } from '../../core/ports';

export class ShellUrlOpener implements UrlOpener {
  constructor(private readonly isAllowed: (url: URL) => boolean = () => true) {}

  async open(url: string): Promise<void> {
    const parsed = parseExternalUrl(url);
    if (!parsed) throw new Error('MyBucks only opens web addresses (http or https) in your browser.');
    if (!this.isAllowed(parsed)) throw new Error('MyBucks only opens the sign-in pages of the banks you are linking.');
    await shell.openExternal(parsed.href);
  }
}

export function parseExternalUrl(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username || parsed.password) return null;
  return parsed;
}
