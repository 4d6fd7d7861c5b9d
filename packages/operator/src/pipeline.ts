/**
 * The operator's end-to-end loop on one rollup, with money moving in and out (docs/protocol.md
 * §11–§13): artifacts (compile + setup, cached), deployment, an L1 user who deposits into a new
 * account, then for every batch: read the L1 queue from the chain, build from it, pending transfers
 * and withdrawals, prove, submit, and check what L1 holds afterwards (state hash, batch count,
 * consumed queue count, and every credit added to its address's claimable balance). The new
 * account withdraws to the user's address in batch 2 and the user claims it on L1 at the end.
 * `zkr demo` and the end-to-end test run it on the embedded in-process chain; an operator runs the
 * same steps against a real node.
 */
import { getAddress, JsonRpcApiProvider, type Signer } from 'ethers';
import { operatorError } from './errors';
import { DEFAULT_INSTANCE, type CircuitInstance } from '@zkr/circuits';
import { connect, type L1Connection, type RollupClient } from '@zkr/l1';
import { Prover, toSolidityCalldata, type EngineName, type ProgressListener } from '@zkr/prover';
import {
  buildBatch, createCryptoSuite, creditsOf, generateKeyPair, ownerToHex, signWithdrawal, txDataOf,
  type Batch, type QueueSkipReason, type RejectionCode, type RollupState, type SignedTransfer, type SignedWithdrawal, type WithdrawalRejectionCode,
} from '@zkr/state';
import { prepareBatchArtifacts, type PrepareArtifactsOptions } from './artifacts';
import { deployDevelopmentRollup } from './dev-rollup';
import { generateTestAccounts, invalidTransfers, ringTransfers } from './traffic';

/** Options of {@link runEndToEnd}. */
export interface EndToEndOptions {
  /** Circuit instance; default `DEFAULT_INSTANCE`. */
  readonly instance?: CircuitInstance;
  /** Number of batches to prove and submit (2..100: the deposit lands in batch 1, its withdrawal in batch 2); default 2. */
  readonly batches?: number;
  /** Test accounts in the genesis (2..2^depth - 1, one index stays free for the deposit); default 8, or 2^depth - 1 when the tree holds fewer. */
  readonly accounts?: number;
  /** Proving engine; default `zkr` (the Prover's default). */
  readonly engine?: EngineName;
  /** L1 connection (its signer deploys and sequences); default the in-process Hardhat network. */
  readonly connection?: L1Connection;
  /** The L1 user who deposits, withdraws to its address and claims; default the node's second account. */
  readonly user?: Signer;
  /** Where artifacts are cached (see {@link prepareBatchArtifacts}). */
  readonly artifacts?: PrepareArtifactsOptions;
  /** Receives one line per step. */
  readonly onStep?: (line: string) => void;
  /** Receives the prover's progress while each batch is proved (setup progress: `artifacts.onSetupProgress`). */
  readonly onProveProgress?: ProgressListener;
}

/** What happened to one consumed queue operation. */
export interface QueueReport {
  readonly position: number;
  readonly kind: 1 | 2 | 3;
  readonly index: number;
  readonly outcome: 'applied' | QueueSkipReason;
}

/** What happened to one batch. */
export interface BatchReport {
  readonly batchNumber: number;
  /** The L1 queue operations it consumed, in order. */
  readonly queue: readonly QueueReport[];
  readonly transfers: number;
  readonly rejected: readonly RejectionCode[];
  readonly withdrawals: number;
  readonly rejectedWithdrawals: readonly WithdrawalRejectionCode[];
  /** The non-zero L1 credits it added, in L2 units (times the unit on L1). */
  readonly credits: readonly { readonly address: string; readonly amount: bigint }[];
  readonly newRoot: bigint;
  /** `Poseidon([domain, newRoot])` computed from the local state after the batch. */
  readonly newStateHash: bigint;
  readonly witnessMs: number;
  readonly proveMs: number;
  readonly gasUsed: bigint;
  /** Bytes of the `submitBatch` transaction's calldata. */
  readonly calldataBytes: number;
  /** Bytes of the queue, slot and withdrawal entries in that calldata (`txData`, docs/protocol.md §7). */
  readonly txDataBytes: number;
  /** The state hash the contract holds after the batch (equal to `newStateHash`, or the run throws). */
  readonly onChainStateHash: bigint;
}

