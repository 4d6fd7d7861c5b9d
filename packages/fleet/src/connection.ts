/**
 * Redis connection settings of every fleet component. Commands wait while Redis is down
 * (`maxRetriesPerRequest: null`, the offline queue on) and ioredis reconnects every 250 ms .. 2 s,
 * so the queue and the workers ride through a Redis restart. Production Redis must persist jobs
 * (`appendonly yes`) and never evict them (`maxmemory-policy noeviction`): see the README.
 */
import type { ConnectionOptions } from 'bullmq';
import { fleetError } from './errors';

/** Default BullMQ queue name of the proving jobs. */
export const DEFAULT_QUEUE_NAME = 'zkr-proving';

/** Reconnect delay after the `times`-th failed attempt: 250 ms more each time, at most 2 s. */
export function reconnectDelay(times: number): number {
  return Math.min(250 * times, 2000);
}

/** Checks a `redis://` or `rediss://` URL (`INVALID_ARGUMENT` naming `field` otherwise) and returns the BullMQ connection options for it. */
export function redisConnection(url: string, field = 'redisUrl'): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fleetError('INVALID_ARGUMENT', `${field} must be a Redis URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}`, { details: { field, value: url } });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw fleetError('INVALID_ARGUMENT', `${field} must use redis:// or rediss://, got ${JSON.stringify(url)}`, { details: { field, value: url } });
  }
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: reconnectDelay };
}

/** Checks a queue name (letters, digits, `-`, `_`, `.`; BullMQ uses `:` as its key separator). */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) {
    throw fleetError('INVALID_ARGUMENT', `queueName must be 1..100 letters, digits, '.', '_' or '-', got ${JSON.stringify(name)}`, { details: { field: 'queueName', value: name } });
  }
  return name;
}

/** A BullMQ queue, worker or event listener: something that connects. */
interface Connecting {
  waitUntilReady(): Promise<unknown>;
}

/** Default wait for Redis at start (ms). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Resolves once `component` is connected; `REDIS_UNAVAILABLE` naming `url` after `timeoutMs`. */
export async function untilReady(component: Connecting, url: string, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(fleetError('REDIS_UNAVAILABLE', `Redis at ${url} did not answer within ${timeoutMs} ms; start redis-server or check --redis`, { details: { url, timeoutMs } })),
      timeoutMs,
    );
  });
  try {
    await Promise.race([component.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
