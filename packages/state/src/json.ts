/**
 * The JSON files of docs/protocol.md §10 (protocol version 3): key, keys, accounts, state,
 * transfers, withdrawals, queue and batch. Bigints are decimal strings, indices and sizes JSON numbers, byte strings
 * and owners 0x-hex. Every reader refuses another version with `UNSUPPORTED_VERSION`, validates
 * with zod and throws `INVALID_FILE` naming the field (`transfers[2].amount`); every writer is atomic.
 */
import { z } from 'zod';
import {
  assertDepth, assertOwner, BATCH_NUMBER_LIMIT, FIELD_ORDER, isDepth, MAX_BATCH_SIZE, MAX_POSITIONS, QUEUE_HASH_LIMIT, VALUE_LIMIT,
} from './field';
import type { KeyPair } from './eddsa';
import { FILE_VERSION, invalidFile, parseVersioned, readJson, writeJsonAtomic } from './files';
import { assertQueueOperation } from './queue';
import { assertBatchConsistent } from './replay';
import { RollupState } from './state';
import type { CryptoSuite } from './suite';
import type {
  Account, Batch, BatchSlot, Credit, LeafUpdate, PublicKey, QueueLeafUpdate, QueueOperation, QueuePosition, SignedTransfer, SignedWithdrawal,
  WithdrawalPosition,
} from './types';

const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'must be a decimal integer string such as "42"');
const fieldElement = decimal.transform(BigInt).refine((v) => v < FIELD_ORDER, 'must be below the field order r');
const value64 = decimal.transform(BigInt).refine((v) => v < VALUE_LIMIT, 'must be below 2^64');
const index = z.number().int('must be an integer').min(0, 'must be >= 0').max(2 ** 32 - 1, 'must be < 2^32');
const depth = z.number().refine(isDepth, 'must be an even integer 2 <= depth <= 32 (the arity-4 tree has depth/2 levels)');
const hexBytes = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'must be 0x-prefixed hex bytes');
const owner = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an L1 address: 0x followed by 40 hex digits').transform(BigInt);
const batchCount = z.number().int('must be an integer').min(0, 'must be >= 0').max(BATCH_NUMBER_LIMIT - 1, 'must be < 2^32');
const batchNumber = z.number().int('must be an integer').min(1, 'must be >= 1 (batches are numbered from 1)').max(BATCH_NUMBER_LIMIT - 1, 'must be < 2^32');
const positions = z.number().int('must be an integer').min(1, 'must be >= 1').max(MAX_POSITIONS, `must be <= ${MAX_POSITIONS}`);
const count = z.number().int('must be an integer').min(0, 'must be >= 0').max(Number.MAX_SAFE_INTEGER, 'must be a safe integer');
const queueHash = decimal.transform(BigInt).refine((v) => v < QUEUE_HASH_LIMIT, 'must be below 2^216');
const publicKey = z.tuple([fieldElement, fieldElement]);
const signature = z.object({ R8x: fieldElement, R8y: fieldElement, S: fieldElement });
const transfer = z.object({ from: index, to: index, amount: value64, fee: value64, nonce: value64, signature });
const withdrawal = z.object({ from: index, address: owner, amount: value64, fee: value64, nonce: value64, signature });
const queueOperation = z.object({
  position: count,
  kind: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 1 (deposit to a new account), 2 (deposit) or 3 (forced exit)' }),
  index,
  amount: value64,
  address: owner,
  publicKey,
  time: z.number().int('must be an integer').min(0, 'must be >= 0').max(2 ** 40 - 1, 'must be < 2^40'),
});
const account = z.object({ publicKey, balance: value64, nonce: value64, owner });
const siblings = z.array(z.tuple([fieldElement, fieldElement, fieldElement]));
const leafUpdate = z.object({ index, before: account, after: account, siblings, rootBefore: fieldElement, rootAfter: fieldElement });
const queueLeafUpdate = z.object({ index, before: account.nullable(), after: account.nullable(), siblings, rootBefore: fieldElement, rootAfter: fieldElement });
const slot = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('transfer'), transfer, sender: leafUpdate, receiver: leafUpdate }),
  z.object({ kind: z.literal('noop'), root: fieldElement }),
]);
const queuePosition = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('operation'),
    operation: queueOperation,
    outcome: z.enum(['applied', 'INDEX_TAKEN', 'UNKNOWN_ACCOUNT', 'BALANCE_OVERFLOW', 'NOT_OWNER']),
    credit: z.object({ address: owner, amount: value64 }),
    update: queueLeafUpdate,
  }),
  z.object({ kind: z.literal('empty'), root: fieldElement }),
]);
const withdrawalPosition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('withdrawal'), withdrawal, sender: leafUpdate }),
  z.object({ kind: z.literal('empty'), root: fieldElement }),
]);
const header = { version: z.literal(FILE_VERSION) };

