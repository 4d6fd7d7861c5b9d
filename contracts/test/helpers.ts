/**
 * Shared helpers of the contract tests (protocol version 3), with ethers on Hardhat's in-process
 * network and no zkr client in between: deployment of the hashers, verifiers and `Rollup`; the
 * batch data of docs/protocol.md §7 written byte by byte from its table; submissions proved for real
 * with the four-input toy circuit, so a test can submit any batch data and queue hashes.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrowserProvider, type Contract, ContractFactory, type Eip1193Provider, Interface, type InterfaceAbi, type JsonRpcSigner, type Signer, ZeroAddress } from 'ethers';
import { Groth16Verifier, PoseidonT3, PoseidonT5, Rollup } from '@zkr/contracts';
import { encodeAmount, encodeFee, FIELD_ORDER } from '@zkr/state';
import { proveToy, type ToyArtifacts, type ToyProof } from '@zkr/test-helpers';

/** A toy proof of the four batch inputs `[newStateHash, dataHash, oldQueueHash, newQueueHash]`. */
export type BatchProof = ToyProof<[bigint, bigint, bigint, bigint]>;

/** A random field element (a stand-in state hash or root). */
export function randomFieldElement(): bigint {
  return BigInt(`0x${randomBytes(32).toString('hex')}`) % FIELD_ORDER;
}

let provider: BrowserProvider | undefined;

/** Hardhat's in-process network (contracts/hardhat.config.js: chain 31337, Cancun) as an ethers provider. */
export function hardhatProvider(): BrowserProvider {
  if (provider) return provider;
  process.env.HARDHAT_CONFIG = path.join(__dirname, '..', 'hardhat.config.js');
  process.env.HARDHAT_NETWORK = 'hardhat';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- Hardhat's runtime loads on require, configured by the env above
  const hre = require('hardhat') as { network: { provider: Eip1193Provider } };
  // No result cache: ethers would answer a repeated identical eth_estimateGas within 250 ms from the
  // previous answer, on the state before the transaction just mined.
  provider = new BrowserProvider(hre.network.provider, 31337, { cacheTimeout: -1 });
  return provider;
}

/** Hardhat's funded account `index` as a signer. */
export function signer(index = 0): Promise<JsonRpcSigner> {
  return hardhatProvider().getSigner(index);
}

/** A compiled contract: `{ abi, bytecode }`. */
export interface Artifact {
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
}

/** Deploys `artifact` with constructor `args` from `from` and waits for it. */
export async function deployContract(artifact: Artifact, args: readonly unknown[] = [], from?: Signer): Promise<Contract> {
  const factory = new ContractFactory(artifact.abi, artifact.bytecode, from ?? (await signer()));
  return (await (await factory.deploy(...args)).waitForDeployment()) as Contract;
}

let hashers: Promise<{ poseidon2: string; poseidon4: string }> | undefined;

/** The shipped PoseidonT3 and PoseidonT5 (zkr's generated hashers), deployed once per test file from @zkr/contracts. */
export function deployedHashers(): Promise<{ poseidon2: string; poseidon4: string }> {
  hashers ??= (async () => ({
    poseidon2: await (await deployContract(PoseidonT3 as unknown as Artifact)).getAddress(),
    poseidon4: await (await deployContract(PoseidonT5 as unknown as Artifact)).getAddress(),
  }))();
  return hashers;
}

/** The `Groth16Verifier` constructor arguments of a snarkjs `vkey.json` (G2 points in EIP-197 order). */
export function verifierArgsOf(vkeyFile: string): unknown[] {
  const vkey = JSON.parse(fs.readFileSync(vkeyFile, 'utf8')) as Record<string, string[][] | string[]>;
  const g1 = (p: string[]) => [BigInt(p[0]), BigInt(p[1])];
  const g2 = (p: string[][]) => [[BigInt(p[0][1]), BigInt(p[0][0])], [BigInt(p[1][1]), BigInt(p[1][0])]];
  return [g1(vkey.vk_alpha_1 as string[]), g2(vkey.vk_beta_2 as string[][]), g2(vkey.vk_gamma_2 as string[][]), g2(vkey.vk_delta_2 as string[][]), (vkey.IC as unknown as string[][]).map(g1)];
}

/** The Rollup's constructor config (docs/protocol.md §1, §12, §13); every field has a test default. */
export interface RollupConfig {
  readonly depth: number;
  readonly queuePositions: number;
  readonly withdrawalPositions: number;
  readonly nextIndex: number;
  readonly exodusDelay: number;
  readonly genesisRoot: bigint;
  readonly unit: bigint;
  readonly token: string;
  readonly poseidon2: string;
  readonly poseidon4: string;
}

