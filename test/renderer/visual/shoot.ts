/**
 * What the screenshot scripts here share: the built renderer served from out/renderer (build it first:
 * `npx vite build --config vite.renderer.config.ts`) with the desktop app's content security policy, headless
 * Chromium, a fresh page per size and colour scheme with the fixture `window.mybucks` (or none, for a real app),
 * and the pages' errors reported at the end (exit code 1 if there were any). The output folder is the script's
 * first argument (default test-results/renderer).
 */
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium';
import { installFakeApi } from './fake-window-api';

export type Scheme = 'light' | 'dark';
export type FakeApiOptions = Parameters<typeof installFakeApi>[0];

/** The sizes the scripts photograph unless told otherwise. */
export const SIZES: readonly (readonly [number, number])[] = [
  [1024, 700],
  [1920, 1080],
];
export const SCHEMES: readonly Scheme[] = ['light', 'dark'];

export interface PageOptions {
  width: number;
  height: number;
  /** Default: Chromium's own (light). */
  scheme?: Scheme;
  locale?: string;
  /** The fixture `window.mybucks` (default: not first run, nothing expiring); false for a page of a real app. */
  fake?: FakeApiOptions | false;
}

export interface Session {
  browser: Browser;
  /** The served renderer's address, ending in `/` ('' with `serve: false`). */
  base: string;
  outDir: string;
  /** The pages' errors so far. */
  errors: string[];
  /** A page in a context of its own; its page errors and console errors go to `errors`. */
  newPage(options: PageOptions): Promise<Page>;
  /** For each size (default SIZES) and each colour scheme, a fresh page: runs `each` on it, then closes it. */
  eachPage(
    options: Omit<PageOptions, 'width' | 'height' | 'scheme'> & { sizes?: readonly (readonly [number, number])[] },
    each: (page: Page, at: { width: number; height: number; scheme: Scheme }) => Promise<void>,
  ): Promise<void>;
}

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves out/renderer (unless `serve: false`), launches Chromium, runs `body`, closes both and reports the page errors. */
export async function shoot(body: (session: Session) => Promise<void>, options: { serve?: boolean } = {}): Promise<void> {
  const outDir = resolve(process.argv[2] ?? 'test-results/renderer');
  await mkdir(outDir, { recursive: true });
  const root = join(process.cwd(), 'out/renderer');
  const server =
    options.serve === false
      ? undefined
      : createServer(async (req, res) => {
          const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
          try {
            const body = await readFile(join(root, path === '/' ? 'index.html' : path));
            res.writeHead(200, {
              'content-type': types[extname(path)] ?? 'text/html',
              'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
            });
            res.end(body);
          } catch {
            res.writeHead(404).end();
          }
        });
  if (server) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = server ? `http://127.0.0.1:${(server.address() as AddressInfo).port}/` : '';

  const browser = await launchChromium();
  const errors: string[] = [];
  const newPage = async ({ width, height, scheme, locale, fake = { firstRun: false, expiringSoon: false } }: PageOptions) => {
    const context = await browser.newContext({ viewport: { width, height }, ...(scheme ? { colorScheme: scheme } : {}), ...(locale ? { locale } : {}) });
    const page = await context.newPage();
    const at = `${width}x${height}${scheme ? ` ${scheme}` : ''}`;
    page.on('pageerror', (e) => errors.push(`${at}: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`${at}: ${m.text()}`));
    if (fake) {
      // tsx compiles with keepNames, so serialised functions call `__name`; the page needs a stand-in.
      await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
      await page.addInitScript(installFakeApi, fake);
    }
    return page;
  };
  const session: Session = {
    browser,
    base,
    outDir,
    errors,
    newPage,
    eachPage: async ({ sizes = SIZES, ...rest }, each) => {
      for (const [width, height] of sizes) {
        for (const scheme of SCHEMES) {
          const page = await newPage({ ...rest, width, height, scheme });
          await each(page, { width, height, scheme });
          await page.context().close();
        }
      }
    },
  };
  try {
    await body(session);
  } finally {
    await browser.close();
    server?.close();
  }
  if (errors.length) {
    console.error(`page errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('no page errors');
  }
  console.log(`screenshots in ${outDir}`);
}
