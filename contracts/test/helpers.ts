/** Shared helpers of the contract tests: random batches over the fixture circuit, proved for real. */
import { randomBytes } from 'node:crypto';
import { BatchSubmission, RollupClient } from '@zkr/l1';
import { encodePublicData, FIELD_ORDER, PUBLIC_DATA_HEADER_BYTES, PublicSlot, publicInputOf } from '@zkr/state';
import { FixtureArtifacts, proveFixture } from './fixture/fixture';

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
  fx: FixtureArtifacts,
  domain: bigint,
  oldRoot: bigint,
  n: number,
  newRoot: bigint = randomRoot(),
): Promise<BatchSubmission> {
  const feeRecipient = 7;
  const publicData = encodePublicData({ domain, oldRoot, newRoot, feeRecipient, slots: randomSlots(n) });
  const proof = await proveFixture(fx, publicInputOf(publicData));
  return { expectedOldRoot: oldRoot, newRoot, feeRecipient, txData: publicData.subarray(PUBLIC_DATA_HEADER_BYTES), proof };
}

/** A proven submission on `client`'s current root. */
export async function nextSubmission(fx: FixtureArtifacts, client: RollupClient, n: number): Promise<BatchSubmission> {
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
