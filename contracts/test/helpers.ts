/** Shared helpers of the contract tests: random batches over the fixture circuit, proved for real; verifier deployment. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { type Contract, ContractFactory, type InterfaceAbi } from 'ethers';
import { Groth16Verifier } from '@zkr/contracts';
import { type BatchSubmission, type L1Connection, parseVerificationKey, type RollupClient, toZkrError, verifierDeployArgs } from '@zkr/l1';
import { encodePublicData, FIELD_ORDER, PUBLIC_DATA_HEADER_BYTES, type PublicSlot, publicInputOf } from '@zkr/state';
import { proveToy, type ToyArtifacts } from '@zkr/test-helpers';

/** A random field element (a stand-in state root). */
export function randomRoot(): bigint {
  return BigInt(`0x${randomBytes(32).toString('hex')}`) % FIELD_ORDER;
}

/** `n` plausible slots: indices below 2^16, amounts below 2^40, fees below 2^16. */
export function randomSlots(n: number): PublicSlot[] {
  const below = (bits: number) => BigInt(`0x${randomBytes(8).toString('hex')}`) % (1n << BigInt(bits));
  return Array.from({ length: n }, () => ({ from: Number(below(16)), to: Number(below(16)), amount: below(40) + 1n, fee: below(16) }));
}

/** The submission of a batch of `n` random slots from `oldRoot` to `newRoot`, with a real proof for `domain`. */
export async function provenSubmission(
  fx: ToyArtifacts,
  domain: bigint,
  oldRoot: bigint,
  n: number,
  newRoot: bigint = randomRoot(),
): Promise<BatchSubmission> {
  const feeRecipient = 7;
  const publicData = encodePublicData({ domain, oldRoot, newRoot, feeRecipient, slots: randomSlots(n) });
  const proof = await proveToy(fx, publicInputOf(publicData));
  return { expectedOldRoot: oldRoot, newRoot, feeRecipient, txData: publicData.subarray(PUBLIC_DATA_HEADER_BYTES), proof };
}

/** A proven submission on `client`'s current root. */
export async function nextSubmission(fx: ToyArtifacts, client: RollupClient, n: number): Promise<BatchSubmission> {
  return provenSubmission(fx, client.deployment.domain, await client.stateRoot(), n);
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

/** Compiles snarkjs's exported `Verifier.sol` (the gas reference) with the pinned solc-js, test-only. */
export function compileSnarkjsVerifier(source: string): { abi: InterfaceAbi; bytecode: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- solc-js has no types; loaded only by the gas reference test
  const solc = require('solc') as { compile(input: string): string };
  const settings = JSON.parse(fs.readFileSync(require.resolve('../solc.json'), 'utf8')).settings;
  const input = { language: 'Solidity', sources: { 'Verifier.sol': { content: source } }, settings: { ...settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as { contracts: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>> };
  const verifier = out.contracts['Verifier.sol'].Groth16Verifier;
  return { abi: verifier.abi, bytecode: `0x${verifier.evm.bytecode.object}` };
}
