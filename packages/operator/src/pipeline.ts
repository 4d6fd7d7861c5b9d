/**
 * The operator's end-to-end loop on one rollup: artifacts (compile + setup, cached), deployment,
 * then for every batch: build from pending transfers, prove, submit, and check that the state hash
 * and batch count on L1 equal the ones computed locally. `zkr demo` and the end-to-end test run it on the embedded
 * in-process chain; an operator runs the same steps against a real node.
 */
import { operatorError } from './errors';
import { DEFAULT_INSTANCE, type CircuitInstance } from '@zkr/circuits';
import { connect, deploy, type L1Connection, type RollupClient } from '@zkr/l1';
import { Prover, toSolidityCalldata, type EngineName, type ProgressListener } from '@zkr/prover';
import {
  buildBatch, createCryptoSuite, txDataOf, type RejectionCode, type RollupState, type SignedTransfer,
} from '@zkr/state';
import { prepareBatchArtifacts, type PrepareArtifactsOptions } from './artifacts';
import { generateTestAccounts, invalidTransfers, ringTransfers, testGenesis } from './traffic';

/** Options of {@link runEndToEnd}. */
export interface EndToEndOptions {
  /** Circuit instance; default `DEFAULT_INSTANCE`. */
  readonly instance?: CircuitInstance;
  /** Number of batches to prove and submit (1..100); default 3. */
  readonly batches?: number;
  /** Test accounts in the genesis (2..2^depth); default 8, or 2^depth when the tree holds fewer. */
  readonly accounts?: number;
  /** Proving engine; default `zkr` (the Prover's default). */
  readonly engine?: EngineName;
  /** L1 connection; default the in-process Hardhat network. */
  readonly connection?: L1Connection;
  /** Where artifacts are cached (see {@link prepareBatchArtifacts}). */
  readonly artifacts?: PrepareArtifactsOptions;
  /** Receives one line per step. */
  readonly onStep?: (line: string) => void;
  /** Receives the prover's progress while each batch is proved (setup progress: `artifacts.onSetupProgress`). */
  readonly onProveProgress?: ProgressListener;
}

/** What happened to one batch. */
export interface BatchReport {
  readonly batchNumber: number;
  readonly transfers: number;
  readonly rejected: readonly RejectionCode[];
  readonly newRoot: bigint;
  /** `Poseidon([domain, newRoot])` computed from the local state after the batch. */
  readonly newStateHash: bigint;
  readonly witnessMs: number;
  readonly proveMs: number;
  readonly gasUsed: bigint;
  /** Bytes of the `submitBatch` transaction's calldata. */
  readonly calldataBytes: number;
  /** Bytes of the slots in that calldata (`S·N`, docs/protocol.md §7). */
  readonly slotBytes: number;
  /** The state hash the contract holds after the batch (equal to `newStateHash`, or the run throws). */
  readonly onChainStateHash: bigint;
}

/** Summary of an end-to-end run. */
export interface EndToEndReport {
  readonly instance: CircuitInstance;
  readonly constraints: number;
  readonly artifactsDir: string;
  readonly developmentOnly: boolean;
  readonly compileMs: number;
  readonly setupMs: number;
  readonly rollup: string;
  readonly domain: bigint;
  readonly genesisRoot: bigint;
  readonly finalRoot: bigint;
  /** `Poseidon([domain, finalRoot])`, also the contract's state hash at the end. */
  readonly finalStateHash: bigint;
  readonly batches: readonly BatchReport[];
}

function checkCount(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw operatorError('INVALID_ARGUMENT', `${field} must be an integer ${min} <= ${field} <= ${max}, got ${value}`, { details: { field, value } });
  }
  return value;
}

/**
 * Reads the state hash and batch count of `rollup` and throws `STATE_MISMATCH` unless they are
 * `Poseidon([domain, root])` and the batch count of the local `state`.
 */
async function checkSettled(rollup: RollupClient, state: RollupState): Promise<{ stateHash: bigint }> {
  const local = { stateHash: state.stateHash, batchCount: BigInt(state.batchCount) };
  const onChain = { stateHash: await rollup.stateHash(), batchCount: await rollup.batchNumber() };
  if (onChain.stateHash !== local.stateHash || onChain.batchCount !== local.batchCount) {
    throw operatorError('STATE_MISMATCH', `after batch ${state.batchCount} L1 holds state hash ${onChain.stateHash} at batch count ${onChain.batchCount}, ` +
      `the local state gives ${local.stateHash} at ${local.batchCount}; the contract and the builder disagree (report this with both files)`, {
      details: { onChain, local },
    });
  }
  return onChain;
}

