/**
 * Large batch circuit instances (issue 11; since protocol v3 of `Batch(D, N, 1, 1)`, records named
 * `v3-d<D>-n<N>-q1-w1`, next to the v2 runs' `v2-d<D>-n<N>`): compile with circom2, dev setup, prove with the zkr
 * engine and settle on the embedded chain, one stage per process so that each stage's peak RSS is
 * its own and one heavy job runs at a time on a shared machine. Each stage writes one JSON record
 * under `<root>/records` (root default `<repo>/.zkr/bench-large`, git-ignored); `report` renders
 * them into bench/results/large-instances.md (see large-instances-report.ts).
 *
 *   node -r ./packages/test-helpers/ts-register.js bench/src/large-instances.ts compile 24 16
 *   node -r ./packages/test-helpers/ts-register.js bench/src/large-instances.ts setup 24 16
 *   node -r ./packages/test-helpers/ts-register.js bench/src/large-instances.ts prove 24 16 [batches]
 *   node -r ./packages/test-helpers/ts-register.js bench/src/large-instances.ts settle 24 16
 *   node -r ./packages/test-helpers/ts-register.js bench/src/large-instances.ts report [out.md]
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getCreateAddress } from 'ethers';
import { domainPower } from '@zkr/bn254';
import { CIRCUITS_DIR, instanceName, mainComponentSource, resolveInstance, type CircuitInstance } from '@zkr/circuits';
import { isZkrError } from '@zkr/errors';
import { tempPathFor, writeFileAtomic } from '@zkr/files';
import { connect, deploy, EMBEDDED_CHAIN_ID } from '@zkr/l1';
import { ringTransfers, testGenesis, type TestAccounts } from '@zkr/operator';
import { Prover, toSolidityCalldata, verifyProof, type Groth16Proof } from '@zkr/prover';
import { artifactPaths, setupArtifacts } from '@zkr/setup';
import { buildBatch, computeDomain, createCryptoSuite, txDataOf, type Batch, type CryptoSuite, type RollupState } from '@zkr/state';
import { cachedCompile, circomlibModules, compileMeasured, loadCompiled, type CircomJob, type FailedCompile, type MeasuredCircuit } from './circom-measure';
import { benchError } from './errors';
import { REPO_ROOT, type HistoricalInstance, type ProtocolSources } from './protocol-sources';

/** Where the large-instance artifacts and records live (git-ignored). */
export const LARGE_ROOT = join(REPO_ROOT, '.zkr', 'bench-large');

/** Flags of a large compile: counted, split and proved from the same build. */
export const LARGE_FLAGS: readonly string[] = Object.freeze(['--O2', '--r1cs', '--wasm', '--sym']);

/**
 * Hardhat's first default account, the embedded chain's deployer: on a fresh chain it creates the
 * two hashers (nonces 0 and 1), one verifier (2) and the Rollup (3), so the domain is known before proving
 * (docs/protocol.md §4); `settle` checks the deployed domain equals it.
 */
export const EMBEDDED_DEPLOYER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/** Test accounts of the genesis state of every large run (fewer when the tree holds fewer). */
const ACCOUNTS = 16;
const BALANCE = 1_000_000_000n;

/** The compile of an instance with a witness generator, from `sourcesDir` (a snapshot of circuits/). */
export function largeJob(instance: CircuitInstance, sourcesDir: string = CIRCUITS_DIR): CircomJob {
  return { name: name(instance), source: mainComponentSource(instance), libraries: [circomlibModules(), sourcesDir], flags: LARGE_FLAGS };
}

async function circuitFiles(dir: string): Promise<{ files: [string, Buffer][]; hash: string }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.circom')).sort();
  const files = await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n))] as [string, Buffer]));
  const hash = createHash('sha256');
  for (const [n, bytes] of files) hash.update(`${n}\0`).update(bytes).update('\0');
  return { files, hash: hash.digest('hex').slice(0, 16) };
}

/** Where the snapshot of circuits/ with content hash `hash` lives. */
const snapshotDir = (root: string, hash: string): string => join(root, 'sources', `circuits-${hash}`);

/**
 * A copy of circuits/ as it is now, named by its content hash (made once): the stages of one
 * instance compile, set up and prove the same templates even while circuits/ keeps changing.
 */