const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x followed by 64 hex digits (32 bytes)');
const keySchema = z.object({ ...header, kind: z.literal('key'), privateKey, publicKey });
const keysSchema = z.object({ ...header, kind: z.literal('keys'), keys: z.array(z.object({ index, privateKey, publicKey })) });
const accountsSchema = z.object({
  ...header,
  kind: z.literal('accounts'),
  accounts: z.array(z.object({ publicKey, balance: value64.optional(), owner: owner.optional() })),
});
const stateSchema = z.object({
  ...header,
  kind: z.literal('state'),
  depth,
  queuePositions: positions,
  withdrawalPositions: positions,
  domain: fieldElement,
  batchCount,
  queueCount: count,
  queueHash,
  root: fieldElement,
  accounts: z.array(z.object({ index, publicKey, balance: value64, nonce: value64, owner })),
});
const transfersSchema = z.object({ ...header, kind: z.literal('transfers'), transfers: z.array(transfer) });
const withdrawalsSchema = z.object({ ...header, kind: z.literal('withdrawals'), withdrawals: z.array(withdrawal) });
const queueSchema = z.object({ ...header, kind: z.literal('queue'), operations: z.array(queueOperation) });
const batchSchema = z.object({
  ...header,
  kind: z.literal('batch'),
  depth,
  batchSize: z.number().int('must be an integer').min(1, 'must be >= 1').max(MAX_BATCH_SIZE, `must be <= ${MAX_BATCH_SIZE}`),
  queuePositions: positions,
  withdrawalPositions: positions,
  domain: fieldElement,
  batchNumber,
  oldRoot: fieldElement,
  newRoot: fieldElement,
  oldStateHash: fieldElement,
  newStateHash: fieldElement,
  queueStart: count,
  queueCount: z.number().int('must be an integer').min(0, 'must be >= 0').max(MAX_POSITIONS, `must be <= ${MAX_POSITIONS}`),
  oldQueueHash: queueHash,
  newQueueHash: queueHash,
  feeRecipient: index,
  queue: z.array(queuePosition),
  slots: z.array(slot),
  withdrawals: z.array(withdrawalPosition),
  totalFees: decimal.transform(BigInt),
  feeCredit: leafUpdate,
  batchData: hexBytes,
  dataHash: fieldElement,
});

const str = (v: bigint): string => v.toString();
const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;

/** The JSON form of an owner: `0x` and 40 lowercase hex digits (`INVALID_ARGUMENT` unless `0 <= owner < 2^160`). */
export function ownerToHex(value: bigint): string {
  assertOwner(value, 'owner');
  return `0x${value.toString(16).padStart(40, '0')}`;
}

function keyPairJson(key: KeyPair): object {
  return { privateKey: hex(key.privateKey), publicKey: key.publicKey.map(str) };
}

function accountJson(a: Account): object {
  return { publicKey: a.publicKey.map(str), balance: str(a.balance), nonce: str(a.nonce), owner: ownerToHex(a.owner) };
}

function transferJson(t: SignedTransfer): object {
  const { R8x, R8y, S } = t.signature;
  return {
    from: t.from, to: t.to, amount: str(t.amount), fee: str(t.fee), nonce: str(t.nonce),
    signature: { R8x: str(R8x), R8y: str(R8y), S: str(S) },
  };
}

function withdrawalJson(w: SignedWithdrawal): object {
  const { R8x, R8y, S } = w.signature;
  return {
    from: w.from, address: ownerToHex(w.address), amount: str(w.amount), fee: str(w.fee), nonce: str(w.nonce),
    signature: { R8x: str(R8x), R8y: str(R8y), S: str(S) },
  };
}

