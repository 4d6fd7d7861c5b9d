/**
 * `RollupClient`: a deployed Rollup on one connection. Submits batches (reporting gas and
 * calldata), reads the state hash, batch number and submitted batches (the `BatchSubmitted` events
 * with the slot bytes taken from their transactions' calldata, docs/protocol.md §7), and runs the
 * owner actions. Every revert becomes a ZkrError with the code of the contract's custom error
 * (`contract-errors.ts`).
 */
import { Contract, type ContractTransactionResponse, EventLog, getAddress, getBytes, hexlify, type Interface } from 'ethers';
import { Rollup } from '@zkr/contracts';
import { assertIndex, type Batch, batchDataLength, dataHashOf, indexBytes, slotBytes, txDataOf } from '@zkr/state';
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
  /** The public inputs the proof was made for, if known; must be `[batch.newStateHash, batch.dataHash]`. */
  readonly input?: readonly bigint[];
}

/** The raw arguments of `Rollup.submitBatch`. */
export interface BatchSubmission {
  /** The batch's number (the contract requires its batch count + 1, below 2^32). */
  readonly batchNumber: bigint;
  /** `Poseidon([domain, newRoot])`, the first public input. */
  readonly newStateHash: bigint;
  readonly feeRecipient: number;
  /** The slot bytes: batch data after its `36 + I`-byte header (`S * N` bytes, `S = slotBytes(depth)`; `txDataOf`). */
  readonly txData: Uint8Array;
  readonly proof: Groth16Calldata;
}

/** Options of a submission. */
export interface SubmitOptions {
  /** Blocks to wait for (default 1). */
  readonly confirmations?: number;
  /** Give up waiting for the receipt after this many milliseconds (`RPC_TIMEOUT`; default: the connection's RPC timeout per confirmation). */
  readonly timeoutMs?: number;
}

/** What an accepted batch cost. */
export interface SubmitResult {
  readonly batchNumber: bigint;
  readonly txHash: string;
  readonly blockNumber: number;
  /** Total gas of the transaction (intrinsic and calldata included). */
  readonly gasUsed: bigint;
  /** Bytes of transaction calldata. */
  readonly calldataBytes: number;
  /** EIP-2028 calldata gas: 16 per non-zero byte, 4 per zero byte (already part of `gasUsed`). */
  readonly calldataGas: bigint;
  /** Number of slots `N` in the batch. */
  readonly slots: number;
}

/**
 * One accepted batch as L1 records it: the `BatchSubmitted` event's number and state hash, and the
 * fee recipient and slot bytes from the calldata of the transaction that emitted it; with the
 * genesis state, enough to replay the batch.
 */
export interface BatchEvent {
  readonly batchNumber: bigint;
  readonly newStateHash: bigint;
  readonly feeRecipient: number;
  readonly txData: Uint8Array;
  readonly txHash: string;
  readonly blockNumber: number;
}

/** EIP-2028 calldata gas of `data`. */
export function calldataGas(data: Uint8Array): bigint {
  return data.reduce((gas, byte) => gas + (byte === 0 ? 4n : 16n), 0n);
}

function assertSubmission(s: BatchSubmission): void {
  const uint = (value: unknown, field: string, bits: bigint) => {
    if (typeof value !== 'bigint' || value < 0n || value >= 1n << bits) {
      throw l1Error('INVALID_ARGUMENT', `${field} must be a bigint in [0, 2^${bits}), got ${String(value)}`, { details: { field } });
    }
  };
  uint(s.batchNumber, 'batchNumber', 64n);
  uint(s.newStateHash, 'newStateHash', 256n);
  assertIndex(s.feeRecipient, 32, 'feeRecipient');
  if (!(s.txData instanceof Uint8Array)) {
    throw l1Error('INVALID_ARGUMENT', 'txData must be a Uint8Array', { details: { field: 'txData' } });
  }
  const p = s.proof;
  [p?.a?.[0], p?.a?.[1], p?.b?.[0]?.[0], p?.b?.[0]?.[1], p?.b?.[1]?.[0], p?.b?.[1]?.[1], p?.c?.[0], p?.c?.[1]].forEach((v, i) =>
    uint(v, `proof.${['a[0]', 'a[1]', 'b[0][0]', 'b[0][1]', 'b[1][0]', 'b[1][1]', 'c[0]', 'c[1]'][i]}`, 256n),
  );
}

