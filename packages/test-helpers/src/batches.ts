/**
 * Batch fixtures (protocol v3): deterministic keys and owners, genesis states, signed transfers and
 * withdrawals, L1 queue operations and honest batches made with @zkr/state's builder, for the
 * circuit, prover, contract, CLI and soundness tests. Amounts and fees of fixtures must be
 * representable (docs/protocol.md §1.1): every value below 2^34 is, and fees are `0..15`,
 * `10, 20, .., 150`, ...
 */
import {
  buildBatch, createCryptoSuite, RollupState, signTransfer, signWithdrawal, type Batch, type BuildBatchResult, type CryptoSuite, type KeyPair,
  type QueueOperation, type QueueOperationKind, type SignedTransfer, type SignedWithdrawal,
} from '@zkr/state';

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

/** A withdrawal to sign; `address` defaults to {@link testOwner}(from), `nonce` to the account's current nonce. */
export interface WithdrawalSpec {
  readonly from: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly address?: bigint;
  readonly nonce?: bigint;
  /** Sign for this domain instead of the state's. */
  readonly domain?: bigint;
}

/**
 * An L1 queue operation to make (docs/protocol.md §12.1). Defaults: `amount` 0, `address`
 * {@link testOwner}(index), for kind 1 the key {@link testKey}(index) (kinds 2 and 3 have `(0, 0)`), `time` 1000 + position.
 */
export interface QueueSpec {
  readonly kind: QueueOperationKind;
  readonly index: number;
  readonly amount?: bigint;
  readonly address?: bigint;
  readonly time?: number;
}