function operationJson(op: QueueOperation): object {
  return {
    position: op.position, kind: op.kind, index: op.index, amount: str(op.amount), address: ownerToHex(op.address), publicKey: op.publicKey.map(str), time: op.time,
  };
}

function leafUpdateJson(u: LeafUpdate | QueueLeafUpdate): object {
  return {
    index: u.index, before: u.before && accountJson(u.before), after: u.after && accountJson(u.after),
    siblings: u.siblings.map((triple) => triple.map(str)), rootBefore: str(u.rootBefore), rootAfter: str(u.rootAfter),
  };
}

function creditJson(c: Credit): object {
  return { address: ownerToHex(c.address), amount: str(c.amount) };
}

function queuePositionJson(p: QueuePosition): object {
  return p.kind === 'empty'
    ? { kind: 'empty', root: str(p.root) }
    : { kind: 'operation', operation: operationJson(p.operation), outcome: p.outcome, credit: creditJson(p.credit), update: leafUpdateJson(p.update) };
}

function slotJson(s: BatchSlot): object {
  return s.kind === 'noop'
    ? { kind: 'noop', root: str(s.root) }
    : { kind: 'transfer', transfer: transferJson(s.transfer), sender: leafUpdateJson(s.sender), receiver: leafUpdateJson(s.receiver) };
}

function withdrawalPositionJson(p: WithdrawalPosition): object {
  return p.kind === 'empty' ? { kind: 'empty', root: str(p.root) } : { kind: 'withdrawal', withdrawal: withdrawalJson(p.withdrawal), sender: leafUpdateJson(p.sender) };
}

/** Throws `INVALID_FILE` with the field (`details.field`) and message of `cause`, an error of a library check. */
function rethrowAsInvalidFile(source: string, cause: unknown): never {
  const field = (cause as { details?: { field?: string } }).details?.field ?? '';
  throw invalidFile(source, field, (cause as Error).message, cause);
}

// ---- key -------------------------------------------------------------------------------------

/** The JSON form of a key pair (`kind: "key"`). */
export function keyToJson(key: KeyPair): object {
  return { version: FILE_VERSION, kind: 'key', ...keyPairJson(key) };
}

function checkedKeyPair(suite: CryptoSuite, hexKey: string, publicKey: readonly [bigint, bigint], source: string, field: string): KeyPair {
  const privateKey = new Uint8Array(Buffer.from(hexKey.slice(2), 'hex'));
  const derived = suite.eddsa.publicKey(privateKey);
  if (derived[0] !== publicKey[0] || derived[1] !== publicKey[1]) {
    throw invalidFile(source, field, 'is not the public key of privateKey; regenerate the file with `zkr keygen`');
  }
  return { privateKey, publicKey: derived };
}

/** Parses a key file's JSON; checks that `publicKey` is the key of `privateKey`. */
export function keyFromJson(suite: CryptoSuite, json: unknown, source = 'key'): KeyPair {
  const data = parseVersioned(keySchema, 'key', json, source);
  return checkedKeyPair(suite, data.privateKey, data.publicKey, source, 'publicKey');
}

/** Reads and validates a key file. */
export async function readKeyFile(suite: CryptoSuite, file: string): Promise<KeyPair> {
  return keyFromJson(suite, await readJson(file), file);
}

/** Writes a key file atomically. */
export async function writeKeyFile(file: string, key: KeyPair): Promise<void> {
  await writeJsonAtomic(file, keyToJson(key));
}

// ---- keys (a keyring of test accounts, as `zkr genesis --keys-out` writes) ---------------------

/** A key pair of the account at `index`. */
export interface IndexedKeyPair extends KeyPair {
  readonly index: number;
}

/** The JSON form of a keyring (`kind: "keys"`). */
export function keysToJson(keys: readonly IndexedKeyPair[]): object {
  return { version: FILE_VERSION, kind: 'keys', keys: keys.map((k) => ({ index: k.index, ...keyPairJson(k) })) };
}

