/**
 * The attacker's builder (protocol v3): applies queue positions, slots and withdrawal positions
 * to a raw arity-4 Poseidon tree with field (mod r) arithmetic and no protocol checks, and returns
 * the batch a malicious prover would prove. Every value is made consistent (roots, siblings, the
 * queue hash chain, batch data, public inputs) except what the attacker chooses to break, so a
 * rejection can only come from the rule under test.
 */
import { createHash } from 'node:crypto';
import { BN254_ORDER as R } from '@zkr/circuits';
import type { CryptoSuite, PublicKey, Signature } from '@zkr/state';

const TWO64 = 1n << 64n;
/** `2^216`: queue hashes are Poseidon outputs reduced to their low 216 bits (docs/protocol.md §12.1). */
export const QUEUE_HASH_MODULUS = 1n << 216n;

/** An account with raw field values (it may break the protocol's ranges). */
export interface RawAccount {
  readonly publicKey: PublicKey;
  readonly balance: bigint;
  readonly nonce: bigint;
  readonly owner: bigint;
}

/**
 * A slot as the attacker claims it. `kind` 1 is applied as a transfer, any other kind changes
 * nothing unless `applied` says otherwise. `amountWord`/`feeByte` default to the canonical words
 * of `amount`/`fee` (truncated to 38 / 8 bits when there is none).
 */
export interface RawSlot {
  readonly kind?: bigint;
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
  /** The claimed sender nonce (the signed one). */
  readonly nonce: bigint;
  readonly signature: Signature;
  readonly amountWord?: bigint;
  readonly feeByte?: bigint;
  readonly applied?: boolean;
}

/**
 * A withdrawal as the attacker claims it (docs/protocol.md §11). `kind` 2 (the default) is applied
 * as a debit of `amount + fee` and a nonce increment, any other kind changes nothing unless
 * `applied` says otherwise. `address` is the L1 address published (and credited).
 */
export interface RawWithdrawal {
  readonly kind?: bigint;
  readonly from: number;
  readonly address: bigint;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: bigint;
  readonly signature: Signature;
  readonly amountWord?: bigint;
  readonly feeByte?: bigint;
  readonly applied?: boolean;
}

/** An L1 queue operation (docs/protocol.md §12.1) with raw values: the fields of its word and its key. */
export interface RawQueueOperation {
  readonly kind: bigint;
  readonly index: number;
  readonly amount: bigint;
  readonly address: bigint;
  /** The new account's key for kind 1, `[0n, 0n]` otherwise. */
  readonly publicKey: PublicKey;
  /** Defaults to the canonical word of `amount` (its low 38 bits when there is none). */
  readonly amountWord?: bigint;
}

/**
 * A consumed queue operation as the attacker claims it. By default the honest outcome of §12.2 is
 * applied and credited; the attacker may claim another outcome, another credit, or that the leaf
 * it reads is (not) an account.
 */
export interface RawQueuePosition {
  readonly operation: RawQueueOperation;
  /** The claimed outcome (default: the outcome §12.2 gives for the leaf claimed to be read). */
  readonly applied?: boolean;
  /** The credited amount published (default: what the claimed outcome pays out). */
  readonly credit?: bigint;
  /** Whether the leaf read at `index` is claimed to be an account (default: whether it is). */
  readonly exists?: boolean;
}

