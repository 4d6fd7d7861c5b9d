/**
 * Benchmark profiles: which instances and how many repetitions. `quick` is the default of
 * `npm run bench` (about 10 minutes here); `full` sizes larger instances; `smoke` keeps the harness
 * working in CI in about a minute and measures nothing worth quoting.
 */
import { DEFAULT_INSTANCE, resolveInstance, type CircuitInstance } from '@zkr/circuits';
import { benchError } from './errors';

/** The instance `Batch(depth, batchSize, 1, 1)`: one queue and one withdrawal position (the defaults). */
const at = (depth: number, batchSize: number): CircuitInstance => resolveInstance({ depth, batchSize });

/** What one profile measures. */
export interface BenchProfile {
  readonly name: 'smoke' | 'quick' | 'full';
  /** Rough wall-clock estimate on a 2-core machine with warm caches, in minutes, told up front. */
  readonly expectedMinutes: string;
  readonly builder: { readonly depth: number; readonly accounts: number; readonly transfers: number; readonly repeats: number; readonly hashes: number };
  /** Instances whose constraints are counted (compiles are cached). */
  readonly constraints: readonly CircuitInstance[];
  /** Setup benchmark, or null to skip. */
  readonly setup: { readonly devPowers: readonly number[]; readonly comparePower: number } | null;
  /** Instances proved by zkr and snarkjs side by side (dev keys, cached). */
  readonly prover: readonly CircuitInstance[];
  readonly proverRepeats: number;
  readonly streamLength: number;
  /** Instances settled on the in-process chain for gas (one deployment each). */
  readonly gas: readonly CircuitInstance[];
  readonly gasBatches: number;
}

const PROFILES: Readonly<Record<BenchProfile['name'], BenchProfile>> = {
  smoke: {
    name: 'smoke',
    expectedMinutes: '1-3 (needs the default instance compiled; reuses cached dev keys)',
    builder: { depth: 32, accounts: 8, transfers: 8, repeats: 1, hashes: 500 },
    constraints: [DEFAULT_INSTANCE],
    setup: null,
    prover: [],
    proverRepeats: 1,
    streamLength: 1,
    gas: [],
    gasBatches: 1,
  },
  quick: {
    name: 'quick',
    expectedMinutes: '6-10 (first run: +5 for compiling and setting up two instances)',
    builder: { depth: 32, accounts: 64, transfers: 64, repeats: 3, hashes: 5000 },
    constraints: [DEFAULT_INSTANCE, at(8, 1)],
    setup: { devPowers: [12, 14, 16], comparePower: 12 },
    prover: [DEFAULT_INSTANCE],
    proverRepeats: 3,
    streamLength: 5,
    gas: [at(8, 1), DEFAULT_INSTANCE],
    gasBatches: 2,
  },
  full: {
    name: 'full',
    expectedMinutes: '90-180 (compiles and dev setups of 2^18-2^20 circuits dominate the first run)',
    builder: { depth: 32, accounts: 256, transfers: 128, repeats: 5, hashes: 20000 },
    constraints: [8, 16, 24, 32].flatMap((depth) => [1, 2, 4, 8].map((batchSize) => at(depth, batchSize))),
    setup: { devPowers: [12, 14, 16, 17, 18], comparePower: 13 },
    prover: [DEFAULT_INSTANCE, at(16, 4), at(24, 8)],
    proverRepeats: 3,
    streamLength: 5,
    gas: [1, 2, 4, 8, 16].map((batchSize) => at(16, batchSize)),
    gasBatches: 2,
  },
};

/**
 * The profile whose results are committed (`bench/results/latest.md`, its charts, quoted in the
 * README): only its runs write those names; every other profile's files carry its name.
 */
export const REFERENCE_PROFILE: BenchProfile['name'] = 'quick';

/** The names `--profile` accepts. */
export const PROFILE_NAMES = Object.keys(PROFILES) as readonly BenchProfile['name'][];

/** The profile called `name`; `INVALID_ARGUMENT` for an unknown one. */
export function benchProfile(name: string): BenchProfile {
  if (!(PROFILE_NAMES as readonly string[]).includes(name)) {
    throw benchError('INVALID_ARGUMENT', `--profile must be one of ${PROFILE_NAMES.join(', ')}, got ${JSON.stringify(name)}`, {
      details: { field: '--profile', value: name },
    });
  }
  return PROFILES[name as BenchProfile['name']];
}