/** Parses a keyring's JSON; checks every public key against its private key. */
export function keysFromJson(suite: CryptoSuite, json: unknown, source = 'keys'): IndexedKeyPair[] {
  const data = parseVersioned(keysSchema, 'keys', json, source);
  return data.keys.map((k, i) => ({ index: k.index, ...checkedKeyPair(suite, k.privateKey, k.publicKey, source, `keys[${i}].publicKey`) }));
}

/** Reads and validates a keyring file. */
export async function readKeysFile(suite: CryptoSuite, file: string): Promise<IndexedKeyPair[]> {
  return keysFromJson(suite, await readJson(file), file);
}

/** Writes a keyring file atomically. */
export async function writeKeysFile(file: string, keys: readonly IndexedKeyPair[]): Promise<void> {
  await writeJsonAtomic(file, keysToJson(keys));
}

// ---- accounts (genesis input: public keys, optional balances and owners; index = position) ---

/** A genesis account entry; a missing balance is filled in by the caller, a missing owner is 0 (none). */
export interface GenesisAccountEntry {
  readonly publicKey: PublicKey;
  readonly balance?: bigint;
  /** The L1 address owning the account (`< 2^160`); read files always set it (0 when the file has none). */
  readonly owner?: bigint;
}

/** The JSON form of a genesis account list (`kind: "accounts"`). */
export function accountsToJson(accounts: readonly GenesisAccountEntry[]): object {
  return {
    version: FILE_VERSION,
    kind: 'accounts',
    accounts: accounts.map((a) => ({
      publicKey: a.publicKey.map(str),
      ...(a.balance === undefined ? {} : { balance: str(a.balance) }),
      ...(a.owner === undefined ? {} : { owner: ownerToHex(a.owner) }),
    })),
  };
}

/** Parses a genesis account list's JSON; a missing owner becomes `0n`. */
export function accountsFromJson(json: unknown, source = 'accounts'): GenesisAccountEntry[] {
  return parseVersioned(accountsSchema, 'accounts', json, source).accounts.map((a) => ({ ...a, owner: a.owner ?? 0n }));
}

/** Reads and validates a genesis account list. */
export async function readAccountsFile(file: string): Promise<GenesisAccountEntry[]> {
  return accountsFromJson(await readJson(file), file);
}

// ---- state -----------------------------------------------------------------------------------

/** The JSON form of a state (`kind: "state"`), accounts in index order. */
export function stateToJson(state: RollupState): object {
  const accounts = [...state.accounts()].map(({ index, account: a }) => ({ index, ...accountJson(a) }));
  return {
    version: FILE_VERSION, kind: 'state', depth: state.depth, queuePositions: state.queuePositions, withdrawalPositions: state.withdrawalPositions,
    domain: str(state.domain), batchCount: state.batchCount, queueCount: state.queueCount, queueHash: str(state.queueHash), root: str(state.root), accounts,
  };
}

/** Parses a state file's JSON, rebuilds the tree and checks `root` against the accounts. */
export function stateFromJson(suite: CryptoSuite, json: unknown, source = 'state'): RollupState {
  const data = parseVersioned(stateSchema, 'state', json, source);
  let state: RollupState;
  try {
    state = RollupState.genesis(suite, {
      depth: data.depth,
      domain: data.domain,
      batchCount: data.batchCount,
      queuePositions: data.queuePositions,
      withdrawalPositions: data.withdrawalPositions,
      queueCount: data.queueCount,
      queueHash: data.queueHash,
      accounts: data.accounts.map(({ index: i, publicKey: pk, balance, nonce, owner: o }) => ({ index: i, account: { publicKey: pk, balance, nonce, owner: o } })),
    });
  } catch (cause) {
    rethrowAsInvalidFile(source, cause);
  }
  if (state.root !== data.root) {
    throw invalidFile(source, 'root', `is ${data.root} but the accounts hash to ${state.root}; the file was edited or corrupted`);
  }
  return state;
}

/** Reads and validates a state file (root checked). */
export async function readStateFile(suite: CryptoSuite, file: string): Promise<RollupState> {
  return stateFromJson(suite, await readJson(file), file);
}

/** Writes a state file atomically (temp file + rename in the same directory). */
export async function writeStateFile(file: string, state: RollupState): Promise<void> {
  await writeJsonAtomic(file, stateToJson(state));
}

