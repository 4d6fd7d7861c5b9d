/**
 * The benchmark run behind `zkr-bench` / `npm run bench`: builder throughput, constraint counts,
 * setup (dev vs snarkjs route), proving (zkr vs snarkjs, same zkey and inputs, alternated) and gas
 * on the in-process chain, written as `<timestamp>.json` + `latest.md` + SVG charts (see `reportFileNames`).
 * Nothing here asserts a time: results are medians and same-run ratios.
 */
import { computeDomain, buildBatch, createCryptoSuite, type Batch } from '@zkr/state';
import { instanceName, type CircuitInstance } from '@zkr/circuits';
import { artifactPaths } from '@zkr/setup';
import { generateTestAccounts, prepareBatchArtifacts, ringTransfers, runEndToEnd, testGenesis } from '@zkr/operator';
import { benchBuilder, type BuilderBenchResult } from './builder';
import { constraintBenchTable, constraintTable, type ConstraintRow } from './constraints';
import { machineInfo } from './machine';
import { benchProfile, type BenchProfile } from './profiles';
import { benchProver, type ProverBenchResult } from './prover';
import { writeBenchReport, type BenchChart, type BenchReport, type BenchTable, type WrittenReport } from './report';
import { benchSetup, setupTables, type SetupBenchResult } from './setup';
import { summarize, type SampleSummary } from './stats';

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  /** Profile name: `smoke`, `quick` (default) or `full`. */
  readonly profile?: string;
  /** Results directory; default `bench/results`. */
  readonly outDir?: string;
  /** The command line recorded in the report. */
  readonly command?: string;
  /** Progress lines (section starts, instances). */
  readonly onProgress?: (line: string) => void;
}

/** Proving measurements of one instance. */
export interface ProverSection {
  readonly instance: CircuitInstance;
  readonly constraints: number;
  readonly result: ProverBenchResult;
}

/** Gas measurements of one instance. */
export interface GasSection {
  readonly instance: CircuitInstance;
  readonly gasPerBatch: SampleSummary;
  readonly calldataBytes: number;
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);
const sec = (ms: SampleSummary): string => `${fmt(ms.median / 1000, 2)} (${fmt(ms.min / 1000, 2)}-${fmt(ms.max / 1000, 2)})`;
const ratio = (s: SampleSummary): string => `${fmt(s.median, 2)}x (${fmt(s.min, 2)}-${fmt(s.max, 2)})`;

/** `count` consecutive batches of `instance` over test accounts, for proving benchmarks. */
async function sampleBatches(instance: CircuitInstance, count: number): Promise<Batch[]> {
  const suite = await createCryptoSuite();
  const accounts = generateTestAccounts(suite, 8, 1_000_000n);
  const domain = computeDomain(31337n, '0x5FbDB2315678afecb367f032d93F642f64180aa3');
  let state = testGenesis(suite, accounts, instance.depth, domain);
  let pending = ringTransfers(suite, accounts, domain, count * instance.batchSize);
  const batches: Batch[] = [];
  for (let i = 0; i < count; i++) {
    const built = buildBatch(state, pending, { batchSize: instance.batchSize, feeRecipient: 0 });
    batches.push(built.batch);
    state = built.state;
    pending = [...built.remaining];
  }
  return batches;
}

function builderTable(r: BuilderBenchResult): BenchTable {
  return {
    id: 'builder',
    title: `Batch builder throughput (depth ${r.depth}, ${r.accounts} accounts, batches of ${r.transfers}, signatures checked)`,
    columns: ['Poseidon', 'transfers/s', 'Poseidon(2) hashes/s'],
    rows: r.builder.map((b) => [b.poseidon, fmt(b.transfersPerSecond.median, 0), fmt(r.poseidonHashesPerSecond[b.poseidon].median, 0)]),
    notes: [
      `EdDSA-Poseidon verifications/s: ${fmt(r.verificationsPerSecond.median, 0)}; wasm Poseidon speedup over poseidon-lite: ${ratio(r.wasmSpeedupOverLite)}`,
    ],
  };
}

