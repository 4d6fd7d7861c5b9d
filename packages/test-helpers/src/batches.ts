/**
 * Batch fixtures (protocol v2): deterministic keys and owners, genesis states and honest batches
 * made with @zkr/state's builder, for the circuit, prover, CLI and soundness tests. Amounts and fees
 * of fixtures must be representable (docs/protocol.md §1.1): every value below 2^34 is, and fees
 * are `0..15`, `10, 20, .., 150`, ...
 */
import { buildBatch, createCryptoSuite, RollupState, signTransfer, type Batch, type CryptoSuite, type KeyPair, type SignedTransfer } from '@zkr/state';

/** The rollup domain used by fixtures. */
export const TEST_DOMAIN = 987654321987654321n;

/** One genesis account of a fixture. */
export interface AccountSpec {
  readonly index: number;
  readonly balance: bigint;
  readonly nonce?: bigint;
  /** The account's L1 owner; defaults to {@link testOwner}(index). Pass `0n` for an account with no owner. */
  readonly owner?: bigint;
}

/** A transfer to sign; `nonce` defaults to the sender's current nonce. */
export interface TransferSpec {
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce?: bigint;
  /** Sign for this domain instead of the state's. */
  readonly domain?: bigint;
}

/** The deterministic L1 owner of fixture account `index`: `0xa11ce000…0000 + index`. */
export function testOwner(index: number): bigint {
  return 0xa11ce00000000000000000000000000000000000n + BigInt(index);
}

/** A genesis state with its keys. */
export interface Fixture {
  readonly suite: CryptoSuite;
  readonly state: RollupState;
  readonly keys: ReadonlyMap<number, KeyPair>;
}

let suitePromise: Promise<CryptoSuite> | undefined;

/** The crypto suite, created once per test file. */
export function fixtureSuite(): Promise<CryptoSuite> {
  suitePromise ??= createCryptoSuite();
  return suitePromise;
}

/** The deterministic key of account `index`. */
export function testKey(suite: CryptoSuite, index: number): KeyPair {
  const privateKey = new Uint8Array(32).fill((index % 250) + 1);
  privateKey[0] = index >> 8;
  return { privateKey, publicKey: suite.eddsa.publicKey(privateKey) };
}

/** A genesis state of `depth` (even, 2..32) holding `accounts`, after `batchCount` batches (default 0). */
export async function genesis(depth: number, accounts: readonly AccountSpec[], domain = TEST_DOMAIN, batchCount = 0): Promise<Fixture> {
  const suite = await fixtureSuite();
  const keys = new Map(accounts.map((a) => [a.index, testKey(suite, a.index)] as const));
  const state = RollupState.genesis(suite, {
    depth,
    domain,
    batchCount,
    accounts: accounts.map((a) => ({
      index: a.index,
      account: { publicKey: keys.get(a.index)!.publicKey, balance: a.balance, nonce: a.nonce ?? 0n, owner: a.owner ?? testOwner(a.index) },
    })),
  });
  return { suite, state, keys };
}

/** Signs transfers in order, tracking each sender's nonce from the genesis state. */
export function signAll(fixture: Fixture, specs: readonly TransferSpec[]): SignedTransfer[] {
  const nonces = new Map<number, bigint>();
  return specs.map((spec) => {
    const nonce = spec.nonce ?? nonces.get(spec.from) ?? fixture.state.account(spec.from)?.nonce ?? 0n;
    nonces.set(spec.from, nonce + 1n);
    const key = fixture.keys.get(spec.from) ?? testKey(fixture.suite, spec.from);
    const { from, to, amount, fee } = spec;
    return signTransfer(fixture.suite, key.privateKey, spec.domain ?? fixture.state.domain, { from, to, amount, fee, nonce });
  });
}

/** Builds batch number `batchCount + 1` of the fixture's state in which every transfer is accepted (throws otherwise). */
export function honestBatch(fixture: Fixture, specs: readonly TransferSpec[], batchSize: number, feeRecipient: number): Batch {
  const result = buildBatch(fixture.state, signAll(fixture, specs), { batchSize, feeRecipient });
  if (result.rejected.length > 0 || result.remaining.length > 0) {
    throw new Error(`fixture transfers not all accepted: ${JSON.stringify(result.rejected.map((r) => r.code))}, ${result.remaining.length} remaining`);
  }
  return result.batch;
}
