/**
 * The JSON files of docs/protocol.md §10 (protocol version 2): key, keys, accounts, state,
 * transfers and batch. Bigints are decimal strings, indices and sizes JSON numbers, byte strings
 * and owners 0x-hex. Every reader refuses another version with `UNSUPPORTED_VERSION`, validates
 * with zod and throws `INVALID_FILE` naming the field (`transfers[2].amount`); every writer is atomic.
 */
import { z } from 'zod';
import { assertDepth, assertOwner, BATCH_NUMBER_LIMIT, FIELD_ORDER, isDepth, MAX_BATCH_SIZE, VALUE_LIMIT } from './field';
import type { KeyPair } from './eddsa';
import { FILE_VERSION, invalidFile, parseVersioned, readJson, writeJsonAtomic } from './files';
import { assertBatchConsistent } from './replay';
import { RollupState } from './state';
import type { CryptoSuite } from './suite';
import type { Account, Batch, BatchSlot, LeafUpdate, PublicKey, SignedTransfer } from './types';

const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'must be a decimal integer string such as "42"');
const fieldElement = decimal.transform(BigInt).refine((v) => v < FIELD_ORDER, 'must be below the field order r');
const value64 = decimal.transform(BigInt).refine((v) => v < VALUE_LIMIT, 'must be below 2^64');
const index = z.number().int('must be an integer').min(0, 'must be >= 0').max(2 ** 32 - 1, 'must be < 2^32');
const depth = z.number().refine(isDepth, 'must be an even integer 2 <= depth <= 32 (the arity-4 tree has depth/2 levels)');
const hexBytes = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'must be 0x-prefixed hex bytes');
const owner = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an L1 address: 0x followed by 40 hex digits').transform(BigInt);
const batchCount = z.number().int('must be an integer').min(0, 'must be >= 0').max(BATCH_NUMBER_LIMIT - 1, 'must be < 2^32');
const batchNumber = z.number().int('must be an integer').min(1, 'must be >= 1 (batches are numbered from 1)').max(BATCH_NUMBER_LIMIT - 1, 'must be < 2^32');
const publicKey = z.tuple([fieldElement, fieldElement]);
const signature = z.object({ R8x: fieldElement, R8y: fieldElement, S: fieldElement });
const transfer = z.object({ from: index, to: index, amount: value64, fee: value64, nonce: value64, signature });
const account = z.object({ publicKey, balance: value64, nonce: value64, owner });
const leafUpdate = z.object({
  index,
  before: account,
  after: account,
  siblings: z.array(z.tuple([fieldElement, fieldElement, fieldElement])),
  rootBefore: fieldElement,
  rootAfter: fieldElement,
});
const slot = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('transfer'), transfer, sender: leafUpdate, receiver: leafUpdate }),
  z.object({ kind: z.literal('noop'), root: fieldElement }),
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
  domain: fieldElement,
  batchCount,
  root: fieldElement,
  accounts: z.array(z.object({ index, publicKey, balance: value64, nonce: value64, owner })),
});
const transfersSchema = z.object({ ...header, kind: z.literal('transfers'), transfers: z.array(transfer) });
const batchSchema = z.object({
  ...header,
  kind: z.literal('batch'),
  depth,
  batchSize: z.number().int('must be an integer').min(1, 'must be >= 1').max(MAX_BATCH_SIZE, `must be <= ${MAX_BATCH_SIZE}`),
  domain: fieldElement,
  batchNumber,
  oldRoot: fieldElement,
  newRoot: fieldElement,
  oldStateHash: fieldElement,
  newStateHash: fieldElement,
  feeRecipient: index,
  slots: z.array(slot),
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

function leafUpdateJson(u: LeafUpdate): object {
  return {
    index: u.index, before: accountJson(u.before), after: accountJson(u.after),
    siblings: u.siblings.map((triple) => triple.map(str)), rootBefore: str(u.rootBefore), rootAfter: str(u.rootAfter),
  };
}

function slotJson(s: BatchSlot): object {
  return s.kind === 'noop'
    ? { kind: 'noop', root: str(s.root) }
    : { kind: 'transfer', transfer: transferJson(s.transfer), sender: leafUpdateJson(s.sender), receiver: leafUpdateJson(s.receiver) };
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
    version: FILE_VERSION, kind: 'state', depth: state.depth, domain: str(state.domain), batchCount: state.batchCount, root: str(state.root), accounts,
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
      accounts: data.accounts.map(({ index: i, publicKey: pk, balance, nonce, owner: o }) => ({ index: i, account: { publicKey: pk, balance, nonce, owner: o } })),
    });
  } catch (cause) {
    const field = ((cause as { details?: { field?: string } }).details?.field ?? '');
    throw invalidFile(source, field, (cause as Error).message, cause);
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

// ---- batch -----------------------------------------------------------------------------------

/** The JSON form of a batch (`kind: "batch"`). */
export function batchToJson(batch: Batch): object {
  return {
    version: FILE_VERSION, kind: 'batch', depth: batch.depth, batchSize: batch.batchSize, domain: str(batch.domain),
    batchNumber: batch.batchNumber, oldRoot: str(batch.oldRoot), newRoot: str(batch.newRoot),
    oldStateHash: str(batch.oldStateHash), newStateHash: str(batch.newStateHash), feeRecipient: batch.feeRecipient,
    slots: batch.slots.map(slotJson), totalFees: str(batch.totalFees), feeCredit: leafUpdateJson(batch.feeCredit),
    batchData: hex(batch.batchData), dataHash: str(batch.dataHash),
  };
}

/**
 * Parses a batch file's JSON: `INVALID_FILE` for a malformed file (schema, slot count and order,
 * sibling counts), then `BATCH_INCONSISTENT` unless every derived field (roots, after accounts,
 * fees, newRoot, state hashes, batch data, data hash) follows from its inputs (see {@link assertBatchConsistent}).
 */
export function batchFromJson(suite: CryptoSuite, json: unknown, source = 'batch'): Batch {
  const data = parseVersioned(batchSchema, 'batch', json, source);
  assertDepth(data.depth);
  if (data.slots.length !== data.batchSize) {
    throw invalidFile(source, 'slots', `has ${data.slots.length} entries but batchSize is ${data.batchSize}`);
  }
  const updates: [string, LeafUpdate][] = [['feeCredit', data.feeCredit]];
  data.slots.forEach((s, j) => {
    if (s.kind === 'transfer') updates.push([`slots[${j}].sender`, s.sender], [`slots[${j}].receiver`, s.receiver]);
  });
  for (const [field, u] of updates) {
    if (u.siblings.length !== data.depth / 2) {
      throw invalidFile(source, `${field}.siblings`, `has ${u.siblings.length} triples but depth ${data.depth} needs ${data.depth / 2} (one per level)`);
    }
  }
  const firstNoop = data.slots.findIndex((s) => s.kind === 'noop');
  if (firstNoop >= 0 && data.slots.slice(firstNoop).some((s) => s.kind !== 'noop')) {
    throw invalidFile(source, 'slots', 'must hold the transfers first, then the no-ops');
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
