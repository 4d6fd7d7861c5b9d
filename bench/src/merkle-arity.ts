/**
 * Merkle arity for the account tree: the binary Poseidon(2) tree of v1 against arity 4 (Poseidon(4),
 * or Poseidon(5) with a constant domain element) and arity 8 (Poseidon(8)), measured in circuit
 * constraints (circom2 --O2, per selector, per level, per membership + update proof at D = 24 and 32)
 * and in builder speed (JS Poseidon from @zkr/state, both implementations: path hash and leaf update).
 * `node bench/dist/merkle-arity.js [out.md]` writes the Markdown report (bench/results/merkle-arity.md).
 */
import { randomInt } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createPoseidon, type Poseidon, type PoseidonImplementation } from '@zkr/state';
import { compileMerkleCircuit, type CompiledMerkleCircuit, type MerkleMain } from './merkle-arity-compile';
import { arityOf, arityRoot, hashInputsOf, levelsFor, SparseArityTree, TREE_VARIANTS, type TreeVariant } from './merkle-arity-tree';
import { benchError } from './errors';
import { summarize } from './stats';

/** Leaves-depth equivalents measured: trees holding at least 2^D leaves. */
export const MERKLE_DEPTHS: readonly number[] = Object.freeze([24, 32]);

/** Bytes of one sibling (a BN254 field element). */
const FIELD_BYTES = 32;

/** The main component of a variant's membership + update proof for 2^depth leaves. */
export function updateMain(variant: TreeVariant, depth: number): MerkleMain {
  const levels = levelsFor(variant, depth);
  return { name: `update-${variant.id}-${levels}`, include: 'tree_update.circom', component: `TreeUpdate(${variant.k}, ${levels}, ${variant.tagged ? 1 : 0})` };
}

/** Constraints of one circomlib Poseidon(n) with n signal inputs. */
export interface PoseidonCost {
  readonly inputs: number;
  readonly constraints: number;
}

/** Constraints of placing the node among its siblings from the index bits. */
export interface SelectorCost {
  readonly arity: number;
  /** `prefix`: bench/merkle/position_select.circom; `multimux`: circomlib MultiMux2. */
  readonly method: 'prefix' | 'multimux';
  readonly constraints: number;
}

/** One level and one membership + update proof of a variant at one depth. */
export interface UpdateCost {
  readonly variant: TreeVariant;
  readonly depth: number;
  readonly levels: number;
  /** Constraints of one level (selector + node hash). */
  readonly levelConstraints: number;
  /** Constraints of the membership + update proof (two roots over the same siblings, leaf hashes excluded). */
  readonly constraints: number;
  readonly wires: number;
  /** Siblings per proof: (arity - 1) x levels. */
  readonly siblings: number;
}

/** The v1 circuit itself, for the baseline: bench/merkle/account_update.circom and bench/merkle/merkle.circom (moved from circuits/ by protocol v2). */
export interface V1Baseline {
  readonly depth: number;
  /** AccountUpdate(D): two Poseidon(4) leaf hashes + two MerkleRoot(D) + 2 constraints. */
  readonly accountUpdate: number;
  /** MerkleRoot(D). */
  readonly merkleRoot: number;
  /** Poseidon(4) (the leaf hash). */
  readonly leafHash: number;
}

/** Builder cost of one variant at one depth with one Poseidon implementation (medians, microseconds). */
export interface BuilderCost {
  readonly variant: TreeVariant;
  readonly depth: number;
  readonly implementation: PoseidonImplementation;
  /** One node hash (Poseidon of `hashInputsOf(variant)` inputs). */
  readonly hashMicros: number;
  /** Root from a leaf and its proof (`levels` node hashes). */
  readonly pathMicros: number;
  /** `set` of a leaf in a sparse tree already holding `accounts` leaves (`levels` node hashes). */
  readonly updateMicros: number;
}

/** Everything {@link measureMerkleArity} measured. */
export interface MerkleArityResult {
  readonly compilerFlags: string;
  readonly poseidon: readonly PoseidonCost[];
  readonly selectors: readonly SelectorCost[];
  readonly updates: readonly UpdateCost[];
  readonly baseline: readonly V1Baseline[];
  readonly builder: readonly BuilderCost[];
  /** Leaves in the sparse trees of the builder timings. */
  readonly accounts: number;
  /** Timed operations per builder sample. */
  readonly operations: number;
}