/** What to forge: a tree of raw accounts and the positions to apply to it, in batch order (§6). */
export interface ForgeSpec {
  readonly depth: number;
  readonly batchSize: number;
  readonly queuePositions: number;
  readonly withdrawalPositions: number;
  readonly domain: bigint;
  readonly batchNumber: bigint;
  readonly accounts: ReadonlyMap<number, RawAccount>;
  readonly feeRecipient: number;
  /** The queue hash before the batch (the contract's `queueHashAt(consumed)`); default 0. */
  readonly oldQueueHash?: bigint;
  /** `undefined` entries (and missing trailing ones) are honest empty positions. */
  readonly queue?: readonly (RawQueuePosition | undefined)[];
  /** `undefined` entries (and missing trailing ones) are honest no-ops. */
  readonly slots: readonly (RawSlot | undefined)[];
  /** `undefined` entries (and missing trailing ones) are honest empty positions. */
  readonly withdrawals?: readonly (RawWithdrawal | undefined)[];
  /** Added to the fee credit (0 for an honest credit). */
  readonly extraCredit?: bigint;
  /** Accounts overwritten after the slots, before the withdrawals (a change no slot accounts for). */
  readonly afterSlots?: ReadonlyMap<number, RawAccount>;
  /** Rewrites the account a leaf update writes (position `j` of its kind; -1 for the fee credit). */
  readonly rewrite?: (role: LeafRole, j: number, written: RawAccount) => RawAccount;
  /** The account claimed to be read at a leaf (the tree keeps the real one): an aliasing decomposition of the same leaf. */
  readonly claim?: (role: LeafRole, j: number, read: RawAccount) => RawAccount;
}

/** Which leaf update of a batch. */
export type LeafRole = 'queue' | 'sender' | 'receiver' | 'withdrawal' | 'feeRecipient';

/** One forged slot with everything a prover's witness holds for it. */
export interface ForgedSlot {
  kind: bigint;
  from: bigint;
  to: bigint;
  amount: bigint;
  fee: bigint;
  amountWord: bigint;
  feeByte: bigint;
  nonce: bigint;
  signature: Signature;
  /** The sender as read (zeros on a no-op). */
  sender: RawAccount;
  senderSiblings: bigint[][];
  /** The receiver as read after the sender update (zeros on a no-op). */
  receiver: RawAccount;
  receiverSiblings: bigint[][];
}

/** One forged queue position: the operation's fields (zeros when empty), its credit, and the leaf it reads. */
export interface ForgedQueuePosition {
  /** 1 for a consumed operation, 0 for an empty position. */
  consumed: bigint;
  kind: bigint;
  index: bigint;
  amount: bigint;
  amountWord: bigint;
  address: bigint;
  publicKey: PublicKey;
  /** The claimed outcome: 1 applied, 0 not applied (0 when empty). */
  applied: bigint;
  /** The credited amount published at this position (§7; 0 when empty). */
  credit: bigint;
  /** 1 if the leaf read is claimed to be an account, 0 if it is claimed empty (0 when the position is). */
  exists: bigint;
  /** The account read at `index` (zeros when the leaf is claimed empty or the position is empty). */
  account: RawAccount;
  siblings: bigint[][];
}

/** One forged withdrawal position. */
export interface ForgedWithdrawal {
  /** 2 for a withdrawal, 0 for an empty position. */
  kind: bigint;
  from: bigint;
  address: bigint;
  amount: bigint;
  fee: bigint;
  amountWord: bigint;
  feeByte: bigint;
  nonce: bigint;
  signature: Signature;
  /** The account as read (zeros when empty). */
  sender: RawAccount;
  senderSiblings: bigint[][];
}

/** A forged batch: the witness values and the public values, all mutable to tamper further. */
export interface ForgedBatch {
  depth: number;
  batchSize: number;
  queuePositions: number;
  withdrawalPositions: number;
  domain: bigint;
  batchNumber: bigint;
  oldRoot: bigint;
  newRoot: bigint;
  feeRecipient: bigint;
  queue: ForgedQueuePosition[];
  slots: ForgedSlot[];
  withdrawals: ForgedWithdrawal[];
  recipient: RawAccount;
  recipientSiblings: bigint[][];
  /** Public input 1: `Poseidon([domain, newRoot])`, as the attacker claims it. */
  newStateHash: bigint;
  /** Public input 2: `sha256(batchData) & (2^253 - 1)`, as the attacker claims it. */
  dataHash: bigint;
  /** Public input 3: the queue hash before the batch (the contract supplies it). */
  oldQueueHash: bigint;
  /** Public input 4: the queue hash after the consumed operations, as the attacker claims it. */
  newQueueHash: bigint;
}

