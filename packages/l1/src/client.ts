/**
 * `RollupClient`: a deployed Rollup on one connection. Submits batches (reporting gas and
 * calldata), reads the state hash, batch number, queue and submitted batches (the `BatchSubmitted`
 * events with the fee recipient, queue count and slot bytes taken from their transactions'
 * calldata, docs/protocol.md §7), moves money in and out (deposits, forced exits, claims, the
 * escape hatch, docs/protocol.md §12–§13), and runs the owner actions. Every revert becomes a
 * ZkrError with the code of the contract's custom error (`contract-errors.ts`).
 */
import { Contract, type ContractTransactionReceipt, type ContractTransactionResponse, EventLog, getAddress, getBytes, hexlify, type Interface, isAddress, type LogDescription, toBeHex, ZeroAddress } from 'ethers';
import { Rollup } from '@zkr/contracts';
import {
  type Account, assertAmountRepresentable, assertFieldElement, assertIndex, assertOwner, assertValue, type Batch, batchDataLength, createCryptoSuite, type CryptoSuite, dataHashOf,
  indexBytes, type PublicKey, QUEUE_ENTRY_BYTES, queueHashStep, type QueueOperation, type QueueOperationKind, queueWordOf, type RollupState, type SiblingTriple,
  slotBytes, txDataOf, withdrawalEntryBytes,
} from '@zkr/state';
import { type Deployment } from './deployment';
import { l1Error } from './errors';
import { type L1Connection } from './network';
import { toZkrError } from './revert';
import { resolveRpcTimeout, withRpcTimeout } from './timeout';

/** A Groth16 proof in verifier calldata order; `@zkr/prover`'s `SolidityCalldata` fits (its `input` is checked). */
export interface Groth16Calldata {
  readonly a: readonly [bigint, bigint];
  readonly b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]];
  readonly c: readonly [bigint, bigint];
  /** The public inputs the proof was made for, if known; must be `[newStateHash, dataHash, oldQueueHash, newQueueHash]` of the batch (docs/protocol.md §7). */
  readonly input?: readonly bigint[];
}

/** The raw arguments of `Rollup.submitBatch`. */
export interface BatchSubmission {
  /** The batch's number (the contract requires its batch count + 1, below 2^32). */
  readonly batchNumber: bigint;
  /** `Poseidon([domain, newRoot])`, the first public input. */
  readonly newStateHash: bigint;
  readonly feeRecipient: number;
  /** The queue operations the batch consumes, `m` (`0 <= m <= Q`). */
  readonly queueCount: number;
  /** The batch data after its `36 + I`-byte header: queue entries, slots, withdrawals (`txDataOf`, docs/protocol.md §7). */
  readonly txData: Uint8Array;
  readonly proof: Groth16Calldata;
}

/** Options of a transaction. */
export interface SubmitOptions {
  /** Blocks to wait for (default 1). */
  readonly confirmations?: number;
  /** Give up waiting for the receipt after this many milliseconds (`RPC_TIMEOUT`; default: the connection's RPC timeout per confirmation). */
  readonly timeoutMs?: number;
  /** Called with the transaction's hash once the node took it, before its receipt is awaited (a sequencer records it to survive a crash). */
  readonly onSent?: (txHash: string) => void;
}

/** A mined transaction. */
export interface TxResult {
  readonly txHash: string;
  readonly blockNumber: number;
  /** Total gas of the transaction. */
  readonly gasUsed: bigint;
}

/** What an accepted batch cost. */
export interface SubmitResult extends TxResult {
  readonly batchNumber: bigint;
  /** Bytes of transaction calldata. */
  readonly calldataBytes: number;
  /** EIP-2028 calldata gas: 16 per non-zero byte, 4 per zero byte (already part of `gasUsed`). */
  readonly calldataGas: bigint;
  /** Number of slots `N` in the batch. */
  readonly slots: number;
  /** The queue operations it consumed, `m`. */
  readonly queueCount: number;
}

/** A queue operation the contract accepted (docs/protocol.md §12.1), with its transaction. */
export interface QueuedResult extends TxResult {
  /** The operation as its `QueueOperationAdded` event gives it. */
  readonly operation: QueueOperation;
  readonly position: number;
  /** The account index: assigned by the contract for a deposit to a new account. */
  readonly index: number;
  /** The ERC-20 approval sent first because the allowance was short (token rollups only). */
  readonly approval?: TxResult;
}

/** A transaction that paid or credited an amount of L1 base units (`claim`, `exodusWithdraw`, `refundDeposit`). */
export interface AmountResult extends TxResult {
  /** L1 base units (an L2 amount times the unit). */
  readonly amount: bigint;
}

/** An escape-hatch proof of one account (docs/protocol.md §13): the final root, the account and its `L` sibling triples. */
export interface ExodusProof {
  readonly root: bigint;
  readonly index: number;
  readonly account: Account;
  readonly siblings: readonly SiblingTriple[];
}

/** Options of {@link RollupClient.queueOperations}. */
export interface QueueReadOptions {
  /** The first position to return (default 0). */
  readonly fromPosition?: number;
  /** Blocks per `eth_getLogs` request (default 10,000; lower it for a node with a smaller range limit). */
  readonly pageBlocks?: number;
}

/**
 * One accepted batch as L1 records it: the `BatchSubmitted` event's number, state hash and consumed
 * count, and the fee recipient, queue count and batch bytes after the header from the calldata of
 * the transaction that emitted it; with the genesis state and the queue, enough to replay the batch.
 */
export interface BatchEvent {
  readonly batchNumber: bigint;
  readonly newStateHash: bigint;
  /** Queue operations consumed after this batch. */
  readonly consumed: number;
  /** Queue operations this batch consumed, `m`. */
  readonly queueCount: number;
  readonly feeRecipient: number;
  readonly txData: Uint8Array;
  readonly txHash: string;
  readonly blockNumber: number;
}

/** A `BatchSubmitted` event with its place in the chain: the block's hash and the log's index in the block. */
export interface LoggedBatchEvent extends BatchEvent {
  readonly blockHash: string;
  readonly logIndex: number;
}