// ---- transfers -------------------------------------------------------------------------------

/** The JSON form of a transfer list (`kind: "transfers"`). */
export function transfersToJson(transfers: readonly SignedTransfer[]): object {
  return { version: FILE_VERSION, kind: 'transfers', transfers: transfers.map(transferJson) };
}

/** Parses a transfers file's JSON. */
export function transfersFromJson(json: unknown, source = 'transfers'): SignedTransfer[] {
  return parseVersioned(transfersSchema, 'transfers', json, source).transfers;
}

/** Reads and validates a transfers file. */
export async function readTransfersFile(file: string): Promise<SignedTransfer[]> {
  return transfersFromJson(await readJson(file), file);
}

/** Writes a transfers file atomically. */
export async function writeTransfersFile(file: string, transfers: readonly SignedTransfer[]): Promise<void> {
  await writeJsonAtomic(file, transfersToJson(transfers));
}

// ---- withdrawals -----------------------------------------------------------------------------

/** The JSON form of a withdrawal list (`kind: "withdrawals"`). */
export function withdrawalsToJson(withdrawals: readonly SignedWithdrawal[]): object {
  return { version: FILE_VERSION, kind: 'withdrawals', withdrawals: withdrawals.map(withdrawalJson) };
}

/** Parses a withdrawals file's JSON (ranges checked; the rules of docs/protocol.md §11 are the builder's). */
export function withdrawalsFromJson(json: unknown, source = 'withdrawals'): SignedWithdrawal[] {
  return parseVersioned(withdrawalsSchema, 'withdrawals', json, source).withdrawals;
}

/** Reads and validates a withdrawals file. */
export async function readWithdrawalsFile(file: string): Promise<SignedWithdrawal[]> {
  return withdrawalsFromJson(await readJson(file), file);
}

/** Writes a withdrawals file atomically. */
export async function writeWithdrawalsFile(file: string, withdrawals: readonly SignedWithdrawal[]): Promise<void> {
  await writeJsonAtomic(file, withdrawalsToJson(withdrawals));
}

// ---- queue (L1 queue operations, docs/protocol.md §12) ----------------------------------------

/** The JSON form of L1 queue operations (`kind: "queue"`), in the given (position) order. */
export function queueToJson(operations: readonly QueueOperation[]): object {
  return { version: FILE_VERSION, kind: 'queue', operations: operations.map(operationJson) };
}

/**
 * Parses a queue file's JSON: `INVALID_FILE` naming the field unless the operations are in
 * consecutive position order and each is one the contract queues (docs/protocol.md §12.1: kind 1
 * with a valid key, kinds 2 and 3 with the key `["0", "0"]`, a representable amount, `> 0` for
 * kind 2 and 0 for kind 3, a non-zero address; indices are checked against `2^32`, the tree's
 * depth is the builder's check).
 */
export function queueFromJson(suite: CryptoSuite, json: unknown, source = 'queue'): QueueOperation[] {
  const { operations } = parseVersioned(queueSchema, 'queue', json, source);
  operations.forEach((op, i) => {
    if (i > 0 && op.position !== operations[i - 1].position + 1) {
      throw invalidFile(source, `operations[${i}].position`, `is ${op.position} after ${operations[i - 1].position}; operations must be consecutive, in position order`);
    }
    try {
      assertQueueOperation(suite, op, 32, `operations[${i}]`);
    } catch (cause) {
      rethrowAsInvalidFile(source, cause);
    }
  });
  return operations;
}

/** Reads and validates a queue file. */
export async function readQueueFile(suite: CryptoSuite, file: string): Promise<QueueOperation[]> {
  return queueFromJson(suite, await readJson(file), file);
}

/** Writes a queue file atomically. */
export async function writeQueueFile(file: string, operations: readonly QueueOperation[]): Promise<void> {
  await writeJsonAtomic(file, queueToJson(operations));
}

// ---- batch -----------------------------------------------------------------------------------

