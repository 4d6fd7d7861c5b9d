/**
 * The three proving engines side by side on one zkey and one witness: `native` (MSMs in the
 * @zkr/native addon), `zkr` (wasm MSM workers) and `snarkjs` (the reference), in one process,
 * alternated, every proof checked with snarkjs's verifier; then one process per engine (open the
 * key, prove once, exit) beside `snarkjs groth16 prove` for whole-process wall time and peak RSS.
 * By default the default circuit instance (dev setup in the operator's artifact cache, one full
 * batch of ring transfers); `--artifacts DIR --input FILE` takes any artifact directory and circuit input JSON.
 * Prints a Markdown table with medians and paired ratios.
 * `node -r ./packages/test-helpers/ts-register.js bench/src/engine-compare.ts [--repeats 3] [--processes 1] [--artifacts DIR --input FILE]`
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { batchToCircuitInput, DEFAULT_INSTANCE } from '@zkr/circuits';
import { generateTestAccounts, prepareBatchArtifacts, ringTransfers, testGenesis } from '@zkr/operator';
import { Prover, type EngineName, type ProverFiles } from '@zkr/prover';
import { artifactPaths } from '@zkr/setup';
import { buildBatch, computeDomain, createCryptoSuite } from '@zkr/state';
import { benchError } from './errors';
import { pairedSpeedup, summarize, type SampleSummary } from './stats';

const run = promisify(execFile);

/** The engines compared, fastest first. */
const ENGINES: readonly EngineName[] = ['native', 'zkr', 'snarkjs'];

/** The snarkjs CLI of the installed snarkjs. */
const SNARKJS_CLI = join(dirname(require.resolve('snarkjs')), 'cli.cjs');
/** The TypeScript loader children run with. */
const TS_REGISTER = join(__dirname, '..', '..', 'packages', 'test-helpers', 'ts-register.js');

/** What one comparison measured (milliseconds, MB). */
export interface EngineComparison {
  readonly nVars: number;
  readonly domainSize: number;
  readonly threads: number;
  /** In-process `Prover.prove` time without the witness, per engine. */
  readonly proveMs: Record<EngineName, SampleSummary>;
  /** Paired ratios of in-process prove times: how many times faster than snarkjs, and native over zkr. */
  readonly speedup: { readonly nativeVsSnarkjs: SampleSummary; readonly zkrVsSnarkjs: SampleSummary; readonly nativeVsZkr: SampleSummary };
  /**
   * One process per proof: ms from the modules loaded to the proof written (open + prove + close) and
   * peak RSS MB per engine; for `snarkjs groth16 prove` the whole process wall time (null RSS without GNU time).
   */
  readonly processes: Record<EngineName | 'snarkjsCli', { readonly wallMs: SampleSummary; readonly peakRssMb: number | null }>;
}

interface Options {
  readonly repeats: number;
  readonly processes: number;
  readonly files: ProverFiles;
  readonly input: Record<string, unknown>;
  /** Receives one line per finished measurement. */
  readonly onProgress?: (line: string) => void;
}

const toJson = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** The default instance's dev artifacts (the operator's shared cache) and the circuit input of one full batch of ring transfers. */
async function defaultFixture(): Promise<{ files: ProverFiles; input: Record<string, unknown> }> {
  const { dir } = await prepareBatchArtifacts(DEFAULT_INSTANCE);
  const suite = await createCryptoSuite();
  const accounts = generateTestAccounts(suite, 8, 1_000_000n);
  const domain = computeDomain(31337n, '0x5FbDB2315678afecb367f032d93F642f64180aa3');
  const state = testGenesis(suite, accounts, DEFAULT_INSTANCE.depth, domain);
  const { batch } = buildBatch(state, ringTransfers(suite, accounts, domain, DEFAULT_INSTANCE.batchSize), { batchSize: DEFAULT_INSTANCE.batchSize, feeRecipient: 0 });
  return { files: artifactFiles(dir), input: batchToCircuitInput(batch, DEFAULT_INSTANCE) as unknown as Record<string, unknown> };
}

function artifactFiles(dir: string): ProverFiles {
  const paths = artifactPaths(dir);
  return { zkey: paths.zkey, wasm: paths.wasm, vkey: paths.vkey };
}