/** The test defaults: D = 8, Q = W = 1, 4 genesis accounts, 7-day delay, a random root, U = 10^9, ETH. */
export async function rollupConfig(overrides: Partial<RollupConfig> = {}): Promise<RollupConfig> {
  return {
    depth: 8, queuePositions: 1, withdrawalPositions: 1, nextIndex: 4, exodusDelay: 604800, genesisRoot: randomFieldElement(),
    unit: 10n ** 9n, token: ZeroAddress, ...(await deployedHashers()), ...overrides,
  };
}

/** Deploys a Rollup with `config` (no verifier registered). */
export async function deployRollup(config: RollupConfig, from?: Signer): Promise<Contract> {
  return deployContract(Rollup as unknown as Artifact, [config], from);
}

const verifierCache = new Map<string, Promise<string>>();

/** Deploys zkr's `Groth16Verifier` with the toy key of `fx` (once per key and test file). */
export function toyVerifier(fx: ToyArtifacts): Promise<string> {
  let address = verifierCache.get(fx.vkey);
  if (!address) {
    address = deployContract(Groth16Verifier as unknown as Artifact, verifierArgsOf(fx.vkey)).then((c) => c.getAddress());
    verifierCache.set(fx.vkey, address);
  }
  return address;
}

/** A Rollup with `config` and the toy verifier registered for each of `sizes`. */
export async function rollupWithVerifiers(fx: ToyArtifacts, overrides: Partial<RollupConfig> = {}, sizes: readonly number[] = [2]): Promise<Contract> {
  const rollup = await deployRollup(await rollupConfig(overrides));
  const verifier = await toyVerifier(fx);
  for (const size of sizes) await (await rollup.setVerifier(size, verifier)).wait();
  return rollup;
}

/** A queue position of the batch data (§7): the credited L1 address and amount. */
export interface QueueEntry {
  readonly address: string;
  readonly amount: bigint;
}

/** A transfer slot (kind 1) or no-op (kind 0) of the batch data (§7). */
export interface Slot {
  readonly kind: 0 | 1;
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
}

/** A withdrawal position (kind 2) or an empty one (kind 0) of the batch data (§7, §11). */
export interface Withdrawal {
  readonly kind: 0 | 2;
  readonly from: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly address: string;
}

/** The layout parameters of a rollup: depth, `Q`, `W`. */
export interface Layout {
  readonly depth: number;
  readonly queuePositions: number;
  readonly withdrawalPositions: number;
}

const be = (value: bigint | number, bytes: number): Buffer => Buffer.from(BigInt(value).toString(16).padStart(2 * bytes, '0'), 'hex');
const addressBytes = (address: string): Buffer => Buffer.from(address.slice(2).padStart(40, '0'), 'hex');

/** `ceil(depth / 8)`, the bytes of an index (§1). */
export const indexBytes = (depth: number): number => Math.ceil(depth / 8);

/**
 * The batch data after its header (`txData`, §7): `Q` queue positions (given entries, then empty), the
 * slots, `W` withdrawal positions (given, then empty); amounts as canonical floats (§1.1).
 */
export function encodeTxData(layout: Layout, queue: readonly QueueEntry[], slots: readonly Slot[], withdrawals: readonly Withdrawal[]): Buffer {
  const I = indexBytes(layout.depth);
  const parts: Buffer[] = [];
  for (let q = 0; q < layout.queuePositions; q++) {
    const e = queue[q];
    parts.push(e ? Buffer.concat([addressBytes(e.address), be(e.amount, 8)]) : Buffer.alloc(28));
  }
  for (const s of slots) {
    const opWord = (BigInt(s.kind) << 38n) | (s.kind === 0 ? 0n : encodeAmount(s.amount));
    parts.push(Buffer.concat([be(s.from, I), be(s.to, I), be(opWord, 5), be(s.kind === 0 ? 0 : encodeFee(s.fee), 1)]));
  }
  for (let w = 0; w < layout.withdrawalPositions; w++) {
    const x = withdrawals[w];
    if (!x || x.kind === 0) {
      parts.push(Buffer.alloc(I + 26));
      continue;
    }
    const opWord = (2n << 38n) | encodeAmount(x.amount);
    parts.push(Buffer.concat([be(x.from, I), be(opWord, 5), be(encodeFee(x.fee), 1), addressBytes(x.address)]));
  }
  return Buffer.concat(parts);
}

/** `uint256(sha256(stateHash ‖ uint32 batchNumber ‖ feeRecipient (I bytes) ‖ txData)) & (2^253 - 1)` (§7). */
export function dataHashOf(stateHash: bigint, batchNumber: bigint, feeRecipient: number, depth: number, txData: Uint8Array): bigint {
  const data = Buffer.concat([be(stateHash, 32), be(batchNumber % (1n << 32n), 4), be(feeRecipient, indexBytes(depth)), txData]);
  return BigInt(`0x${createHash('sha256').update(data).digest('hex')}`) & ((1n << 253n) - 1n);
}

/** `n` transfer slots moving 1..n units between accounts 0 and 1 with fee 1. */
export function transferSlots(n: number): Slot[] {
  return Array.from({ length: n }, (_, i) => ({ kind: 1, from: i % 2, to: (i + 1) % 2, amount: BigInt(i + 1), fee: 1n }));
}