/** A `QueueOperationAdded` event: the operation, the queue hash the contract recorded after it, and its place in the chain. */
export interface QueueEvent {
  readonly operation: QueueOperation;
  /** `queueHash_{position+1}` as the event records it (docs/protocol.md §12.1). */
  readonly queueHash: bigint;
  readonly txHash: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly logIndex: number;
}

/** Both event kinds of the Rollup in one block range, each in chain order (block, then log index). */
export interface RollupEvents {
  readonly queue: readonly QueueEvent[];
  readonly batches: readonly LoggedBatchEvent[];
}

/** What the Rollup holds at one block: its batch count and state hash, the queue length and the consumed count. */
export interface RollupSnapshot {
  readonly blockNumber: number;
  readonly batchCount: bigint;
  readonly stateHash: bigint;
  readonly queueLength: number;
  readonly consumed: number;
}

/** The ERC-20 functions the client calls. */
const ERC20_ABI = [
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function balanceOf(address account) view returns (uint256)',
];

/** Blocks per log query by default. */
const DEFAULT_PAGE_BLOCKS = 10_000;

/** EIP-2028 calldata gas of `data`. */
export function calldataGas(data: Uint8Array): bigint {
  return data.reduce((gas, byte) => gas + (byte === 0 ? 4n : 16n), 0n);
}

/** The escape-hatch proof of `index` in `state` (the state of the last accepted batch); `UNKNOWN_ACCOUNT` for an empty index. */
export function exodusProofOf(state: RollupState, index: number): ExodusProof {
  assertIndex(index, state.depth, 'index');
  const account = state.account(index);
  if (!account) {
    throw l1Error('UNKNOWN_ACCOUNT', `index ${index} holds no account in this state; pass the index of an existing account`, { details: { index } });
  }
  return { root: state.root, index, account, siblings: state.siblings(index) };
}

function argumentError(field: string, message: string, value?: unknown) {
  return l1Error('INVALID_ARGUMENT', `${field} ${message}`, { details: { field, ...(value === undefined ? {} : { value }) } });
}

function assertUint(value: unknown, field: string, bits: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << bits) throw argumentError(field, `must be a bigint in [0, 2^${bits}), got ${String(value)}`);
}

function assertSubmission(s: BatchSubmission): void {
  assertUint(s.batchNumber, 'batchNumber', 64n);
  assertUint(s.newStateHash, 'newStateHash', 256n);
  assertIndex(s.feeRecipient, 32, 'feeRecipient');
  if (!Number.isInteger(s.queueCount) || s.queueCount < 0 || s.queueCount > 255) throw argumentError('queueCount', `must be an integer in [0, 255], got ${String(s.queueCount)}`);
  if (!(s.txData instanceof Uint8Array)) throw argumentError('txData', 'must be a Uint8Array');
  const p = s.proof;
  [p?.a?.[0], p?.a?.[1], p?.b?.[0]?.[0], p?.b?.[0]?.[1], p?.b?.[1]?.[0], p?.b?.[1]?.[1], p?.c?.[0], p?.c?.[1]].forEach((v, i) =>
    assertUint(v, `proof.${['a[0]', 'a[1]', 'b[0][0]', 'b[0][1]', 'b[1][0]', 'b[1][1]', 'c[0]', 'c[1]'][i]}`, 256n),
  );
}

function word(bytes: Uint8Array, offset: number, length: number): bigint {
  return BigInt(hexlify(bytes.subarray(offset, offset + length)));
}

/** An owner (`< 2^160`) as a checksummed address. */
function ownerAddress(owner: bigint): string {
  return getAddress(toBeHex(owner, 20));
}

/** Refuses a batch whose parameter `field` differs from the rollup's. */
function checkParameter(field: 'queuePositions' | 'withdrawalPositions', batch: number, rollup: number): void {
  if (batch !== rollup) {
    throw l1Error('PARAMETER_MISMATCH', `the batch has ${field} ${batch} but this rollup has ${rollup}; build the state with the deployment's ${field}`, {
      details: { field, batch, rollup },
    });
  }
}

/** Checks a batch is for this rollup, self-consistent and proved for its own public inputs, before paying gas for it. */
function checkBatch(batch: Batch, deployment: Deployment, proof: Groth16Calldata): void {
  if (batch.domain !== deployment.domain) {
    throw l1Error('DOMAIN_MISMATCH', `the batch was built for domain ${batch.domain} but this rollup's domain is ${deployment.domain}; build the state with the deployment's domain`, {
      details: { batchDomain: batch.domain, rollupDomain: deployment.domain },
    });
  }
  if (batch.depth !== deployment.depth) {
    throw l1Error('DEPTH_MISMATCH', `the batch is for tree depth ${batch.depth} but this rollup has depth ${deployment.depth}; build the state with the deployment's depth`, {
      details: { batchDepth: batch.depth, rollupDepth: deployment.depth },
    });
  }
  checkParameter('queuePositions', batch.queuePositions, deployment.queuePositions);
  checkParameter('withdrawalPositions', batch.withdrawalPositions, deployment.withdrawalPositions);
  const data = batch.batchData;
  const shape = { depth: batch.depth, queuePositions: batch.queuePositions, withdrawalPositions: batch.withdrawalPositions };
  const consistent =
    data instanceof Uint8Array &&
    Number.isInteger(batch.queueCount) &&
    batch.queueCount >= 0 &&
    batch.queueCount <= batch.queuePositions &&
    batch.queue.filter((q) => q.kind === 'operation').length === batch.queueCount &&
    data.length === batchDataLength(shape, batch.batchSize) &&
    word(data, 0, 32) === batch.oldStateHash &&
    Number(word(data, 32, 4)) === batch.batchNumber &&
    Number(word(data, 36, indexBytes(batch.depth))) === batch.feeRecipient &&
    dataHashOf(data) === batch.dataHash;
  if (!consistent) {
    throw l1Error('BATCH_INCONSISTENT', 'the batch\'s batchData does not match its old state hash, batch number, fee recipient, size, queue count or dataHash; rebuild the batch file', {
      details: { field: 'batchData' },
    });
  }
  const expected = [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash];
  if (proof.input !== undefined && (proof.input.length !== expected.length || proof.input.some((x, i) => x !== expected[i]))) {
    throw l1Error(
      'PROOF_MISMATCH',
      `the proof was made for public inputs [${proof.input.join(', ')}] but the batch's are [${expected.join(', ')}] ([newStateHash, dataHash, oldQueueHash, newQueueHash]); prove this batch`,
      { details: { proofInput: proof.input, batchInput: expected } },
    );
  }
}