/** The JSON form of a batch (`kind: "batch"`). */
export function batchToJson(batch: Batch): object {
  return {
    version: FILE_VERSION, kind: 'batch', depth: batch.depth, batchSize: batch.batchSize,
    queuePositions: batch.queuePositions, withdrawalPositions: batch.withdrawalPositions, domain: str(batch.domain),
    batchNumber: batch.batchNumber, oldRoot: str(batch.oldRoot), newRoot: str(batch.newRoot),
    oldStateHash: str(batch.oldStateHash), newStateHash: str(batch.newStateHash),
    queueStart: batch.queueStart, queueCount: batch.queueCount, oldQueueHash: str(batch.oldQueueHash), newQueueHash: str(batch.newQueueHash),
    feeRecipient: batch.feeRecipient, queue: batch.queue.map(queuePositionJson), slots: batch.slots.map(slotJson),
    withdrawals: batch.withdrawals.map(withdrawalPositionJson), totalFees: str(batch.totalFees), feeCredit: leafUpdateJson(batch.feeCredit),
    batchData: hex(batch.batchData), dataHash: str(batch.dataHash),
  };
}

/** Throws `INVALID_FILE` naming `field` unless `list` has `length` entries, the filled ones (kind `filled`) first. */
function checkPositions(source: string, field: string, list: readonly { kind: string }[], length: number, what: string, filled: string, empty: string): void {
  if (list.length !== length) throw invalidFile(source, field, `has ${list.length} entries but ${what} is ${length}`);
  const firstEmpty = list.findIndex((p) => p.kind === empty);
  if (firstEmpty >= 0 && list.slice(firstEmpty).some((p) => p.kind === filled)) {
    throw invalidFile(source, field, `must hold the ${filled}s first, then the ${empty} ${field === 'slots' ? 'slots' : 'positions'}`);
  }
}

/**
 * Parses a batch file's JSON: `INVALID_FILE` for a malformed file (schema, the counts and order of
 * queue positions, slots and withdrawal positions, sibling counts), then `BATCH_INCONSISTENT` unless
 * every derived field (roots, after accounts, outcomes, credits, queue hashes, fees, newRoot, state
 * hashes, batch data, data hash) follows from its inputs (see {@link assertBatchConsistent}).
 */
export function batchFromJson(suite: CryptoSuite, json: unknown, source = 'batch'): Batch {
  const data = parseVersioned(batchSchema, 'batch', json, source);
  assertDepth(data.depth);
  checkPositions(source, 'queue', data.queue, data.queuePositions, 'queuePositions', 'operation', 'empty');
  checkPositions(source, 'slots', data.slots, data.batchSize, 'batchSize', 'transfer', 'noop');
  checkPositions(source, 'withdrawals', data.withdrawals, data.withdrawalPositions, 'withdrawalPositions', 'withdrawal', 'empty');
  const updates: [string, { siblings: readonly unknown[] }][] = [];
  data.queue.forEach((p, q) => {
    if (p.kind === 'operation') updates.push([`queue[${q}].update`, p.update]);
  });
  data.slots.forEach((s, j) => {
    if (s.kind === 'transfer') updates.push([`slots[${j}].sender`, s.sender], [`slots[${j}].receiver`, s.receiver]);
  });
  data.withdrawals.forEach((p, w) => {
    if (p.kind === 'withdrawal') updates.push([`withdrawals[${w}].sender`, p.sender]);
  });
  updates.push(['feeCredit', data.feeCredit]);
  for (const [field, u] of updates) {
    if (u.siblings.length !== data.depth / 2) {
      throw invalidFile(source, `${field}.siblings`, `has ${u.siblings.length} triples but depth ${data.depth} needs ${data.depth / 2} (one per level)`);
    }
  }
  const { version: _v, kind: _k, ...fields } = data;
  const batch: Batch = { ...fields, batchData: new Uint8Array(Buffer.from(data.batchData.slice(2), 'hex')) };
  assertBatchConsistent(suite, batch, source);
  return batch;
}

/** Reads a batch file and re-derives it from its inputs (see {@link batchFromJson}). */
export async function readBatchFile(suite: CryptoSuite, file: string): Promise<Batch> {
  return batchFromJson(suite, await readJson(file), file);
}

/** Writes a batch file atomically. */
export async function writeBatchFile(file: string, batch: Batch): Promise<void> {
  await writeJsonAtomic(file, batchToJson(batch));
}