const mod = (x: bigint): bigint => ((x % R) + R) % R;
const ZERO_KEY: PublicKey = [0n, 0n];
const ZERO_SIGNATURE: Signature = { R8x: 0n, R8y: 0n, S: 0n };
/** The account an empty index "holds" in a forged witness. */
export const EMPTY_ACCOUNT: RawAccount = { publicKey: ZERO_KEY, balance: 0n, nonce: 0n, owner: 0n };

/** The raw leaf of §3: `Poseidon([Ax, Ay, balance + 2^64·nonce, owner])` mod r. */
export function rawLeaf(suite: CryptoSuite, a: RawAccount): bigint {
  return suite.poseidon.hash([mod(a.publicKey[0]), mod(a.publicKey[1]), mod(a.balance + TWO64 * a.nonce), mod(a.owner)]);
}

/**
 * The raw signed message of §5 / §11 with any kind: `Poseidon([domain, kind + 4·from + 2^34·to,
 * amount + 2^64·fee, nonce])` mod r, where `to` is the receiver (kind 1) or the L1 address (kind 2).
 */
export function rawMessage(suite: CryptoSuite, domain: bigint, t: { kind?: bigint; from: number | bigint; to: number | bigint; amount: bigint; fee: bigint; nonce: bigint }): bigint {
  const route = mod((t.kind ?? 1n) + 4n * BigInt(t.from) + (1n << 34n) * BigInt(t.to));
  return suite.poseidon.hash([mod(domain), route, mod(t.amount + TWO64 * t.fee), mod(t.nonce)]);
}

/** The raw word of §12.1: `kind + 4·index + 2^34·amountWord + 2^72·address`, not reduced. */
export function rawQueueWord(op: { kind: bigint; index: number | bigint; amountWord: bigint; address: bigint }): bigint {
  return op.kind + 4n * BigInt(op.index) + (1n << 34n) * op.amountWord + (1n << 72n) * op.address;
}

/** The unreduced Poseidon of one queue hash step: `Poseidon([hash, Ax, Ay, word])` (a field element). */
export function rawQueuePoseidon(suite: CryptoSuite, hash: bigint, publicKey: PublicKey, word: bigint): bigint {
  return suite.poseidon.hash([mod(hash), mod(publicKey[0]), mod(publicKey[1]), mod(word)]);
}

/** One step of the queue hash chain of §12.1: the Poseidon output reduced mod 2^216. */
export function rawQueueHashStep(suite: CryptoSuite, hash: bigint, op: RawQueueOperation): bigint {
  const word = rawQueueWord({ ...op, amountWord: op.amountWord ?? amountWordOf(op.amount) });
  return rawQueuePoseidon(suite, hash, op.publicKey, word) % QUEUE_HASH_MODULUS;
}

/** The queue hash after folding `ops` into `start` (§12.1). */
export function rawQueueHash(suite: CryptoSuite, ops: readonly RawQueueOperation[], start = 0n): bigint {
  return ops.reduce((hash, op) => rawQueueHashStep(suite, hash, op), start);
}

/** A raw depth-D (L = D/2 levels) arity-4 Poseidon tree over raw leaves (missing leaves are 0), recomputed naively. */
class RawTree {
  private readonly leaves = new Map<number, bigint>();
  private readonly zeros: bigint[] = [0n];

  constructor(private readonly suite: CryptoSuite, private readonly levelCount: number) {
    for (let k = 0; k < levelCount; k++) this.zeros.push(suite.poseidon.hash([this.zeros[k], this.zeros[k], this.zeros[k], this.zeros[k]]));
  }

  set(index: number, leaf: bigint): void {
    this.leaves.set(index, leaf);
  }

  private levels(): Map<number, bigint>[] {
    const levels = [new Map(this.leaves)];
    for (let k = 0; k < this.levelCount; k++) {
      const below = levels[k];
      const above = new Map<number, bigint>();
      for (const index of below.keys()) {
        const parent = Math.floor(index / 4);
        if (above.has(parent)) continue;
        const children = [0, 1, 2, 3].map((p) => below.get(parent * 4 + p) ?? this.zeros[k]);
        above.set(parent, this.suite.poseidon.hash(children));
      }
      levels.push(above);
    }
    return levels;
  }