function word(bytes: Uint8Array, offset: number, length: number): bigint {
  return BigInt(hexlify(bytes.subarray(offset, offset + length)));
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
  const data = batch.batchData;
  const consistent =
    data instanceof Uint8Array &&
    data.length === batchDataLength(batch.depth, batch.batchSize) &&
    word(data, 0, 32) === batch.oldStateHash &&
    Number(word(data, 32, 4)) === batch.batchNumber &&
    Number(word(data, 36, indexBytes(batch.depth))) === batch.feeRecipient &&
    dataHashOf(data) === batch.dataHash;
  if (!consistent) {
    throw l1Error('BATCH_INCONSISTENT', 'the batch\'s batchData does not match its old state hash, batch number, fee recipient, size or dataHash; rebuild the batch file', {
      details: { field: 'batchData' },
    });
  }
  const expected = [batch.newStateHash, batch.dataHash];
  if (proof.input !== undefined && (proof.input.length !== 2 || proof.input.some((x, i) => x !== expected[i]))) {
    throw l1Error('PROOF_MISMATCH', `the proof was made for public inputs [${proof.input.join(', ')}] but the batch's are [${expected.join(', ')}] ([newStateHash, dataHash]); prove this batch`, {
      details: { proofInput: proof.input, batchInput: expected },
    });
  }
}

/** A deployed Rollup on one connection. */
export class RollupClient {
  /** The contract's ABI interface (for decoding events and errors). */
  readonly iface: Interface;
  private readonly contract: Contract;

  private constructor(
    /** The deployment record. */
    readonly deployment: Deployment,
    /** The provider and signer in use. */
    readonly connection: L1Connection,
  ) {
    this.contract = new Contract(deployment.rollup, Rollup.abi, connection.signer);
    this.iface = this.contract.interface;
  }

