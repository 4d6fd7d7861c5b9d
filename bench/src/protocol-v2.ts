/**
 * `npm run bench:v2`: the batch circuit's constraints, protocol v1 (circuits of commit d6f58db)
 * against v2 (circuits of commit 7dc0a41; both extracted from git, so the table stays reproducible
 * while circuits/ moves on), over a grid of tree depths D and batch sizes N, split by component and
 * per transfer, written to bench/results/protocol-v2.md. Small instances are compiled in full with
 * circom2 --O2; larger N come from the {@link fitModel} model fitted on those compiles, unless a
 * full compile of that instance is cached (the large-instance runs of bench/src/large-instances.ts).
 */
import { join, resolve } from 'node:path';
import { cacheRoot } from '@zkr/circuits';
import { writeFileAtomic } from '@zkr/files';
import { cachedCompile, circomlibModules, compileMeasured, COUNT_FLAGS, type CircomJob, type CompileMeasure, type MeasuredCircuit } from './circom-measure';
import { COMPONENT_COLUMNS, COMPONENT_TITLES, splitConstraints, V1_RULES, V2_RULES, type ComponentCounts } from './constraint-split';
import { benchError } from './errors';
import { machineInfo } from './machine';
import { dataBlocks, fitModel, predict, type ConstraintModel, type ModelPoint } from './protocol-model';
import { v1Sources, v2Sources, V1_COMMIT, V2_COMMIT, type HistoricalInstance, type ProtocolSources } from './protocol-sources';

/** Options of {@link measureProtocolV2}. */
export interface ProtocolV2Options {
  readonly depths?: readonly number[];
  /** Batch sizes compiled in full to fit the model (three, blocks not affine in N). */
  readonly fitSizes?: readonly number[];
  /** Further batch sizes compiled in full to check the model. */
  readonly checkSizes?: readonly number[];
  /** Batch sizes of the table (compiled ones are taken as compiled, the rest from the model). */
  readonly tableSizes?: readonly number[];
  /** Cache of the compiles and the extracted v1 sources; default `<cacheRoot()>/bench-v2`. */
  readonly cacheDir?: string;
  /** Full compiles made elsewhere (for example the large-instance runs), if cached. */
  readonly findCompiled?: (sources: ProtocolSources, instance: HistoricalInstance) => Promise<MeasuredCircuit | undefined>;
  readonly onProgress?: (line: string) => void;
}

/** One cell of the table: an instance of one protocol version. */
export interface ProtocolRow {
  readonly version: 1 | 2;
  readonly depth: number;
  readonly batchSize: number;
  readonly blocks: number;
  readonly counts: ComponentCounts;
  /** `compiled`: a full circom2 compile; `model`: {@link predict}. */
  readonly source: 'compiled' | 'model';
  /** The model's counts for a compiled instance it was not fitted on (the check). */
  readonly predicted?: ComponentCounts;
  readonly compile?: CompileMeasure;
}

/** What {@link measureProtocolV2} measured. */
export interface ProtocolV2Result {
  readonly rows: readonly ProtocolRow[];
  readonly models: readonly { readonly version: 1 | 2; readonly depth: number; readonly model: ConstraintModel }[];
  readonly startedAt: string;
}

/** The default grid: D in {8, 16, 24, 32}; fit on N = 1, 2, 4, check at 8; table up to N = 64. */
export const PROTOCOL_V2_GRID = Object.freeze({ depths: [8, 16, 24, 32], fitSizes: [1, 2, 4], checkSizes: [8], tableSizes: [1, 2, 4, 8, 16, 32, 64] });

/** The counting compile (no witness generator) of an instance of one protocol version. */
export function countJob(sources: ProtocolSources, instance: HistoricalInstance): CircomJob {
  return {
    name: `v${sources.version}-d${instance.depth}-n${instance.batchSize}`,
    source: sources.main(instance),
    libraries: [circomlibModules(), sources.dir],
    flags: COUNT_FLAGS,
  };
}