/** The user's money at one moment: on L1 (wei of the asset, claimable on the Rollup) and on L2 (the new account's balance, in L2 units). */
export interface MoneySnapshot {
  readonly when: string;
  /** The user's L1 balance, base units. */
  readonly l1: bigint;
  /** The user's claimable balance on the Rollup, base units. */
  readonly claimable: bigint;
  /** The new account's L2 balance in L2 units (null before it exists on L2). */
  readonly l2: bigint | null;
}

/** The money that moved between L1 and L2. */
export interface MoneyReport {
  /** The user's L1 address. */
  readonly user: string;
  /** L1 base units per L2 unit. */
  readonly unit: bigint;
  /** The deposit: L2 amount, the new account's index and its queue position. */
  readonly deposit: { readonly amount: bigint; readonly index: number; readonly position: number };
  /** The withdrawal to the user's address: L2 amount and fee. */
  readonly withdrawal: { readonly amount: bigint; readonly fee: bigint };
  /** Base units `claim()` paid to the user. */
  readonly claimed: bigint;
  /** Base units the user paid in L1 gas (deposit and claim): `before - after - deposit value + claimed`. */
  readonly gasPaid: bigint;
  readonly snapshots: readonly MoneySnapshot[];
}

/** Summary of an end-to-end run. */
export interface EndToEndReport {
  readonly instance: CircuitInstance;
  readonly constraints: number;
  readonly artifactsDir: string;
  readonly developmentOnly: boolean;
  /** The engine that proved the batches (`zkr` when `native` was asked for but its addon could not load). */
  readonly engine: EngineName;
  readonly compileMs: number;
  readonly setupMs: number;
  readonly rollup: string;
  readonly domain: bigint;
  readonly genesisRoot: bigint;
  readonly finalRoot: bigint;
  /** `Poseidon([domain, finalRoot])`, also the contract's state hash at the end. */
  readonly finalStateHash: bigint;
  readonly batches: readonly BatchReport[];
  readonly money: MoneyReport;
}

/** The L2 amount the user deposits: 0.5 ETH at the default unit (10^9 wei), exact as a float (docs/protocol.md §1.1). */
const DEPOSIT = 500_000_000n;
/** The L2 amount the new account withdraws to the user in batch 2, and its fee. */
const WITHDRAWAL = 200_000_000n;
const WITHDRAWAL_FEE = 1n;

function checkCount(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw operatorError('INVALID_ARGUMENT', `${field} must be an integer ${min} <= ${field} <= ${max}, got ${value}`, { details: { field, value } });
  }
  return value;
}

function mismatch(what: string, onChain: unknown, local: unknown, batchNumber: number): never {
  throw operatorError('STATE_MISMATCH', `after batch ${batchNumber} L1 holds ${what} ${String(onChain)}, the local state gives ${String(local)}; ` +
    'the contract and the builder disagree (report this with both files)', {
    details: { what, onChain, local, batchNumber },
  });
}

/** The claimable balance on L1 of every address `batch` credits, keyed by checksummed address. */
async function claimables(rollup: RollupClient, batch: Batch): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  for (const c of creditsOf(batch)) {
    const address = getAddress(ownerToHex(c.address));
    if (c.amount > 0n && !out.has(address)) out.set(address, await rollup.claimable(address));
  }
  return out;
}

/**
 * Reads what L1 holds after `batch` was accepted and throws `STATE_MISMATCH` unless it is what the
 * local `state` says: the state hash `Poseidon([domain, root])`, the batch count, the consumed
 * queue count, and each credited address's claimable balance grown by its credits times the unit.
 */
async function checkSettled(rollup: RollupClient, state: RollupState, batch: Batch, before: Map<string, bigint>): Promise<{ stateHash: bigint }> {
  const [stateHash, batchCount, consumed] = await Promise.all([rollup.stateHash(), rollup.batchNumber(), rollup.consumed()]);
  if (stateHash !== state.stateHash) mismatch('state hash', stateHash, state.stateHash, batch.batchNumber);
  if (batchCount !== BigInt(state.batchCount)) mismatch('batch count', batchCount, state.batchCount, batch.batchNumber);
  if (consumed !== state.queueCount) mismatch('consumed queue count', consumed, state.queueCount, batch.batchNumber);
  const expected = new Map(before);
  for (const c of creditsOf(batch)) {
    const address = getAddress(ownerToHex(c.address));
    if (c.amount > 0n) expected.set(address, expected.get(address)! + c.amount * rollup.deployment.unit);
  }
  for (const [address, amount] of expected) {
    const onChain = await rollup.claimable(address);
    if (onChain !== amount) mismatch(`claimable of ${address}`, onChain, amount, batch.batchNumber);
  }
  return { stateHash };
}

