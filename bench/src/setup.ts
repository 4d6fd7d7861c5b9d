/**
 * Trusted-setup benchmark: zkr's dev setup (`setupDev`) against the snarkjs route to a local key
 * (powersoftau new + contribute + prepare phase2, then zkey new + one contribution), side by side in
 * one run on the same circuit, plus dev setup times at larger sizes where the snarkjs route would
 * take too long. The circuit is a multiplication chain whose r1cs is written directly (both routes
 * consume only the r1cs), sized to fill a 2^p Groth16 domain exactly.
 * Only ratios within one run are meaningful on a shared machine.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeContainer, FR_ORDER as FR, withSnarkjs, writeUintLE } from '@zkr/bn254';
import { setupDev } from '@zkr/setup';
import { benchError } from './errors';
import type { BenchTable } from './report';

/** Parameters of {@link benchSetup}. */
export interface SetupBenchOptions {
  /** Domain powers at which the dev setup is timed (default [12, 14, 16]). */
  readonly devPowers?: readonly number[];
  /** Domain power of the side-by-side comparison with the snarkjs route (default 12; <= 13). */
  readonly comparePower?: number;
  /** Worker threads of the dev setup (default: cores). */
  readonly threads?: number;
}

/** Dev setup time at one size. */
export interface DevSetupTiming {
  readonly power: number;
  readonly constraints: number;
  readonly seconds: number;
}

/** The snarkjs route at the comparison size, by stage. */
export interface SnarkjsRouteTiming {
  readonly power: number;
  readonly constraints: number;
  readonly ptauSeconds: number;
  readonly preparePhase2Seconds: number;
  readonly zkeySeconds: number;
  readonly totalSeconds: number;
}

/** The result of {@link benchSetup}. */
export interface SetupBenchResult {
  readonly dev: readonly DevSetupTiming[];
  readonly snarkjs: SnarkjsRouteTiming;
  /** Dev setup at the comparison size, timed right after the snarkjs route. */
  readonly devAtComparison: DevSetupTiming;
  /** snarkjs route time / dev time at the comparison size (above 1: dev is faster). */
  readonly speedup: number;
}


/** Constraints of the chain circuit that exactly fills a 2^power domain (rows = constraints + nPublic + 1). */
export function chainConstraints(power: number): number {
  return 2 ** power - 3;
}

/**
 * Writes the r1cs of `x*x = t0; t(i-1)*t(i-1) = t(i) - y; t(k)*y = out` with k = constraints - 2
 * (wires: 0 one, 1 out (public output), 2 y (public input), 3 x, 4.. t).
 */
export async function writeChainR1cs(path: string, constraints: number): Promise<void> {
  if (!Number.isInteger(constraints) || constraints < 3) throw benchError('INVALID_ARGUMENT', `constraints must be an integer >= 3, got ${constraints}`, { details: { field: 'constraints', value: constraints } });
  const k = constraints - 2;
  const nWires = 5 + k;
  const t = (i: number) => 4 + i;
  const term = (wire: number, coef: bigint) => {
    const b = Buffer.alloc(36);
    b.writeUInt32LE(wire, 0);
    writeUintLE(b, 4, 32, coef);
    return b;
  };
  const lc = (terms: [number, bigint][]) => Buffer.concat([u32(terms.length), ...terms.map(([w, c]) => term(w, c))]);
  const parts: Buffer[] = [lc([[3, 1n]]), lc([[3, 1n]]), lc([[t(0), 1n]])];
  for (let i = 1; i <= k; i++) parts.push(lc([[t(i - 1), 1n]]), lc([[t(i - 1), 1n]]), lc([[t(i), 1n], [2, FR - 1n]]));
  parts.push(lc([[t(k), 1n]]), lc([[2, 1n]]), lc([[1, 1n]]));
  const prime = Buffer.alloc(32);
  writeUintLE(prime, 0, 32, FR);
  const header = Buffer.concat([u32(32), prime, u32(nWires), u32(1), u32(1), u32(1), u64(BigInt(nWires)), u32(constraints)]);
  const labels = Buffer.concat(Array.from({ length: nWires }, (_, i) => u64(BigInt(i))));
  await writeFile(path, encodeContainer('r1cs', 1, [[1, header], [2, Buffer.concat(parts)], [3, labels]]));
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v, 0);
  return b;
}

function u64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v, 0);
  return b;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** Times the snarkjs route from nothing to a one-contribution zkey (the ptau is sized to the circuit). */
