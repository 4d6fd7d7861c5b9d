/**
 * Synthetic L2 traffic for demos and benchmarks: test accounts and a stream of correctly signed
 * ring transfers, optionally mixed with transfers a sequencer must refuse.
 */
import {
  generateKeyPair, RollupState, signTransfer,
  type CryptoSuite, type GenesisParams, type KeyPair, type SignedTransfer,
} from '@zkr/state';
import { operatorError } from './errors';

/** Test accounts: fresh keys at indices `0..count-1`, each with `balance`. */
export interface TestAccounts {
  readonly keys: readonly KeyPair[];
  readonly balance: bigint;
}

/** Generate `count` test accounts with fresh EdDSA keys. */
export function generateTestAccounts(suite: CryptoSuite, count: number, balance: bigint): TestAccounts {
  return { keys: Array.from({ length: count }, () => generateKeyPair(suite.eddsa)), balance };
}

/**
 * The genesis state holding the test accounts at indices `0..count-1`, with the queue and withdrawal
 * positions per batch of `positions` (default 1 each, docs/protocol.md §6).
 */
export function testGenesis(
  suite: CryptoSuite,
  accounts: TestAccounts,
  depth: number,
  domain: bigint,
  positions: Pick<GenesisParams, 'queuePositions' | 'withdrawalPositions'> = {},
): RollupState {
  return RollupState.genesis(suite, {
    depth,
    ...positions,
    domain,
    accounts: accounts.keys.map((k, index) => ({ index, account: { publicKey: k.publicKey, balance: accounts.balance, nonce: 0n, owner: 0n } })),
  });
}

/**
 * `count` valid transfers in rounds over the ring of accounts: in round `k`, account `i` pays
 * `i + k + 1` (mod the ring) an amount of `10 * (i + 1)` plus a fee of 1, with its next nonce.
 */
export function ringTransfers(suite: CryptoSuite, accounts: TestAccounts, domain: bigint, count: number): SignedTransfer[] {
  const n = accounts.keys.length;
  if (n < 2) throw operatorError('INVALID_ARGUMENT', `ringTransfers needs at least 2 accounts, got ${n}`, { details: { field: 'accounts', value: n } });
  const nonces = new Array<bigint>(n).fill(0n);
  const out: SignedTransfer[] = [];
  for (let k = 0; out.length < count; k++) {
    const from = k % n;
    const round = Math.floor(k / n);
    const to = (from + 1 + (round % (n - 1))) % n;
    out.push(signTransfer(suite, accounts.keys[from].privateKey, domain, { from, to, amount: BigInt(10 * (from + 1)), fee: 1n, nonce: nonces[from]++ }));
  }
  return out;
}

/**
 * Transfers every sequencer must refuse: a replay of the already applied `replayOf` (`BAD_NONCE`)
 * and a transfer by account 1 signed for another rollup's domain (`INVALID_SIGNATURE`).
 */
export function invalidTransfers(suite: CryptoSuite, accounts: TestAccounts, domain: bigint, replayOf: SignedTransfer): SignedTransfer[] {
  const foreign = signTransfer(suite, accounts.keys[1].privateKey, domain + 1n, { from: 1, to: 2, amount: 5n, fee: 1n, nonce: 0n });
  return [replayOf, foreign];
}