/** A deployed Rollup on one connection. */
export class RollupClient {
  /** The contract's ABI interface (for decoding events and errors). */
  readonly iface: Interface;
  private readonly contract: Contract;
  private suite?: Promise<CryptoSuite>;

  private constructor(
    /** The deployment record. */
    readonly deployment: Deployment,
    /** The provider and signer in use. */
    readonly connection: L1Connection,
    suite?: Promise<CryptoSuite>,
  ) {
    this.contract = new Contract(deployment.rollup, Rollup.abi, connection.signer);
    this.iface = this.contract.interface;
    this.suite = suite;
  }

  /**
   * Attaches to a deployed Rollup, checking chain id, code at the address, domain, depth, `Q`, `W`,
   * asset, unit and exodus delay, so a deployment file for another network or contract is a clear
   * `DEPLOYMENT_NOT_FOUND`/`CHAIN_MISMATCH`/`DOMAIN_MISMATCH`/`DEPTH_MISMATCH`/`PARAMETER_MISMATCH` error.
   * `suite` (default: created on first use) recomputes queue hashes.
   */
  static async attach(deployment: Deployment, connection: L1Connection, options: { readonly suite?: CryptoSuite } = {}): Promise<RollupClient> {
    if (deployment.chainId !== connection.chainId) {
      throw l1Error('CHAIN_MISMATCH', `the deployment is on chain ${deployment.chainId} but the node is chain ${connection.chainId}; pass the --rpc of the deployment's network`, {
        details: { deploymentChainId: deployment.chainId, nodeChainId: connection.chainId },
      });
    }
    let code: string;
    try {
      code = await withRpcTimeout(connection.provider.getCode(deployment.rollup), resolveRpcTimeout(connection.rpcTimeoutMs), `reading the code at ${deployment.rollup}`);
    } catch (error) {
      throw toZkrError(error, `reading the code at ${deployment.rollup}`);
    }
    if (code === '0x') {
      const hint = connection.inProcess ? 'an in-process network lives only for one run; deploy and submit in the same process, or pass --rpc' : 'check --rpc and the deployment file';
      throw l1Error('DEPLOYMENT_NOT_FOUND', `no contract at ${deployment.rollup} on chain ${connection.chainId}: ${hint}`, {
        details: { rollup: deployment.rollup },
      });
    }
    const client = new RollupClient(deployment, connection, options.suite === undefined ? undefined : Promise.resolve(options.suite));
    const [domain, depth, queuePositions, withdrawalPositions, unit, token, exodusDelay] = await Promise.all([
      client.domain(),
      client.read('depth'),
      client.read('QUEUE_POSITIONS'),
      client.read('WITHDRAWAL_POSITIONS'),
      client.read('unit'),
      client.read('token'),
      client.read('exodusDelay'),
    ]);
    if (domain !== deployment.domain) {
      throw l1Error('DOMAIN_MISMATCH', `the contract at ${deployment.rollup} has domain ${domain}, the deployment file says ${deployment.domain}; the file is not for this contract`, {
        details: { contractDomain: domain, fileDomain: deployment.domain },
      });
    }
    if (Number(depth) !== deployment.depth) {
      throw l1Error('DEPTH_MISMATCH', `the contract at ${deployment.rollup} has tree depth ${depth}, the deployment file says ${deployment.depth}; the file is not for this contract`, {
        details: { contractDepth: Number(depth), fileDepth: deployment.depth },
      });
    }
    const fileToken = BigInt(deployment.token ?? ZeroAddress);
    const checks: [string, bigint, bigint][] = [
      ['queuePositions', queuePositions, BigInt(deployment.queuePositions)],
      ['withdrawalPositions', withdrawalPositions, BigInt(deployment.withdrawalPositions)],
      ['unit', unit, deployment.unit],
      ['token', token, fileToken],
      ['exodusDelay', exodusDelay, BigInt(deployment.exodusDelay)],
    ];
    for (const [field, contract, file] of checks) {
      if (contract !== file) {
        const show = (v: bigint) => (field === 'token' ? (v === 0n ? 'ETH' : ownerAddress(v)) : v.toString());
        throw l1Error('PARAMETER_MISMATCH', `the contract at ${deployment.rollup} has ${field} ${show(contract)}, the deployment file says ${show(file)}; the file is not for this contract`, {
          details: { field, contract: show(contract), file: show(file) },
        });
      }
    }
    return client;
  }

  /** The rollup domain stored by the contract. */
  async domain(): Promise<bigint> {
    return this.read('domain');
  }

  /** The current state hash `Poseidon([domain, root])`. */
  async stateHash(): Promise<bigint> {
    return this.read('stateHash');
  }

  /** The number of accepted batches (the next batch is number `batchNumber() + 1`). */
  async batchNumber(): Promise<bigint> {
    return this.read('batchNumber');
  }

  /** The number of queue operations the contract accepted (docs/protocol.md §13). */
  async queueLength(): Promise<number> {
    return Number(await this.read('queueLength'));
  }

  /** The number of queue operations consumed by accepted batches: the next batch's `queueStart`. */
  async consumed(): Promise<number> {
    return Number(await this.read('consumed'));
  }

  /** The queue hash after the first `k` operations (`0` for `k = 0`; docs/protocol.md §12.1). */
  async queueHashAt(k: number): Promise<bigint> {
    if (!Number.isSafeInteger(k) || k < 0) throw argumentError('k', `must be a non-negative integer, got ${String(k)}`);
    return this.read('queueHashAt', [k]);
  }

