/**
 * Signature intake benchmark (issue 15: mempool intake >= 1,000 valid signed transfers/s with the
 * signature checks on worker threads). On one set of pre-signed transfers (`--senders` accounts ×
 * `--chain` transfers each, signing is not measured) it measures, in one run:
 * (a) signatures checked per second through `createSignatureChecker` with `--threads` workers, on
 * the JavaScript engine (`suite.eddsa.verify`) and on the native one (Poseidon in the worker, the
 * curve equation in `@zkr/native`), after a short warm-up of each pool; and
 * (b) the mempool's intake with the native checker: transfers accepted per second by `Mempool.submit`
 * on a real SQLite store (each sender's k-th transfers submitted concurrently, wave after wave, so
 * every one is valid and accepted), plus the ratio native / JS. Writes a Markdown table.
 *
 * `node -r ./packages/test-helpers/ts-register.js bench/src/signature-intake.ts [--senders 256]
 *   [--chain 8] [--threads 2] [--out bench/results/signature-intake.md]`
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSignatureChecker, Mempool, SequencerStore, type SignatureCheck, type SignatureChecker, type SignatureEngine, type StoreIdentity } from '@zkr/sequencer';
import { transferMessage, type SignedTransfer } from '@zkr/state';
import { genesis, signAll, type Fixture } from '@zkr/test-helpers';
import { benchError } from './errors';
import { machineInfo } from './machine';

/** Depth 8 holds 4^4 = 256 accounts. */
const DEPTH = 8;
const WARMUP = 64;

interface Options {
  readonly senders: number;
  readonly chain: number;
  readonly threads: number;
  readonly out: string;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string, fallback: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
  };
  const integer = (flag: string, fallback: number, max: number) => {
    const n = Number(value(flag, String(fallback)));
    if (!Number.isSafeInteger(n) || n < 1 || n > max) throw benchError('INVALID_ARGUMENT', `${flag} must be an integer 1 <= n <= ${max}, got ${value(flag, '')}`, { details: { flag } });
    return n;
  };
  return { senders: integer('--senders', 256, 256), chain: integer('--chain', 8, 1000), threads: integer('--threads', 2, 64), out: resolve(value('--out', 'bench/results/signature-intake.md')) };
}

/** `senders` funded accounts and `chain` valid transfers of each, in nonce order (wave k holds every sender's k-th). */
async function prepare(options: Options): Promise<{ fixture: Fixture; waves: SignedTransfer[][] }> {
  const accounts = Array.from({ length: options.senders }, (_, index) => ({ index, balance: 10n ** 9n }));
  const fixture = await genesis(DEPTH, accounts);
  // One signAll call: it tracks each sender's nonce across the specs.
  const specs = Array.from({ length: options.chain }, () => accounts.map(({ index }) => ({ from: index, to: (index + 1) % options.senders, amount: 1n, fee: 0n }))).flat();
  const signed = signAll(fixture, specs);
  const waves = Array.from({ length: options.chain }, (_, k) => signed.slice(k * options.senders, (k + 1) * options.senders));
  return { fixture, waves };
}

/** Signatures per second of `checker` over `checks` (all valid: any refusal is a bench failure). */
async function checkRate(checker: SignatureChecker, checks: readonly SignatureCheck[]): Promise<number> {
  await checker.check(checks.slice(0, WARMUP));
  const start = performance.now();
  const verdicts = await checker.check(checks);
  const seconds = (performance.now() - start) / 1000;
  const refused = verdicts.filter((v) => !v).length;
  if (refused > 0) throw benchError('BENCH_INVALID', `the ${checker.engine} engine refused ${refused} valid signatures`, { details: { engine: checker.engine, refused } });
  return checks.length / seconds;
}

/** Transfers accepted per second by a Mempool on a fresh SQLite store with `checker`. */
async function intakeRate(fixture: Fixture, checker: SignatureChecker, waves: readonly SignedTransfer[][]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'zkr-signature-intake-'));
  const { state } = fixture;
  const identity: StoreIdentity = {
    chainId: 31337, rollup: '0x00000000000000000000000000000000000000aa', domain: state.domain.toString(), depth: DEPTH,
    batchSize: 2, queuePositions: 1, withdrawalPositions: 1, genesisRoot: state.root.toString(),
  };
  const store = SequencerStore.open(join(dir, 'node.sqlite'), identity, state);
  try {
    const count = waves.reduce((n, wave) => n + wave.length, 0);
    const mempool = new Mempool(store, checker, count);
    mempool.reset(state);
    await checker.check(waves[0]!.slice(0, WARMUP).map((t) => ({ message: transferMessage(state.suite, state.domain, t), signature: t.signature, publicKey: state.account(t.from)!.publicKey })));
    const start = performance.now();
    for (const wave of waves) await Promise.all(wave.map((transfer) => mempool.submit(() => state, { kind: 'transfer', transfer })));
    const seconds = (performance.now() - start) / 1000;
    if (mempool.size !== count) throw benchError('BENCH_INVALID', `the mempool holds ${mempool.size} of ${count} valid transfers`, { details: { size: mempool.size, count } });
    return count / seconds;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { fixture, waves } = await prepare(options);
  const { state } = fixture;
  const checks = waves.flat().map((t): SignatureCheck => ({ message: transferMessage(state.suite, state.domain, t), signature: t.signature, publicKey: state.account(t.from)!.publicKey }));
  // Both pools stay up until the table is written; they are closed at the end.
  const checkers: SignatureChecker[] = [];
  const open = async (engine: SignatureEngine) => {
    const checker = await createSignatureChecker({ suite: fixture.suite, threads: options.threads, engine });
    checkers.push(checker);
    return checker;
  };
  try {
    const js = await checkRate(await open('js'), checks);
    const nativeChecker = await open('native');
    const native = await checkRate(nativeChecker, checks);
    const intake = await intakeRate(fixture, nativeChecker, waves);
    report(options, checks.length, js, native, intake);
  } finally {
    await Promise.all(checkers.map((c) => c.close()));
  }
}

function report(options: Options, count: number, js: number, native: number, intake: number): void {
  const machine = machineInfo();
  const f = (n: number) => n.toFixed(0);
  const table = [
    `# Signature intake (${count} pre-signed transfers, ${options.senders} senders × ${options.chain}, ${options.threads} signature threads)`,
    '',
    `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; 1-minute load average ${loadavg()[0]!.toFixed(1)} at the end (other processes share the cores); ${new Date().toISOString()}.`,
    '',
    '| measure | engine | per second | per thread |',
    '| --- | --- | ---: | ---: |',
    `| signatures checked (createSignatureChecker) | js | ${f(js)} | ${f(js / options.threads)} |`,
    `| signatures checked (createSignatureChecker) | native | ${f(native)} | ${f(native / options.threads)} |`,
    `| valid transfers accepted (Mempool.submit, SQLite) | native | ${f(intake)} | |`,
    '',
    `Native / JS signature checks: ${(native / js).toFixed(2)}x. Target (issue 15): intake >= 1000 transfers/s.`,
    '',
  ].join('\n');
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, table);
  console.log(table);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
