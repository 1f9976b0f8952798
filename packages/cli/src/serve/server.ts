// The dashboard's HTTP server: the token gate, answers that need no store given at once, the rest
// one at a time (request-queue.ts), and the response written. What each request is answered is
// respond.ts's.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { MAX_WAITING, createRequestQueue } from './request-queue.js';
import { route, unauthorized, type DashboardDependencies, type DashboardResponse } from './respond.js';

export interface DashboardServerOptions {
  readonly deps: DashboardDependencies;
  /** Whether a request's Authorization header opens the dashboard; null: no token needed. */
  readonly gate: ((authorization: string | undefined) => boolean) | null;
  readonly maxWaiting?: number;
}

const busy = (waiting: number): DashboardResponse => ({
  status: 503,
  headers: { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' },
  body: `${JSON.stringify({ error: `busy: ${waiting} requests are waiting for their turn; try again shortly` })}\n`,
});

export const createDashboardServer = ({ deps, gate, maxWaiting = MAX_WAITING }: DashboardServerOptions): Server => {
  const queue = createRequestQueue(maxWaiting);
  // Connections whose client closed or half-closed them, marked from the moment the server reads
  // the FIN, whatever became of the request object since.
  const left = new WeakSet<Socket>();
  const server = createServer((request, response) => {
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
        : queue.run(gone, routed.build).then((turn) => (turn.kind === 'done' ? turn.value : turn.kind === 'full' ? busy(queue.waiting) : null));
    answer.then(
      (answered) => {
        if (answered === null) return void response.destroy();
        const { status, headers, body } = answered;
        response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
        response.end(method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        deps.log(`rapport serve: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        response.writeHead(500).end();
      },
    );
  });
  server.on('connection', (socket: Socket) => {
    const leave = (): void => void left.add(socket);
    socket.once('end', leave);
    socket.once('close', leave);
  });
  return server;
};
