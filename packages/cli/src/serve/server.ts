// The dashboard's HTTP server: the token gate, answers that need no store given at once, the rest
// one at a time (request-queue.ts), the response written, and a stop that lets the request under
// way finish. What each request is answered is respond.ts's.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { MAX_WAITING, createRequestQueue, pollTurn } from './request-queue.js';
import { route, unauthorized, type DashboardDependencies, type DashboardResponse } from './respond.js';

export interface DashboardServerOptions {
  readonly deps: DashboardDependencies;
  /** Whether a request's Authorization header opens the dashboard; null: no token needed. */
  readonly gate: ((authorization: string | undefined) => boolean) | null;
  readonly maxWaiting?: number;
}

export interface DashboardServer {
  readonly http: Server;
  /**
   * Stops: no new connection is accepted, every waiting request is answered 503, the one under way
   * is let finish for up to `graceMs`, then every connection is closed. Resolves when all are.
   */
  stop(graceMs: number): Promise<void>;
}

const JSON_HEADERS = { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' };

const busy = (waiting: number): DashboardResponse => ({
  status: 503,
  headers: { ...JSON_HEADERS, 'retry-after': '1' },
  body: `${JSON.stringify({ error: `busy: ${waiting} requests are waiting for their turn; try again shortly` })}\n`,
});

const stopping: DashboardResponse = {
  status: 503,
  headers: JSON_HEADERS,
  body: `${JSON.stringify({ error: 'shutting down: this dashboard is stopping and answers no more requests; try again once it is restarted' })}\n`,
};

export const createDashboardServer = ({ deps, gate, maxWaiting = MAX_WAITING }: DashboardServerOptions): DashboardServer => {
  const queue = createRequestQueue(maxWaiting);
  let stopped = false;
  // Connections whose client closed or half-closed them, marked from the moment the server reads
  // the FIN, whatever became of the request object since.
  const left = new WeakSet<Socket>();
  const http = createServer((request, response) => {
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const gone = (): boolean => left.has(request.socket) || request.destroyed || response.destroyed;
    const routed = gate !== null && !gate(request.headers.authorization)
      // Turned away before the queue: a request without the token reads nothing and waits for nothing.
      ? ({ kind: 'now', response: unauthorized(target) } as const)
      : route(method, target, deps);
    const answer: Promise<DashboardResponse | null> =
      routed.kind === 'now'
        ? Promise.resolve(routed.response)
        : queue.run(gone, routed.build).then((turn) => (turn.kind === 'done' ? turn.value : turn.kind === 'full' ? busy(queue.waiting) : turn.kind === 'closed' ? stopping : null));
    answer.then(
      (answered) => {
        if (answered === null) return void response.destroy();
        const { status, headers, body } = answered;
        // While stopping, no connection is kept for another request.
        const close = stopped ? { connection: 'close' } : {};
        response.writeHead(status, { ...headers, ...close, 'content-length': String(Buffer.byteLength(body)) });
        response.end(method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        deps.log(`rapport serve: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        response.writeHead(500).end();
      },
    );
  });
  http.on('connection', (socket: Socket) => {
    const leave = (): void => void left.add(socket);
    socket.once('end', leave);
    socket.once('close', leave);
  });
  return {
    http,
    async stop(graceMs) {
      stopped = true;
      // The waiting are answered 503 (with Connection: close) at once, and so is every later request.
      const finished = queue.close();
      // Connections the kernel took while the loop was busy wait to be accepted, and their requests
      // to be read: closing the listening socket now would reset them. A poll phase accepts them,
      // the next reads their requests (answered 503); one more for good measure.
      for (let i = 0; i < 3; i++) await pollTurn();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([finished.then(() => closed), grace]);
      clearTimeout(timer);
      http.closeAllConnections();
      await closed;
    },
  };
};