  root(): bigint {
    return this.levels()[this.levelCount].get(0) ?? this.zeros[this.levelCount];
  }

  /** The sibling triples of `index`, level 0 first, in increasing position. */
  siblings(index: number): bigint[][] {
    const levels = this.levels();
    return Array.from({ length: this.levelCount }, (_, k) => {
      const node = Math.floor(index / 4 ** k);
      const parent = Math.floor(node / 4);
      return [0, 1, 2, 3].filter((p) => p !== node % 4).map((p) => levels[k].get(parent * 4 + p) ?? this.zeros[k]);
    });
  }
}

/** The canonical `e·2^34 + m` of an amount, or its low 38 bits when it has no encoding. */
export function amountWordOf(amount: bigint): bigint {
  for (let e = 0n; e < 16n; e++) {
    const power = 10n ** e;
    if (amount % power !== 0n) break;
    if (amount / power < 1n << 34n) return (e << 34n) | (amount / power);
  }
  return BigInt.asUintN(38, amount);
}

/** The canonical `16·e + m` of a fee, or its low 8 bits when it has no encoding. */
export function feeByteOf(fee: bigint): bigint {
  for (let e = 0n; e < 16n; e++) {
    const power = 10n ** e;
    if (fee % power !== 0n) break;
    if (fee / power < 16n) return 16n * e + fee / power;
  }
  return BigInt.asUintN(8, fee);
}

