/**
 * Driving a real `zkr node` from outside: the CLI from this repo's sources in its own process
 * (`spawnTs`, so kill -9 is a real crash), its `--json` event lines on stdout, and a small HTTP client
 * of its API (signed transfers as the brief's JSON, transaction ids, status polling). Shared by the
 * crash test and the load benchmark (bench/src/node-load.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { transferMessage, transfersToJson, type CryptoSuite, type SignedTransfer } from '@zkr/state';
import { spawnTs } from '@zkr/test-helpers';

/** The `zkr` CLI entry that runs from sources (packages/cli/src/zkr.fixture.ts). */
const ZKR_ENTRY = join(__dirname, '..', '..', 'packages', 'cli', 'src', 'zkr.fixture.ts');
/** How long a node may take from spawn to its `listening` line (transpiling the sources on a busy machine included). */
const LISTEN_TIMEOUT_MS = 120_000;

/** One `--json` line of the node: `event` names it, the rest is the event's data. */
export interface NodeEvent {
  readonly event: string;
  readonly batchNumber?: number;
  readonly txHash?: string;
  readonly url?: string;
  readonly [key: string]: unknown;
}

/** A running `zkr node` child process. */
export interface NodeProcess {
  readonly url: string;
  readonly pid: number;
  /** Every event line it printed so far, in order. */
  readonly events: readonly NodeEvent[];
  /** Resolves with the first event (from now on) that `match` accepts; rejects if the node exits first or after `timeoutMs`. */
  next(match: (event: NodeEvent) => boolean, timeoutMs: number): Promise<NodeEvent>;
  /** SIGKILL, resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (the node stops cleanly), resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Its stderr so far (for failure messages). */
  stderr(): string;
}

/** Starts `zkr --json node ...flags` and resolves once it prints its `listening` event. `env` adds to the environment (the L1 key: `ZKR_PRIVATE_KEY`). */
export async function startNode(flags: readonly string[], env: Record<string, string> = {}): Promise<NodeProcess> {
  const child: ChildProcess = spawnTs(ZKR_ENTRY, ['--json', 'node', ...flags], { env: { ...process.env, ...env } });
  const events: NodeEvent[] = [];
  const waiters = new Set<{ match: (e: NodeEvent) => boolean; resolve: (e: NodeEvent) => void; reject: (e: Error) => void }>();
  let stderr = '';
  let buffer = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exit = { code, signal };
    waiters.forEach((w) => w.reject(new Error(`zkr node exited (code ${code}, signal ${signal}) before the awaited event; stderr:\n${stderr.slice(-4000)}`)));
    waiters.clear();
    resolve();
  }));
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('{')) continue;
      let event: NodeEvent;
      try {
        event = JSON.parse(line) as NodeEvent;
      } catch {
        continue; // a partial or non-event line
      }
      if (typeof event.event !== 'string') continue;
      events.push(event);
      for (const w of waiters) {
        if (w.match(event)) {
          waiters.delete(w);
          w.resolve(event);
        }
      }
    }
  });
  const next = (match: (event: NodeEvent) => boolean, timeoutMs: number): Promise<NodeEvent> => {
    if (exit) return Promise.reject(new Error(`zkr node has exited (code ${exit.code}, signal ${exit.signal}); stderr:\n${stderr.slice(-4000)}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`zkr node printed no matching event within ${timeoutMs} ms; last events: ${JSON.stringify(events.slice(-5))}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (e: NodeEvent) => (clearTimeout(timer), resolve(e)),
        reject: (e: Error) => (clearTimeout(timer), reject(e)),
      };
      waiters.add(waiter);
    });
  };
  let listening: NodeEvent;
  try {
    listening = await next((e) => e.event === 'listening', LISTEN_TIMEOUT_MS);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    url: String(listening.url).replace(/\/$/, ''),
    pid: child.pid!,
    events,
    next,
    kill9: async () => {
      if (!exit) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (!exit) child.kill('SIGTERM');
      await exited;
      return exit!.code;
    },
    stderr: () => stderr,
  };
}

/** The id of a transfer: `0x` and the 64 hex digits of its signed message (the brief's shared design). */
export function transferId(suite: CryptoSuite, domain: bigint, transfer: SignedTransfer): string {
  return `0x${transferMessage(suite, domain, transfer).toString(16).padStart(64, '0')}`;
}

/** The POST /v1/transactions body of a signed transfer (the field shapes of a transfers file). */
export function transferRequest(transfer: SignedTransfer): string {
  const [json] = (transfersToJson([transfer]) as { transfers: unknown[] }).transfers;
  return JSON.stringify({ kind: 'transfer', transfer: json });
}

/** An HTTP answer: status and parsed JSON body (undefined when not JSON). */
export interface HttpAnswer {
  readonly status: number;
  readonly body: { readonly error?: { readonly code: string; readonly message: string }; readonly [key: string]: unknown } | undefined;
}

/** A request to the node; rejects only when the connection fails (node down), never on a 4xx/5xx. */
export async function request(url: string, method: 'GET' | 'POST', path: string, body?: string, timeoutMs = 10_000): Promise<HttpAnswer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: HttpAnswer['body'];
  try {
    parsed = JSON.parse(text) as HttpAnswer['body'];
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

/** What GET /v1/status says about batches and the mempool (bigints as decimal strings). */
export interface StatusView {
  readonly batches: { readonly built: number; readonly proven: number; readonly submitted: number; readonly settled: number };
  readonly mempool: { readonly pending: number; readonly capacity: number };
  readonly headRoot: string;
  readonly settledRoot: string;
  readonly l1: { readonly stateHash: string; readonly batchCount: number; readonly queueLength: number; readonly consumed: number };
}

/** GET /v1/status. */
export async function nodeStatus(url: string): Promise<StatusView> {
  const answer = await request(url, 'GET', '/v1/status');
  if (answer.status !== 200) throw new Error(`GET /v1/status answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as unknown as StatusView;
}

/** Polls until the node has nothing pending and every built batch is settled, with L1 holding all queue operations consumed; resolves with that status. */
export async function waitSettled(url: string, timeoutMs: number): Promise<StatusView> {
  const deadline = Date.now() + timeoutMs;
  let last: StatusView | undefined;
  while (Date.now() < deadline) {
    last = await nodeStatus(url);
    const { batches, mempool, l1 } = last;
    if (mempool.pending === 0 && batches.settled === batches.built && l1.consumed === l1.queueLength && l1.batchCount === batches.settled) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the node did not settle within ${timeoutMs} ms; last status ${JSON.stringify(last)}`);
}
