/**
 * The node's HTTP API (fastify 5): every route has a schema, every refusal is a 4xx with a stable
 * code (`{"error": {"code", "message"}}`), and only a bug is a 500 (`INTERNAL`, logged). The
 * handlers call only {@link NodeApi}; the status page is a static HTML file (`page/status.html`, its script inline) that polls `/v1/status`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyReply } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { isZkrError } from '@zkr/errors';
import type { NodeApi } from '../types';
import { BATCHES_QUERY, ID_PARAMS, INDEX_PARAMS, integerOf, NUMBER_PARAMS, QUEUE_QUERY, TRANSACTION_BODY, transactionOf, type TransactionJson } from './parse';
import { accountView, batchView, queueView, statusView, transactionView } from './views';

/** Options of {@link createHttpServer}. */
export interface HttpServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8080; 0 = any free port. */
  readonly port?: number;
  /** Largest request body in bytes (default 64 KiB). */
  readonly bodyLimit?: number;
  /** A registry to add the HTTP metrics to (requests by route and status, latency). */
  readonly registry?: Registry;
}

/** A listening server. */
export interface HttpServer {
  /** `http://host:port`. */
  readonly url: string;
  close(): Promise<void>;
}

/** HTTP status of each code the API can answer with (anything else a ZkrError carries is 400). */
const STATUS: Readonly<Record<string, number>> = { NOT_FOUND: 404, DUPLICATE_TRANSACTION: 409, MEMPOOL_FULL: 503, NOT_RUNNING: 503, PAYLOAD_TOO_LARGE: 413, INTERNAL: 500 };

function send(reply: FastifyReply, code: string, message: string): FastifyReply {
  return reply.code(STATUS[code] ?? 400).send({ error: { code, message } });
}

function notFound(reply: FastifyReply, what: string): FastifyReply {
  return send(reply, 'NOT_FOUND', `no ${what}`);
}

/** Starts the API of `api` and resolves once it listens. */
export async function createHttpServer(api: NodeApi, options: HttpServerOptions = {}): Promise<HttpServer> {
  const page = readFileSync(join(__dirname, 'page', 'status.html'), 'utf8');
  // No coercion and no silent removal of unknown properties: a malformed request is refused, never reinterpreted.
  const app = Fastify({ bodyLimit: options.bodyLimit ?? 64 * 1024, logger: false, ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } } });
  const registers = options.registry ? [options.registry] : [];
  const requests = new Counter({ name: 'zkr_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers });
  const latency = new Histogram({ name: 'zkr_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['route'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    requests.inc({ route, status: String(reply.statusCode) });
    latency.observe({ route }, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isZkrError(error)) return send(reply, error.code, error.message);
    if (error.validation) {
      const where = error.validationContext === 'body' ? 'INVALID_TRANSACTION' : 'INVALID_ARGUMENT';
      return send(reply, where, `${error.validationContext ?? 'request'}${error.validation[0]?.instancePath ?? ''} ${error.validation[0]?.message ?? 'is invalid'}; see the README's HTTP API`);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 'PAYLOAD_TOO_LARGE', `the body is larger than ${options.bodyLimit ?? 64 * 1024} bytes`);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, request.method === 'POST' ? 'INVALID_TRANSACTION' : 'INVALID_ARGUMENT', `${error.message}; send JSON as the README's HTTP API describes`);
    }
    process.stderr.write(`zkr node: internal error on ${request.method} ${request.url}: ${error.stack ?? error.message}\n`);
    return send(reply, 'INTERNAL', 'internal error (a bug in zkr: the node logged it; please report it)');
  });
  app.setNotFoundHandler((request, reply) => notFound(reply, `route ${request.method} ${request.url}`));

  app.post<{ Body: TransactionJson }>('/v1/transactions', { schema: { body: TRANSACTION_BODY } }, async (request, reply) => {
    const record = await api.submit(transactionOf(request.body));
    return reply.code(202).send(transactionView(record));
  });
  app.get<{ Params: { id: string } }>('/v1/transactions/:id', { schema: { params: ID_PARAMS } }, async (request, reply) => {
    const record = api.transaction(request.params.id);
    return record ? transactionView(record) : notFound(reply, `transaction ${request.params.id}`);
  });
  app.get<{ Params: { index: string } }>('/v1/accounts/:index', { schema: { params: INDEX_PARAMS } }, async (request, reply) => {
    const view = api.account(Number(request.params.index));
    return view ? accountView(view) : notFound(reply, `account at index ${request.params.index}`);
  });
  app.get<{ Querystring: { before?: string; limit?: string } }>('/v1/batches', { schema: { querystring: BATCHES_QUERY } }, async (request) => {
    const { before, limit } = request.query;
    return { batches: api.batches({ ...(before === undefined ? {} : { before: Number(before) }), limit: integerOf(limit, 20, 1, 100) }).map((b) => batchView(b)) };
  });
  app.get<{ Params: { number: string } }>('/v1/batches/:number', { schema: { params: NUMBER_PARAMS } }, async (request, reply) => {
    const record = api.batch(Number(request.params.number));
    return record ? batchView(record, true) : notFound(reply, `batch ${request.params.number}`);
  });
  app.get<{ Querystring: { from?: string; limit?: string } }>('/v1/queue', { schema: { querystring: QUEUE_QUERY } }, async (request) => {
    const { from, limit } = request.query;
    return { operations: api.queue({ from: integerOf(from, 0, 0, Number.MAX_SAFE_INTEGER), limit: integerOf(limit, 100, 1, 1000) }).map(queueView) };
  });
  app.get('/v1/status', async () => statusView(api.status()));
  app.get('/health', async (_request, reply) => {
    const status = api.status();
    return reply.code(status.health === 'ok' ? 200 : 503).send({ status: status.health, problems: status.problems });
  });
  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(await api.metrics()));
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));

  const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8080 });
  return { url, close: () => app.close() };
}
