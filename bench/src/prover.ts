/**
 * Prover benchmark: zkr's Prover (zkr engine) against snarkjs on the same zkey and inputs, side
 * by side in one run. Measures witness and prove time (paired, alternated samples), the snarkjs
 * CLI per proof (`groth16 fullprove` and `groth16 prove`, as an operator calling it per batch
 * would), a stream of proofs, peak RSS, and MSM throughput of the zkr workers vs ffjavascript.
 * No printing, no files besides temporary ones; only ratios within one run are meaningful.
 */
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { batchToCircuitInput, type CircuitInstance } from '@zkr/circuits';
import { benchError } from './errors';
import { acquireCurve, bn128WasmCode, readZkey, zkeySection } from '@zkr/bn254';
import { MsmPool, Prover, type ProverFiles, type ProverInput, type ProveResult } from '@zkr/prover';
import type { Batch } from '@zkr/state';
import { pairedSpeedup, summarize, type SampleSummary } from './stats';

const run = promisify(execFile);

/** Parameters of {@link benchProver}. */
export interface ProverBenchOptions {
  /** The circuit's zkey, witness wasm and (optional) verification key. */
  readonly files: ProverFiles;
  /** The batch circuit instance, required when `inputs` holds batches. */
  readonly instance?: CircuitInstance;
  /** Inputs to prove; single-proof samples use the first, the stream cycles through them. */
  readonly inputs: readonly ProverInput[];
  /** Paired single-proof samples per engine and CLI command (default 3). */
  readonly repeats?: number;
  /** Proofs in the stream comparison (default 5). */
  readonly streamLength?: number;
  /** zkr engine worker threads (default: cores). */
  readonly threads?: number;
  /** Receives one line per finished measurement (long runs take minutes). */
  readonly onProgress?: (message: string) => void;
  /** Points per MSM throughput sample (default: min(section size, 2^16)); 0 skips the MSM section. */
  readonly msmPoints?: number;
}

/** Timings of one engine over the single-proof samples (milliseconds). */
export interface EngineTimings {
  readonly witnessMs: SampleSummary;
  readonly proveMs: SampleSummary;
  readonly totalMs: SampleSummary;
}

/** MSM throughput in points per second per worker thread. */
export interface MsmThroughput {
  readonly points: number;
  readonly threads: number;
  readonly zkrG1: SampleSummary;
  readonly zkrG2: SampleSummary;
  readonly ffjavascriptG1: SampleSummary;
  readonly ffjavascriptG2: SampleSummary;
}

/** The result of {@link benchProver}. */
export interface ProverBenchResult {
  readonly nVars: number;
  readonly domainSize: number;
  readonly threads: number;
  readonly zkr: EngineTimings;
  readonly snarkjsInProcess: EngineTimings;
  /** Wall time of `snarkjs groth16 fullprove` (witness + proof, one process per proof). */
  readonly snarkjsCliFullprove: SampleSummary;
  /** Wall time of `snarkjs groth16 prove` on a precomputed witness. */
  readonly snarkjsCliProve: SampleSummary;
  /** Paired ratios, above 1 when zkr is faster. */
  readonly speedup: {
    /** snarkjs in-process prove time / zkr prove time (same witness). */
    readonly proveVsInProcess: SampleSummary;
    /** `snarkjs groth16 prove` wall / zkr prove time. */
    readonly proveVsCli: SampleSummary;
    /** `snarkjs groth16 fullprove` wall / zkr witness + prove time. */
    readonly fullproveVsCli: SampleSummary;
    /** `streamLength` x fullprove CLI / zkr stream including `Prover.open`. */
    readonly stream: number;
  };
  readonly stream: { readonly proofs: number; readonly zkrOpenMs: number; readonly zkrStreamMs: number; readonly snarkjsCliMs: number };
  /** Peak resident memory in MB: of this process while each engine proves (opened alone), and of the snarkjs CLI. */
  readonly peakRssMb: { readonly zkr: number; readonly snarkjsInProcess: number; readonly snarkjsCliFullprove: number | null };
  readonly msm: MsmThroughput | null;
}

function circuitInput(input: ProverInput, instance: CircuitInstance | undefined): Record<string, unknown> {
  if (typeof input === 'object' && input !== null && 'slots' in input) {
    if (!instance) throw benchError('INVALID_ARGUMENT', 'instance is required to benchmark batches', { details: { field: 'instance' } });
    return batchToCircuitInput(input as Batch, instance) as unknown as Record<string, unknown>;
  }
  return input as Record<string, unknown>;
}

const toJson = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** The snarkjs CLI of the installed snarkjs (`build/cli.cjs` beside its CommonJS entry). */
const SNARKJS_CLI = join(dirname(require.resolve('snarkjs')), 'cli.cjs');