  /** The index the next deposit to a new account gets. */
  async nextIndex(): Promise<number> {
    return Number(await this.read('nextIndex'));
  }

  /** True once exodus mode is active (docs/protocol.md §13). */
  async exodus(): Promise<boolean> {
    return (await this.read('exodus')) !== 0n;
  }

  /**
   * The time (unix seconds) after which `activateExodus` is allowed: the oldest unconsumed
   * operation's time plus the exodus delay (it is due once a block's timestamp is greater); undefined
   * when no operation is pending.
   */
  async exodusDueAt(): Promise<number | undefined> {
    const [length, consumed] = await Promise.all([this.queueLength(), this.consumed()]);
    if (consumed >= length) return undefined;
    return Number(await this.read('queueTimeOf', [consumed])) + this.deployment.exodusDelay;
  }

  /** The claimable balance of `address` (default: the signer), in L1 base units. */
  async claimable(address?: string): Promise<bigint> {
    return this.read('claimable', [await this.addressOr(address, 'address')]);
  }

  /** The L1 balance of `address` (default: the signer) in the rollup's asset: wei, or the token's smallest unit. */
  async l1Balance(address?: string): Promise<bigint> {
    const account = await this.addressOr(address, 'address');
    const action = `reading the L1 balance of ${account}`;
    try {
      const balance = this.deployment.token === undefined ? this.connection.provider.getBalance(account) : this.token().getFunction('balanceOf').staticCall(account);
      return BigInt(await withRpcTimeout(balance, this.timeoutMs, action));
    } catch (error) {
      throw toZkrError(error, action);
    }
  }

  /**
   * Queues a deposit to a new account with key `publicKey` and `amount` L2 units (docs/protocol.md
   * §12.1), paying `amount·unit`: as value for ETH, or by `transferFrom` for a token (approving exactly
   * `amount·unit` first when the allowance is short). The contract assigns the index.
   */
  async deposit({ publicKey, amount }: { readonly publicKey: PublicKey; readonly amount: bigint }, options: SubmitOptions = {}): Promise<QueuedResult> {
    if (!Array.isArray(publicKey) || publicKey.length !== 2) throw argumentError('publicKey', 'must be [Ax, Ay]');
    assertFieldElement(publicKey[0], 'publicKey[0]');
    assertFieldElement(publicKey[1], 'publicKey[1]');
    this.assertAmount(amount);
    return this.queue('deposit', [publicKey[0], publicKey[1], amount], amount, options);
  }

  /** Queues a deposit of `amount` L2 units (> 0) to the existing account `index`, paying `amount·unit` as {@link deposit} does. */
  async depositTo({ index, amount }: { readonly index: number; readonly amount: bigint }, options: SubmitOptions = {}): Promise<QueuedResult> {
    assertIndex(index, this.deployment.depth, 'index');
    this.assertAmount(amount);
    if (amount === 0n) throw l1Error('ZERO_AMOUNT', 'a deposit to an existing account must be of a positive amount; pass amount > 0', { details: { field: 'amount' } });
    return this.queue('depositTo', [index, amount], amount, options);
  }

  /** Queues a forced exit of account `index` (the signer must be its L1 owner for the batch to pay out its balance, docs/protocol.md §12.2). */
  async requestExit({ index }: { readonly index: number }, options: SubmitOptions = {}): Promise<QueuedResult> {
    assertIndex(index, this.deployment.depth, 'index');
    return this.queue('requestExit', [index], 0n, options);
  }

  /** Token rollups: approves the Rollup to take exactly `amount·unit` of the signer's tokens (what a deposit of `amount` needs). */
  async approve({ amount }: { readonly amount: bigint }, options: SubmitOptions = {}): Promise<TxResult> {
    assertValue(amount, 'amount');
    if (this.deployment.token === undefined) {
      throw l1Error('INVALID_ARGUMENT', 'this rollup holds ETH: deposits pay amount·unit as value and need no approval', { details: { field: 'token' } });
    }
    const action = `approving ${this.deployment.rollup} on token ${this.deployment.token}`;
    let tx: ContractTransactionResponse;
    try {
      tx = (await withRpcTimeout(this.token().getFunction('approve').send(this.deployment.rollup, amount * this.deployment.unit), this.timeoutMs, action)) as ContractTransactionResponse;
    } catch (error) {
      throw toZkrError(error, action);
    }
    return txResult(await this.confirm(tx, options, `approve on token ${this.deployment.token}`));
  }

  /**
   * The queue operations from `fromPosition` on, read from `QueueOperationAdded` events in pages of
   * `pageBlocks` and checked: positions contiguous from `fromPosition` to the queue length, and each
   * event's queue hash equal to the chain recomputed from `queueHashAt(fromPosition)` (docs/protocol.md
   * §12.1) and ending at the contract's stored hash; any difference is `QUEUE_MISMATCH`.
   */
  async queueOperations({ fromPosition = 0, pageBlocks = DEFAULT_PAGE_BLOCKS }: QueueReadOptions = {}): Promise<QueueOperation[]> {
    if (!Number.isSafeInteger(fromPosition) || fromPosition < 0) throw argumentError('fromPosition', `must be a non-negative integer, got ${String(fromPosition)}`);
    if (!Number.isSafeInteger(pageBlocks) || pageBlocks < 1) throw argumentError('pageBlocks', `must be a positive integer, got ${String(pageBlocks)}`);
    const toBlock = await this.blockNumber();
    const length = Number(await this.read('queueLength', [], toBlock));
    if (fromPosition >= length) return [];
    const suite = await this.cryptoSuite();
    let hash = fromPosition === 0 ? 0n : await this.read('queueHashAt', [fromPosition], toBlock);
    const operations: QueueOperation[] = [];
    for (const log of await this.logs('QueueOperationAdded', this.deployment.blockNumber, toBlock, pageBlocks)) {
      const { operation, queueHash } = queueOperationOf(log);
      if (operation.position < fromPosition) continue;
      const expected = fromPosition + operations.length;
      if (operation.position !== expected) {
        throw queueMismatch(`the queue events jump from position ${expected - 1} to ${operation.position}`, { position: expected, found: operation.position });
      }
      hash = queueHashStep(suite, hash, operation);
      if (hash !== queueHash) {
        throw queueMismatch(`the operation at position ${operation.position} hashes to ${hash} but its event records queue hash ${queueHash}`, { position: operation.position });
      }
      operations.push(operation);
    }
    if (operations.length !== length - fromPosition) {
      throw queueMismatch(`the contract holds ${length} operations at block ${toBlock} but the events give ${fromPosition + operations.length}`, { position: fromPosition + operations.length });
    }
    const stored = await this.read('queueHashAt', [length], toBlock);
    if (stored !== hash) throw queueMismatch(`the events hash to ${hash} but the contract stores queue hash ${stored} after ${length} operations`, { position: length - 1 });
    return operations;
  }