  /**
   * Attaches to a deployed Rollup, checking chain id, code at the address, domain and depth, so a
   * deployment file for another network is a clear `DEPLOYMENT_NOT_FOUND`/`CHAIN_MISMATCH` error.
   */
  static async attach(deployment: Deployment, connection: L1Connection): Promise<RollupClient> {
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
    const client = new RollupClient(deployment, connection);
    const [domain, depth] = await Promise.all([client.domain(), client.read('depth')]);
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

  /**
   * Submits `batch` with its proof and waits for it. Checked before sending: the batch is for this
   * rollup (`DOMAIN_MISMATCH`, `DEPTH_MISMATCH`) and self-consistent (`BATCH_INCONSISTENT`), the proof
   * is for `[newStateHash, dataHash]` (`PROOF_MISMATCH`), and the rollup is where the batch starts:
   * its batch count is `batch.batchNumber - 1` (`WRONG_BATCH_NUMBER`) and its state hash
   * `batch.oldStateHash` (`STATE_MISMATCH`).
   */
  async submitBatch(batch: Batch, proof: Groth16Calldata, options: SubmitOptions = {}): Promise<SubmitResult> {
    checkBatch(batch, this.deployment, proof);
    const [count, stateHash] = await Promise.all([this.batchNumber(), this.stateHash()]);
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
    const txData = txDataOf(batch.batchData, batch.depth);
    return this.submit({ batchNumber: BigInt(batch.batchNumber), newStateHash: batch.newStateHash, feeRecipient: batch.feeRecipient, txData, proof }, options);
  }

  /** Sends `submitBatch` with raw arguments (no semantic pre-checks: the contract judges them). */
  async submit(s: BatchSubmission, options: SubmitOptions = {}): Promise<SubmitResult> {
    assertSubmission(s);
    const proof = { a: [...s.proof.a], b: s.proof.b.map((row) => [...row]), c: [...s.proof.c] };
    const tx = (await this.send('submitBatch', 'submitBatch', [s.batchNumber, s.newStateHash, s.feeRecipient, s.txData, proof])) as ContractTransactionResponse;
    const receipt = await this.confirm(tx, options, 'submitBatch');
    const event = receipt.logs.map((log) => this.iface.parseLog(log)).find((e) => e?.name === 'BatchSubmitted');
    if (!event) {
      throw l1Error('TX_REVERTED', `Rollup.submitBatch transaction ${receipt.hash} emitted no BatchSubmitted event; is ${this.deployment.rollup} a zkr Rollup?`, {
        details: { txHash: receipt.hash },
      });
    }
    const data = getBytes(tx.data);
    return {
      batchNumber: event.args.batchNumber as bigint,
      txHash: receipt.hash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
      calldataBytes: data.length,
      calldataGas: calldataGas(data),
      slots: s.txData.length / slotBytes(this.deployment.depth),
    };
  }

  /**
   * Every accepted batch from the deployment block (or `fromBlock`) on, in order: each
   * `BatchSubmitted` event with the fee recipient and slot bytes decoded from the calldata of its
   * transaction. A batch submitted through another contract (so its calldata is not a `submitBatch`
   * call on this Rollup) is `INDIRECT_SUBMISSION`.
   */
  async batchEvents(fromBlock: number = this.deployment.blockNumber): Promise<BatchEvent[]> {
    let logs: Awaited<ReturnType<Contract['queryFilter']>>;
    try {
      logs = await withRpcTimeout(this.contract.queryFilter('BatchSubmitted', fromBlock), this.timeoutMs, 'reading BatchSubmitted events');
    } catch (error) {
      throw toZkrError(error, 'reading BatchSubmitted events');
    }
    const events: BatchEvent[] = [];
    for (const log of logs.filter((l): l is EventLog => l instanceof EventLog)) {
      const batchNumber = log.args.batchNumber as bigint;
      const newStateHash = log.args.newStateHash as bigint;
      const { feeRecipient, txData } = await this.submittedCalldata(log.transactionHash, batchNumber, newStateHash);
      events.push({ batchNumber, newStateHash, feeRecipient, txData, txHash: log.transactionHash, blockNumber: log.blockNumber });
    }
    return events;
  }

  /** The fee recipient and slot bytes of the direct `submitBatch` call `txHash` that accepted batch `batchNumber`. */
  private async submittedCalldata(txHash: string, batchNumber: bigint, newStateHash: bigint): Promise<{ feeRecipient: number; txData: Uint8Array }> {
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
        `batch ${batchNumber} was submitted by transaction ${txHash}, which is not a direct submitBatch call on ${this.deployment.rollup} (to: ${tx.to ?? 'contract creation'}), so its slot bytes are not in the calldata; sequencers must call the Rollup directly (docs/protocol.md §7)`,
        { details: { txHash, batchNumber, to: tx.to } },
      );
    }
    return { feeRecipient: Number(call.args[2]), txData: getBytes(call.args[3] as string) };
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
    await this.confirm(await this.send('setVerifier', 'setVerifier', [batchSize, verifier]), options, 'setVerifier');
  }

  /** Owner: allows or disallows `account` to submit batches. */
  async setSequencer(account: string, allowed: boolean, options: SubmitOptions = {}): Promise<void> {
    await this.confirm(await this.send('setSequencer', 'setSequencer', [account, allowed]), options, 'setSequencer');
  }

  /** Owner: pauses (`true`) or resumes (`false`) batch submission. */
  async setPaused(paused: boolean, options: SubmitOptions = {}): Promise<void> {
    const fn = paused ? 'pause' : 'unpause';
    await this.confirm(await this.send(fn, fn, []), options, fn);
  }

  /** This client on another signer of the same connection's provider (e.g. a second sequencer). */
  withSigner(signer: L1Connection['signer']): RollupClient {
    return new RollupClient(this.deployment, { ...this.connection, signer });
  }

  /** The bound of one RPC call on this connection. */
  private get timeoutMs(): number {
    return resolveRpcTimeout(this.connection.rpcTimeoutMs);
  }

  private async read(fn: string): Promise<bigint> {
    try {
      return BigInt(await withRpcTimeout(this.contract.getFunction(fn).staticCall(), this.timeoutMs, `Rollup.${fn}()`));
    } catch (error) {
      throw toZkrError(error, `Rollup.${fn}()`);
    }
  }

  private async send(fn: string, action: string, args: unknown[]): Promise<ContractTransactionResponse> {
    try {
      // Covers gas estimation, nonce, signing and eth_sendRawTransaction.
      return (await withRpcTimeout(this.contract.getFunction(fn).send(...args), this.timeoutMs, `Rollup.${action}`)) as ContractTransactionResponse;
    } catch (error) {
      throw toZkrError(error, `Rollup.${action}`);
    }
  }

  private async confirm(tx: ContractTransactionResponse, options: SubmitOptions, action: string) {
    const confirmations = options.confirmations ?? 1;
    if (!Number.isInteger(confirmations) || confirmations < 1) {
      throw l1Error('INVALID_ARGUMENT', `confirmations must be an integer >= 1, got ${confirmations}`, { details: { field: 'confirmations' } });
    }
    try {
      const bound = options.timeoutMs ?? this.timeoutMs * confirmations;
      const receipt = await withRpcTimeout(tx.wait(confirmations), bound, `waiting for Rollup.${action} transaction ${tx.hash}`);
      if (!receipt) throw l1Error('TX_DROPPED', `Rollup.${action} transaction ${tx.hash} was dropped; send it again`, { details: { txHash: tx.hash } });
      return receipt;
    } catch (error) {
      throw toZkrError(error, `Rollup.${action}`);
    }
  }
}