/** The positions per batch of a fixture state (docs/protocol.md §6); both default to 1. */
export interface PositionSpec {
  readonly queuePositions?: number;
  readonly withdrawalPositions?: number;
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

/** A genesis state of `depth` (even, 2..32) holding `accounts`, after `batchCount` batches (default 0), with `Q` and `W` of `positions` (default 1, 1). */
export async function genesis(depth: number, accounts: readonly AccountSpec[], domain = TEST_DOMAIN, batchCount = 0, positions: PositionSpec = {}): Promise<Fixture> {
  const suite = await fixtureSuite();
  const keys = new Map(accounts.map((a) => [a.index, testKey(suite, a.index)] as const));
  const state = RollupState.genesis(suite, {
    depth,
    domain,
    batchCount,
    queuePositions: positions.queuePositions,
    withdrawalPositions: positions.withdrawalPositions,
    accounts: accounts.map((a) => ({
      index: a.index,
      account: { publicKey: keys.get(a.index)!.publicKey, balance: a.balance, nonce: a.nonce ?? 0n, owner: a.owner ?? testOwner(a.index) },
    })),
  });
  return { suite, state, keys };
}

/** The key of `index` in the fixture, or its deterministic {@link testKey}. */
function keyOf(fixture: Fixture, index: number): KeyPair {
  return fixture.keys.get(index) ?? testKey(fixture.suite, index);
}

/** Signs transfers in order, tracking each sender's nonce from the genesis state. */
export function signAll(fixture: Fixture, specs: readonly TransferSpec[]): SignedTransfer[] {
  const nonces = new Map<number, bigint>();
  return specs.map((spec) => {
    const nonce = spec.nonce ?? nonces.get(spec.from) ?? fixture.state.account(spec.from)?.nonce ?? 0n;
    nonces.set(spec.from, nonce + 1n);
    const { from, to, amount, fee } = spec;
    return signTransfer(fixture.suite, keyOf(fixture, spec.from).privateKey, spec.domain ?? fixture.state.domain, { from, to, amount, fee, nonce });
  });
}

/**
 * Signs withdrawals in order, tracking each account's nonce from the genesis state and after
 * `transfers` (the transfer specs of the same batch, applied first: a batch's slots precede its withdrawal positions).
 */
export function signWithdrawals(fixture: Fixture, specs: readonly WithdrawalSpec[], transfers: readonly TransferSpec[] = []): SignedWithdrawal[] {
  const nonces = new Map<number, bigint>();
  const next = (from: number): bigint => nonces.get(from) ?? fixture.state.account(from)?.nonce ?? 0n;
  for (const t of transfers) nonces.set(t.from, (t.nonce ?? next(t.from)) + 1n);
  return specs.map((spec) => {
    const nonce = spec.nonce ?? next(spec.from);
    nonces.set(spec.from, nonce + 1n);
    const body = { from: spec.from, address: spec.address ?? testOwner(spec.from), amount: spec.amount, fee: spec.fee, nonce };
    return signWithdrawal(fixture.suite, keyOf(fixture, spec.from).privateKey, spec.domain ?? fixture.state.domain, body);
  });
}

/** L1 queue operations at consecutive positions from `start` (default: the fixture state's `queueCount`), as the contract would store them. */
export function queueOperations(fixture: Fixture, specs: readonly QueueSpec[], start = fixture.state.queueCount): QueueOperation[] {
  return specs.map((spec, i) => {
    const position = start + i;
    return {
      position,
      kind: spec.kind,
      index: spec.index,
      amount: spec.amount ?? 0n,
      address: spec.address ?? testOwner(spec.index),
      publicKey: spec.kind === 1 ? testKey(fixture.suite, spec.index).publicKey : [0n, 0n],
      time: spec.time ?? 1000 + position,
    };
  });
}

/** What an honest batch may hold besides transfers: queue operations and withdrawals to sign. */
export interface HonestBatchExtras {
  readonly queue?: readonly QueueSpec[];
  readonly withdrawals?: readonly WithdrawalSpec[];
}

/**
 * Builds batch number `batchCount + 1` of the fixture's state in which every transfer and
 * withdrawal is accepted and every queue operation (`extras.queue`) is consumed (throws otherwise).
 */
export function honestBuild(fixture: Fixture, specs: readonly TransferSpec[], batchSize: number, feeRecipient: number, extras: HonestBatchExtras = {}): BuildBatchResult {
  const queue = queueOperations(fixture, extras.queue ?? []);
  const withdrawals = signWithdrawals(fixture, extras.withdrawals ?? [], specs);
  const result = buildBatch(fixture.state, signAll(fixture, specs), { batchSize, feeRecipient, queue, withdrawals });
  const problems = [
    ...result.rejected.map((r) => `transfer ${r.position}: ${r.code}`),
    ...result.rejectedWithdrawals.map((r) => `withdrawal ${r.position}: ${r.code}`),
    ...(result.remaining.length > 0 ? [`${result.remaining.length} transfers remaining`] : []),
    ...(result.remainingWithdrawals.length > 0 ? [`${result.remainingWithdrawals.length} withdrawals remaining`] : []),
    ...(result.batch.queueCount < queue.length ? [`${queue.length - result.batch.queueCount} queue operations not consumed`] : []),
  ];
  if (problems.length > 0) throw new Error(`fixture batch not all accepted: ${problems.join(', ')}`);
  return result;
}

/** Builds batch number `batchCount + 1` of the fixture's state in which everything is accepted (see {@link honestBuild}); the batch only. */
export function honestBatch(fixture: Fixture, specs: readonly TransferSpec[], batchSize: number, feeRecipient: number, extras: HonestBatchExtras = {}): Batch {
  return honestBuild(fixture, specs, batchSize, feeRecipient, extras).batch;
}

/** The fixture of {@link moneyBatch}: its genesis, the batch and what it consumed. */
export interface MoneyBatch extends BuildBatchResult {
  readonly fixture: Fixture;
  /** The one queue operation, a kind-1 deposit of 300 creating account 2 (key {@link testKey}(2), owner {@link testOwner}(2)). */
  readonly queue: readonly QueueOperation[];
}

/**
 * A v3 batch with money in and out, for tests of the circuit, prover, contract and CLI: genesis
 * accounts 0 (balance 1000) and 1 (500) at depth `depth` (default 8), `Q = W = 1`; queue position
 * 0 deposits 300 to the new account 2 (kind 1); slot 0 transfers 100 (fee 1) from the new account 2
 * to account 0; withdrawal position 0 withdraws 200 (fee 2) from account 1 to {@link testOwner}(1);
 * the fees go to account 0. `batchSize` slots (default 2). Credits: `(testOwner(2), 0)`, `(testOwner(1), 200)`.
 */
export async function moneyBatch(depth = 8, batchSize = 2): Promise<MoneyBatch> {
  const fixture = await genesis(depth, [{ index: 0, balance: 1000n }, { index: 1, balance: 500n }]);
  const extras: HonestBatchExtras = { queue: [{ kind: 1, index: 2, amount: 300n }], withdrawals: [{ from: 1, amount: 200n, fee: 2n }] };
  const result = honestBuild(fixture, [{ from: 2, to: 0, amount: 100n, fee: 1n }], batchSize, 0, extras);
  return { ...result, fixture, queue: queueOperations(fixture, extras.queue!) };
}
