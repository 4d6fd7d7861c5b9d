/**
 * The node's HTTP API end to end: a development node (`startNode`: in-process chain, fresh rollup,
 * real Sequencer, SQLite, Prover) driven over real HTTP on 127.0.0.1: a signed transfer goes from
 * 202 to settled; every route answers; every malformed request is a 4xx with its code and never
 * reaches the mempool (a seeded fuzz loop included); the status page renders in Debian Chromium.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { createCryptoSuite, readKeysFile, signTransfer, transfersToJson, type CryptoSuite, type IndexedKeyPair } from '@zkr/state';
import { batchArtifacts, seededBigints, testSeed } from '@zkr/test-helpers';
import { startNode, type RunningNode } from '@zkr/sequencer';

const CHROMIUM = '/usr/bin/chromium';

let suite: CryptoSuite;
let node: RunningNode;
let keys: IndexedKeyPair[];
let dir: string;

beforeAll(async () => {
  suite = await createCryptoSuite();
  dir = await mkdtemp(join(tmpdir(), 'zkr-http-'));
  node = await startNode({ port: 0, artifactsDir: await batchArtifacts(DEFAULT_INSTANCE), maxWaitMs: 300, pollIntervalMs: 50, dataDir: dir, devAccounts: 4 });
  keys = await readKeysFile(suite, node.devKeysFile!);
});

afterAll(async () => {
  await node?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The JSON body of a transfer of `amount` from `from` to `to` with `nonce`, as the transfers file writes it. */