/** `n` no-op slots. */
export function noopSlots(n: number): Slot[] {
  return Array.from({ length: n }, () => ({ kind: 0, from: 0, to: 0, amount: 0n, fee: 0n }));
}

/** The arguments of `submitBatch`, with the proof's public inputs. */
export interface Submission {
  readonly batchNumber: bigint;
  readonly newStateHash: bigint;
  readonly feeRecipient: number;
  readonly queueCount: number;
  readonly txData: Buffer;
  readonly proof: BatchProof;
}

/** What a batch holds; by default 2 transfer slots, nothing consumed, a random new state hash, fees to account 0. */
export interface BatchSpec {
  readonly queueCount?: number;
  readonly queue?: readonly QueueEntry[];
  readonly slots?: readonly Slot[];
  readonly withdrawals?: readonly Withdrawal[];
  readonly newStateHash?: bigint;
  readonly feeRecipient?: number;
  /** Prove other queue hashes than the rollup's (an attacker's proof). */
  readonly oldQueueHash?: bigint;
  readonly newQueueHash?: bigint;
}

/** The rollup's layout, read from the contract. */
export async function layoutOf(rollup: Contract): Promise<Layout> {
  const [depth, q, w] = await Promise.all([rollup.depth(), rollup.QUEUE_POSITIONS(), rollup.WITHDRAWAL_POSITIONS()]);
  return { depth: Number(depth), queuePositions: Number(q), withdrawalPositions: Number(w) };
}

/** A submission of `spec` as `rollup`'s next batch, proved with the four-input toy on the rollup's state and queue hashes. */
export async function nextSubmission(fx: ToyArtifacts, rollup: Contract, spec: BatchSpec = {}): Promise<Submission> {
  const layout = await layoutOf(rollup);
  const { queueCount = 0, queue = [], slots = transferSlots(2), withdrawals = [], newStateHash = randomFieldElement(), feeRecipient = 0 } = spec;
  const [stateHash, count, consumed] = await Promise.all([rollup.stateHash(), rollup.batchNumber(), rollup.consumed()]);
  const batchNumber = (count as bigint) + 1n;
  const txData = encodeTxData(layout, queue, slots, withdrawals);
  const oldQueueHash = spec.oldQueueHash ?? ((await rollup.queueHashAt(consumed)) as bigint);
  const newQueueHash = spec.newQueueHash ?? ((await rollup.queueHashAt((consumed as bigint) + BigInt(queueCount))) as bigint);
  const dataHash = dataHashOf(stateHash as bigint, batchNumber, feeRecipient, layout.depth, txData);
  const proof = await proveToy(fx, [newStateHash, dataHash, oldQueueHash, newQueueHash] as const);
  return { batchNumber, newStateHash, feeRecipient, queueCount, txData, proof };
}

/** Sends `s` to `rollup` (as its runner) and waits for the receipt. */
export async function submit(rollup: Contract, s: Submission) {
  const proof = { a: s.proof.a, b: s.proof.b, c: s.proof.c };
  return (await rollup.submitBatch(s.batchNumber, s.newStateHash, s.feeRecipient, s.queueCount, s.txData, proof)).wait();
}

/** The custom error of a failed call or deployment, decoded with `abi` (default: the Rollup's), with its arguments. */
export function revertOf(error: unknown, abi: InterfaceAbi = Rollup.abi as unknown as InterfaceAbi): { name: string; args: unknown[] } | undefined {
  const e = error as { data?: unknown; error?: { data?: unknown }; info?: { error?: { data?: unknown } } };
  const data = [e.data, e.error?.data, e.info?.error?.data].find((d) => typeof d === 'string' && d.startsWith('0x'));
  if (typeof data !== 'string') return undefined;
  const parsed = new Interface(abi).parseError(data);
  return parsed ? { name: parsed.name, args: [...parsed.args] } : undefined;
}

/** Runs `fn`, which must revert, and returns the custom error (name and arguments) it reverted with. */
export async function rejection(fn: () => Promise<unknown>, abi?: InterfaceAbi): Promise<{ name: string; args: unknown[] }> {
  try {
    await fn();
  } catch (error) {
    const decoded = revertOf(error, abi);
    if (decoded) return decoded;
    throw new Error(`expected a custom error, got: ${String((error as Error).message ?? error)}`);
  }
  throw new Error('expected a revert, but the call succeeded');
}

/** The test-contract compiler of @zkr/test-helpers, re-exported for the contract tests that import it from here. */
export { compileFixtureContract, compileTestContract } from '@zkr/test-helpers';

/** Moves the chain's clock forward by `seconds` and mines a block. */
export async function increaseTime(seconds: number): Promise<void> {
  await hardhatProvider().send('evm_increaseTime', [seconds]);
  await hardhatProvider().send('evm_mine', []);
}
