/**
 * G1 MSM throughput of the native engine (@zkr/native) against the wasm engine (ffjavascript's
 * bn128 `G1.multiExpAffine`) on the same random bases and scalars, at 1 and 2 threads; checks that
 * both engines return the same point. Prints a Markdown table (median of `runs` runs).
 * `node -r ./packages/test-helpers/ts-register.js bench/src/native-msm.ts [log2 sizes, default 16,18] [runs, default 3]`
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { acquireCurve, ffjavascript, FR_ORDER, type Bn128 } from '@zkr/bn254';
import { msmG1, nativeStatus } from '@zkr/native';
import { benchError } from './errors';

/** One measured configuration. */
export interface MsmFigure {
  readonly engine: 'native' | 'wasm';
  readonly log2n: number;
  readonly threads: number;
  readonly seconds: number;
}

/** `n` distinct affine bases (Montgomery, as a zkey stores them): a random walk over 16 random multiples of G. */
function randomBases(curve: Bn128, n: number): Uint8Array {
  const { G1, Fr } = curve;
  const steps = Array.from({ length: 16 }, () => G1.timesFr(G1.g, Fr.random()));
  const out = new Uint8Array(n * 64);
  let point = G1.g;
  const choice = randomBytes(n);
  for (let i = 0; i < n; i++) {
    point = G1.add(point, steps[choice[i]! & 15]!);
    out.set(G1.toAffine(point), i * 64);
  }
  return out;
}

/** `n` random scalars below r, little-endian. */
function randomScalars(n: number): Uint8Array {
  const out = randomBytes(n * 32);
  for (let i = 0; i < n; i++) {
    let s = 0n;
    for (let k = 31; k >= 0; k--) s = (s << 8n) | BigInt(out[i * 32 + k]!);
    s %= FR_ORDER;
    for (let k = 0; k < 32; k++) out[i * 32 + k] = Number((s >> BigInt(8 * k)) & 0xffn);
  }
  return out;
}

async function median(runs: number, run: () => Promise<Uint8Array> | Uint8Array): Promise<{ seconds: number; point: Uint8Array }> {
  const times: number[] = [];
  let point: Uint8Array = new Uint8Array();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    point = await run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, point };
}

/** Measures both engines at every size in `log2Sizes`, 1 and 2 threads. */
export async function measureNativeMsm(log2Sizes: readonly number[], runs: number): Promise<MsmFigure[]> {
  const status = nativeStatus();
  if (!status.available) throw benchError('INVALID_ARGUMENT', `the native engine is unavailable (${status.reason})`, { details: { reason: status.reason } });
  const lease = await acquireCurve();
  const single = await ffjavascript().buildBn128(true);
  const figures: MsmFigure[] = [];
  try {
    for (const log2n of log2Sizes) {
      const n = 2 ** log2n;
      const bases = randomBases(single, n);
      const scalars = randomScalars(n);
      for (const [threads, curve] of [[1, single], [2, lease.curve]] as const) {
        const wasm = await median(runs, async () => curve.G1.toAffine(await curve.G1.multiExpAffine(bases, scalars)));
        const native = await median(runs, () => msmG1(bases, scalars, threads));
        if (!Buffer.from(native.point).equals(Buffer.from(wasm.point))) throw benchError('BENCH_INVALID', `the engines disagree at n = 2^${log2n}, ${threads} threads (a bug: report it)`, { details: { log2n, threads } });
        figures.push({ engine: 'wasm', log2n, threads, seconds: wasm.seconds }, { engine: 'native', log2n, threads, seconds: native.seconds });
      }
    }
  } finally {
    await single.terminate();
    await lease.release();
  }
  return figures;
}

/** The figures as a Markdown table. */
export function msmTable(figures: readonly MsmFigure[]): string {
  const rows = figures.map((f) => {
    const rate = 2 ** f.log2n / f.seconds;
    return `| 2^${f.log2n} | ${f.engine} | ${f.threads} | ${f.seconds.toFixed(3)} | ${Math.round(rate / 1000)}k | ${Math.round(rate / f.threads / 1000)}k |`;
  });
  return ['| n | engine | threads | seconds | points/s | points/s per thread |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '16,18').split(',').map(Number);
  const runs = Number(process.argv[3] ?? '3');
  console.log(msmTable(await measureNativeMsm(sizes, runs)));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