function transferBody(from: number, to: number, amount: bigint, nonce: bigint): Record<string, unknown> {
  const signed = signTransfer(suite, keys[from].privateKey, node.deployment.domain, { from, to, amount, fee: 1n, nonce });
  const [json] = (transfersToJson([signed]) as { transfers: unknown[] }).transfers;
  return { kind: 'transfer', transfer: json };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies of many shapes, each checked with toMatchObject/toEqual
async function call(method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; json: any }> {
  const response = await fetch(`${node.url}${path}`, {
    method, headers: body === undefined && raw === undefined ? {} : { 'content-type': 'application/json' }, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (metrics, the page).
  }
  return { status: response.status, json };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('HTTP API', () => {
  let id: string;

  it('takes a signed transfer (202) and reports it until it settles on L1', async () => {
    const posted = await call('POST', '/v1/transactions', transferBody(0, 1, 25n, 0n));
    expect(posted.status).toBe(202);
    expect(posted.json).toMatchObject({ kind: 'transfer', status: 'pending', id: expect.stringMatching(/^0x[0-9a-f]{64}$/), transfer: { from: 0, to: 1, amount: '25' } });
    id = posted.json.id;
    await until('the transfer settled', async () => (await call('GET', `/v1/transactions/${id}`)).json.status === 'settled');
    const settled = await call('GET', `/v1/transactions/${id}`);
    expect(settled.json).toMatchObject({ status: 'settled', batchNumber: 1, l1TxHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    const account = await call('GET', '/v1/accounts/0');
    expect(account.json).toMatchObject({ index: 0, balance: String(1_000_000n - 25n), nonce: '1', pendingNonce: '1', siblings: expect.any(Array) });
    const batches = await call('GET', '/v1/batches?limit=5');
    expect(batches.json.batches[0]).toMatchObject({ batchNumber: 1, status: 'settled', transactions: 1 });
    const batch = await call('GET', '/v1/batches/1');
    expect(batch.json.proof).toMatchObject({ publicSignals: expect.any(Array) });
    expect((await call('GET', '/v1/queue')).json).toEqual({ operations: [] });
    const status = await call('GET', '/v1/status');
    expect(status.json).toMatchObject({ health: 'ok', domain: node.deployment.domain.toString(), batches: { settled: 1 }, l1: { batchCount: 1 } });
    expect(await call('GET', '/health')).toMatchObject({ status: 200, json: { status: 'ok' } });
    const metrics = await call('GET', '/metrics');
    expect(metrics.json).toMatch(/zkr_http_requests_total\{route="\/v1\/transactions",status="202"\} 1/);
    expect(metrics.json).toMatch(/zkr_last_batch\{status="settled"\} 1/);
  });

  it('answers every malformed or refused request with a 4xx and its code', async () => {
    const good = transferBody(1, 2, 5n, 0n);
    const t = good.transfer as Record<string, unknown>;
    const cases: [string, string, unknown, string | undefined, number, string][] = [
      ['invalid JSON', '/v1/transactions', undefined, '{"kind":', 400, 'INVALID_TRANSACTION'],
      ['missing field', '/v1/transactions', { kind: 'transfer', transfer: { ...t, fee: undefined } }, undefined, 400, 'INVALID_TRANSACTION'],
      ['extra field', '/v1/transactions', { ...good, extra: 1 }, undefined, 400, 'INVALID_TRANSACTION'],
      ['79-digit amount', '/v1/transactions', { kind: 'transfer', transfer: { ...t, amount: '9'.repeat(79) } }, undefined, 400, 'INVALID_TRANSACTION'],
      ['negative amount', '/v1/transactions', { kind: 'transfer', transfer: { ...t, amount: '-5' } }, undefined, 400, 'INVALID_TRANSACTION'],
      ['number amount', '/v1/transactions', { kind: 'transfer', transfer: { ...t, amount: 5 } }, undefined, 400, 'INVALID_TRANSACTION'],
      ['unknown kind', '/v1/transactions', { kind: 'mint', transfer: t }, undefined, 400, 'INVALID_TRANSACTION'],
      ['amount above 2^64', '/v1/transactions', { kind: 'transfer', transfer: { ...t, amount: (1n << 64n).toString() } }, undefined, 400, 'FIELD_RANGE'],
      ['forged signature', '/v1/transactions', { kind: 'transfer', transfer: { ...t, amount: '6' } }, undefined, 400, 'INVALID_SIGNATURE'],
      ['nonce gap', '/v1/transactions', transferBody(1, 2, 5n, 3n), undefined, 400, 'BAD_NONCE'],
      ['2 MB body', '/v1/transactions', undefined, JSON.stringify({ kind: 'transfer', pad: 'x'.repeat(2 << 20) }), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [name, path, body, raw, status, code] of cases) {
      const got = await call('POST', path, body, raw);
      expect({ name, status: got.status, code: got.json?.error?.code }).toEqual({ name, status, code });
    }
    expect((await call('POST', '/v1/transactions', transferBody(0, 1, 25n, 0n))).json.error.code).toBe('DUPLICATE_TRANSACTION');
    for (const [path, status, code] of [
      [`/v1/transactions/0x${'0'.repeat(64)}`, 404, 'NOT_FOUND'], ['/v1/transactions/abc', 400, 'INVALID_ARGUMENT'], ['/v1/accounts/200', 404, 'NOT_FOUND'],
      ['/v1/accounts/-1', 400, 'INVALID_ARGUMENT'], ['/v1/batches/99', 404, 'NOT_FOUND'], ['/v1/batches?limit=x', 400, 'INVALID_ARGUMENT'], ['/v1/batches?limit=5&x=1', 400, 'INVALID_ARGUMENT'], ['/v1/nothing', 404, 'NOT_FOUND'],
    ] as const) {
      const got = await call('GET', path);
      expect({ path, status: got.status, code: got.json?.error?.code }).toEqual({ path, status, code });
    }
    expect(node.sequencer.status().mempool.pending).toBe(0);
  });

  it('never answers random bodies with a 500 and accepts none of them', async () => {
    const seed = testSeed();
    const bits = seededBigints(seed);
    const random = () => Number(bits(32)) / 2 ** 32;
    const atoms = ['0', '-1', '1e5', '"0x"', '"12"', 'null', 'true', '[]', '{}', `"${'9'.repeat(80)}"`, '"transfer"', '"withdrawal"'];
    const keysOf = ['kind', 'transfer', 'withdrawal', 'from', 'to', 'amount', 'fee', 'nonce', 'signature', 'R8x', 'S', 'address'];
    const value = (depth: number): string => {
      if (depth > 2 || random() < 0.4) return atoms[Math.floor(random() * atoms.length)];
      const n = Math.floor(random() * 4);
      return `{${Array.from({ length: n }, () => `"${keysOf[Math.floor(random() * keysOf.length)]}":${value(depth + 1)}`).join(',')}}`;
    };
    for (let i = 0; i < 150; i++) {
      const raw = random() < 0.1 ? value(0).slice(0, -1) : value(0);
      const got = await call('POST', '/v1/transactions', undefined, raw);
      expect({ seed: String(seed), raw, status: got.status < 500 && got.status >= 400 }).toEqual({ seed: String(seed), raw, status: true });
    }
    expect(node.sequencer.status().mempool.pending).toBe(0);
  });
});

describe('status page in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (Debian), then rerun`);
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the batches and pending count and follows new batches', async () => {
    const page = await browser.newPage();
    await page.goto(node.url, { waitUntil: 'load' });
    await page.waitForFunction("document.querySelectorAll('tr.batch').length >= 1 && document.getElementById('health').textContent === 'ok'");
    expect(await page.$eval('#pending', (e) => e.textContent)).toBe('0');
    const before = await page.$$eval('tr.batch', (rows) => rows.length);
    expect((await call('POST', '/v1/transactions', transferBody(2, 3, 7n, 0n))).status).toBe(202);
    await page.waitForFunction(`document.querySelectorAll('tr.batch').length > ${before}`, { timeout: 180_000 });
    const first = await page.$eval('tr.batch td', (e) => e.textContent);
    expect(Number(first)).toBe(before + 1);
    await page.close();
  });
});