/** Run the whole operator loop and return what happened; throws `STATE_MISMATCH` if L1 and the local state disagree. */
export async function runEndToEnd(options: EndToEndOptions = {}): Promise<EndToEndReport> {
  const instance = options.instance ?? DEFAULT_INSTANCE;
  const batchCount = checkCount(options.batches ?? 3, 'batches', 1, 100);
  const accountCount = checkCount(options.accounts ?? Math.min(8, 2 ** instance.depth), 'accounts', 2, Math.min(2 ** instance.depth, 10_000));
  const step = options.onStep ?? (() => undefined);

  step(`circuit D=${instance.depth} N=${instance.batchSize}: compiling and setting up (cached after the first run)`);
  const artifacts = await prepareBatchArtifacts(instance, options.artifacts);
  step(`circuit: ${artifacts.compiled.constraints} constraints, artifacts in ${artifacts.dir}` +
    (artifacts.manifest.developmentOnly ? ' (DEVELOPMENT-ONLY keys)' : ''));

  const suite = await createCryptoSuite();
  const accounts = generateTestAccounts(suite, accountCount, 1_000_000n);
  // Leaves do not depend on the domain, so the genesis root is known before the contract (and its domain) exists.
  const genesisRoot = testGenesis(suite, accounts, instance.depth, 0n).root;
  const connection = options.connection ?? (await connect());
  step(`deploying the Poseidon hasher, the verifier and the Rollup (chain ${connection.chainId})`);
  const rollup = await deploy({ connection, verifiers: [{ artifactsDir: artifacts.dir }], genesisRoot, depth: instance.depth });
  const domain = rollup.deployment.domain;
  step(`deployed Rollup at ${rollup.deployment.rollup} (chain ${connection.chainId}), domain ${domain}`);

  let state: RollupState = testGenesis(suite, accounts, instance.depth, domain);
  const valid = ringTransfers(suite, accounts, domain, batchCount * instance.batchSize);
  let pending: SignedTransfer[] = [...valid.slice(0, instance.batchSize), ...invalidTransfers(suite, accounts, domain, valid[0]), ...valid.slice(instance.batchSize)];
  step(`signed ${pending.length} transfers (2 of them invalid on purpose: a replay and a foreign-domain signature)`);

  step('loading the proving key');
  const prover = await Prover.fromArtifacts(artifacts.dir, { engine: options.engine, onProgress: options.onProveProgress });
  const batches: BatchReport[] = [];
  try {
    for (let b = 1; b <= batchCount; b++) {
      const built = buildBatch(state, pending, { batchSize: instance.batchSize, feeRecipient: 0 });
      step(`batch ${b}/${batchCount}: ${built.accepted.length} transfers built, proving`);
      const proof = await prover.prove(built.batch);
      const submitted = await rollup.submitBatch(built.batch, toSolidityCalldata(proof.proof, proof.publicSignals));
      const onChain = await checkSettled(rollup, built.state);
      const report: BatchReport = {
        batchNumber: Number(submitted.batchNumber),
        transfers: built.accepted.length,
        rejected: built.rejected.map((r) => r.code),
        newRoot: built.batch.newRoot,
        newStateHash: built.batch.newStateHash,
        witnessMs: proof.timings.witnessMs,
        proveMs: proof.timings.proveMs,
        gasUsed: submitted.gasUsed,
        calldataBytes: submitted.calldataBytes,
        slotBytes: txDataOf(built.batch.batchData, built.batch.depth).length,
        onChainStateHash: onChain.stateHash,
      };
      batches.push(report);
      step(`batch ${report.batchNumber}: ${report.transfers} transfers` +
        (report.rejected.length ? ` (rejected ${report.rejected.join(', ')})` : '') +
        `, proved in ${(report.proveMs / 1000).toFixed(1)} s, gas ${report.gasUsed}, L1 state hash = local state hash`);
      state = built.state;
      pending = [...built.remaining];
    }
  } finally {
    await prover.close();
  }
  return {
    instance,
    constraints: artifacts.compiled.constraints,
    artifactsDir: artifacts.dir,
    developmentOnly: artifacts.manifest.developmentOnly === true,
    compileMs: artifacts.compileMs,
    setupMs: artifacts.setupMs,
    rollup: rollup.deployment.rollup,
    domain,
    genesisRoot,
    finalRoot: state.root,
    finalStateHash: state.stateHash,
    batches,
  };
}
