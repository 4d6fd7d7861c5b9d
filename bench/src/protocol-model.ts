/**
 * The constraint model that extends full compiles to batch sizes circom2 cannot compile here (or
 * that would take too long on a shared machine): per component, constraints = a + b·N + c·blocks(N),
 * where blocks(N) is the number of 64-byte SHA-256 blocks of the hashed data. Every slot of the
 * batch circuit is the same template and the hash is a chain of identical compression blocks, so
 * the model is exact up to what circom's --O2 folds in the blocks that hold constant padding bits;
 * it is fitted on three full compiles and checked against every other full compile.
 */
import { COMPONENTS, type Component, type ComponentCounts } from './constraint-split';
import { benchError } from './errors';

/** Bytes hashed in-circuit by protocol version 1 (`100 + 24·N`: three field elements, the fee recipient, 24-byte slots). */
export function v1DataBytes(batchSize: number): number {
  return 100 + 24 * batchSize;
}

/** Bytes of the version 2 batch data (docs/protocol.md §7): `H + S·N` with `I = ceil(D/8)`, `H = 36 + I`, `S = 2·I + 6`. */
export function v2DataBytes(depth: number, batchSize: number): number {
  const indexBytes = Math.ceil(depth / 8);
  return 36 + indexBytes + (2 * indexBytes + 6) * batchSize;
}

/** 64-byte SHA-256 blocks of a message of `bytes` bytes (with the 0x80 byte and the 8-byte length). */
export function sha256BlockCount(bytes: number): number {
  return Math.ceil((bytes + 9) / 64);
}

/** SHA-256 blocks the batch circuit of a protocol version hashes. */
export function dataBlocks(version: 1 | 2, depth: number, batchSize: number): number {
  return sha256BlockCount(version === 1 ? v1DataBytes(batchSize) : v2DataBytes(depth, batchSize));
}

/** One full compile the model is fitted on or checked against. */
export interface ModelPoint {
  readonly batchSize: number;
  readonly blocks: number;
  readonly counts: ComponentCounts;
}

/** Per component: constraints = base + perSlot·N + perBlock·blocks. */
export interface ConstraintModel {
  readonly base: Readonly<Record<Component, number>>;
  readonly perSlot: Readonly<Record<Component, number>>;
  readonly perBlock: Readonly<Record<Component, number>>;
  /** The batch sizes it was fitted on. */
  readonly fittedOn: readonly number[];
}

const det3 = (m: readonly (readonly number[])[]): number =>
  m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);

/**
 * Fits the model exactly through three points (Cramer's rule). `INVALID_ARGUMENT` unless there
 * are three points whose (1, N, blocks) rows are independent (blocks not affine in N across them).
 */
export function fitModel(points: readonly ModelPoint[]): ConstraintModel {
  const rows = points.map((p) => [1, p.batchSize, p.blocks]);
  const d = points.length === 3 ? det3(rows) : 0;
  if (d === 0) {
    throw benchError('INVALID_ARGUMENT', `the constraint model needs three compiles whose SHA-256 block counts are not affine in N, got N = ${points.map((p) => p.batchSize).join(', ')} with blocks ${points.map((p) => p.blocks).join(', ')}; fit on other batch sizes`, {
      details: { field: 'fitSizes', value: points.map((p) => p.batchSize) },
    });
  }
  const base: Record<string, number> = {};
  const perSlot: Record<string, number> = {};
  const perBlock: Record<string, number> = {};
  for (const component of COMPONENTS) {
    const y = points.map((p) => p.counts[component]);
    const replaced = (column: number) => rows.map((row, i) => row.map((value, j) => (j === column ? y[i] : value)));
    base[component] = det3(replaced(0)) / d;
    perSlot[component] = det3(replaced(1)) / d;
    perBlock[component] = det3(replaced(2)) / d;
  }
  return {
    base: base as Record<Component, number>,
    perSlot: perSlot as Record<Component, number>,
    perBlock: perBlock as Record<Component, number>,
    fittedOn: points.map((p) => p.batchSize),
  };
}

/** The model's constraint counts at batch size `batchSize` with `blocks` SHA-256 blocks (rounded to integers). */
export function predict(model: ConstraintModel, batchSize: number, blocks: number): ComponentCounts {
  const counts = Object.fromEntries(
    COMPONENTS.map((c) => [c, Math.round(model.base[c] + model.perSlot[c] * batchSize + model.perBlock[c] * blocks)]),
  ) as Record<Component, number>;
  return { ...counts, total: COMPONENTS.reduce((sum, c) => sum + counts[c], 0) };
}
