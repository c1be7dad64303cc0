// The HTTP server: node:http on 127.0.0.1. Routes a request, lets the fault hooks intercept
// it, authenticates, reads at most 1 MiB of JSON body, runs the handler, and answers JSON.
// Whatever arrives, the clean host never answers a 5xx.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isAuthenticated } from './auth.ts';
import { couponMessage, HTTP_MESSAGES } from './codes.ts';
import type { HookSet, Operation, RequestInfo } from './faults.ts';
import { type Answer, failure, isObject } from './http.ts';
import type { TokenIssuer } from './handlers/oauth-token.ts';
import { matchRoute, OAUTH_ROUTE, type RouteMatch } from './routes.ts';
import type { Credentials, State } from './state.ts';
import type { Readings } from './readings.ts';

export const BODY_LIMIT = 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';
const TIMESTAMPS_KEPT = 10_000;

export interface SimulatorStats {
  /** Requests received (every arrival, whatever its fate). */
  requests: number;
  /** Requests per operation: coupon-issue, bulk-redeem, coupon-update, points-update, unknown. */
  byOperation: Record<string, number>;
  /** Answers per HTTP status sent. */
  byStatus: Record<string, number>;
  /** Arrival time (ms epoch) of each request, the last 10000. */
  timestamps: number[];
  /** Requests that create or consume something: issue, and bulk redeem without is_redeemable=true. */
  writes: number;
  /** PUT requests (coupon redeem update, points update). */
  updates: number;
  /** Connections open now. */
  openConnections: number;
}

export interface ServerOptions {
  state: State;
  hooks: HookSet;
  credentials: Credentials;
  bulkMax: number;
  readings: Readings;
  /** Serves POST /v3/oauth/token/generate and accepts the tokens it issued. */
  issuer?: TokenIssuer;
}

export interface RunningServer {
  server: Server;
  stats(): SimulatorStats;
  stop(): Promise<void>;
}

type BodyRead = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading: keep nothing more, answer 413 and close.
        req.pause();
        req.off('data', onData);
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('aborted', () => resolve({ kind: 'aborted' }));
  });
}

export function createSimulatorServer({ state, hooks, credentials, bulkMax, readings, issuer }: ServerOptions): RunningServer {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const counters = {
    requests: 0,
    byOperation: {} as Record<string, number>,
    byStatus: {} as Record<string, number>,
    timestamps: [] as number[],
    writes: 0,
    updates: 0,
  };

  /** A timer that stop() cancels (the awaiting request is then abandoned with its socket). */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function record(operation: Operation, match: RouteMatch, url: URL | undefined): number {
    counters.requests += 1;
    counters.byOperation[operation] = (counters.byOperation[operation] ?? 0) + 1;
    counters.timestamps.push(Date.now());
    if (counters.timestamps.length > TIMESTAMPS_KEPT * 1.5) counters.timestamps.splice(0, counters.timestamps.length - TIMESTAMPS_KEPT);
    if (match.kind === 'route') {
      if (match.route.writes(url!.searchParams)) counters.writes += 1;
      if (match.route.method === 'PUT') counters.updates += 1;
    }
    return counters.requests;
  }

  async function answerFor(match: RouteMatch, req: IncomingMessage, url: URL, info: RequestInfo): Promise<Answer | null> {
    if (match.kind === 'no-path') return failure(404, 404, HTTP_MESSAGES[404]);
    if (match.kind === 'wrong-method') {
      return { ...failure(405, 405, HTTP_MESSAGES[405]), headers: { Allow: match.allow.join(', ') } };
    }
    if (!hooks.authenticated(isAuthenticated(req.headers, credentials, issuer && ((t) => issuer.accepts(t))))) return failure(401, 401, HTTP_MESSAGES[401]);
    const read = await readBody(req, BODY_LIMIT);
    if (read.kind === 'aborted') return null;
    if (read.kind === 'too-large') return { ...failure(413, 413, HTTP_MESSAGES[413]), headers: { Connection: 'close' } };
    let body: unknown;
    try {
      body = JSON.parse(read.text);
    } catch {
      return match.route.malformed();
    }
    if (!isObject(body)) return match.route.malformed();
    info.body = body;
    info.query = url.searchParams;
    return match.route.handler({ body, query: url.searchParams, state, hooks, config: { bulkMax }, readings, sleep });
  }

  async function send(req: IncomingMessage, res: ServerResponse, answer: Answer): Promise<void> {
    const delay = hooks.delayMs();
    if (delay > 0) await sleep(delay);
    if (stopped || res.destroyed || res.writableEnded) return;
    const payload = answer.raw ? answer.raw.body : JSON.stringify(answer.body ?? null);
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    const closing = !req.complete;
    res.writeHead(answer.status, {
      'Content-Type': answer.raw ? answer.raw.contentType : JSON_TYPE,
      'Content-Length': String(bytes.length),
      ...(closing && { Connection: 'close' }),
      ...answer.headers,
    });
    counters.byStatus[answer.status] = (counters.byStatus[answer.status] ?? 0) + 1;
    res.end(bytes);
    if (closing) {
      // The body was not read to the end (413, or answered before reading): discard what is
      // still coming so the client sees our answer, and drop the connection soon after.
      res.once('finish', () => {
        req.removeAllListeners('data');
        req.resume();
        const timer = setTimeout(() => req.socket.destroy(), 2000);
        timer.unref();
        req.socket.once('close', () => clearTimeout(timer));
      });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.on('error', () => {});
    res.on('error', () => {});
    let url: URL | undefined;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      url = undefined;
    }
    const method = req.method ?? 'GET';
    if (issuer && url && method === OAUTH_ROUTE.method && url.pathname === OAUTH_ROUTE.path) {
      record('unknown', { kind: 'no-path' }, url);
      const read = await readBody(req, BODY_LIMIT);
      if (read.kind === 'aborted') return;
      let body: unknown;
      try {
        body = read.kind === 'ok' ? JSON.parse(read.text) : undefined;
      } catch {
        body = undefined;
      }
      await send(req, res, issuer.generate(body)).catch(() => res.destroy());
      return;
    }
    const match: RouteMatch = url ? matchRoute(method, url.pathname) : { kind: 'no-path' };
    const operation: Operation = match.kind === 'route' ? match.route.operation : 'unknown';
    const info: RequestInfo = { operation, method, path: url?.pathname ?? '', headers: req.headers, sequence: record(operation, match, url) };
    try {
      const early = hooks.intercept(info);
      if (early === 'hang') return; // no answer; stop() closes the socket
      if (early === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      const answer = early ?? (url ? await answerFor(match, req, url, info) : failure(404, 404, HTTP_MESSAGES[404]));
      if (answer === null) return;
      await send(req, res, hooks.reshape(answer, info));
    } catch {
      // A bug in a handler must still not become a 5xx.
      if (!res.headersSent && !res.destroyed) {
        await send(req, res, failure(400, 629, couponMessage(629))).catch(() => res.destroy());
      } else {
        res.destroy();
      }
    }
  }

  const server = createServer({ keepAliveTimeout: 5_000, headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Unparseable HTTP: a JSON 400 (431 for oversized headers), never Node's bare default.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify(failure(status, 629, couponMessage(629)).body);
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  let stopping: Promise<void> | undefined;
  return {
    server,
    stats: () => ({
      requests: counters.requests,
      byOperation: { ...counters.byOperation },
      byStatus: { ...counters.byStatus },
      timestamps: counters.timestamps.slice(-TIMESTAMPS_KEPT),
      writes: counters.writes,
      updates: counters.updates,
      openConnections: sockets.size,
    }),
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        stopped = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      })),
  };
}