  /** Pays the signer its whole claimable balance (docs/protocol.md §13); `NOTHING_TO_CLAIM` when there is none. */
  async claim(options: SubmitOptions = {}): Promise<AmountResult> {
    const receipt = await this.confirm(await this.send('claim', 'claim', []), options, 'Rollup.claim');
    return { ...txResult(receipt), amount: this.eventOf(receipt, 'Claimed', 'claim').args.amount as bigint };
  }

  /** Activates exodus mode; `EXODUS_NOT_DUE` unless the oldest unconsumed operation waited longer than the exodus delay. */
  async activateExodus(options: SubmitOptions = {}): Promise<TxResult> {
    const receipt = await this.confirm(await this.send('activateExodus', 'activateExodus', []), options, 'Rollup.activateExodus');
    this.eventOf(receipt, 'ExodusActivated', 'activateExodus');
    return txResult(receipt);
  }

  /** In exodus mode: credits `account.balance·unit` to the account's owner, proved against the final root (docs/protocol.md §13; {@link exodusProofOf}). */
  async exodusWithdraw(proof: ExodusProof, options: SubmitOptions = {}): Promise<AmountResult & { readonly owner: string }> {
    const { root, index, account, siblings } = proof;
    assertFieldElement(root, 'root');
    assertIndex(index, this.deployment.depth, 'index');
    if (!Array.isArray(siblings) || siblings.length !== this.deployment.depth / 2 || siblings.some((t) => !Array.isArray(t) || t.length !== 3)) {
      throw argumentError('siblings', `must be ${this.deployment.depth / 2} triples of field elements (one per level of the depth-${this.deployment.depth} tree)`);
    }
    if (!Array.isArray(account?.publicKey) || account.publicKey.length !== 2) throw argumentError('account.publicKey', 'must be [Ax, Ay]');
    assertFieldElement(account.publicKey[0], 'account.publicKey[0]');
    assertFieldElement(account.publicKey[1], 'account.publicKey[1]');
    assertValue(account.balance, 'account.balance');
    assertValue(account.nonce, 'account.nonce');
    assertOwner(account.owner, 'account.owner');
    const struct = { ax: account.publicKey[0], ay: account.publicKey[1], balance: account.balance, nonce: account.nonce, owner: ownerAddress(account.owner) };
    const receipt = await this.confirm(await this.send('exodusWithdraw', 'exodusWithdraw', [root, index, struct, siblings.map((t) => [...t])]), options, 'Rollup.exodusWithdraw');
    const event = this.eventOf(receipt, 'ExodusWithdrawal', 'exodusWithdraw');
    return { ...txResult(receipt), amount: event.args.amount as bigint, owner: getAddress(event.args.owner as string) };
  }

  /** In exodus mode: credits an unconsumed deposit back to the address that paid it (docs/protocol.md §13). */
  async refundDeposit(operation: QueueOperation, options: SubmitOptions = {}): Promise<AmountResult> {
    const word = queueWordOf(operation);
    const args = [operation.position, operation.publicKey[0], operation.publicKey[1], word];
    const receipt = await this.confirm(await this.send('refundDeposit', 'refundDeposit', args), options, 'Rollup.refundDeposit');
    return { ...txResult(receipt), amount: this.eventOf(receipt, 'DepositRefunded', 'refundDeposit').args.amount as bigint };
  }

  /**
   * Submits `batch` with its proof and waits for it. Checked before sending: the batch is for this
   * rollup (`DOMAIN_MISMATCH`, `DEPTH_MISMATCH`, `PARAMETER_MISMATCH` for `Q`/`W`) and
   * self-consistent (`BATCH_INCONSISTENT`), the proof is for its four public inputs
   * (`PROOF_MISMATCH`), the rollup is not in exodus mode (`EXODUS_MODE`) and is where the batch
   * starts: its batch count is `batch.batchNumber - 1` (`WRONG_BATCH_NUMBER`), its state hash
   * `batch.oldStateHash` (`STATE_MISMATCH`), its consumed count `batch.queueStart`, it holds the
   * operations the batch consumes and their queue hashes are the batch's (`QUEUE_MISMATCH`).
   */
  async submitBatch(batch: Batch, proof: Groth16Calldata, options: SubmitOptions = {}): Promise<SubmitResult> {
    checkBatch(batch, this.deployment, proof);
    const [exodus, count, stateHash, consumed, length] = await Promise.all([this.exodus(), this.batchNumber(), this.stateHash(), this.consumed(), this.queueLength()]);
    if (exodus) {
      throw l1Error('EXODUS_MODE', 'the rollup is in exodus mode: its state is final and it takes no more batches; users leave with exodusWithdraw and refundDeposit', { details: {} });
    }
    if (BigInt(batch.batchNumber) !== count + 1n) {
      throw l1Error('WRONG_BATCH_NUMBER', `the batch is number ${batch.batchNumber} but the rollup has accepted ${count} batches, so it expects number ${count + 1n}; rebuild the batch on the state the rollup holds`, {
        details: { expected: count + 1n, given: BigInt(batch.batchNumber) },
      });
    }
    if (batch.oldStateHash !== stateHash) {
      throw l1Error('STATE_MISMATCH', `the batch was built on state hash ${batch.oldStateHash} but the rollup holds ${stateHash}; rebuild the batch on the state the rollup holds`, {
        details: { batchStateHash: batch.oldStateHash, rollupStateHash: stateHash },
      });
    }
    if (batch.queueStart !== consumed) {
      throw queueMismatch(`the batch starts at queue position ${batch.queueStart} but the rollup has consumed ${consumed} operations`, { field: 'queueStart', expected: consumed, given: batch.queueStart });
    }
    if (batch.queueStart + batch.queueCount > length) {
      throw queueMismatch(`the batch consumes operations up to position ${batch.queueStart + batch.queueCount - 1} but the rollup holds ${length}`, {
        field: 'queueCount', expected: length - batch.queueStart, given: batch.queueCount,
      });
    }
    const [oldQueueHash, newQueueHash] = await Promise.all([this.queueHashAt(batch.queueStart), this.queueHashAt(batch.queueStart + batch.queueCount)]);
    for (const [field, rollup, given] of [['oldQueueHash', oldQueueHash, batch.oldQueueHash], ['newQueueHash', newQueueHash, batch.newQueueHash]] as const) {
      if (rollup !== given) {
        throw queueMismatch(`the batch's ${field} is ${given} but the rollup's queue hash there is ${rollup}: the batch consumed other operations than the rollup's`, { field, expected: rollup, given });
      }
    }
    const txData = txDataOf(batch.batchData, batch.depth);
    return this.submit(
      { batchNumber: BigInt(batch.batchNumber), newStateHash: batch.newStateHash, feeRecipient: batch.feeRecipient, queueCount: batch.queueCount, txData, proof },
      options,
    );
  }