/** Runs `command` under GNU time when available: wall ms and peak RSS MB. */
async function timedProcess(command: readonly string[], cwd: string): Promise<{ ms: number; rssMb: number | null }> {
  const gnuTime = existsSync('/usr/bin/time');
  const rssFile = join(cwd, 'rss.txt');
  const start = performance.now();
  if (gnuTime) await run('/usr/bin/time', ['-f', '%M', '-o', rssFile, ...command], { cwd, maxBuffer: 1 << 26 });
  else await run(command[0]!, command.slice(1), { cwd, maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  return { ms, rssMb: gnuTime ? Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop()) / 1024 : null };
}

/** Measures the engines; see the module comment. */
export async function compareEngines(options: Options): Promise<EngineComparison> {
  const { files, input, repeats, processes } = options;
  if (!Number.isInteger(repeats) || repeats < 1) throw benchError('INVALID_ARGUMENT', `repeats must be a positive integer, got ${repeats}`, { details: { field: 'repeats', value: repeats } });
  const provers = new Map<EngineName, Prover>();
  const times = new Map<EngineName, number[]>(ENGINES.map((e) => [e, []]));
  const notices: string[] = [];
  try {
    for (const engine of ENGINES) provers.set(engine, await Prover.open(files, { engine, onNotice: (line) => notices.push(line) }));
    if (notices.length > 0) throw benchError('INVALID_ARGUMENT', `the native engine cannot run here: ${notices.join('; ')}`, { details: { field: 'engine' } });
    for (let i = 0; i < repeats; i++) {
      for (const engine of ENGINES) {
        const prover = provers.get(engine)!;
        const result = await prover.prove(input);
        if (!(await prover.verify(result.proof, result.publicSignals))) throw benchError('BENCH_INVALID', `the ${engine} engine produced a proof that does not verify`);
        times.get(engine)!.push(result.timings.proveMs);
        options.onProgress?.(`in-process ${i + 1}/${repeats}: ${engine} ${result.timings.proveMs.toFixed(0)} ms`);
      }
    }
    const first = provers.get('native')!;
    const { nVars, domainSize } = first.zkey;
    const threads = first.threads;
    for (const prover of provers.values()) await prover.close();
    provers.clear();

    const work = await mkdtemp(join(tmpdir(), 'zkr-bench-engines-'));
    try {
      const inputFile = join(work, 'input.json');
      const wtns = join(work, 'witness.wtns');
      await writeFile(inputFile, toJson(input));
      await run(process.execPath, [SNARKJS_CLI, 'wtns', 'calculate', files.wasm, inputFile, wtns], { cwd: work });
      const wall = new Map<EngineName | 'snarkjsCli', number[]>([...ENGINES, 'snarkjsCli' as const].map((e) => [e, []]));
      const rss = new Map<EngineName | 'snarkjsCli', number | null>();
      const record = (name: EngineName | 'snarkjsCli', r: { ms: number; rssMb: number | null }): void => {
        wall.get(name)!.push(r.ms);
        rss.set(name, r.rssMb === null ? null : Math.max(rss.get(name) ?? 0, r.rssMb));
      };
      for (let i = 0; i < processes; i++) {
        for (const engine of ENGINES) {
          const out = join(work, `proof-${engine}.json`);
          const keys = ['--zkey', files.zkey, '--wasm', files.wasm, ...(files.vkey === undefined ? [] : ['--vkey', files.vkey])];
          const { rssMb } = await timedProcess([process.execPath, '-r', TS_REGISTER, __filename, '--child', engine, ...keys, '--input', inputFile, '--out', out], work);
          record(engine, { ms: (JSON.parse(await readFile(out, 'utf8')) as { ms: number }).ms, rssMb });
          options.onProgress?.(`process ${i + 1}/${processes}: ${engine} ${wall.get(engine)!.at(-1)!.toFixed(0)} ms, ${rssMb?.toFixed(0) ?? 'n/a'} MB`);
        }
        record('snarkjsCli', await timedProcess([process.execPath, SNARKJS_CLI, 'groth16', 'prove', files.zkey, wtns, join(work, 'proof.json'), join(work, 'public.json')], work));
        options.onProgress?.(`process ${i + 1}/${processes}: snarkjs groth16 prove ${wall.get('snarkjsCli')!.at(-1)!.toFixed(0)} ms`);
      }
      // The native proof of a separate process, checked by the unmodified snarkjs CLI.
      if (files.vkey !== undefined) {
        await writeFile(join(work, 'public-native.json'), JSON.stringify(JSON.parse(await readFile(join(work, 'proof-native.json'), 'utf8')).publicSignals));
        await writeFile(join(work, 'proof-only-native.json'), JSON.stringify(JSON.parse(await readFile(join(work, 'proof-native.json'), 'utf8')).proof));
        const { stdout } = await run(process.execPath, [SNARKJS_CLI, 'groth16', 'verify', files.vkey, join(work, 'public-native.json'), join(work, 'proof-only-native.json')], { cwd: work });
        if (!stdout.includes('OK!')) throw benchError('BENCH_INVALID', `snarkjs groth16 verify rejects the native engine's proof: ${stdout.trim()}`);
      }
      const per = (name: EngineName | 'snarkjsCli') => ({ wallMs: summarize(wall.get(name)!), peakRssMb: rss.get(name) ?? null });
      const t = (e: EngineName) => times.get(e)!;
      return {
        nVars,
        domainSize,
        threads,
        proveMs: { native: summarize(t('native')), zkr: summarize(t('zkr')), snarkjs: summarize(t('snarkjs')) },
        speedup: { nativeVsSnarkjs: pairedSpeedup(t('snarkjs'), t('native')), zkrVsSnarkjs: pairedSpeedup(t('snarkjs'), t('zkr')), nativeVsZkr: pairedSpeedup(t('zkr'), t('native')) },
        processes: { native: per('native'), zkr: per('zkr'), snarkjs: per('snarkjs'), snarkjsCli: per('snarkjsCli') },
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  } finally {
    for (const prover of provers.values()) await prover.close();
  }
}

/** The comparison as a Markdown table. */
export function comparisonTable(c: EngineComparison): string {
  const s = (ms: SampleSummary): string => `${(ms.median / 1000).toFixed(2)} s`;
  const x = (r: SampleSummary): string => `${r.median.toFixed(2)}x`;
  const mb = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v)} MB`);
  const p = c.processes;
  return [
    `nVars ${c.nVars}, domain 2^${Math.log2(c.domainSize)}, ${c.threads} threads; medians of ${c.proveMs.native.n} in-process and ${p.native.wallMs.n} whole-process runs`,
    '',
    '| engine | Prover.prove in-process | vs snarkjs in-process | one process: open + prove | peak RSS of that process |',
    '|---|---|---|---|---|',
    `| native | ${s(c.proveMs.native)} | ${x(c.speedup.nativeVsSnarkjs)} | ${s(p.native.wallMs)} | ${mb(p.native.peakRssMb)} |`,
    `| zkr | ${s(c.proveMs.zkr)} | ${x(c.speedup.zkrVsSnarkjs)} | ${s(p.zkr.wallMs)} | ${mb(p.zkr.peakRssMb)} |`,
    `| snarkjs | ${s(c.proveMs.snarkjs)} | 1.00x | ${s(p.snarkjs.wallMs)} | ${mb(p.snarkjs.peakRssMb)} |`,
    `| snarkjs groth16 prove (CLI on a wtns, whole process) | | | ${s(p.snarkjsCli.wallMs)} | ${mb(p.snarkjsCli.peakRssMb)} |`,
    '',
    `native over zkr in-process: ${x(c.speedup.nativeVsZkr)}; snarkjs CLI prove over native open + prove: ${(p.snarkjsCli.wallMs.median / p.native.wallMs.median).toFixed(2)}x; peak RSS native / snarkjs CLI: ${p.native.peakRssMb === null || p.snarkjsCli.peakRssMb === null ? 'n/a' : (p.native.peakRssMb / p.snarkjsCli.peakRssMb).toFixed(2)}`,
  ].join('\n');
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

/** A child process: open the key with one engine (as `zkr prove` does), prove `--input` once, write the proof and the time taken, exit. */
async function child(args: readonly string[]): Promise<void> {
  const start = performance.now();
  const engine = flag(args, '--child') as EngineName;
  const prover = await Prover.open({ zkey: flag(args, '--zkey')!, wasm: flag(args, '--wasm')!, vkey: flag(args, '--vkey') }, { engine });
  let result;
  try {
    result = await prover.prove(JSON.parse(await readFile(flag(args, '--input')!, 'utf8')) as Record<string, unknown>);
  } finally {
    await prover.close();
  }
  await writeFile(flag(args, '--out')!, JSON.stringify({ proof: result.proof, publicSignals: result.publicSignals, ms: performance.now() - start }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (flag(args, '--child') !== undefined) return child(args);
  const artifacts = flag(args, '--artifacts');
  const inputFile = flag(args, '--input');
  const fixture =
    artifacts !== undefined && inputFile !== undefined
      ? // Absolute: the whole-process runs start in their own working directory.
        { files: artifactFiles(resolve(artifacts)), input: JSON.parse(await readFile(inputFile, 'utf8')) as Record<string, unknown> }
      : await defaultFixture();
  const comparison = await compareEngines({ ...fixture, repeats: Number(flag(args, '--repeats') ?? '3'), processes: Number(flag(args, '--processes') ?? '1'),
    onProgress: (line) => console.error(line),
  });
  console.log(comparisonTable(comparison));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
