/**
 * The v3 constraint bench (issue 14; `node -r ./packages/test-helpers/ts-register.js bench/src/protocol-v3.ts [out.md] [--depths=..]`): what the v3 batch circuit `Batch(D, N, Q, W)` pays per consumed
 * queue operation (§12) and per withdrawal position (§11) against a transfer slot, at D = 8, 16,
 * 24, 32, written to bench/results/protocol-v3.md. Per depth, four full compiles of the working
 * tree's circuits/ (circom2 --O2): the base `(N, Q, W) = (1, 1, 1)` and one more slot, queue or
 * withdrawal position; the marginal cost of a position is the difference of the totals. That
 * difference includes the SHA-256 blocks its bytes add to the batch data (§7), a step function of
 * the length, so the table also gives it without the batch-data hash and with the hash amortized
 * per byte (the base compile's hash constraints per SHA-256 block / 64 times the position's bytes).
 */
import { join, resolve } from 'node:path';
import { cacheRoot, constraintBreakdown, sha256Blocks, type CircuitInstance, type ConstraintBreakdown } from '@zkr/circuits';
import { writeFileAtomic } from '@zkr/files';
import { QUEUE_ENTRY_BYTES, slotBytes, withdrawalEntryBytes } from '@zkr/state';
import { circomlibModules, compileMeasured, COUNT_FLAGS, type CircomJob, type CompileMeasure } from './circom-measure';
import { benchError } from './errors';
import { machineInfo } from './machine';
import { v3Sources } from './protocol-sources';

/** The kinds of batch position (§6): a transfer slot, a queue position, a withdrawal position. */
export const POSITION_KINDS = ['slot', 'queue', 'withdrawal'] as const;

/** One kind of batch position. */
export type PositionKind = (typeof POSITION_KINDS)[number];

/** The default depths of the table (issue 14). */
export const PROTOCOL_V3_DEPTHS: readonly number[] = Object.freeze([8, 16, 24, 32]);

/** The instance with one more position of `kind` than the base `(N, Q, W) = (1, 1, 1)` at `depth` (the base itself for `kind` undefined). */
export function v3Instance(depth: number, kind?: PositionKind): CircuitInstance {
  return { depth, batchSize: kind === 'slot' ? 2 : 1, queuePositions: kind === 'queue' ? 2 : 1, withdrawalPositions: kind === 'withdrawal' ? 2 : 1 };
}

/** Bytes a position of `kind` adds to the batch data at `depth` (§7): `S`, 28, `I + 26`. */
export function positionBytes(kind: PositionKind, depth: number): number {
  return kind === 'slot' ? slotBytes(depth) : kind === 'queue' ? QUEUE_ENTRY_BYTES : withdrawalEntryBytes(depth);
}

/** One full compile of the table. */
export interface V3Compile {
  readonly instance: CircuitInstance;
  readonly blocks: number;
  readonly breakdown: ConstraintBreakdown;
  readonly compile: CompileMeasure;
}

/** The marginal cost of one position of a kind at one depth. */
export interface PositionCost {
  readonly depth: number;
  readonly kind: PositionKind;
  /** Δ total constraints (base → one more position), SHA-256 blocks included. */
  readonly marginal: number;
  /** Δ total without the batch-data hash (`batchDataHash` of the breakdown). */
  readonly withoutHash: number;
  /** Bytes the position adds to the batch data. */
  readonly bytes: number;
  /** `withoutHash + bytes · hashPerByte`: the hash amortized over the data's bytes. */
  readonly amortized: number;
  /** SHA-256 blocks of the base and of the larger instance. */
  readonly blocks: readonly [number, number];
}

/** What {@link measureProtocolV3} measured. */
export interface ProtocolV3Result {
  readonly compiles: readonly V3Compile[];
  readonly costs: readonly PositionCost[];
  /** Per depth, the base compile's batch-data hash constraints per byte (per block / 64). */
  readonly hashPerByte: Readonly<Record<number, number>>;
  readonly startedAt: string;
}