  /** Sends `submitBatch` with raw arguments (no semantic pre-checks: the contract judges them). */
  async submit(s: BatchSubmission, options: SubmitOptions = {}): Promise<SubmitResult> {
    assertSubmission(s);
    const proof = { a: [...s.proof.a], b: s.proof.b.map((row) => [...row]), c: [...s.proof.c] };
    const tx = await this.send('submitBatch', 'submitBatch', [s.batchNumber, s.newStateHash, s.feeRecipient, s.queueCount, s.txData, proof]);
    const receipt = await this.confirm(tx, options, 'Rollup.submitBatch');
    const event = this.eventOf(receipt, 'BatchSubmitted', 'submitBatch');
    const data = getBytes(tx.data);
    const { depth, queuePositions, withdrawalPositions } = this.deployment;
    return {
      ...txResult(receipt),
      batchNumber: event.args.batchNumber as bigint,
      calldataBytes: data.length,
      calldataGas: calldataGas(data),
      slots: (s.txData.length - QUEUE_ENTRY_BYTES * queuePositions - withdrawalEntryBytes(depth) * withdrawalPositions) / slotBytes(depth),
      queueCount: s.queueCount,
    };
  }

  /**
   * Every accepted batch from the deployment block (or `fromBlock`) on, in order: each
   * `BatchSubmitted` event with the fee recipient, queue count and batch bytes decoded from the
   * calldata of its transaction. A batch submitted through another contract (so its calldata is not
   * a `submitBatch` call on this Rollup) is `INDIRECT_SUBMISSION`.
   */
  async batchEvents(fromBlock: number = this.deployment.blockNumber, pageBlocks = DEFAULT_PAGE_BLOCKS): Promise<BatchEvent[]> {
    const events: BatchEvent[] = [];
    for (const log of await this.logs('BatchSubmitted', fromBlock, await this.blockNumber(), pageBlocks)) {
      const batchNumber = log.args.batchNumber as bigint;
      const newStateHash = log.args.newStateHash as bigint;
      const { feeRecipient, queueCount, txData } = await this.submittedCalldata(log.transactionHash, batchNumber, newStateHash);
      events.push({ batchNumber, newStateHash, consumed: Number(log.args.consumed), queueCount, feeRecipient, txData, txHash: log.transactionHash, blockNumber: log.blockNumber });
    }
    return events;
  }

  /** The number of the latest block of the connected node. */
  async latestBlock(): Promise<number> {
    return this.blockNumber();
  }