/** The node's second account, the default L1 user (the first one deploys and sequences). */
async function defaultUser(connection: L1Connection): Promise<Signer> {
  if (!(connection.provider instanceof JsonRpcApiProvider)) {
    throw operatorError('INVALID_ARGUMENT', 'the connection\'s provider has no unlocked accounts to act as the L1 user; pass options.user', { details: { field: 'user' } });
  }
  return connection.provider.getSigner(1);
}

/** Run the whole operator loop and return what happened; throws `STATE_MISMATCH` if L1 and the local state disagree. */
export async function runEndToEnd(options: EndToEndOptions = {}): Promise<EndToEndReport> {
  const instance = options.instance ?? DEFAULT_INSTANCE;
  const batchCount = checkCount(options.batches ?? 2, 'batches', 2, 100);
  const accountCount = checkCount(options.accounts ?? Math.min(8, 2 ** instance.depth - 1), 'accounts', 2, Math.min(2 ** instance.depth - 1, 10_000));
  const step = options.onStep ?? (() => undefined);

  step(`circuit D=${instance.depth} N=${instance.batchSize}: compiling and setting up (cached after the first run)`);
  const artifacts = await prepareBatchArtifacts(instance, options.artifacts);
  step(`circuit: ${artifacts.compiled.constraints} constraints, artifacts in ${artifacts.dir}` +
    (artifacts.manifest.developmentOnly ? ' (DEVELOPMENT-ONLY keys)' : ''));

  const suite = await createCryptoSuite();
  const accounts = generateTestAccounts(suite, accountCount, 1_000_000n);
  const connection = options.connection ?? (await connect());
  step(`deploying the Poseidon hashers, the verifier and the Rollup (chain ${connection.chainId}, ETH at 10^9 wei per L2 unit: L2 balances in gwei)`);
  const { client: rollup, genesis } = await deployDevelopmentRollup({ connection, suite, accounts, artifactsDir: artifacts.dir, instance });
  const { domain, unit } = rollup.deployment;
  step(`deployed Rollup at ${rollup.deployment.rollup} (chain ${connection.chainId}), domain ${domain}`);

  const userSigner = options.user ?? (await defaultUser(connection));
  const user = rollup.withSigner(userSigner);
  const userAddress = getAddress(await userSigner.getAddress());
  const newKey = generateKeyPair(suite.eddsa);
  const snapshots: MoneySnapshot[] = [];
  const snapshot = async (when: string, l2: bigint | null): Promise<void> => {
    const [l1, claimable] = await Promise.all([rollup.l1Balance(userAddress), rollup.claimable(userAddress)]);
    snapshots.push({ when, l1, claimable, l2 });
    step(`  ${when}: user ${userAddress} L1 ${l1} wei, claimable ${claimable} wei; new account on L2 ${l2 === null ? 'none' : `${l2} L2 units`}`);
  };
  await snapshot('before the deposit', null);
  const deposited = await user.deposit({ publicKey: newKey.publicKey, amount: DEPOSIT });
  step(`user ${userAddress} deposited ${DEPOSIT} L2 units (${DEPOSIT * unit} wei) on L1 for a new account: queue position ${deposited.position}, index ${deposited.index}`);

  let state: RollupState = genesis;
  const valid = ringTransfers(suite, accounts, domain, batchCount * instance.batchSize);
  let pending: SignedTransfer[] = [...valid.slice(0, instance.batchSize), ...invalidTransfers(suite, accounts, domain, valid[0]), ...valid.slice(instance.batchSize)];
  step(`signed ${pending.length} transfers (2 of them invalid on purpose: a replay and a foreign-domain signature)`);
  let withdrawals: SignedWithdrawal[] = [];

  step('loading the proving key');
  const prover = await Prover.fromArtifacts(artifacts.dir, { engine: options.engine, onProgress: options.onProveProgress });
  const batches: BatchReport[] = [];
  try {
    for (let b = 1; b <= batchCount; b++) {
      if (b === 2) {
        withdrawals = [signWithdrawal(suite, newKey.privateKey, domain, { from: deposited.index, address: BigInt(userAddress), amount: WITHDRAWAL, fee: WITHDRAWAL_FEE, nonce: 0n })];
        step(`account ${deposited.index} signed a withdrawal of ${WITHDRAWAL} L2 units (fee ${WITHDRAWAL_FEE}) to ${userAddress}`);
      }
      const queue = await rollup.queueOperations({ fromPosition: state.queueCount });
      const built = buildBatch(state, pending, { batchSize: instance.batchSize, feeRecipient: 0, queue, withdrawals });
      const report = await settle(rollup, prover, built, step, b, batchCount);
      batches.push(report);
      state = built.state;
      pending = [...built.remaining];
      // The one withdrawal fits its batch (W >= 1); the claimable check after the last batch proves it settled.
      withdrawals = [];
      if (b === 1 || b === 2) await snapshot(`after batch ${b}`, state.account(deposited.index)?.balance ?? null);
    }
  } finally {
    await prover.close();
  }
  const claimable = await rollup.claimable(userAddress);
  if (claimable !== WITHDRAWAL * unit) mismatch(`claimable of ${userAddress} before the claim`, claimable, WITHDRAWAL * unit, state.batchCount);
  const claimed = await user.claim();
  step(`user ${userAddress} claimed ${claimed.amount} wei on L1`);
  await snapshot('after the claim', state.account(deposited.index)?.balance ?? null);
  const gasPaid = snapshots[0].l1 - snapshots[snapshots.length - 1].l1 - DEPOSIT * unit + claimed.amount;
  return {
    instance,
    constraints: artifacts.compiled.constraints,
    artifactsDir: artifacts.dir,
    developmentOnly: artifacts.manifest.developmentOnly === true,
    engine: prover.engineName,
    compileMs: artifacts.compileMs,
    setupMs: artifacts.setupMs,
    rollup: rollup.deployment.rollup,
    domain,
    genesisRoot: genesis.root,
    finalRoot: state.root,
    finalStateHash: state.stateHash,
    batches,
    money: {
      user: userAddress,
      unit,
      deposit: { amount: DEPOSIT, index: deposited.index, position: deposited.position },
      withdrawal: { amount: WITHDRAWAL, fee: WITHDRAWAL_FEE },
      claimed: claimed.amount,
      gasPaid,
      snapshots,
    },
  };
}