/** The counting compile (no witness generator) of a v3 instance. */
export function v3CountJob(instance: CircuitInstance): CircomJob {
  const sources = v3Sources();
  return {
    name: `v3-d${instance.depth}-n${instance.batchSize}-q${instance.queuePositions}-w${instance.withdrawalPositions}`,
    source: sources.main(instance),
    libraries: [circomlibModules(), sources.dir],
    flags: COUNT_FLAGS,
  };
}

/** The marginal costs of the three position kinds at `depth` from its four compiles (base first). */
export function positionCosts(depth: number, base: V3Compile, more: Readonly<Record<PositionKind, V3Compile>>): { costs: PositionCost[]; hashPerByte: number } {
  const hashPerByte = base.breakdown.batchDataHash / base.blocks / 64;
  const costs = POSITION_KINDS.map((kind) => {
    const bigger = more[kind];
    const marginal = bigger.breakdown.total - base.breakdown.total;
    const withoutHash = marginal - (bigger.breakdown.batchDataHash - base.breakdown.batchDataHash);
    const bytes = positionBytes(kind, depth);
    return { depth, kind, marginal, withoutHash, bytes, amortized: withoutHash + bytes * hashPerByte, blocks: [base.blocks, bigger.blocks] as const };
  });
  return { costs, hashPerByte };
}