  /** The hash of block `blockNumber` on the node's current chain, or undefined if the chain has no such block (yet, or any more). */
  async blockHash(blockNumber: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(blockNumber) || blockNumber < 0) throw argumentError('blockNumber', `must be a non-negative integer, got ${String(blockNumber)}`);
    const action = `reading block ${blockNumber}`;
    try {
      const block = await withRpcTimeout(this.connection.provider.getBlock(blockNumber), this.timeoutMs, action);
      return block?.hash ?? undefined;
    } catch (error) {
      throw toZkrError(error, action);
    }
  }

  /**
   * The `QueueOperationAdded` and `BatchSubmitted` events of blocks `fromBlock..toBlock`, one
   * `eth_getLogs` for both kinds per `pageBlocks` blocks, each list in chain order with block hashes;
   * batches carry their calldata as {@link batchEvents} reads it (`INDIRECT_SUBMISSION` otherwise).
   * The queue hashes are not checked here (a reader that starts mid-queue cannot); the caller chains them.
   */
  async rollupEvents(fromBlock: number, toBlock: number, pageBlocks = DEFAULT_PAGE_BLOCKS): Promise<RollupEvents> {
    for (const [field, value] of [['fromBlock', fromBlock], ['toBlock', toBlock]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw argumentError(field, `must be a non-negative integer, got ${String(value)}`);
    }
    if (!Number.isSafeInteger(pageBlocks) || pageBlocks < 1) throw argumentError('pageBlocks', `must be a positive integer, got ${String(pageBlocks)}`);
    const topics = [[this.iface.getEvent('QueueOperationAdded')!.topicHash, this.iface.getEvent('BatchSubmitted')!.topicHash]];
    const queue: QueueEvent[] = [];
    const batches: LoggedBatchEvent[] = [];
    for (let from = fromBlock; from <= toBlock; from += pageBlocks) {
      const to = Math.min(toBlock, from + pageBlocks - 1);
      const action = `reading Rollup events of blocks ${from}..${to}`;
      let page: Awaited<ReturnType<L1Connection['provider']['getLogs']>>;
      try {
        page = await withRpcTimeout(this.connection.provider.getLogs({ address: this.deployment.rollup, topics, fromBlock: from, toBlock: to }), this.timeoutMs, action);
      } catch (error) {
        throw toZkrError(error, action);
      }
      const ordered = [...page].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
      for (const log of ordered) {
        const parsed = this.iface.parseLog(log);
        const place = { txHash: log.transactionHash, blockNumber: log.blockNumber, blockHash: log.blockHash, logIndex: log.index };
        if (parsed?.name === 'QueueOperationAdded') {
          queue.push({ ...queueOperationOf(parsed), ...place });
        } else if (parsed?.name === 'BatchSubmitted') {
          const batchNumber = parsed.args.batchNumber as bigint;
          const newStateHash = parsed.args.newStateHash as bigint;
          const calldata = await this.submittedCalldata(log.transactionHash, batchNumber, newStateHash);
          batches.push({ batchNumber, newStateHash, consumed: Number(parsed.args.consumed), ...calldata, ...place });
        }
      }
    }
    return { queue, batches };
  }

  /** The Rollup's batch count, state hash, queue length and consumed count at block `blockNumber` (default: the latest). */
  async rollupStateAt(blockNumber?: number): Promise<RollupSnapshot> {
    const block = blockNumber ?? (await this.blockNumber());
    const [batchCount, stateHash, queueLength, consumed] = await Promise.all([
      this.read('batchNumber', [], block), this.read('stateHash', [], block), this.read('queueLength', [], block), this.read('consumed', [], block),
    ]);
    return { blockNumber: block, batchCount, stateHash, queueLength: Number(queueLength), consumed: Number(consumed) };
  }

  /** The fee recipient, queue count and batch bytes of the direct `submitBatch` call `txHash` that accepted batch `batchNumber`. */
  private async submittedCalldata(txHash: string, batchNumber: bigint, newStateHash: bigint): Promise<{ feeRecipient: number; queueCount: number; txData: Uint8Array }> {
    const action = `reading transaction ${txHash} (batch ${batchNumber})`;
    let tx: Awaited<ReturnType<L1Connection['provider']['getTransaction']>>;
    try {
      tx = await withRpcTimeout(this.connection.provider.getTransaction(txHash), this.timeoutMs, action);
    } catch (error) {
      throw toZkrError(error, action);
    }
    if (!tx) throw l1Error('L1_REQUEST_FAILED', `${action}: the node does not know it; query a node that keeps the rollup's history`, { details: { txHash } });
    const call = tx.to !== null && getAddress(tx.to) === this.deployment.rollup ? this.decodeCall(tx.data) : null;
    if (call?.name !== 'submitBatch' || call.args[0] !== batchNumber || call.args[1] !== newStateHash) {
      throw l1Error(
        'INDIRECT_SUBMISSION',
        `batch ${batchNumber} was submitted by transaction ${txHash}, which is not a direct submitBatch call on ${this.deployment.rollup} (to: ${tx.to ?? 'contract creation'}), so its batch bytes are not in the calldata; sequencers must call the Rollup directly (docs/protocol.md §7)`,
        { details: { txHash, batchNumber, to: tx.to } },
      );
    }
    return { feeRecipient: Number(call.args[2]), queueCount: Number(call.args[3]), txData: getBytes(call.args[4] as string) };
  }

  /** `data` decoded as a call of this contract's ABI; null for an unknown selector or undecodable arguments. */
  private decodeCall(data: string): ReturnType<Interface['parseTransaction']> {
    try {
      return this.iface.parseTransaction({ data });
    } catch {
      return null;
    }
  }

  /** Owner: registers (or with the zero address removes) the verifier of `batchSize`. */
  async setVerifier(batchSize: number, verifier: string, options: SubmitOptions = {}): Promise<void> {
    await this.confirm(await this.send('setVerifier', 'setVerifier', [batchSize, verifier]), options, 'Rollup.setVerifier');
  }

  /** Owner: allows or disallows `account` to submit batches. */
  async setSequencer(account: string, allowed: boolean, options: SubmitOptions = {}): Promise<void> {
    await this.confirm(await this.send('setSequencer', 'setSequencer', [account, allowed]), options, 'Rollup.setSequencer');
  }

  /** Owner: pauses (`true`) or resumes (`false`) batch submission. */
  async setPaused(paused: boolean, options: SubmitOptions = {}): Promise<void> {
    const fn = paused ? 'pause' : 'unpause';
    await this.confirm(await this.send(fn, fn, []), options, `Rollup.${fn}`);
  }

  /** This client on another signer of the same connection's provider (e.g. a second sequencer, or a depositor). */
  withSigner(signer: L1Connection['signer']): RollupClient {
    return new RollupClient(this.deployment, { ...this.connection, signer }, this.suite);
  }

  /** The bound of one RPC call on this connection. */
  private get timeoutMs(): number {
    return resolveRpcTimeout(this.connection.rpcTimeoutMs);
  }

  /** The crypto suite that recomputes queue hashes, created on first use. */
  private cryptoSuite(): Promise<CryptoSuite> {
    this.suite ??= createCryptoSuite();
    return this.suite;
  }

  /** The rollup's ERC-20 on the signer. */
  private token(): Contract {
    return new Contract(this.deployment.token!, ERC20_ABI, this.connection.signer);
  }

  private assertAmount(amount: bigint): void {
    assertValue(amount, 'amount');
    assertAmountRepresentable(amount, 'amount');
  }

  /** `address` checked (default: the signer's address). */
  private async addressOr(address: string | undefined, field: string): Promise<string> {
    if (address !== undefined) {
      if (typeof address !== 'string' || !isAddress(address)) throw argumentError(field, `must be a 0x-hex address, got ${String(address)}`);
      return getAddress(address);
    }
    try {
      return getAddress(await withRpcTimeout(this.connection.signer.getAddress(), this.timeoutMs, 'reading the signer address'));
    } catch (error) {
      throw toZkrError(error, 'reading the signer address');
    }
  }

  /** Sends one queue call (`deposit`, `depositTo`, `requestExit`) paying `amount·unit`, and returns the operation its event records. */
  private async queue(fn: 'deposit' | 'depositTo' | 'requestExit', args: unknown[], amount: bigint, options: SubmitOptions): Promise<QueuedResult> {
    const value = amount * this.deployment.unit;
    let approval: TxResult | undefined;
    if (this.deployment.token !== undefined && value > 0n) {
      const owner = await this.addressOr(undefined, 'owner');
      const action = `reading the allowance of ${owner} on token ${this.deployment.token}`;
      let allowance: bigint;
      try {
        allowance = BigInt(await withRpcTimeout(this.token().getFunction('allowance').staticCall(owner, this.deployment.rollup), this.timeoutMs, action));
      } catch (error) {
        throw toZkrError(error, action);
      }
      if (allowance < value) approval = await this.approve({ amount }, options);
    }
    const overrides = this.deployment.token === undefined ? { value } : {};
    const receipt = await this.confirm(await this.send(fn, fn, args, overrides), options, `Rollup.${fn}`);
    const { operation } = queueOperationOf(this.eventOf(receipt, 'QueueOperationAdded', fn));
    return { ...txResult(receipt), operation, position: operation.position, index: operation.index, ...(approval === undefined ? {} : { approval }) };
  }

  /** The event `name` of this Rollup in `receipt`; `TX_REVERTED` if the transaction emitted none. */
  private eventOf(receipt: ContractTransactionReceipt, name: string, action: string): LogDescription {
    const rollup = this.deployment.rollup;
    const event = receipt.logs
      .filter((log) => getAddress(log.address) === rollup)
      .map((log) => this.iface.parseLog(log))
      .find((e) => e?.name === name);
    if (!event) {
      throw l1Error('TX_REVERTED', `Rollup.${action} transaction ${receipt.hash} emitted no ${name} event; is ${rollup} a zkr Rollup of protocol version 3?`, {
        details: { txHash: receipt.hash },
      });
    }
    return event;
  }

  private async blockNumber(): Promise<number> {
    try {
      return await withRpcTimeout(this.connection.provider.getBlockNumber(), this.timeoutMs, 'reading the block number');
    } catch (error) {
      throw toZkrError(error, 'reading the block number');
    }
  }

  /** The `name` events of this Rollup in blocks `fromBlock..toBlock`, in order, one `eth_getLogs` per `pageBlocks` blocks. */
  private async logs(name: string, fromBlock: number, toBlock: number, pageBlocks: number): Promise<EventLog[]> {
    const found: EventLog[] = [];
    for (let from = fromBlock; from <= toBlock; from += pageBlocks) {
      const to = Math.min(toBlock, from + pageBlocks - 1);
      const action = `reading ${name} events of blocks ${from}..${to}`;
      try {
        const page = await withRpcTimeout(this.contract.queryFilter(name, from, to), this.timeoutMs, action);
        found.push(...page.filter((l): l is EventLog => l instanceof EventLog));
      } catch (error) {
        throw toZkrError(error, action);
      }
    }
    return found;
  }

  private async read(fn: string, args: readonly unknown[] = [], blockTag?: number): Promise<bigint> {
    const action = `Rollup.${fn}(${args.join(', ')})`;
    try {
      const call = this.contract.getFunction(fn).staticCall(...args, ...(blockTag === undefined ? [] : [{ blockTag }]));
      return BigInt(await withRpcTimeout(call, this.timeoutMs, action));
    } catch (error) {
      throw toZkrError(error, action);
    }
  }

  private async send(fn: string, action: string, args: unknown[], overrides: { readonly value?: bigint } = {}): Promise<ContractTransactionResponse> {
    try {
      // Covers gas estimation, nonce, signing and eth_sendRawTransaction.
      return (await withRpcTimeout(this.contract.getFunction(fn).send(...args, { ...overrides }), this.timeoutMs, `Rollup.${action}`)) as ContractTransactionResponse;
    } catch (error) {
      throw toZkrError(error, `Rollup.${action}`);
    }
  }

  /** Waits for `tx` (the call `action`, e.g. `Rollup.claim`) as `options` say. */
  private async confirm(tx: ContractTransactionResponse, options: SubmitOptions, action: string): Promise<ContractTransactionReceipt> {
    const confirmations = options.confirmations ?? 1;
    if (!Number.isInteger(confirmations) || confirmations < 1) {
      throw l1Error('INVALID_ARGUMENT', `confirmations must be an integer >= 1, got ${confirmations}`, { details: { field: 'confirmations' } });
    }
    options.onSent?.(tx.hash);
    try {
      const bound = options.timeoutMs ?? this.timeoutMs * confirmations;
      const receipt = await withRpcTimeout(tx.wait(confirmations), bound, `waiting for ${action} transaction ${tx.hash}`);
      if (!receipt) throw l1Error('TX_DROPPED', `${action} transaction ${tx.hash} was dropped; send it again`, { details: { txHash: tx.hash } });
      return receipt;
    } catch (error) {
      throw toZkrError(error, action);
    }
  }
}

function txResult(receipt: ContractTransactionReceipt): TxResult {
  return { txHash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}

function queueMismatch(what: string, details: Record<string, unknown>) {
  return l1Error('QUEUE_MISMATCH', `${what}; read the queue again from a node that keeps the rollup's full log history and rebuild the batch on it`, { details });
}

/** The operation and recorded queue hash of a `QueueOperationAdded` event (docs/protocol.md §12.1). */
function queueOperationOf(log: EventLog | LogDescription): { operation: QueueOperation; queueHash: bigint } {
  const a = log.args;
  const kind = Number(a.kind);
  if (kind !== 1 && kind !== 2 && kind !== 3) throw queueMismatch(`a QueueOperationAdded event has kind ${kind}, not 1, 2 or 3`, { kind });
  const operation: QueueOperation = {
    position: Number(a.position),
    kind: kind as QueueOperationKind,
    index: Number(a.index),
    amount: a.amount as bigint,
    address: BigInt(a.account as string),
    publicKey: [a.ax as bigint, a.ay as bigint],
    time: Number(a.time),
  };
  return { operation, queueHash: a.queueHash as bigint };
}