async function snarkjsRoute(dir: string, r1cs: string, power: number): Promise<SnarkjsRouteTiming> {
  return withSnarkjs(async (snarkjs, curve) => {
    const p = (name: string) => join(dir, name);
    const ptau = await timed(async () => {
      await snarkjs.powersOfTau.newAccumulator(curve, power, p('0.ptau'));
      await snarkjs.powersOfTau.contribute(p('0.ptau'), p('1.ptau'), 'bench', 'bench entropy');
    });
    const prepare = await timed(() => snarkjs.powersOfTau.preparePhase2(p('1.ptau'), p('final.ptau')));
    const zkey = await timed(async () => {
      await snarkjs.zKey.newZKey(r1cs, p('final.ptau'), p('0.zkey'));
      await snarkjs.zKey.contribute(p('0.zkey'), p('1.zkey'), 'bench', 'bench entropy');
    });
    return {
      power,
      constraints: chainConstraints(power),
      ptauSeconds: ptau.seconds,
      preparePhase2Seconds: prepare.seconds,
      zkeySeconds: zkey.seconds,
      totalSeconds: ptau.seconds + prepare.seconds + zkey.seconds,
    };
  });
}

async function devRoute(dir: string, power: number, threads: number | undefined): Promise<DevSetupTiming> {
  const r1cs = join(dir, `chain-${power}.r1cs`);
  await writeChainR1cs(r1cs, chainConstraints(power));
  const { seconds } = await timed(() => setupDev(r1cs, join(dir, `dev-${power}.zkey`), { threads }));
  await rm(join(dir, `dev-${power}.zkey`), { force: true });
  return { power, constraints: chainConstraints(power), seconds };
}

/** Runs the setup benchmark (see the module header). Temporary files are removed afterwards. */
export async function benchSetup(options: SetupBenchOptions = {}): Promise<SetupBenchResult> {
  const devPowers = options.devPowers ?? [12, 14, 16];
  const comparePower = options.comparePower ?? 12;
  for (const p of [...devPowers, comparePower]) {
    if (!Number.isInteger(p) || p < 3 || p > 22) {
      throw benchError('INVALID_ARGUMENT', `setup bench powers must be integers 3..22, got ${p}`, { details: { field: 'power', value: p } });
    }
  }
  if (comparePower > 13) {
    throw benchError('INVALID_ARGUMENT', `comparePower must be <= 13 (snarkjs prepare phase2 takes 30+ min at 2^16), got ${comparePower}`, {
      details: { field: 'comparePower', value: comparePower },
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'zkr-bench-setup-'));
  try {
    const compareR1cs = join(dir, `chain-${comparePower}.r1cs`);
    await writeChainR1cs(compareR1cs, chainConstraints(comparePower));
    const snarkjs = await snarkjsRoute(dir, compareR1cs, comparePower);
    const devAtComparison = await devRoute(dir, comparePower, options.threads);
    const dev: DevSetupTiming[] = [];
    for (const power of devPowers) dev.push(await devRoute(dir, power, options.threads));
    return { dev, snarkjs, devAtComparison, speedup: snarkjs.totalSeconds / devAtComparison.seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Report tables of a setup benchmark result. */
export function setupTables(result: SetupBenchResult): BenchTable[] {
  const s = result.snarkjs;
  const f = (x: number) => x.toFixed(1);
  return [
    {
      id: 'setup-compare',
      title: `Groth16 setup at 2^${s.power} (${s.constraints} constraints): zkr dev vs snarkjs ptau route`,
      columns: ['route', 'ptau new+contribute (s)', 'prepare phase2 (s)', 'zkey new+contribute (s)', 'total (s)'],
      rows: [
        ['snarkjs', f(s.ptauSeconds), f(s.preparePhase2Seconds), f(s.zkeySeconds), f(s.totalSeconds)],
        ['zkr setupDev (DEVELOPMENT ONLY)', '-', '-', '-', f(result.devAtComparison.seconds)],
      ],
      notes: [`speedup (snarkjs total / zkr dev): ${result.speedup.toFixed(1)}x, same run, same circuit`],
    },
    {
      id: 'setup-dev',
      title: 'zkr dev setup time by circuit size',
      columns: ['domain', 'constraints', 'seconds'],
      rows: result.dev.map((d) => [`2^${d.power}`, String(d.constraints), f(d.seconds)]),
      notes: ['multiplication-chain r1cs filling the domain; dev keys are for development only'],
    },
  ];
}