/** Compiles the four instances of every depth (one compile at a time, cached) and derives the costs. */
export async function measureProtocolV3(options: { readonly depths?: readonly number[]; readonly cacheDir?: string; readonly onProgress?: (line: string) => void } = {}): Promise<ProtocolV3Result> {
  const startedAt = new Date().toISOString();
  const cacheDir = resolve(options.cacheDir ?? join(cacheRoot(), 'bench-v3'));
  const progress = options.onProgress ?? (() => undefined);
  const compiles: V3Compile[] = [];
  const costs: PositionCost[] = [];
  const hashPerByte: Record<number, number> = {};
  for (const depth of options.depths ?? PROTOCOL_V3_DEPTHS) {
    const compileOne = async (instance: CircuitInstance): Promise<V3Compile> => {
      const circuit = await compileMeasured(v3CountJob(instance), join(cacheDir, 'compiles'));
      const result = { instance, blocks: sha256Blocks(instance), breakdown: await constraintBreakdown(circuit), compile: circuit.measure };
      progress(`v3 D=${depth} N=${instance.batchSize} Q=${instance.queuePositions} W=${instance.withdrawalPositions}: ${circuit.constraints} constraints${circuit.cached ? ' (cached)' : ` in ${circuit.measure.wallSeconds} s`}`);
      compiles.push(result);
      return result;
    };
    const base = await compileOne(v3Instance(depth));
    const more = {} as Record<PositionKind, V3Compile>;
    for (const kind of POSITION_KINDS) more[kind] = await compileOne(v3Instance(depth, kind));
    const measured = positionCosts(depth, base, more);
    costs.push(...measured.costs);
    hashPerByte[depth] = measured.hashPerByte;
  }
  return { compiles, costs, hashPerByte, startedAt };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const ratio = (x: number, of: number): string => `${(x / of).toFixed(2)}x`;

/** The result as Markdown: per depth and kind the marginal cost and its ratio to a slot, then the compiles. */
export function protocolV3Markdown(result: ProtocolV3Result, command: string): string {
  const machine = machineInfo();
  const depths = [...new Set(result.costs.map((c) => c.depth))];
  const cost = (depth: number, kind: PositionKind): PositionCost => result.costs.find((c) => c.depth === depth && c.kind === kind)!;
  const lines = [
    '# Batch circuit constraints per position, protocol v3 (issue 14)',
    '',
    `Measured with \`${command}\` (started ${result.startedAt}): \`Batch(D, N, Q, W)\` of the working tree's \`circuits/\`, compiled with circom2 ${COUNT_FLAGS.join(' ')} (${machine.circom}). ` +
      'Per depth, the base `(N, Q, W) = (1, 1, 1)` and one more transfer slot, queue position or withdrawal position; a position\'s cost is the difference of the totals.',
    '',
    '"marginal" includes the SHA-256 blocks the position\'s bytes add to the batch data (a step: a block is about 25.6k constraints); "without hash" leaves the batch-data SHA-256 out; ' +
      '"amortized" adds the hash back per byte (the base compile\'s hash constraints per block / 64, times the bytes: slot `S = 2·I + 6`, queue entry 28, withdrawal `I + 26`, I = ceil(D/8)).',
    '',
    '## Cost per position against a transfer slot',
    '',
    '| D | position | bytes | marginal | without hash | amortized | amortized / slot | without hash / slot | SHA-256 blocks |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const depth of depths) {
    const slot = cost(depth, 'slot');
    for (const kind of POSITION_KINDS) {
      const c = cost(depth, kind);
      const label = kind === 'slot' ? 'transfer slot' : kind === 'queue' ? 'queue operation' : 'withdrawal';
      lines.push(`| ${depth} | ${label} | ${c.bytes} | ${n(c.marginal)} | ${n(c.withoutHash)} | **${n(c.amortized)}** | ${ratio(c.amortized, slot.amortized)} | ${ratio(c.withoutHash, slot.withoutHash)} | ${c.blocks[0]} → ${c.blocks[1]} |`);
    }
  }
  lines.push('', 'Batch-data hash per byte (base compile): ' + depths.map((d) => `D = ${d}: ${result.hashPerByte[d].toFixed(1)}`).join(', ') + '.', '');
  lines.push('## Compiles (split by `@zkr/circuits`\' constraintBreakdown; wall time and peak RSS on a shared 2-core machine: indicative only)', '');
  lines.push('| D | N | Q | W | constraints | Merkle | signature | range checks | queue hash | state hashes | batch-data SHA-256 | other | SHA blocks | wall | peak RSS |', '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of result.compiles) {
    const b = c.breakdown;
    lines.push(`| ${c.instance.depth} | ${c.instance.batchSize} | ${c.instance.queuePositions} | ${c.instance.withdrawalPositions} | ${n(b.total)} | ${n(b.merkle)} | ${n(b.signature)} | ${n(b.rangeChecks)} | ${n(b.queueHash)} | ${n(b.stateHash)} | ${n(b.batchDataHash)} | ${n(b.other)} | ${c.blocks} | ${c.compile.wallSeconds} s | ${n(c.compile.peakRssMiB)} MiB |`);
  }
  lines.push('', `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}.`);
  return `${lines.join('\n')}\n`;
}

/** Parses `[out.md] [--depths=8,32]` into the output path and the depths. */
export function protocolV3Args(args: readonly string[]): { out: string; depths: readonly number[] } {
  let out = 'bench/results/protocol-v3.md';
  let depths = PROTOCOL_V3_DEPTHS;
  for (const arg of args) {
    const [flag, value] = arg.split('=');
    if (flag === '--depths' && value !== undefined) {
      const list = value.split(',').map(Number);
      if (!list.every((d) => Number.isInteger(d) && d >= 2 && d <= 32 && d % 2 === 0)) {
        throw benchError('INVALID_ARGUMENT', `--depths takes a comma-separated list of even depths 2..32, got ${JSON.stringify(value)}`, { details: { field: '--depths', value } });
      }
      depths = list;
    } else if (!arg.startsWith('--')) out = arg;
    else throw benchError('INVALID_ARGUMENT', `unknown option ${arg}: use --depths= and an output path`, { details: { field: 'argv', value: arg } });
  }
  return { out, depths };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const command = `node -r ./packages/test-helpers/ts-register.js bench/src/protocol-v3.ts ${args.join(' ')} (ZKR_CACHE_DIR=${process.env.ZKR_CACHE_DIR ?? '~/.cache/zkr'})`;
  Promise.resolve()
    .then(() => protocolV3Args(args))
    .then(async ({ out, depths }) => {
      const result = await measureProtocolV3({ depths, onProgress: (m) => process.stderr.write(`${m}\n`) });
      try {
        await writeFileAtomic(out, protocolV3Markdown(result, command), 'protocol v3 report');
      } catch (cause) {
        throw benchError('FILE_UNWRITABLE', `cannot write ${out}; pass a writable path as the first argument`, { details: { path: out }, cause });
      }
    })
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