/** Options of {@link measureMerkleArity}. */
export interface MerkleArityOptions {
  /** Compile cache (default `<cacheRoot()>/bench-merkle`). */
  readonly cacheDir?: string;
  /** Leaves stored before timing updates (default 200). */
  readonly accounts?: number;
  /** Timed operations per sample (default 50); five samples per figure. */
  readonly operations?: number;
  /** Skip the builder timings (constraints only). */
  readonly skipBuilder?: boolean;
  readonly onProgress?: (message: string) => void;
}

async function constraintsOf(main: MerkleMain, cacheDir: string | undefined, onProgress: (m: string) => void): Promise<CompiledMerkleCircuit> {
  const compiled = await compileMerkleCircuit(main, cacheDir);
  onProgress(`${main.component}: ${compiled.constraints} constraints${compiled.cached ? ' (cached)' : ''}`);
  return compiled;
}

async function measureCircuits(options: MerkleArityOptions): Promise<Pick<MerkleArityResult, 'poseidon' | 'selectors' | 'updates' | 'baseline'>> {
  const progress = options.onProgress ?? (() => undefined);
  const count = async (main: MerkleMain) => (await constraintsOf(main, options.cacheDir, progress)).constraints;
  const poseidon: PoseidonCost[] = [];
  for (const inputs of [2, 4, 5, 8, 9]) {
    poseidon.push({ inputs, constraints: await count({ name: `poseidon-${inputs}`, include: 'circomlib/circuits/poseidon.circom', component: `Poseidon(${inputs})` }) });
  }
  const selectors: SelectorCost[] = [];
  for (const k of [1, 2, 3]) {
    selectors.push({ arity: 1 << k, method: 'prefix', constraints: await count({ name: `select-${k}`, include: 'position_select.circom', component: `PositionSelect(${k})` }) });
  }
  selectors.push({ arity: 4, method: 'multimux', constraints: await count({ name: 'select-mux-2', include: 'quad_select_mux.circom', component: 'QuadSelectMux()' }) });
  const updates: UpdateCost[] = [];
  for (const variant of TREE_VARIANTS) {
    const levelConstraints = await count({ name: `level-${variant.id}`, include: 'tree_level.circom', component: `TreeLevel(${variant.k}, ${variant.tagged ? 1 : 0})` });
    for (const depth of MERKLE_DEPTHS) {
      const compiled = await constraintsOf(updateMain(variant, depth), options.cacheDir, progress);
      const levels = levelsFor(variant, depth);
      updates.push({ variant, depth, levels, levelConstraints, constraints: compiled.constraints, wires: compiled.wires, siblings: levels * (arityOf(variant) - 1) });
    }
  }
  const leafHash = poseidon.find((p) => p.inputs === 4)!.constraints;
  const baseline: V1Baseline[] = [];
  for (const depth of MERKLE_DEPTHS) {
    baseline.push({
      depth,
      leafHash,
      accountUpdate: await count({ name: `v1-account-update-${depth}`, include: 'account_update.circom', component: `AccountUpdate(${depth})` }),
      merkleRoot: await count({ name: `v1-merkle-root-${depth}`, include: 'merkle.circom', component: `MerkleRoot(${depth})` }),
    });
  }
  return { poseidon, selectors, updates, baseline };
}

const randomField = (): bigint => BigInt(randomInt(2 ** 47)) * BigInt(randomInt(2 ** 47)) + 1n;

/** Microseconds per call of `op` over `operations` calls. */
function microsPerCall(operations: number, op: (i: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < operations; i++) op(i);
  return ((performance.now() - start) * 1000) / operations;
}

/** The three timed operations of one variant on a filled sparse tree. */
function builderCase(poseidon: Poseidon, variant: TreeVariant, depth: number, accounts: number): Record<'hash' | 'path' | 'update', (i: number) => void> {
  const tree = new SparseArityTree(poseidon, variant, levelsFor(variant, depth));
  const indices = Array.from({ length: accounts }, () => randomInt(2 ** Math.min(depth, 47)));
  for (const index of indices) tree.set(index, randomField());
  const children = Array.from({ length: arityOf(variant) }, randomField);
  const inputs = variant.tagged ? [...children, 1n] : children;
  const proofs = indices.slice(0, 16).map((index) => ({ index, siblings: tree.siblings(index) }));
  const leaves = Array.from({ length: 64 }, randomField);
  return {
    hash: () => poseidon.hash(inputs),
    path: (i) => arityRoot(poseidon, variant, proofs[i % proofs.length].index, leaves[i % leaves.length], proofs[i % proofs.length].siblings),
    update: (i) => tree.set(indices[i % indices.length], leaves[i % leaves.length]),
  };
}

