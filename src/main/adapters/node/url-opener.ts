/** UrlOpener adapters: the OS default browser, or a callback (tests drive a headless browser with it). */
import { spawn } from 'node:child_process';
import type { UrlOpener } from '../../core/ports';

function openCommand(url: string, platform: NodeJS.Platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; the empty string is the window title so the URL is not taken for it.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens http(s) URLs with xdg-open / open / start; never through a shell string. */
export class OsUrlOpener implements UrlOpener {
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  async open(url: string): Promise<void> {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('Only web addresses can be opened');
    const { command, args } = openCommand(parsed.href, this.platform);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', (err) => reject(new Error(`Could not open the browser (${command}): ${err.message}`)));
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  }
}

/** Hands each URL to a function instead of a browser (tests, headless runs); remembers what it got. */
export class CallbackUrlOpener implements UrlOpener {
  readonly opened: string[] = [];

  constructor(private readonly onOpen: (url: string) => void | Promise<void> = () => {}) {}

  async open(url: string): Promise<void> {
    this.opened.push(url);
    await this.onOpen(url);
  }
}