function proverTable(sections: readonly ProverSection[]): BenchTable[] {
  const rows = sections.map(({ instance, constraints, result: r }) => [
    instanceName(instance), String(constraints), `2^${Math.log2(r.domainSize)}`,
    sec(r.zkr.witnessMs), sec(r.zkr.proveMs), sec(r.snarkjsInProcess.proveMs), sec(r.snarkjsCliProve), sec(r.snarkjsCliFullprove),
    ratio(r.speedup.proveVsInProcess), ratio(r.speedup.proveVsCli), ratio(r.speedup.fullproveVsCli), `${fmt(r.speedup.stream, 2)}x`,
  ]);
  const memory = sections.map(({ instance, result: r }) => [
    instanceName(instance), fmt(r.peakRssMb.zkr, 0), fmt(r.peakRssMb.snarkjsInProcess, 0), r.peakRssMb.snarkjsCliFullprove === null ? 'n/a' : fmt(r.peakRssMb.snarkjsCliFullprove, 0),
    `${fmt(r.stream.zkrStreamMs / 1000)} s vs ${fmt(r.stream.snarkjsCliMs / 1000)} s (${r.stream.proofs} proofs)`,
  ]);
  const msm = sections.filter((s) => s.result.msm).map(({ instance, result: { msm } }) => [
    instanceName(instance), String(msm!.points), String(msm!.threads),
    fmt(msm!.zkrG1.median, 0), fmt(msm!.ffjavascriptG1.median, 0), fmt(msm!.zkrG2.median, 0), fmt(msm!.ffjavascriptG2.median, 0),
  ]);
  return [
    {
      id: 'prover',
      title: 'Proving: zkr Prover (zkr engine) vs snarkjs, same zkey and witness, seconds median (min-max)',
      columns: ['instance', 'constraints', 'domain', 'zkr witness', 'zkr prove', 'snarkjs prove (in-process)', 'snarkjs CLI prove', 'snarkjs CLI fullprove',
        'speedup vs in-process', 'speedup vs CLI prove', 'speedup fullprove', 'stream speedup'],
      rows,
      notes: ['speedups are medians of per-pair ratios (above 1: zkr faster); stream = N x `snarkjs groth16 fullprove` CLI vs one Prover proving N batches, open included'],
    },
    {
      id: 'prover-memory',
      title: 'Peak RSS (MB) and stream of batches',
      columns: ['instance', 'zkr Prover', 'snarkjs in-process', 'snarkjs CLI fullprove', 'stream: zkr vs snarkjs CLI'],
      rows: memory,
    },
    ...(msm.length
      ? [{
          id: 'msm',
          title: 'MSM throughput, points/s per thread',
          columns: ['instance', 'points', 'threads', 'zkr G1', 'ffjavascript G1', 'zkr G2', 'ffjavascript G2'],
          rows: msm,
          notes: ['anchors measured on this machine class: ffjavascript ~43k G1 points/s per core; rapidsnark (native) ~210k'],
        }]
      : []),
  ];
}

function gasTable(sections: readonly GasSection[]): BenchTable {
  return {
    id: 'gas',
    title: 'On-chain cost of submitBatch (in-process Hardhat, real proofs, calldata included)',
    columns: ['instance', 'gas per batch', 'gas per transfer', 'calldata bytes', 'calldata bytes per transfer'],
    rows: sections.map((g) => [
      instanceName(g.instance), fmt(g.gasPerBatch.median, 0), fmt(g.gasPerBatch.median / g.instance.batchSize, 0),
      String(g.calldataBytes), fmt(g.calldataBytes / g.instance.batchSize),
    ]),
    notes: ['anchors: a Groth16 verification with one public input costs ~200k gas after EIP-1108; production rollups publish ~12-20 calldata bytes per transfer'],
  };
}