/** Proves and submits one built batch, checks L1 after it, and reports it. */
async function settle(
  rollup: RollupClient,
  prover: Prover,
  built: ReturnType<typeof buildBatch>,
  step: (line: string) => void,
  b: number,
  batchCount: number,
): Promise<BatchReport> {
  const { batch } = built;
  const queue = batch.queue.flatMap((q) => (q.kind === 'operation' ? [{ position: q.operation.position, kind: q.operation.kind, index: q.operation.index, outcome: q.outcome }] : []));
  const withdrawals = batch.withdrawals.filter((w) => w.kind === 'withdrawal').length;
  step(`batch ${b}/${batchCount}: ${queue.length} queue operation(s), ${built.accepted.length} transfers, ${withdrawals} withdrawal(s) built, proving`);
  const proof = await prover.prove(batch);
  const before = await claimables(rollup, batch);
  const submitted = await rollup.submitBatch(batch, toSolidityCalldata(proof.proof, proof.publicSignals));
  const onChain = await checkSettled(rollup, built.state, batch, before);
  const report: BatchReport = {
    batchNumber: Number(submitted.batchNumber),
    queue,
    transfers: built.accepted.length,
    rejected: built.rejected.map((r) => r.code),
    withdrawals,
    rejectedWithdrawals: built.rejectedWithdrawals.map((r) => r.code),
    credits: creditsOf(batch).filter((c) => c.amount > 0n).map((c) => ({ address: getAddress(ownerToHex(c.address)), amount: c.amount })),
    newRoot: batch.newRoot,
    newStateHash: batch.newStateHash,
    witnessMs: proof.timings.witnessMs,
    proveMs: proof.timings.proveMs,
    gasUsed: submitted.gasUsed,
    calldataBytes: submitted.calldataBytes,
    txDataBytes: txDataOf(batch.batchData, batch.depth).length,
    onChainStateHash: onChain.stateHash,
  };
  step(`batch ${report.batchNumber}: ${queue.map((q) => `queue #${q.position} ${q.outcome}, `).join('')}${report.transfers} transfers` +
    (report.rejected.length ? ` (rejected ${report.rejected.join(', ')})` : '') +
    `, ${withdrawals} withdrawal(s), proved in ${(report.proveMs / 1000).toFixed(1)} s, gas ${report.gasUsed}; ` +
    'L1 state hash, batch count, consumed queue count and claimable balances = local');
  return report;
}
