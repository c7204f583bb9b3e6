/**
 * The `app://mybucks/` handler for `protocol.handle`: serves the built renderer (out/renderer) with a
 * strict CSP, refusing any path that would leave that directory. Kept free of `electron` so it is tested
 * in plain Node; the shell passes Electron's `net.fetch` for the file read.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_HOST, CONTENT_SECURITY_POLICY } from './app-origin';

export type FileFetcher = (fileUrl: string) => Promise<Response>;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
}

/** The file under `rootDir` a request path names, or null if it would escape `rootDir`. */
export function resolveInside(rootDir: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  const fromRoot = path.relative(root, file);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return file;
}

export function createAppProtocolHandler(rootDir: string, fetchFile: FileFetcher): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return refuse(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    const file = resolveInside(rootDir, url.pathname);
    if (!file) return refuse(403, 'Forbidden');
    let upstream: Response;
    try {
      upstream = await fetchFile(pathToFileURL(file).href);
    } catch {
      return refuse(404, 'Not found');
    }
    if (!upstream.ok) return refuse(404, 'Not found');
    const headers = new Headers(upstream.headers);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    return new Response(upstream.body, { status: upstream.status, headers });
  };
}