/** Runs the snarkjs CLI with `args`, returning wall ms and, with GNU time available, its peak RSS in MB. */
async function timed(args: readonly string[], cwd: string): Promise<{ ms: number; rssMb: number | null }> {
  const gnuTime = existsSync('/usr/bin/time');
  const rssFile = join(cwd, 'rss.txt');
  const start = performance.now();
  const command = [process.execPath, SNARKJS_CLI, ...args];
  if (gnuTime) await run('/usr/bin/time', ['-f', '%M', '-o', rssFile, ...command], { cwd, maxBuffer: 1 << 26 });
  else await run(command[0]!, command.slice(1), { cwd, maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  const rssMb = gnuTime ? Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop()) / 1024 : null;
  return { ms, rssMb };
}

/** Peak process RSS (MB) while `work` runs, sampled every 10 ms. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

function engineTimings(results: readonly ProveResult[]): EngineTimings {
  return {
    witnessMs: summarize(results.map((r) => r.timings.witnessMs)),
    proveMs: summarize(results.map((r) => r.timings.proveMs)),
    totalMs: summarize(results.map((r) => r.timings.totalMs)),
  };
}

async function proveChecked(prover: Prover, input: ProverInput): Promise<ProveResult> {
  const result = await prover.prove(input);
  if (!(await prover.verify(result.proof, result.publicSignals))) {
    throw benchError('BENCH_INVALID', `the ${prover.engineName} engine produced a proof that does not verify`);
  }
  return result;
}

/** Benchmarks the Prover against snarkjs; see the module comment. */
export async function benchProver(options: ProverBenchOptions): Promise<ProverBenchResult> {
  const { files, inputs, instance, repeats = 3, streamLength = 5, threads } = options;
  const log = options.onProgress ?? (() => undefined);
  if (inputs.length === 0) throw benchError('INVALID_ARGUMENT', 'inputs must hold at least one input', { details: { field: 'inputs' } });
  const work = await mkdtemp(join(tmpdir(), 'zkr-bench-prover-'));
  try {
    const inputFiles = await Promise.all(
      inputs.map(async (input, i) => {
        const path = join(work, `input-${i}.json`);
        await writeFile(path, toJson(circuitInput(input, instance)));
        return path;
      }),
    );
    // Peak memory first, each engine alone in the process.
    const zkrPeak = await peakRss(async () => {
      const p = await Prover.open(files, { engine: 'zkr', threads, instance });
      await proveChecked(p, inputs[0]!).finally(() => p.close());
    });
    const snarkjsPeak = await peakRss(async () => {
      const p = await Prover.open(files, { engine: 'snarkjs', instance });
      await proveChecked(p, inputs[0]!).finally(() => p.close());
    });
    log(`peak RSS: zkr ${zkrPeak.peakMb.toFixed(0)} MB, snarkjs in-process ${snarkjsPeak.peakMb.toFixed(0)} MB`);

    // Single proofs, alternated: in-process engines and the CLI.
    const zkr = await Prover.open(files, { engine: 'zkr', threads, instance });
    const snarkjs = await Prover.open(files, { engine: 'snarkjs', instance });
    const usedThreads = zkr.threads;
    const zkrRuns: ProveResult[] = [];
    const snarkjsRuns: ProveResult[] = [];
    const fullprove: number[] = [];
    const cliProve: number[] = [];
    let cliRss: number | null = null;
    const wtns = join(work, 'witness.wtns');
    try {
      await timed(['wtns', 'calculate', files.wasm, inputFiles[0]!, wtns], work);
      for (let i = 0; i < repeats; i++) {
        zkrRuns.push(await proveChecked(zkr, inputs[0]!));
        snarkjsRuns.push(await proveChecked(snarkjs, inputs[0]!));
        const full = await timed(['groth16', 'fullprove', inputFiles[0]!, files.wasm, files.zkey, join(work, 'proof.json'), join(work, 'public.json')], work);
        fullprove.push(full.ms);
        cliRss = full.rssMb === null ? null : Math.max(cliRss ?? 0, full.rssMb);
        cliProve.push((await timed(['groth16', 'prove', files.zkey, wtns, join(work, 'proof.json'), join(work, 'public.json')], work)).ms);
        log(
          `sample ${i + 1}/${repeats}: zkr prove ${zkrRuns[i]!.timings.proveMs.toFixed(0)} ms, snarkjs prove ${snarkjsRuns[i]!.timings.proveMs.toFixed(0)} ms, ` +
            `CLI fullprove ${fullprove[i]!.toFixed(0)} ms, CLI prove ${cliProve[i]!.toFixed(0)} ms`,
        );
      }
    } finally {
      await Promise.all([zkr.close(), snarkjs.close()]);
    }

    // A stream of proofs: one Prover for all vs one CLI process per proof.
    const streamInputs = Array.from({ length: streamLength }, (_, i) => inputs[i % inputs.length]!);
    const streamStart = performance.now();
    const streamer = await Prover.open(files, { engine: 'zkr', threads, instance });
    const zkrOpenMs = performance.now() - streamStart;
    try {
      for await (const r of streamer.proveStream(streamInputs)) void r;
    } finally {
      await streamer.close();
    }
    const zkrStreamMs = performance.now() - streamStart;
    log(`stream of ${streamLength}: zkr ${zkrStreamMs.toFixed(0)} ms (open ${zkrOpenMs.toFixed(0)} ms)`);
    const cliStart = performance.now();
    for (let i = 0; i < streamLength; i++) {
      await timed(['groth16', 'fullprove', inputFiles[i % inputs.length]!, files.wasm, files.zkey, join(work, 'proof.json'), join(work, 'public.json')], work);
    }
    const snarkjsCliMs = performance.now() - cliStart;

    const zkrProve = zkrRuns.map((r) => r.timings.proveMs);
    const zkrTotal = zkrRuns.map((r) => r.timings.totalMs);
    const info = readZkey(await readFile(files.zkey));
    return {
      nVars: info.nVars,
      domainSize: info.domainSize,
      threads: usedThreads,
      zkr: engineTimings(zkrRuns),
      snarkjsInProcess: engineTimings(snarkjsRuns),
      snarkjsCliFullprove: summarize(fullprove),
      snarkjsCliProve: summarize(cliProve),
      speedup: {
        proveVsInProcess: pairedSpeedup(snarkjsRuns.map((r) => r.timings.proveMs), zkrProve),
        proveVsCli: pairedSpeedup(cliProve, zkrProve),
        fullproveVsCli: pairedSpeedup(fullprove, zkrTotal),
        stream: snarkjsCliMs / zkrStreamMs,
      },
      stream: { proofs: streamLength, zkrOpenMs, zkrStreamMs, snarkjsCliMs },
      peakRssMb: { zkr: zkrPeak.peakMb, snarkjsInProcess: snarkjsPeak.peakMb, snarkjsCliFullprove: cliRss },
      msm: options.msmPoints === 0 ? null : await benchMsm(files.zkey, options.msmPoints, threads, repeats),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * MSM throughput on the zkey's own bases with random full-width scalars (the worst case: no
 * zero, one or small scalar to skip): zkr's resident workers vs ffjavascript's `multiExpAffine`.
 */
export async function benchMsm(zkeyPath: string, points = 1 << 16, threads?: number, repeats = 3): Promise<MsmThroughput> {
  const bytes = await readFile(zkeyPath);
  const info = readZkey(bytes);
  const n = Math.min(points, info.nVars);
  // Standalone copies: a view into the file's Buffer would make ffjavascript clone the whole file per task.
  const g1 = new Uint8Array(zkeySection(bytes, info, 5).subarray(0, n * 64));
  const g2 = new Uint8Array(zkeySection(bytes, info, 7).subarray(0, n * 128));
  const scalars = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) {
    randomFillSync(scalars, i * 32, 31); // 248 random bits: below r
  }
  const pool = await MsmPool.start(bn128WasmCode(), [{ id: 1, group: 1, bytes: g1 }, { id: 2, group: 2, bytes: g2 }], threads);
  const rate = (ms: number, workers: number) => n / (ms / 1000) / workers;
  const zkrG1: number[] = [];
  const zkrG2: number[] = [];
  const ffG1: number[] = [];
  const ffG2: number[] = [];
  const lease = await acquireCurve();
  const curve = lease.curve;
  try {
    pool.setScalars('s', scalars);
    for (let i = 0; i < repeats; i++) {
      for (const [section, out] of [[1, zkrG1], [2, zkrG2]] as const) {
        const t = performance.now();
        await Promise.all(pool.msm({ section, scalars: 's', offset: 0 }));
        out.push(rate(performance.now() - t, pool.size));
      }
      for (const [group, bases, out] of [[curve.G1, g1, ffG1], [curve.G2, g2, ffG2]] as const) {
        const t = performance.now();
        await group.multiExpAffine(bases, scalars);
        out.push(rate(performance.now() - t, curve.tm.concurrency));
      }
    }
  } finally {
    await pool.close();
    await lease.release();
  }
  return { points: n, threads: pool.size, zkrG1: summarize(zkrG1), zkrG2: summarize(zkrG2), ffjavascriptG1: summarize(ffG1), ffjavascriptG2: summarize(ffG2) };
}
