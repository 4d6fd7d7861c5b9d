/** Shared helpers of the contract tests: random batches proved for real with the two-input toy circuit; verifier deployment. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Contract, ContractFactory, type InterfaceAbi } from 'ethers';
import { Groth16Verifier } from '@zkr/contracts';
import { type BatchSubmission, type L1Connection, parseVerificationKey, type RollupClient, toZkrError, verifierDeployArgs } from '@zkr/l1';
import { dataHashOf, encodeBatchData, FIELD_ORDER, type PublicSlot, SLOT_KINDS, txDataOf } from '@zkr/state';
import { proveToy, type ToyArtifacts } from '@zkr/test-helpers';

/** A random field element (a stand-in state hash). */
export function randomFieldElement(): bigint {
  return BigInt(`0x${randomBytes(32).toString('hex')}`) % FIELD_ORDER;
}

/** `n` random transfer slots at `depth`: exact amounts in [1, 2^33], fees below 16. */
export function randomSlots(n: number, depth: number): PublicSlot[] {
  const below = (bits: number) => BigInt(`0x${randomBytes(8).toString('hex')}`) % (1n << BigInt(bits));
  return Array.from({ length: n }, () => ({
    kind: SLOT_KINDS.transfer,
    from: Number(below(depth)),
    to: Number(below(depth)),
    amount: below(33) + 1n,
    fee: below(4),
  }));
}

/** What a batch submission is built on: the rollup's state hash, the batch's number and the tree depth. */
export interface BatchPosition {
  readonly stateHash: bigint;
  readonly batchNumber: number;
  readonly depth: number;
}

/** Options of a proven submission; by default `n` random transfers to a random new state hash, fees to account 7. */
export interface SubmissionOptions {
  readonly newStateHash?: bigint;
  readonly feeRecipient?: number;
  readonly slots?: readonly PublicSlot[];
}

/** A proven submission of `n` slots at `position`: its batch data hashed by @zkr/state, proved with the two-input toy. */
export async function provenSubmission(fx: ToyArtifacts, position: BatchPosition, n: number, options: SubmissionOptions = {}): Promise<BatchSubmission> {
  const { newStateHash = randomFieldElement(), feeRecipient = 7, slots = randomSlots(n, position.depth) } = options;
  const batchData = encodeBatchData({ oldStateHash: position.stateHash, batchNumber: position.batchNumber, feeRecipient, depth: position.depth, slots });
  const proof = await proveToy(fx, [newStateHash, dataHashOf(batchData)]);
  return { batchNumber: BigInt(position.batchNumber), newStateHash, feeRecipient, txData: txDataOf(batchData, position.depth), proof };
}

/** Where `client`'s next batch goes: its current state hash and batch count + 1. */
export async function nextPosition(client: RollupClient): Promise<BatchPosition> {
  const [stateHash, count] = await Promise.all([client.stateHash(), client.batchNumber()]);
  return { stateHash, batchNumber: Number(count) + 1, depth: client.deployment.depth };
}

/** A proven submission of `n` slots for `client`'s next batch. */
export async function nextSubmission(fx: ToyArtifacts, client: RollupClient, n: number, options: SubmissionOptions = {}): Promise<BatchSubmission> {
  return provenSubmission(fx, await nextPosition(client), n, options);
}

/** The data hash of `s` on state hash `stateHash` at `depth`, from the bytes the contract hashes: `stateHash ‖ uint32 batchNumber ‖ feeRecipient (ceil(depth/8) bytes) ‖ txData`. */
export function submissionDataHash(stateHash: bigint, s: BatchSubmission, depth: number): bigint {
  const width = Math.ceil(depth / 8);
  const header = Buffer.from(`${stateHash.toString(16).padStart(64, '0')}${(s.batchNumber % (1n << 32n)).toString(16).padStart(8, '0')}${s.feeRecipient.toString(16).padStart(2 * width, '0')}`, 'hex');
  return dataHashOf(Buffer.concat([header, s.txData]));
}

/** `n` no-op slots: an empty batch. */
export function noopSlots(n: number): PublicSlot[] {
  return Array.from({ length: n }, () => ({ kind: SLOT_KINDS.noop, from: 0, to: 0, amount: 0n, fee: 0n }));
}

/** Runs `fn` and returns the ZkrError code it throws (fails the test if it does not throw). */
export async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return (error as { code?: string }).code ?? `not a ZkrError: ${String(error)}`;
  }
  throw new Error('expected a rejection, but the call succeeded');
}

/** The `Groth16Verifier` constructor arguments of the fixture key in `vkeyFile`. */
export function verifierArgsOf(vkeyFile: string): unknown[] {
  return [...verifierDeployArgs(parseVerificationKey(JSON.parse(fs.readFileSync(vkeyFile, 'utf8')), vkeyFile))];
}

/** Deploys zkr's `Groth16Verifier` with raw constructor `args`; a revert becomes its ZkrError. */
export async function deployVerifier(connection: L1Connection, args: readonly unknown[]): Promise<Contract> {
  const factory = new ContractFactory(Groth16Verifier.abi, Groth16Verifier.bytecode, connection.signer);
  try {
    const contract = await factory.deploy(...args);
    await contract.waitForDeployment();
    return contract as Contract;
  } catch (error) {
    throw toZkrError(error, 'deploying Groth16Verifier');
  }
}

/** Compiles contract `name` of Solidity `source` with the pinned solc-js and settings, test-only. */
export function compileTestContract(source: string, name: string): { abi: InterfaceAbi; bytecode: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- solc-js has no types; loaded only by tests
  const solc = require('solc') as { compile(input: string): string };
  const settings = JSON.parse(fs.readFileSync(require.resolve('../solc.json'), 'utf8')).settings;
  const input = { language: 'Solidity', sources: { 'Test.sol': { content: source } }, settings: { ...settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    contracts?: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
    errors?: { severity: string; formattedMessage: string }[];
  };
  const compiled = out.contracts?.['Test.sol']?.[name];
  if (!compiled) throw new Error(`solc did not compile ${name}: ${(out.errors ?? []).map((e) => e.formattedMessage).join('\n')}`);
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}

/** Compiles a test-only contract of `contracts/test/fixtures/<name>.sol`. */
export function compileFixtureContract(name: string): { abi: InterfaceAbi; bytecode: string } {
  return compileTestContract(fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.sol`), 'utf8'), name);
}
