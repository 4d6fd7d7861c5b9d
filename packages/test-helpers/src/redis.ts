/**
 * A real Redis server for the fleet tests: Debian's `redis-server` on 127.0.0.1, a free port and a
 * temp dir, with the production settings the fleet needs (append-only persistence, `noeviction`:
 * a queue must never lose a job to memory pressure). `.ci/run` installs the `redis-server` package.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The server binary (Debian's `redis-server` package); `ZKR_REDIS_SERVER` overrides it. */
const REDIS_SERVER = process.env.ZKR_REDIS_SERVER || '/usr/bin/redis-server';
/** How long a start may take before it counts as failed. */
const START_TIMEOUT_MS = 15_000;

/** A running test Redis: its URL and port, and its lifecycle. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The data directory (appendonly files). */
  readonly dir: string;
  /** Stops the server (SIGTERM: it flushes its append-only file) and starts it again on the same port and dir, keeping the data. */
  restart(): Promise<void>;
  /** Stops the server without starting it again (data kept until {@link TestRedis.stop}). */
  pause(): Promise<void>;
  /** Starts a paused server again. */
  resume(): Promise<void>;
  /** Stops the server and removes its dir; idempotent. */
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 right now (the kernel's pick for port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when a PING on `port` answers `+PONG`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function serverArgs(port: number, dir: string): string[] {
  return [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--logfile', join(dir, 'redis.log'),
    '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no',
  ];
}

/** Starts redis-server and resolves once it answers PING; rejects with its log when it exits or times out first. */
async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, serverArgs(port, dir), { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!exited && Date.now() < deadline) {
    if (await ping(port)) return child;
    await sleep(50);
  }
  child.kill('SIGKILL');
  const log = await readFile(join(dir, 'redis.log'), 'utf8').catch(() => '(no log)');
  throw new Error(`redis-server on 127.0.0.1:${port} did not start (install Debian's redis-server: apt-get install redis-server); log:\n${log.slice(-2000)}`);
}

/** Sends SIGTERM and waits for the exit (redis-server writes its append-only file on the way out). */
function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Starts a Redis server for one test file (127.0.0.1, a free port, a temp dir, appendonly yes,
 * maxmemory-policy noeviction). The server is SIGKILLed if this process exits without calling
 * {@link TestRedis.stop}.
 */
export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'zkr-redis-'));
  let port = await freePort();
  let child: ChildProcess | undefined;
  // The free port may be taken by someone else between the pick and the bind: pick again.
  for (let attempt = 0; child === undefined; attempt++) {
    try {
      child = await launch(port, dir);
    } catch (error) {
      if (attempt >= 2) throw error;
      port = await freePort();
    }
  }
  const killOnExit = (): void => void child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopped = false;
  const pause = async (): Promise<void> => {
    if (child !== undefined) await terminate(child);
    child = undefined;
  };
  const resume = async (): Promise<void> => {
    if (child === undefined && !stopped) child = await launch(port, dir);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pause,
    resume,
    restart: async () => {
      await pause();
      await resume();
    },
    stop: async () => {
      stopped = true;
      await pause();
      process.removeListener('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
