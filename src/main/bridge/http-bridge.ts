/**
 * The browser-mode HTTP bridge (protocol in src/shared/bridge.ts): the contract as `POST /api/<method>`,
 * app events as server-sent events on `GET /api/events`, and the built renderer as static files, all on
 * 127.0.0.1 only. Every /api request needs the per-run secret; every request needs the Host
 * `127.0.0.1:<port>` (DNS rebinding) and, when sent, the Origin `http://127.0.0.1:<port>`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { apiSchemas } from '../../shared/contract';
import type { ApiErrorBody, ApiMethod, AppEvent, MyBucksService } from '../../shared/contract';
import { BRIDGE_API_PREFIX, BRIDGE_EVENTS_PATH, BRIDGE_SECRET_HASH_PARAM, BRIDGE_SECRET_HEADER } from '../../shared/bridge';
import { httpStatusOf, invalidInput, toApiErrorBody } from '../api-errors';
import type { Logger } from '../core/ports';

export interface BridgeOptions {
  service: MyBucksService;
  /** Subscribes to app events; returns the unsubscribe function. */
  subscribe: (listener: (event: AppEvent) => void) => () => void;
  /** The built renderer (out/renderer); when absent only /api is served. */
  rendererDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Per-run secret; random when not given. */
  secret?: string;
  logger?: Logger;
  /** Interval of SSE keep-alive comments (default 15 s). */
  keepAliveMs?: number;
}

export interface BridgeHandle {
  /** Where to open the app, secret included: `http://127.0.0.1:<port>/#secret=<secret>`. */
  url: string;
  origin: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

/** Content-Security-Policy of the renderer in browser mode (same as the app:// one). */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_BODY = '1mb';

function sendError(res: Response, status: number, error: ApiErrorBody): void {
  res.status(status).json({ error });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export async function startBridge(options: BridgeOptions): Promise<BridgeHandle> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const secretDigest = digest(secret);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const expectedHost = `127.0.0.1:${port}`;

  // DNS rebinding: a page of evil.example resolved to 127.0.0.1 still sends Host: evil.example.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.headers.host !== expectedHost) {
      sendError(res, 403, { code: 'invalid_input', message: `Refused: MyBucks only answers requests for ${expectedHost}.` });
      return;
    }
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });

  app.use(BRIDGE_API_PREFIX, (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'no-store');
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      sendError(res, 403, { code: 'invalid_input', message: 'Refused: calls are only accepted from the MyBucks page.' });
      return;
    }
    const given = req.headers[BRIDGE_SECRET_HEADER];
    if (typeof given !== 'string' || given === '') {
      sendError(res, 401, { code: 'invalid_input', message: 'Missing secret: open MyBucks with the link printed in the terminal.' });
      return;
    }
    if (!timingSafeEqual(digest(given), secretDigest)) {
      sendError(res, 403, { code: 'invalid_input', message: 'Wrong secret: open MyBucks with the link printed in the terminal.' });
      return;
    }
    next();
  });

  const streams = new Set<Response>();
  app.get(BRIDGE_EVENTS_PATH, (req: Request, res: Response) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    });
  });

  app.post(
    `${BRIDGE_API_PREFIX}:method`,
    express.text({ type: () => true, limit: MAX_BODY }),
    async (req: Request, res: Response) => {
      const method = req.params.method as string;
      if (!Object.hasOwn(apiSchemas, method)) {
        sendError(res, 404, { code: 'not_found', message: `Unknown call: ${method}` });
        return;
      }
      let input: unknown;
      const body = typeof req.body === 'string' ? req.body.trim() : '';
      if (body !== '') {
        try {
          input = JSON.parse(body);
        } catch {
          sendError(res, 400, { code: 'invalid_input', message: 'The request body is not valid JSON.' });
          return;
        }
      }
      const parsed = apiSchemas[method as ApiMethod].safeParse(input);
      if (!parsed.success) {
        sendError(res, 400, invalidInput(parsed.error));
        return;
      }
      try {
        const call = options.service[method as ApiMethod] as (input: unknown) => Promise<unknown>;
        const result = await call.call(options.service, parsed.data);
        res.status(200).json({ result: result ?? null });
      } catch (error) {
        const body = toApiErrorBody(error);
        if (body.code === 'internal') options.logger?.error('bridge call failed', { method, error });
        sendError(res, httpStatusOf(body.code), body);
      }
    },
  );

  app.all(`${BRIDGE_API_PREFIX}*rest`, (_req: Request, res: Response) => {
    sendError(res, 405, { code: 'invalid_input', message: 'Calls are POST /api/<method>; events are GET /api/events.' });
  });

  // Malformed or oversized bodies arrive here from express.text.
  app.use((error: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status === 413 ? 413 : 400;
    sendError(res, status, { code: 'invalid_input', message: status === 413 ? 'The request is too large.' : 'Bad request.' });
  });

  const rendererDir = options.rendererDir;
  if (rendererDir && existsSync(path.join(rendererDir, 'index.html'))) {
    app.use(
      express.static(rendererDir, {
        index: 'index.html',
        dotfiles: 'deny',
        setHeaders: (res) => res.setHeader('content-security-policy', CSP),
      }),
    );
  } else {
    app.get('/', (_req: Request, res: Response) => {
      res.status(503).type('text/plain').send('The MyBucks renderer is not built yet: run `npm run build:renderer`.');
    });
  }

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    url: `${origin}/#${BRIDGE_SECRET_HASH_PARAM}=${encodeURIComponent(secret)}`,
    origin,
    port,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