/** Compiles the grid (one compile at a time), fits the models and fills the table. */
export async function measureProtocolV2(options: ProtocolV2Options = {}): Promise<ProtocolV2Result> {
  const startedAt = new Date().toISOString();
  const depths = options.depths ?? PROTOCOL_V2_GRID.depths;
  const fitSizes = options.fitSizes ?? PROTOCOL_V2_GRID.fitSizes;
  const checkSizes = options.checkSizes ?? PROTOCOL_V2_GRID.checkSizes;
  const tableSizes = options.tableSizes ?? PROTOCOL_V2_GRID.tableSizes;
  const cacheDir = resolve(options.cacheDir ?? join(cacheRoot(), 'bench-v2'));
  const progress = options.onProgress ?? (() => undefined);
  const versions = [await v1Sources(cacheDir), await v2Sources(cacheDir)];
  const rows: ProtocolRow[] = [];
  const models: ProtocolV2Result['models'][number][] = [];
  for (const sources of versions) {
    const rules = sources.version === 1 ? V1_RULES : V2_RULES;
    for (const depth of depths) {
      const compiled = new Map<number, { counts: ComponentCounts; compile: CompileMeasure }>();
      for (const batchSize of [...fitSizes, ...checkSizes]) {
        const job = countJob(sources, { depth, batchSize });
        const circuit = await compileMeasured(job, join(cacheDir, 'compiles'));
        compiled.set(batchSize, { counts: await splitConstraints(circuit, rules), compile: circuit.measure });
        progress(`v${sources.version} D=${depth} N=${batchSize}: ${circuit.constraints} constraints${circuit.cached ? ' (cached)' : ` in ${circuit.measure.wallSeconds} s`}`);
      }
      for (const batchSize of tableSizes) {
        if (compiled.has(batchSize)) continue;
        // A full compile made earlier (a check run, or a large-instance run) counts as compiled.
        const found = (await cachedCompile(countJob(sources, { depth, batchSize }), join(cacheDir, 'compiles'))) ?? (await options.findCompiled?.(sources, { depth, batchSize }));
        if (found) compiled.set(batchSize, { counts: await splitConstraints(found, rules), compile: found.measure });
      }
      const point = (batchSize: number): ModelPoint => ({ batchSize, blocks: dataBlocks(sources.version, depth, batchSize), counts: compiled.get(batchSize)!.counts });
      const model = fitModel(fitSizes.map(point));
      models.push({ version: sources.version, depth, model });
      for (const batchSize of [...new Set([...tableSizes, ...checkSizes])].sort((a, b) => a - b)) {
        const blocks = dataBlocks(sources.version, depth, batchSize);
        const full = compiled.get(batchSize);
        const modelled = predict(model, batchSize, blocks);
        rows.push(full
          ? { version: sources.version, depth, batchSize, blocks, counts: full.counts, source: 'compiled', compile: full.compile, ...(fitSizes.includes(batchSize) ? {} : { predicted: modelled }) }
          : { version: sources.version, depth, batchSize, blocks, counts: modelled, source: 'model' });
      }
    }
  }
  return { rows, models, startedAt };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const perTransfer = (row: ProtocolRow, value: number): string => n(value / row.batchSize);

function rowOf(result: ProtocolV2Result, version: 1 | 2, depth: number, batchSize: number): ProtocolRow | undefined {
  return result.rows.find((r) => r.version === version && r.depth === depth && r.batchSize === batchSize);
}

const sourceLabel = (row: ProtocolRow): string => (row.source === 'compiled' ? 'compiled' : 'model');

/** The result as Markdown: totals, per-transfer split, the model check and the compile figures. */
export function protocolV2Markdown(result: ProtocolV2Result, command: string): string {
  const machine = machineInfo();
  const pairs = result.rows.filter((r) => r.version === 2).map((v2) => ({ v2, v1: rowOf(result, 1, v2.depth, v2.batchSize) }));
  const lines: string[] = ['# Batch circuit constraints, protocol v1 against v2 (issue 11)', ''];
  lines.push(
    `Measured with \`${command}\` (started ${result.startedAt}). v1 = \`circuits/\` of commit ${V1_COMMIT} (extracted with \`git show\`), v2 = \`circuits/\` of commit ${V2_COMMIT} (extracted with \`git show\`); both compiled with circom2 ${COUNT_FLAGS.join(' ')} (${machine.circom}), circomlib's templates.`,
    '',
    '"compiled" rows are full compiles of `Batch(D, N)`; "model" rows extend them (see the model check below): per component, `constraints = a + b·N + c·blocks`, fitted exactly on the full compiles at ' +
      `N = ${result.models[0]?.model.fittedOn.join(', ') ?? '-'} of the same version and depth (blocks = SHA-256 blocks of the hashed data: v1 \`100 + 24N\` bytes, v2 \`36 + I + S·N\` bytes, I = ceil(D/8), S = 2·I + 6).`,
    '',
    '## Totals',
    '',
    '| D | N | v1 constraints | v1 per transfer | v2 constraints | v2 per transfer | v2 / v1 | SHA-256 blocks v1 → v2 | source v1 / v2 |',
    '|---|---|---:|---:|---:|---:|---:|---|---|',
  );
  for (const { v1, v2 } of pairs) {
    lines.push(`| ${v2.depth} | ${v2.batchSize} | ${v1 ? n(v1.counts.total) : '-'} | ${v1 ? perTransfer(v1, v1.counts.total) : '-'} | ${n(v2.counts.total)} | **${perTransfer(v2, v2.counts.total)}** | ${v1 ? `${((100 * v2.counts.total) / v1.counts.total).toFixed(1)}%` : '-'} | ${v1?.blocks ?? '-'} → ${v2.blocks} | ${v1 ? sourceLabel(v1) : '-'} / ${sourceLabel(v2)} |`);
  }
  const goal = (depth: number, limit: number): string => {
    const at = pairs.filter((p) => p.v2.depth === depth && p.v2.batchSize >= 16).map((p) => `N = ${p.v2.batchSize}: ${perTransfer(p.v2, p.v2.counts.total)}`);
    return at.length ? `D = ${depth}, goal <= ${n(limit)} per transfer at N >= 16: ${at.join(', ')}` : '';
  };
  lines.push('', [goal(24, 28_000), goal(32, 35_000)].filter(Boolean).join('; ') + '.', '');
  lines.push('## Per transfer, by component (constraints / N, v1 → v2)', '');
  lines.push(`| D | N | ${COMPONENT_COLUMNS.map((c) => COMPONENT_TITLES[c]).join(' | ')} | total |`, `|---|---|${COMPONENT_COLUMNS.map(() => '---:').join('|')}|---:|`);
  for (const { v1, v2 } of pairs) {
    const cell = (c: keyof ComponentCounts): string => `${v1 ? perTransfer(v1, v1.counts[c]) : '-'} → ${perTransfer(v2, v2.counts[c])}`;
    lines.push(`| ${v2.depth} | ${v2.batchSize} | ${COMPONENT_COLUMNS.map((c) => cell(c)).join(' | ')} | ${cell('total')} |`);
  }
  lines.push(
    '',
    'Split by the `.sym` names of each constraint\'s wires (bench/src/constraint-split.ts): a wire takes the most specific component among its signal names (range checks, then signature, Merkle, fee credit, SHA-256), a constraint the component most of its wires belong to. ' +
      'Merkle / account updates = the sender and receiver leaf updates (leaf hashes and paths); signature = EdDSA-Poseidon and its message hash; SHA-256 of the data = the hashed bytes\' bit decomposition and the hash; ' +
      'range checks = 64-bit and index checks (v2: also the amount and fee float decoding); fee credit = the once-per-batch credit update and the per-slot fee-overflow bookkeeping; other = no-op zero checks, selectors, the v2 state-hash commitments.',
    '',
  );
  lines.push('## Model check (full compiles the model was not fitted on)', '', '| version | D | N | compiled | model | model - compiled |', '|---|---|---|---:|---:|---:|');
  for (const row of result.rows.filter((r) => r.predicted)) {
    const delta = row.predicted!.total - row.counts.total;
    lines.push(`| v${row.version} | ${row.depth} | ${row.batchSize} | ${n(row.counts.total)} | ${n(row.predicted!.total)} | ${delta >= 0 ? '+' : ''}${n(delta)} (${((100 * delta) / row.counts.total).toFixed(2)}%) |`);
  }
  lines.push('', '## Compiles (wall time and peak RSS of circom2; shared 2-core machine, other jobs running: indicative only)', '', '| version | D | N | constraints | wall | peak RSS | when |', '|---|---|---|---:|---:|---:|---|');
  for (const row of result.rows.filter((r) => r.compile)) {
    lines.push(`| v${row.version} | ${row.depth} | ${row.batchSize} | ${n(row.counts.total)} | ${row.compile!.wallSeconds} s | ${n(row.compile!.peakRssMiB)} MiB | ${row.compile!.finishedAt.slice(0, 16)}Z |`);
  }
  lines.push('', `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}.`);
  return `${lines.join('\n')}\n`;
}

/** Writes the report atomically; `FILE_UNWRITABLE` when it cannot. */
export async function writeProtocolV2Report(path: string, markdown: string): Promise<void> {
  try {
    await writeFileAtomic(path, markdown, 'protocol v2 report');
  } catch (cause) {
    throw benchError('FILE_UNWRITABLE', `cannot write ${path}; pass a writable path as the first argument`, { details: { path }, cause });
  }
}

/** Parses `--depths=8,24 --fit=1,2,4 --check=8 --sizes=1,2,16` (all optional) into options. */
export function protocolV2Args(args: readonly string[]): { out: string; options: ProtocolV2Options } {
  const list = (value: string): number[] => value.split(',').map(Number);
  const options: { -readonly [K in keyof ProtocolV2Options]: ProtocolV2Options[K] } = {};
  let out = 'bench/results/protocol-v2.md';
  for (const arg of args) {
    const [flag, value] = arg.split('=');
    if (value !== undefined && value !== '' && !list(value).every((x) => Number.isInteger(x) && x > 0)) {
      throw benchError('INVALID_ARGUMENT', `${flag} takes a comma-separated list of positive integers, got ${JSON.stringify(value)}`, { details: { field: flag, value } });
    }
    if (flag === '--depths' && value !== undefined) options.depths = list(value);
    else if (flag === '--fit' && value !== undefined) options.fitSizes = list(value);
    else if (flag === '--check' && value !== undefined) options.checkSizes = value === '' ? [] : list(value);
    else if (flag === '--sizes' && value !== undefined) options.tableSizes = list(value);
    else if (!arg.startsWith('--')) out = arg;
    else throw benchError('INVALID_ARGUMENT', `unknown option ${arg}: use --depths=, --fit=, --check=, --sizes= and an output path`, { details: { field: 'argv', value: arg } });
  }
  return { out, options };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const command = `npm run bench:v2${args.length > 1 ? ` -- ${args.slice(1).join(' ')}` : ''} (ZKR_CACHE_DIR=${process.env.ZKR_CACHE_DIR ?? '~/.cache/zkr'})`;
  // Imported here so that the library part does not load the large-instance runner.
  Promise.all([import('./large-instances'), Promise.resolve().then(() => protocolV2Args(args))])
    .then(async ([{ findLargeCompile }, { out, options }]) => {
      const result = await measureProtocolV2({ ...options, findCompiled: (sources, instance) => findLargeCompile(sources, instance), onProgress: (m) => process.stderr.write(`${m}\n`) });
      await writeProtocolV2Report(out, protocolV2Markdown(result, command));
    })
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