/**
 * Builder timings at each depth and implementation. The variants are timed in interleaved rounds
 * (one sample of each per round, five rounds, medians), so drift on a shared machine hits all alike.
 */
function measureBuilder(poseidons: readonly Poseidon[], accounts: number, operations: number, onProgress: (m: string) => void): BuilderCost[] {
  const rows: BuilderCost[] = [];
  for (const depth of MERKLE_DEPTHS) {
    for (const poseidon of poseidons) {
      const cases = TREE_VARIANTS.map((variant) => builderCase(poseidon, variant, depth, accounts));
      const samples = cases.map(() => ({ hash: [] as number[], path: [] as number[], update: [] as number[] }));
      for (const c of cases) for (const op of [c.hash, c.path, c.update]) microsPerCall(Math.min(operations, 10), op);
      for (let round = 0; round < 5; round++) {
        cases.forEach((c, v) => {
          samples[v].hash.push(microsPerCall(operations, c.hash));
          samples[v].path.push(microsPerCall(operations, c.path));
          samples[v].update.push(microsPerCall(operations, c.update));
        });
      }
      TREE_VARIANTS.forEach((variant, v) => {
        const row: BuilderCost = {
          variant,
          depth,
          implementation: poseidon.implementation,
          hashMicros: summarize(samples[v].hash).median,
          pathMicros: summarize(samples[v].path).median,
          updateMicros: summarize(samples[v].update).median,
        };
        onProgress(`builder ${variant.id} D=${depth} ${poseidon.implementation}: update ${row.updateMicros.toFixed(0)} us`);
        rows.push(row);
      });
    }
  }
  return rows;
}