export async function snapshotSources(root: string, from: string = CIRCUITS_DIR): Promise<string> {
  const { files, hash } = await circuitFiles(from);
  const dir = snapshotDir(root, hash);
  if ((await readdir(dir).catch(() => [] as string[])).includes('batch.circom')) return dir;
  await mkdir(join(root, 'sources'), { recursive: true });
  const tmp = tempPathFor(dir);
  await mkdir(tmp);
  try {
    for (const [n, bytes] of files) await writeFile(join(tmp, n), bytes);
    await rename(tmp, dir).catch(async (error: unknown) => {
      if (!(await readdir(dir).catch(() => [] as string[])).includes('batch.circom')) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return dir;
}

/**
 * The cached large compile of a v2 instance (for the v1-vs-v2 table), if any: the large runs of
 * protocol v2 compiled a snapshot of the v2 templates (`sources`, the same content hash), named
 * `v2-d<D>-n<N>`, with v2's generated main.
 */
export async function findLargeCompile(sources: ProtocolSources, instance: HistoricalInstance, root = LARGE_ROOT): Promise<MeasuredCircuit | undefined> {
  if (sources.version !== 2) return undefined;
  const dir = snapshotDir(root, (await circuitFiles(sources.dir)).hash);
  if (!(await readdir(dir).catch(() => [] as string[])).includes('batch.circom')) return undefined;
  const job = { name: `v2-d${instance.depth}-n${instance.batchSize}`, source: sources.main(instance), libraries: [circomlibModules(), dir], flags: LARGE_FLAGS };
  return cachedCompile(job, join(root, 'compiles'));
}

/** The stages, in the order they run. */
export const STAGES = ['compile', 'setup', 'prove', 'settle'] as const;

/** One stage. */
export type Stage = (typeof STAGES)[number];

/** Fields every record has. */
export interface RecordBase {
  readonly stage: Stage;
  readonly depth: number;
  readonly batchSize: number;
  /** `Q` and `W` (protocol v3 runs; absent in the records of the v2 runs). */
  readonly queuePositions?: number;
  readonly withdrawalPositions?: number;
  readonly ok: boolean;
  readonly command: string;
  readonly finishedAt: string;
  /** 1-minute load average at the start and at the end of the stage. */
  readonly load: readonly [number, number];
  /** The process's peak RSS (main thread and workers), MiB. */
  readonly peakRssMiB: number;
}

/** A compile record: circom2's own wall time and peak RSS. */
export interface CompileRecord extends RecordBase {
  readonly stage: 'compile';
  /** The snapshot of circuits/ compiled (see {@link snapshotSources}). */
  readonly sources: string;
  /** The compile's cache entry (r1cs, wasm, sym), on success. */
  readonly dir?: string;
  readonly constraints?: number;
  readonly wires?: number;
  readonly wallSeconds: number;
  readonly r1csBytes?: number;
  readonly failure?: FailedCompile;
}

/** A dev setup record (`setupArtifacts` in dev mode: setup, zkey check, vkey and verifier export). */
export interface SetupRecord extends RecordBase {
  readonly stage: 'setup';
  readonly constraints: number;
  readonly power: number;
  readonly totalSeconds: number;
  readonly zkeyBytes: number;
}

/** A proving record: every batch proved in a row with one Prover. */
export interface ProveRecord extends RecordBase {
  readonly stage: 'prove';
  readonly domain: string;
  readonly openSeconds: number;
  readonly proofs: readonly { readonly transfers: number; readonly witnessSeconds: number; readonly proveSeconds: number }[];
}

/** A settlement record: every proved batch submitted in order to a fresh Rollup. */
export interface SettleRecord extends RecordBase {
  readonly stage: 'settle';
  readonly batches: readonly { readonly batchNumber: number; readonly gasUsed: number; readonly calldataBytes: number; readonly calldataGas: number; readonly txDataBytes: number }[];
}

/** Any stage record. */
export type StageRecord = CompileRecord | SetupRecord | ProveRecord | SettleRecord;

const load1 = (): number => Math.round(loadavg()[0] * 10) / 10;
const peakRss = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const name = (instance: CircuitInstance): string => `v3-d${instance.depth}-n${instance.batchSize}-q${instance.queuePositions}-w${instance.withdrawalPositions}`;
const artifactsDir = (root: string, instance: CircuitInstance): string => join(root, 'artifacts', name(instance));
const proofsFile = (root: string, instance: CircuitInstance): string => join(root, 'proofs', `${name(instance)}.json`);

/** The record file of a stage. */
export function recordPath(root: string, stage: Stage, instance: CircuitInstance): string {
  return join(root, 'records', `${stage}-${name(instance)}.json`);
}

async function writeRecord(root: string, record: StageRecord): Promise<StageRecord> {
  const path = recordPath(root, record.stage, resolveInstance(record));
  await mkdir(join(root, 'records'), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`, 'bench record');
  return record;
}

/** Every record under `root`. */
export async function readRecords(root = LARGE_ROOT): Promise<StageRecord[]> {
  const dir = join(root, 'records');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as StageRecord));
}

/**
 * The compile of `instance` its compile record names, which must have succeeded. Setup and proving
 * use exactly those artifacts, whatever circuits/ holds now (records without `dir`, of an earlier
 * format, name the instance's only entry in the compile cache).
 */
async function compiledOrFail(root: string, instance: CircuitInstance): Promise<MeasuredCircuit> {
  const record = JSON.parse(await readFile(recordPath(root, 'compile', instance), 'utf8').catch(() => '{}')) as Partial<CompileRecord>;
  const compiles = join(root, 'compiles');
  const entries = (await readdir(compiles).catch(() => [] as string[])).filter((n) => n.startsWith(`${name(instance)}-`));
  const dir = record.dir ?? (entries.length === 1 ? join(compiles, entries[0]) : undefined);
  if (!record.ok || dir === undefined) {
    throw benchError('INVALID_ARGUMENT', `${instanceName(instance)} has no successful compile under ${root}; run the compile stage first`, { details: { field: 'instance', value: instance } });
  }
  return loadCompiled(dir, name(instance));
}

/** Stage 1: circom2 compile (a failure, e.g. out of wasm memory, is recorded with what it cost). */
export async function compileStage(instance: CircuitInstance, root: string, command: string): Promise<CompileRecord> {
  const load = load1();
  const sources = await snapshotSources(root);
  const base = { stage: 'compile' as const, ...instance, command, sources };
  try {
    const compiled = await compileMeasured(largeJob(instance, sources), join(root, 'compiles'), (line) => process.stderr.write(`circom2: ${line}\n`));
    return (await writeRecord(root, {
      ...base,
      ok: true,
      dir: compiled.dir,
      constraints: compiled.constraints,
      wires: compiled.wires,
      wallSeconds: compiled.measure.wallSeconds,
      peakRssMiB: compiled.measure.peakRssMiB,
      r1csBytes: (await stat(compiled.r1csPath)).size,
      finishedAt: compiled.measure.finishedAt,
      load: [load, load1()],
    })) as CompileRecord;
  } catch (error) {
    if (!isZkrError(error, 'BENCH_INVALID') || error.details?.wallSeconds === undefined) throw error;
    const failure = error.details as unknown as FailedCompile;
    return (await writeRecord(root, { ...base, ok: false, wallSeconds: failure.wallSeconds, peakRssMiB: failure.peakRssMiB, failure, finishedAt: new Date().toISOString(), load: [load, load1()] })) as CompileRecord;
  }
}

/** Stage 2: dev setup into `<root>/artifacts/<name>`. */
export async function setupStage(instance: CircuitInstance, root: string, command: string): Promise<SetupRecord> {
  const load = load1();
  const compiled = await compiledOrFail(root, instance);
  const outDir = artifactsDir(root, instance);
  const start = performance.now();
  const manifest = await setupArtifacts({
    r1csPath: compiled.r1csPath,
    wasmPath: compiled.wasmPath,
    circuit: { name: instanceName(instance), depth: instance.depth, batchSize: instance.batchSize },
    outDir,
    mode: { kind: 'dev' },
  });
  const totalSeconds = Math.round((performance.now() - start) / 100) / 10;
  return (await writeRecord(root, {
    stage: 'setup', ...instance, ok: true, command, constraints: manifest.circuit.constraints,
    power: domainPower({ nConstraints: manifest.circuit.constraints, nPublic: manifest.circuit.nPublic }),
    totalSeconds, zkeyBytes: (await stat(artifactPaths(outDir).zkey)).size,
    peakRssMiB: peakRss(), finishedAt: new Date().toISOString(), load: [load, load1()],
  })) as SetupRecord;
}

/** The domain of the Rollup a fresh embedded chain creates first: after the two hashers and one verifier, nonce 3 of {@link EMBEDDED_DEPLOYER} (docs/protocol.md §4). */
export function embeddedDomain(): bigint {
  return computeDomain(EMBEDDED_CHAIN_ID, getCreateAddress({ from: EMBEDDED_DEPLOYER, nonce: 3 }));
}

/** The test accounts of every large run: fixed keys (SHA-256 of a label), so that `settle` rebuilds the batches `prove` proved. */
export function benchAccounts(suite: CryptoSuite, depth: number): TestAccounts {
  const keys = Array.from({ length: Math.min(ACCOUNTS, 2 ** depth) }, (_, i) => {
    const privateKey = new Uint8Array(createHash('sha256').update(`zkr bench large-instances account ${i}`).digest());
    return { privateKey, publicKey: suite.eddsa.publicKey(privateKey) };
  });
  return { keys, balance: BALANCE };
}

/** `count` consecutive full batches of `instance` over the test genesis under `domain` (deterministic). */
export async function largeBatches(instance: CircuitInstance, domain: bigint, count: number): Promise<{ genesis: RollupState; batches: Batch[] }> {
  const suite = await createCryptoSuite();
  const accounts = benchAccounts(suite, instance.depth);
  const genesis = testGenesis(suite, accounts, instance.depth, domain);
  let state = genesis;
  let pending = ringTransfers(suite, accounts, domain, count * instance.batchSize);
  const batches: Batch[] = [];
  for (let i = 0; i < count; i++) {
    const built = buildBatch(state, pending, { batchSize: instance.batchSize, feeRecipient: 0 });
    if (built.accepted.length !== instance.batchSize) {
      throw benchError('BENCH_INVALID', `batch ${i + 1} of ${instanceName(instance)} holds ${built.accepted.length} transfers, not ${instance.batchSize} (rejected: ${built.rejected.map((r) => r.code).join(', ')})`);
    }
    batches.push(built.batch);
    state = built.state;
    pending = [...built.remaining];
  }
  return { genesis, batches };
}

/** Stage 3: prove `count` full batches in a row with the zkr engine; each proof is verified. */
export async function proveStage(instance: CircuitInstance, root: string, command: string, count: number): Promise<ProveRecord> {
  const load = load1();
  const domain = embeddedDomain();
  const { batches } = await largeBatches(instance, domain, count);
  const dir = artifactsDir(root, instance);
  const openStart = performance.now();
  const prover = await Prover.fromArtifacts(dir, { engine: 'zkr' });
  const openSeconds = (performance.now() - openStart) / 1000;
  const vkey = JSON.parse(await readFile(artifactPaths(dir).vkey, 'utf8')) as unknown;
  const proofs: ProveRecord['proofs'][number][] = [];
  const saved: { proof: Groth16Proof; publicSignals: string[] }[] = [];
  try {
    for (const batch of batches) {
      const result = await prover.prove(batch);
      if (!(await verifyProof(vkey, result.proof, result.publicSignals))) {
        throw benchError('BENCH_INVALID', `the proof of ${instanceName(instance)} batch ${batch.batchNumber} does not verify`);
      }
      proofs.push({ transfers: instance.batchSize, witnessSeconds: result.timings.witnessMs / 1000, proveSeconds: result.timings.proveMs / 1000 });
      saved.push({ proof: result.proof, publicSignals: [...result.publicSignals] });
      process.stderr.write(`${instanceName(instance)} batch ${batch.batchNumber}: witness ${(result.timings.witnessMs / 1000).toFixed(1)} s, prove ${(result.timings.proveMs / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await prover.close();
  }
  await mkdir(join(root, 'proofs'), { recursive: true });
  await writeFileAtomic(proofsFile(root, instance), `${JSON.stringify({ domain: domain.toString(), proofs: saved }, null, 2)}\n`, 'proofs');
  return (await writeRecord(root, {
    stage: 'prove', ...instance, ok: true, command, domain: domain.toString(), openSeconds: Math.round(openSeconds * 10) / 10, proofs,
    peakRssMiB: peakRss(), finishedAt: new Date().toISOString(), load: [load, load1()],
  })) as ProveRecord;
}

/** Stage 4: deploy a fresh Rollup on the embedded chain and submit every proved batch in order. */
export async function settleStage(instance: CircuitInstance, root: string, command: string): Promise<SettleRecord> {
  const load = load1();
  const saved = JSON.parse(await readFile(proofsFile(root, instance), 'utf8')) as { domain: string; proofs: { proof: Groth16Proof; publicSignals: string[] }[] };
  const domain = BigInt(saved.domain);
  const { genesis, batches } = await largeBatches(instance, domain, saved.proofs.length);
  const connection = await connect();
  const rollup = await deploy({
    connection,
    verifiers: [{ artifactsDir: artifactsDir(root, instance) }],
    genesis: { root: genesis.root, depth: instance.depth, queuePositions: instance.queuePositions, withdrawalPositions: instance.withdrawalPositions, nextIndex: genesis.nextIndex, batchCount: 0, queueCount: 0 },
  });
  if (rollup.deployment.domain !== domain) {
    throw benchError('BENCH_INVALID', `the deployed Rollup's domain ${rollup.deployment.domain} is not the predicted ${domain}: the deployment order changed; update embeddedDomain()`);
  }
  const records: SettleRecord['batches'][number][] = [];
  for (let i = 0; i < batches.length; i++) {
    const submitted = await rollup.submitBatch(batches[i], toSolidityCalldata(saved.proofs[i].proof, saved.proofs[i].publicSignals));
    if ((await rollup.stateHash()) !== batches[i].newStateHash) {
      throw benchError('BENCH_INVALID', `after batch ${i + 1} the Rollup's state hash differs from the batch's new state hash`);
    }
    records.push({
      batchNumber: Number(submitted.batchNumber), gasUsed: Number(submitted.gasUsed), calldataBytes: submitted.calldataBytes,
      calldataGas: Number(submitted.calldataGas), txDataBytes: txDataOf(batches[i].batchData, instance.depth).length,
    });
  }
  return (await writeRecord(root, {
    stage: 'settle', ...instance, ok: true, command, batches: records,
    peakRssMiB: peakRss(), finishedAt: new Date().toISOString(), load: [load, load1()],
  })) as SettleRecord;
}

function instanceArgs(depth: string | undefined, batchSize: string | undefined): CircuitInstance {
  const instance = { depth: Number(depth), batchSize: Number(batchSize) };
  if (!Number.isInteger(instance.depth) || !Number.isInteger(instance.batchSize) || instance.batchSize < 1) {
    throw benchError('INVALID_ARGUMENT', `usage: large-instances.ts <compile|setup|prove|settle> <D> <N> [batches] | report [out.md]; got D=${depth} N=${batchSize}`, { details: { field: 'instance', value: [depth, batchSize] } });
  }
  return resolveInstance(instance);
}

async function cli(args: readonly string[]): Promise<unknown> {
  const [stage, depth, batchSize, extra] = args;
  const root = resolve(process.env.ZKR_BENCH_LARGE_DIR ?? LARGE_ROOT);
  const command = `node -r ./packages/test-helpers/ts-register.js bench/src/large-instances.ts ${args.join(' ')}`;
  if (stage === 'report') {
    const { writeLargeReport } = await import('./large-instances-report');
    return writeLargeReport(await readRecords(root), depth ?? 'bench/results/large-instances.md');
  }
  const instance = instanceArgs(depth, batchSize);
  if (stage === 'compile') return compileStage(instance, root, command);
  if (stage === 'setup') return setupStage(instance, root, command);
  if (stage === 'prove') return proveStage(instance, root, command, extra === undefined ? 1 : Number(extra));
  if (stage === 'settle') return settleStage(instance, root, command);
  throw benchError('INVALID_ARGUMENT', `unknown stage ${JSON.stringify(stage)}: use compile, setup, prove, settle or report`, { details: { field: 'stage', value: stage } });
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
