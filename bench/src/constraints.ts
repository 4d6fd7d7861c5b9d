/**
 * Constraint counts of the batch circuit over a grid of instances (tree depth D x batch size N, with
 * the default Q = W = 1),
 * compiled with circom2 --O2 (cached by @zkr/circuits) and split by component through the
 * `.sym` file. Compile-only: no setup, no proving.
 */
import { compileCircuit, constraintBreakdown, sha256Blocks, type CircuitInstance, type ConstraintBreakdown } from '@zkr/circuits';
import type { BenchTable } from './report';

/** The grid of the README table. */
export const CONSTRAINT_GRID = Object.freeze({ depths: [8, 16, 24, 32], batchSizes: [1, 2, 4, 8] });

/** One instance's constraint counts. */
export interface ConstraintRow extends CircuitInstance {
  readonly constraints: number;
  /** `constraints / N`: the whole circuit amortized over its slots. */
  readonly perTransfer: number;
  /** 64-byte SHA-256 blocks of the batch data (docs/protocol.md §7: header, Q queue entries, N slots, W withdrawals). */
  readonly sha256Blocks: number;
  /** Smallest k with constraints + N + 2 <= 2^k (the Groth16 domain / ptau power needed). */
  readonly domainPower: number;
  readonly breakdown: ConstraintBreakdown;
}

/** Options of {@link constraintTable}. */
export interface ConstraintTableOptions {
  readonly depths?: readonly number[];
  readonly batchSizes?: readonly number[];
  readonly cacheDir?: string;
  readonly onProgress?: (message: string) => void;
}

/** Compiles (or reuses) every instance of the grid, one at a time, and counts its constraints. */
export async function constraintTable(options: ConstraintTableOptions = {}): Promise<ConstraintRow[]> {
  const rows: ConstraintRow[] = [];
  for (const batchSize of options.batchSizes ?? CONSTRAINT_GRID.batchSizes) {
    for (const depth of options.depths ?? CONSTRAINT_GRID.depths) {
      const compiled = await compileCircuit({ depth, batchSize }, { cacheDir: options.cacheDir, onProgress: options.onProgress });
      rows.push({
        ...compiled.instance,
        constraints: compiled.constraints,
        perTransfer: Math.round(compiled.constraints / batchSize),
        sha256Blocks: sha256Blocks(compiled.instance),
        domainPower: Math.ceil(Math.log2(compiled.constraints + batchSize + 2)),
        breakdown: await constraintBreakdown(compiled),
      });
    }
  }
  return rows;
}

const thousands = (n: number): string => n.toLocaleString('en-US');

/** The rows as a report table (one line per instance). */
export function constraintBenchTable(rows: readonly ConstraintRow[]): BenchTable {
  return {
    id: 'constraints',
    title: 'Batch circuit constraints (circom2 --O2)',
    columns: ['D', 'N', 'Q', 'W', 'constraints', 'per transfer', 'Merkle', 'signature', 'range checks', 'queue hash', 'state hashes', 'batch-data SHA-256', 'other', 'SHA blocks', 'domain'],
    rows: rows.map((r) => [
      String(r.depth),
      String(r.batchSize),
      String(r.queuePositions),
      String(r.withdrawalPositions),
      thousands(r.constraints),
      thousands(r.perTransfer),
      thousands(r.breakdown.merkle),
      thousands(r.breakdown.signature),
      thousands(r.breakdown.rangeChecks),
      thousands(r.breakdown.queueHash),
      thousands(r.breakdown.stateHash),
      thousands(r.breakdown.batchDataHash),
      thousands(r.breakdown.other),
      String(r.sha256Blocks),
      `2^${r.domainPower}`,
    ]),
    notes: [
      'Split by the .sym name of each constraint\'s wires: the bits of indices, op words and fee bytes are shared by their range check and the SHA-256 input and count as range checks.',
      'per transfer = constraints / N (the queue and withdrawal positions included); each SHA-256 block of the batch data costs about 26k constraints, each public input about 6.6k gas per verification.',
    ],
  };
}
