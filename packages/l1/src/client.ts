/**
 * `RollupClient`: a deployed Rollup on one connection. Submits batches (reporting gas and
 * calldata), reads the root, batch number and `BatchSubmitted` events, and runs the owner actions.
 * Every revert becomes a ZkrError with the code of the contract's custom error (`contract-errors.ts`).
 */
import { Contract, type ContractTransactionResponse, EventLog, getBytes, hexlify, type Interface } from 'ethers';
import { Rollup } from '@zkr/contracts';
import { assertIndex, type Batch, PUBLIC_DATA_HEADER_BYTES, PUBLIC_DATA_SLOT_BYTES, publicInputOf } from '@zkr/state';
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
  /** The public inputs the proof was made for, if known; must be `[batch.publicInput]`. */
  readonly input?: readonly bigint[];
}

/** The raw arguments of `Rollup.submitBatch`. */
export interface BatchSubmission {
  readonly expectedOldRoot: bigint;
  readonly newRoot: bigint;
  readonly feeRecipient: number;
  /** The slot bytes: public data from byte 100 on (`24 * N` bytes). */
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
  /** Number of transfer slots `N` in the batch. */
  readonly slots: number;
}

/** A decoded `BatchSubmitted` event: enough, with the genesis state, to replay the batch. */
export interface BatchEvent {
  readonly batchNumber: bigint;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
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
  const uint256 = (value: unknown, field: string) => {
    if (typeof value !== 'bigint' || value < 0n || value >= 1n << 256n) {
      throw l1Error('INVALID_ARGUMENT', `${field} must be a bigint in [0, 2^256), got ${String(value)}`, { details: { field } });
    }
  };
  uint256(s.expectedOldRoot, 'expectedOldRoot');
  uint256(s.newRoot, 'newRoot');
  assertIndex(s.feeRecipient, 32, 'feeRecipient');
  if (!(s.txData instanceof Uint8Array)) {
    throw l1Error('INVALID_ARGUMENT', 'txData must be a Uint8Array', { details: { field: 'txData' } });
  }
  const p = s.proof;
  [p?.a?.[0], p?.a?.[1], p?.b?.[0]?.[0], p?.b?.[0]?.[1], p?.b?.[1]?.[0], p?.b?.[1]?.[1], p?.c?.[0], p?.c?.[1]].forEach((v, i) =>
    uint256(v, `proof.${['a[0]', 'a[1]', 'b[0][0]', 'b[0][1]', 'b[1][0]', 'b[1][1]', 'c[0]', 'c[1]'][i]}`),
  );
}

function word(bytes: Uint8Array, offset: number, length: number): bigint {
  return BigInt(hexlify(bytes.subarray(offset, offset + length)));
}

/** Checks a batch is for this rollup and self-consistent before paying gas for it. */
function checkBatch(batch: Batch, domain: bigint, proof: Groth16Calldata): void {
  if (batch.domain !== domain) {
    throw l1Error('DOMAIN_MISMATCH', `the batch was built for domain ${batch.domain} but this rollup's domain is ${domain}; build the state with the deployment's domain`, {
      details: { batchDomain: batch.domain, rollupDomain: domain },
    });
  }
  const pd = batch.publicData;
  const consistent =
    pd instanceof Uint8Array &&
    pd.length === PUBLIC_DATA_HEADER_BYTES + PUBLIC_DATA_SLOT_BYTES * batch.batchSize &&
    word(pd, 0, 32) === batch.domain &&
    word(pd, 32, 32) === batch.oldRoot &&
    word(pd, 64, 32) === batch.newRoot &&
    Number(word(pd, 96, 4)) === batch.feeRecipient &&
    publicInputOf(pd) === batch.publicInput;
  if (!consistent) {
    throw l1Error('BATCH_INCONSISTENT', 'the batch\'s publicData does not match its domain, roots, fee recipient, size or publicInput; rebuild the batch file', {
      details: { field: 'publicData' },
    });
  }
  if (proof.input !== undefined && (proof.input.length !== 1 || proof.input[0] !== batch.publicInput)) {
    throw l1Error('PROOF_MISMATCH', `the proof was made for public input ${proof.input.join(',')} but the batch's is ${batch.publicInput}; prove this batch`, {
      details: { proofInput: proof.input, batchInput: batch.publicInput },
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
   * Attaches to a deployed Rollup, checking chain id, code at the address and domain, so a
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
    const domain = await client.domain();
    if (domain !== deployment.domain) {
      throw l1Error('DOMAIN_MISMATCH', `the contract at ${deployment.rollup} has domain ${domain}, the deployment file says ${deployment.domain}; the file is not for this contract`, {
        details: { contractDomain: domain, fileDomain: deployment.domain },
      });
    }
    return client;
  }

  /** The rollup domain stored by the contract. */
  async domain(): Promise<bigint> {
    return this.read('domain');
  }

  /** The current state root. */
  async stateRoot(): Promise<bigint> {
    return this.read('stateRoot');
  }

  /** The number of accepted batches. */
  async batchNumber(): Promise<bigint> {
    return this.read('batchNumber');
  }

  /** Submits `batch` with its proof (pre-checked against this deployment) and waits for it. */
  async submitBatch(batch: Batch, proof: Groth16Calldata, options: SubmitOptions = {}): Promise<SubmitResult> {
    checkBatch(batch, this.deployment.domain, proof);
    return this.submit(
      {
        expectedOldRoot: batch.oldRoot,
        newRoot: batch.newRoot,
        feeRecipient: batch.feeRecipient,
        txData: batch.publicData.subarray(PUBLIC_DATA_HEADER_BYTES),
        proof,
      },
      options,
    );
  }

  /** Sends `submitBatch` with raw arguments (no semantic pre-checks: the contract judges them). */
  async submit(s: BatchSubmission, options: SubmitOptions = {}): Promise<SubmitResult> {
    assertSubmission(s);
    const proof = { a: [...s.proof.a], b: s.proof.b.map((row) => [...row]), c: [...s.proof.c] };
    const tx = (await this.send('submitBatch', 'submitBatch', [s.expectedOldRoot, s.newRoot, s.feeRecipient, s.txData, proof])) as ContractTransactionResponse;
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
      slots: s.txData.length / PUBLIC_DATA_SLOT_BYTES,
    };
  }

  /** All `BatchSubmitted` events from the deployment block (or `fromBlock`) on, in order. */
  async readBatches(fromBlock: number = this.deployment.blockNumber): Promise<BatchEvent[]> {
    let logs: Awaited<ReturnType<Contract['queryFilter']>>;
    try {
      logs = await withRpcTimeout(this.contract.queryFilter('BatchSubmitted', fromBlock), this.timeoutMs, 'reading BatchSubmitted events');
    } catch (error) {
      throw toZkrError(error, 'reading BatchSubmitted events');
    }
    return logs
      .filter((log): log is EventLog => log instanceof EventLog)
      .map((log) => ({
        batchNumber: log.args.batchNumber as bigint,
        oldRoot: log.args.oldRoot as bigint,
        newRoot: log.args.newRoot as bigint,
        feeRecipient: Number(log.args.feeRecipient),
        txData: getBytes(log.args.txData as string),
        txHash: log.transactionHash,
        blockNumber: log.blockNumber,
      }));
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
