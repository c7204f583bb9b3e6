/**
 * UrlOpener on `shell.openExternal`: the only way MyBucks hands a URL to the OS. Only parsed http(s) URLs
 * without embedded credentials pass, and only those the optional `isAllowed` check accepts. The URLs it
 * opened (the banks' authorization URLs) form the allow-list for `openAgain`, which the window uses when
 * the user clicks "open the browser again" on such a URL.
 */
import { shell } from 'electron';
import type { UrlOpener } from '../../core/ports';

const REMEMBERED = 20;

export class ShellUrlOpener implements UrlOpener {
  private readonly opened: string[] = [];

  constructor(private readonly isAllowed: (url: URL) => boolean = () => true) {}

  async open(url: string): Promise<void> {
    const parsed = parseExternalUrl(url);
    if (!parsed) throw new Error('MyBucks only opens web addresses (http or https) in your browser.');
    if (!this.isAllowed(parsed)) throw new Error('MyBucks only opens the sign-in pages of the banks you are linking.');
    this.opened.push(parsed.href);
    if (this.opened.length > REMEMBERED) this.opened.shift();
    await shell.openExternal(parsed.href);
  }

  /** Opens `url` again if this opener opened it before; says whether it did. */
  openAgain(url: string): boolean {
    const parsed = parseExternalUrl(url);
    if (!parsed || !this.opened.includes(parsed.href)) return false;
    void shell.openExternal(parsed.href);
    return true;
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