function charts(provers: readonly ProverSection[], gas: readonly GasSection[]): BenchChart[] {
  const out: BenchChart[] = [];
  if (provers.length) {
    const point = (f: (r: ProverBenchResult) => number) => provers.map((p) => [p.constraints, f(p.result) / 1000] as const);
    out.push({
      id: 'prove-time',
      title: 'Prove time vs constraints (median, same zkey and witness)',
      xLabel: 'constraints',
      yLabel: 'seconds',
      series: [
        { name: 'zkr Prover (zkr engine)', points: point((r) => r.zkr.proveMs.median) },
        { name: 'snarkjs groth16 prove (in-process)', points: point((r) => r.snarkjsInProcess.proveMs.median) },
        { name: 'snarkjs CLI groth16 prove', points: point((r) => r.snarkjsCliProve.median) },
      ],
    });
  }
  if (gas.length) {
    out.push({
      id: 'gas-per-transfer',
      title: 'submitBatch gas per transfer vs batch size',
      xLabel: 'batch size N',
      yLabel: 'gas per transfer',
      series: [{ name: 'zkr Rollup.submitBatch', points: gas.map((g) => [g.instance.batchSize, g.gasPerBatch.median / g.instance.batchSize] as const) }],
    });
  }
  return out;
}

/** Run a benchmark profile and write its results; returns the report and the written paths. */
export async function runBench(options: RunBenchOptions = {}): Promise<{ report: BenchReport; written: WrittenReport }> {
  const profile: BenchProfile = benchProfile(options.profile ?? 'quick');
  const progress = options.onProgress ?? (() => undefined);
  const startedAt = new Date().toISOString();
  progress(`bench profile ${profile.name}: expect ${profile.expectedMinutes} minutes on a 2-core machine`);

  progress('builder throughput...');
  const builder = await benchBuilder(profile.builder);

  progress(`constraints of ${profile.constraints.map(instanceName).join(', ')} (compiles are cached)...`);
  const constraintRows: ConstraintRow[] = [];
  for (const instance of profile.constraints) {
    constraintRows.push(...(await constraintTable({ depths: [instance.depth], batchSizes: [instance.batchSize] })));
  }

  let setup: SetupBenchResult | null = null;
  if (profile.setup) {
    progress(`setup: zkr dev at 2^${profile.setup.devPowers.join(', 2^')}, snarkjs ptau route at 2^${profile.setup.comparePower}...`);
    setup = await benchSetup(profile.setup);
  }

  const provers: ProverSection[] = [];
  for (const instance of profile.prover) {
    progress(`proving ${instanceName(instance)}: zkr vs snarkjs (${profile.proverRepeats} pairs, stream of ${profile.streamLength})...`);
    const prepared = await prepareBatchArtifacts(instance);
    const paths = artifactPaths(prepared.dir);
    const result = await benchProver({
      files: { zkey: paths.zkey, wasm: paths.wasm, vkey: paths.vkey },
      instance,
      inputs: await sampleBatches(instance, profile.streamLength),
      repeats: profile.proverRepeats,
      streamLength: profile.streamLength,
    });
    provers.push({ instance, constraints: prepared.compiled.constraints, result });
  }

  const gas: GasSection[] = [];
  for (const instance of profile.gas) {
    progress(`gas: settling ${profile.gasBatches} batches of ${instanceName(instance)} on the in-process chain...`);
    const e2e = await runEndToEnd({ instance, batches: profile.gasBatches, engine: 'zkr' });
    gas.push({
      instance,
      gasPerBatch: summarize(e2e.batches.map((b) => Number(b.gasUsed))),
      calldataBytes: e2e.batches[0].calldataBytes,
    });
  }

  const report: BenchReport = {
    version: 1,
    profile: profile.name,
    command: options.command ?? `zkr-bench --profile ${profile.name}`,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineInfo(),
    tables: [
      builderTable(builder),
      constraintBenchTable(constraintRows),
      ...(setup ? setupTables(setup) : []),
      ...(provers.length ? proverTable(provers) : []),
      ...(gas.length ? [gasTable(gas)] : []),
    ],
    charts: charts(provers, gas),
    raw: { builder, constraints: constraintRows, setup, provers, gas },
  };
  const written = await writeBenchReport(report, options.outDir ?? 'bench/results');
  progress(`wrote ${written.markdown}`);
  return { report, written };
}
