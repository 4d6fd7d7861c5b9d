/**
 * `zkr node` in-process: a development node (in-process chain, fresh rollup, test keys written to
 * the data dir) serving HTTP on a free port, a transfer signed with a written key settled through
 * the API, SIGTERM stopping it cleanly with exit code 0; and the flag and configuration errors.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { computeDomain, createCryptoSuite, readKeysFile, signTransfer, transfersToJson } from '@zkr/state';
import { batchArtifacts } from '@zkr/test-helpers';
import { main } from '../main';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zkr-cli-node-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs `zkr ...args` in-process, exposing its stdout lines as they come; resolves `done` with the exit code. */
function zkr(...args: string[]): { lines: () => string[]; stderr: () => string; done: Promise<number> } {
  let stdout = '';
  let stderr = '';
  const done = main(['node', 'zkr', ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }).finally(() => {
    process.exitCode = 0;
  });
  return { lines: () => stdout.split('\n').filter((l) => l !== ''), stderr: () => stderr, done };
}

async function until<T>(what: string, find: () => T | undefined, diagnostics: () => string, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${diagnostics()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Line = { event: string; [key: string]: unknown };

test('a development node serves the API, settles a transfer signed with its written test key, and stops on SIGTERM', async () => {
  const artifacts = await batchArtifacts(DEFAULT_INSTANCE);
  const run = zkr('--json', 'node', '--port', '0', '--max-wait-ms', '200', '--poll-ms', '50', '--dev-accounts', '3', '--data-dir', work, '--artifacts', artifacts);
  const events = () => run.lines().map((l) => JSON.parse(l) as Line);
  const diagnostics = () => `stdout:\n${run.lines().join('\n')}\nstderr:\n${run.stderr().slice(-3000)}`;
  try {
    const listening = await until('the listening line', () => events().find((e) => e.event === 'listening'), diagnostics);
    expect(listening).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), devKeys: join(work, 'keys.json'), db: join(work, 'node.sqlite'), signatures: 'native' });
    const url = listening.url as string;
    const suite = await createCryptoSuite();
    const keys = await readKeysFile(suite, listening.devKeys as string);
    expect(keys.map((k) => k.index)).toEqual([0, 1, 2]);
    const status = (await (await fetch(`${url}/v1/status`)).json()) as { rollup: string; chainId: number; instance: { batchSize: number } };
    expect(status).toMatchObject({ rollup: listening.rollup, instance: { batchSize: DEFAULT_INSTANCE.batchSize } });
    const account = (await (await fetch(`${url}/v1/accounts/1`)).json()) as { pendingNonce: string };
    const domain = computeDomain(BigInt(status.chainId), status.rollup);
    const transfer = signTransfer(suite, keys[1].privateKey, domain, { from: 1, to: 2, amount: 25n, fee: 1n, nonce: BigInt(account.pendingNonce) });
    const [json] = (transfersToJson([transfer]) as { transfers: unknown[] }).transfers;
    const posted = await fetch(`${url}/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'transfer', transfer: json }) });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    await until('the transfer settled', () => events().find((e) => e.event === 'batch-settled'), diagnostics);
    const settled = (await (await fetch(`${url}/v1/transactions/${id}`)).json()) as { status: string };
    expect(settled.status).toBe('settled');
    expect(events().map((e) => e.event)).toEqual(expect.arrayContaining(['batch-built', 'proving', 'batch-proven', 'batch-submitted', 'batch-settled']));
  } finally {
    process.emit('SIGTERM');
  }
  expect(await run.done).toBe(0);
  expect(events().at(-1)).toEqual({ event: 'stopped' });
});

test.each([
  [['--rpc', 'http://127.0.0.1:9'], '--deployment'],
  [['--engine', 'gpu'], '--engine'],
  [['--port', '70000'], '--port'],
])('refuses %j with INVALID_ARGUMENT naming the flag', async (flags, flag) => {
  const run = zkr('--json', 'node', ...flags);
  expect(await run.done).not.toBe(0);
  expect(run.stderr() + run.lines().join('\n')).toMatch(/INVALID_ARGUMENT/);
  expect(run.stderr() + run.lines().join('\n')).toContain(flag);
});

test('refuses a configuration file with an unknown key, naming it', async () => {
  const config = join(work, 'node.json');
  await writeFile(config, JSON.stringify({ port: 0, maxWait: 5 }));
  const run = zkr('--json', 'node', '--config', config);
  expect(await run.done).not.toBe(0);
  expect(run.stderr() + run.lines().join('\n')).toMatch(/INVALID_ARGUMENT[\s\S]*maxWait/);
});