function writeBE(bytes: Uint8Array, offset: number, size: number, value: bigint): void {
  let rest = value;
  for (let i = size - 1; i >= 0; i--) {
    bytes[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** The batch data of §7 from raw values, without range checks (values are truncated to their widths). */
export function rawBatchData(suite: CryptoSuite, b: ForgedBatch): Uint8Array {
  const width = Math.ceil(b.depth / 8);
  const slotSize = 2 * width + 6;
  const withdrawalSize = width + 26;
  const header = 36 + width;
  const slotsAt = header + 28 * b.queue.length;
  const withdrawalsAt = slotsAt + slotSize * b.slots.length;
  const bytes = new Uint8Array(withdrawalsAt + withdrawalSize * b.withdrawals.length);
  writeBE(bytes, 0, 32, suite.poseidon.hash([mod(b.domain), mod(b.oldRoot)]));
  writeBE(bytes, 32, 4, b.batchNumber);
  writeBE(bytes, 36, width, b.feeRecipient);
  b.queue.forEach((p, q) => {
    writeBE(bytes, header + 28 * q, 20, p.address);
    writeBE(bytes, header + 28 * q + 20, 8, p.credit);
  });
  b.slots.forEach((s, j) => {
    const at = slotsAt + slotSize * j;
    writeBE(bytes, at, width, s.from);
    writeBE(bytes, at + width, width, s.to);
    writeBE(bytes, at + 2 * width, 5, (s.kind << 38n) + s.amountWord);
    writeBE(bytes, at + 2 * width + 5, 1, s.feeByte);
  });
  b.withdrawals.forEach((w, k) => {
    const at = withdrawalsAt + withdrawalSize * k;
    writeBE(bytes, at, width, w.from);
    writeBE(bytes, at + width, 5, (w.kind << 38n) + w.amountWord);
    writeBE(bytes, at + width + 5, 1, w.feeByte);
    writeBE(bytes, at + width + 6, 20, w.address);
  });
  return bytes;
}

/** `uint256(sha256(bytes)) & (2^253 - 1)`. */
export function rawDataHash(bytes: Uint8Array): bigint {
  return BigInt(`0x${createHash('sha256').update(bytes).digest('hex')}`) & ((1n << 253n) - 1n);
}

/** The queue hash after the batch's consumed positions (empty ones leave it unchanged), from the attacker's `oldQueueHash`. */
export function forgedQueueHash(suite: CryptoSuite, b: ForgedBatch): bigint {
  return b.queue.reduce((hash, p) => (p.consumed === 0n ? hash : rawQueueHashStep(suite, hash, { ...p, index: Number(p.index) })), b.oldQueueHash);
}

/** Recomputes the public inputs from the (possibly tampered) batch, as a prover lying consistently would (the old queue hash is the contract's). */
export function recommit(suite: CryptoSuite, b: ForgedBatch): ForgedBatch {
  b.dataHash = rawDataHash(rawBatchData(suite, b));
  b.newStateHash = suite.poseidon.hash([mod(b.domain), mod(b.newRoot)]);
  b.newQueueHash = forgedQueueHash(suite, b);
  return b;
}

/** §12.2: whether an operation applies to the leaf (`account`, or `undefined` when the index is empty). */
function honestlyApplied(op: RawQueueOperation, account: RawAccount | undefined): boolean {
  if (op.kind === 1n) return account === undefined;
  if (op.kind === 2n) return account !== undefined && account.balance + op.amount < TWO64;
  if (op.kind === 3n) return account !== undefined && account.owner === op.address;
  return false;
}

/** Builds the batch a prover would prove for `spec`, consistent everywhere the spec allows. */
export function forge(suite: CryptoSuite, spec: ForgeSpec): ForgedBatch {
  const levelCount = spec.depth / 2;
  const tree = new RawTree(suite, levelCount);
  const accounts = new Map(spec.accounts);
  for (const [index, account] of accounts) tree.set(index, rawLeaf(suite, account));
  const write = (index: number, account: RawAccount): void => {
    accounts.set(index, account);
    tree.set(index, rawLeaf(suite, account));
  };
  const read = (role: LeafRole, j: number, index: number): RawAccount => {
    const real = accounts.get(index) ?? EMPTY_ACCOUNT;
    return spec.claim ? spec.claim(role, j, real) : real;
  };
  const rewrite = spec.rewrite ?? ((_role: LeafRole, _j: number, a: RawAccount) => a);
  const zeroSiblings = (): bigint[][] => Array.from({ length: levelCount }, () => [0n, 0n, 0n]);
  const oldRoot = tree.root();

  const queue: ForgedQueuePosition[] = [];
  for (let q = 0; q < spec.queuePositions; q++) {
    const position = spec.queue?.[q];
    const forged: ForgedQueuePosition = {
      consumed: 0n, kind: 0n, index: 0n, amount: 0n, amountWord: 0n, address: 0n, publicKey: ZERO_KEY,
      applied: 0n, credit: 0n, exists: 0n, account: EMPTY_ACCOUNT, siblings: zeroSiblings(),
    };
    queue.push(forged);
    if (position === undefined) continue;
    const { operation: op } = position;
    const real = accounts.get(op.index);
    const exists = position.exists ?? real !== undefined;
    const account = exists ? read('queue', q, op.index) : EMPTY_ACCOUNT;
    // The attacker's claims are consistent with each other: the outcome follows the leaf it claims to read.
    const applied = position.applied ?? honestlyApplied(op, exists ? account : undefined);
    const payout = op.kind === 3n ? (applied ? account.balance : 0n) : applied ? 0n : op.amount;
    Object.assign(forged, {
      consumed: 1n, kind: op.kind, index: BigInt(op.index), amount: op.amount, amountWord: op.amountWord ?? amountWordOf(op.amount),
      address: op.address, publicKey: op.publicKey, applied: applied ? 1n : 0n, credit: position.credit ?? payout,
      exists: exists ? 1n : 0n, account, siblings: tree.siblings(op.index),
    });
    if (!applied) continue;
    if (op.kind === 1n) write(op.index, rewrite('queue', q, { publicKey: op.publicKey, balance: op.amount, nonce: 0n, owner: op.address }));
    else if (op.kind === 2n) write(op.index, rewrite('queue', q, { ...account, balance: mod(account.balance + op.amount) }));
    else write(op.index, rewrite('queue', q, { ...account, balance: 0n }));
  }

  const slots: ForgedSlot[] = [];
  let totalFees = 0n;
  for (let j = 0; j < spec.batchSize; j++) {
    const slot = spec.slots[j];
    const kind = slot?.kind ?? (slot === undefined ? 0n : 1n);
    const applied = slot?.applied ?? kind === 1n;
    const forged: ForgedSlot = {
      kind,
      from: BigInt(slot?.from ?? 0), to: BigInt(slot?.to ?? 0), amount: slot?.amount ?? 0n, fee: slot?.fee ?? 0n,
      amountWord: slot?.amountWord ?? amountWordOf(slot?.amount ?? 0n), feeByte: slot?.feeByte ?? feeByteOf(slot?.fee ?? 0n),
      nonce: slot?.nonce ?? 0n, signature: slot?.signature ?? ZERO_SIGNATURE,
      sender: EMPTY_ACCOUNT, senderSiblings: zeroSiblings(), receiver: EMPTY_ACCOUNT, receiverSiblings: zeroSiblings(),
    };
    slots.push(forged);
    if (slot === undefined || !applied) continue;
    const sender = read('sender', j, slot.from);
    forged.sender = sender;
    forged.senderSiblings = tree.siblings(slot.from);
    write(slot.from, rewrite('sender', j, { ...sender, balance: mod(sender.balance - slot.amount - slot.fee), nonce: mod(slot.nonce + 1n) }));
    const receiver = read('receiver', j, slot.to);
    forged.receiver = receiver;
    forged.receiverSiblings = tree.siblings(slot.to);
    write(slot.to, rewrite('receiver', j, { ...receiver, balance: mod(receiver.balance + slot.amount) }));
    totalFees += slot.fee;
  }
  for (const [index, changed] of spec.afterSlots ?? []) write(index, changed);

  const withdrawals: ForgedWithdrawal[] = [];
  for (let w = 0; w < spec.withdrawalPositions; w++) {
    const withdrawal = spec.withdrawals?.[w];
    const kind = withdrawal?.kind ?? (withdrawal === undefined ? 0n : 2n);
    const applied = withdrawal?.applied ?? kind === 2n;
    const forged: ForgedWithdrawal = {
      kind, from: BigInt(withdrawal?.from ?? 0), address: withdrawal?.address ?? 0n, amount: withdrawal?.amount ?? 0n, fee: withdrawal?.fee ?? 0n,
      amountWord: withdrawal?.amountWord ?? amountWordOf(withdrawal?.amount ?? 0n), feeByte: withdrawal?.feeByte ?? feeByteOf(withdrawal?.fee ?? 0n),
      nonce: withdrawal?.nonce ?? 0n, signature: withdrawal?.signature ?? ZERO_SIGNATURE, sender: EMPTY_ACCOUNT, senderSiblings: zeroSiblings(),
    };
    withdrawals.push(forged);
    if (withdrawal === undefined || !applied) continue;
    const sender = read('withdrawal', w, withdrawal.from);
    forged.sender = sender;
    forged.senderSiblings = tree.siblings(withdrawal.from);
    write(withdrawal.from, rewrite('withdrawal', w, { ...sender, balance: mod(sender.balance - withdrawal.amount - withdrawal.fee), nonce: mod(withdrawal.nonce + 1n) }));
    totalFees += withdrawal.fee;
  }

  const recipient = read('feeRecipient', -1, spec.feeRecipient);
  const recipientSiblings = tree.siblings(spec.feeRecipient);
  write(spec.feeRecipient, rewrite('feeRecipient', -1, { ...recipient, balance: mod(recipient.balance + totalFees + (spec.extraCredit ?? 0n)) }));
  const batch: ForgedBatch = {
    depth: spec.depth, batchSize: spec.batchSize, queuePositions: spec.queuePositions, withdrawalPositions: spec.withdrawalPositions,
    domain: spec.domain, batchNumber: spec.batchNumber, oldRoot, newRoot: tree.root(), feeRecipient: BigInt(spec.feeRecipient),
    queue, slots, withdrawals, recipient, recipientSiblings,
    newStateHash: 0n, dataHash: 0n, oldQueueHash: spec.oldQueueHash ?? 0n, newQueueHash: 0n,
  };
  return recommit(suite, batch);
}