/** Compiles and measures every variant (see the module header); takes about a minute cold, seconds when cached. */
export async function measureMerkleArity(options: MerkleArityOptions = {}): Promise<MerkleArityResult> {
  const accounts = options.accounts ?? 200;
  const operations = options.operations ?? 50;
  const circuits = await measureCircuits(options);
  const poseidons = options.skipBuilder ? [] : [await createPoseidon('lite'), await createPoseidon('wasm')];
  const builder = measureBuilder(poseidons, accounts, operations, options.onProgress ?? (() => undefined));
  return { compilerFlags: 'circom2 --O2', ...circuits, builder, accounts, operations };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function variantLabel(v: TreeVariant): string {
  return `${v.id} (arity ${arityOf(v)}, Poseidon(${hashInputsOf(v)})${v.tagged ? ' with constant domain input' : ''})`;
}

/** The update cost of `id` at `depth` (throws if it was not measured). */
function updateOf(result: MerkleArityResult, id: TreeVariant['id'], depth: number): UpdateCost {
  return result.updates.find((u) => u.variant.id === id && u.depth === depth)!;
}

/** The result as Markdown (tables, then the recommendation derived from the figures). */
export function merkleArityMarkdown(result: MerkleArityResult, command: string): string {
  const lines: string[] = ['# Merkle arity for the account tree (issue 11, "Merkle cost")', ''];
  lines.push(`Measured with \`${command}\`. Constraints: ${result.compilerFlags}, circomlib's Poseidon; templates in bench/merkle/.`, '');
  lines.push('## Poseidon(n), all inputs signals', '', '| n | constraints |', '|---|---|');
  for (const p of result.poseidon) lines.push(`| ${p.inputs} | ${n(p.constraints)} |`);
  lines.push('', 'A constant input costs 3 constraints less than a signal one (its first S-box folds): the tagged Poseidon(5) node below costs Poseidon(5) - 3.', '');
  lines.push('## Placing the node among its siblings (index bits given, booleans from the shared Num2Bits of the index)', '', '| arity | method | constraints | per binary level |', '|---|---|---|---|');
  for (const s of result.selectors) lines.push(`| ${s.arity} | ${s.method === 'prefix' ? 'prefix sums (position_select.circom)' : 'circomlib MultiMux2'} | ${s.constraints} | ${(s.constraints / Math.log2(s.arity)).toFixed(2)} |`);
  lines.push('');
  lines.push('## One membership + update proof (two roots over the same siblings, as AccountUpdate; the two leaf hashes excluded, they do not depend on the arity)', '');
  lines.push('| variant | D | levels | leaves | level | per binary level | proof constraints | vs binary | wires | siblings | sibling bytes |', '|---|---|---|---|---|---|---|---|---|---|---|');
  for (const u of result.updates) {
    const binary = updateOf(result, 'binary', u.depth);
    lines.push(`| ${variantLabel(u.variant)} | ${u.depth} | ${u.levels} | 2^${u.levels * u.variant.k} | ${n(u.levelConstraints)} | ${(u.levelConstraints / u.variant.k).toFixed(1)} | ${n(u.constraints)} | ${pct(u.constraints / binary.constraints)} | ${n(u.wires)} | ${u.siblings} | ${n(u.siblings * FIELD_BYTES)} |`);
  }
  lines.push('');
  lines.push('## Per transfer (2 account updates: sender and receiver, i.e. four Merkle paths)', '', '| variant | D | Merkle constraints per transfer | saving vs binary |', '|---|---|---|---|');
  for (const u of result.updates) {
    const binary = updateOf(result, 'binary', u.depth);
    lines.push(`| ${u.variant.id} | ${u.depth} | ${n(2 * u.constraints)} | ${n(2 * (binary.constraints - u.constraints))} |`);
  }
  lines.push('', '## v1 baseline (the real circuits/*.circom)', '', '| D | AccountUpdate(D) | MerkleRoot(D) | leaf Poseidon(4) | AccountUpdate - 2 leaf hashes | binary proof above |', '|---|---|---|---|---|---|');
  for (const b of result.baseline) {
    lines.push(`| ${b.depth} | ${n(b.accountUpdate)} | ${n(b.merkleRoot)} | ${n(b.leafHash)} | ${n(b.accountUpdate - 2 * b.leafHash)} | ${n(updateOf(result, 'binary', b.depth).constraints)} |`);
  }
  if (result.builder.length > 0) {
    lines.push('', `## Builder speed (JS, @zkr/state's Poseidon; medians of 5 interleaved rounds x ${result.operations} operations; sparse tree holding ${result.accounts} random leaves)`, '');
    lines.push('| variant | D | Poseidon | node hashes per update | node hash (us) | path root (us) | leaf update (us) | update vs binary |', '|---|---|---|---|---|---|---|---|');
    for (const b of result.builder) {
      const binary = result.builder.find((x) => x.variant.id === 'binary' && x.depth === b.depth && x.implementation === b.implementation)!;
      lines.push(`| ${b.variant.id} | ${b.depth} | ${b.implementation} | ${levelsFor(b.variant, b.depth)} | ${b.hashMicros.toFixed(1)} | ${b.pathMicros.toFixed(0)} | ${b.updateMicros.toFixed(0)} | ${(b.updateMicros / binary.updateMicros).toFixed(2)}x |`);
    }
    lines.push('', 'path root = root from a leaf and its proof; leaf update = set in the sparse tree (reads the siblings, one node hash per level). Shared machine (2 cores, other jobs running): compare rows of one run, not runs.');
  }
  return `${lines.join('\n')}\n`;
}

/** The heading of the hand-written section that {@link writeMerkleArityReport} keeps across regenerations. */
export const RECOMMENDATION_HEADING = '## Recommendation';

/**
 * Writes the report to `path` atomically (temp file + rename), keeping the `## Recommendation`
 * section (and what follows it) of the file already there, which is written by hand from the figures.
 */
export async function writeMerkleArityReport(path: string, markdown: string): Promise<void> {
  const previous = await readFile(path, 'utf8').catch(() => '');
  const at = previous.indexOf(`\n${RECOMMENDATION_HEADING}`);
  const kept = at >= 0 ? previous.slice(at) : '';
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, markdown + kept);
    await rename(tmp, path);
  } catch (cause) {
    throw benchError('FILE_UNWRITABLE', `cannot write the Merkle arity report ${path}; pass a writable path as the first argument`, { details: { path }, cause });
  }
}

if (require.main === module) {
  const out = process.argv[2] ?? 'bench/results/merkle-arity.md';
  measureMerkleArity({ onProgress: (m) => process.stderr.write(`${m}\n`) })
    .then((result) => writeMerkleArityReport(out, merkleArityMarkdown(result, `npx tsc -b bench/tsconfig.build.json && ZKR_CACHE_DIR=.zkr node bench/dist/merkle-arity.js ${out}`)))
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
