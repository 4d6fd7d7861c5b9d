/**
 * The attacker's builder (protocol v2): applies slots to a raw arity-4 Poseidon tree with field
 * (mod r) arithmetic and no protocol checks, and returns the batch a malicious prover would prove.
 * Every value is made consistent (roots, siblings, batch data, public inputs) except what the
 * attacker chooses to break, so a rejection can only come from the rule under test.
 */
import { createHash } from 'node:crypto';
import { BN254_ORDER as R } from '@zkr/circuits';
import type { CryptoSuite, PublicKey, Signature } from '@zkr/state';

const TWO64 = 1n << 64n;

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

/** What to forge: a tree of raw accounts and the slots to apply to it. */
export interface ForgeSpec {
  readonly depth: number;
  readonly batchSize: number;
  readonly domain: bigint;
  readonly batchNumber: bigint;
  readonly accounts: ReadonlyMap<number, RawAccount>;
  readonly feeRecipient: number;
  /** `undefined` entries (and missing trailing ones) are honest no-ops. */
  readonly slots: readonly (RawSlot | undefined)[];
  /** Added to the fee credit (0 for an honest credit). */
  readonly extraCredit?: bigint;
  /** Accounts overwritten after the slots, before the fee credit (a change no slot accounts for). */
  readonly afterSlots?: ReadonlyMap<number, RawAccount>;
  /** Rewrites the account a leaf update writes (`role` 'sender' | 'receiver' | 'feeRecipient', slot `j`; -1 for the fee credit). */
  readonly rewrite?: (role: LeafRole, j: number, written: RawAccount) => RawAccount;
  /** The account claimed to be read at a leaf (the tree keeps the real one): an aliasing decomposition of the same leaf. */
  readonly claim?: (role: LeafRole, j: number, read: RawAccount) => RawAccount;
}

/** Which leaf update of a batch. */
export type LeafRole = 'sender' | 'receiver' | 'feeRecipient';

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

/** A forged batch: the witness values and the public values, all mutable to tamper further. */
export interface ForgedBatch {
  depth: number;
  batchSize: number;
  domain: bigint;
  batchNumber: bigint;
  oldRoot: bigint;
  newRoot: bigint;
  feeRecipient: bigint;
  slots: ForgedSlot[];
  recipient: RawAccount;
  recipientSiblings: bigint[][];
  /** Public input 1: `Poseidon([domain, newRoot])`, as the attacker claims it. */
  newStateHash: bigint;
  /** Public input 2: `sha256(batchData) & (2^253 - 1)`, as the attacker claims it. */
  dataHash: bigint;
}

const mod = (x: bigint): bigint => ((x % R) + R) % R;
const ZERO_KEY: PublicKey = [0n, 0n];
/** The account an empty index "holds" in a forged witness. */
export const EMPTY_ACCOUNT: RawAccount = { publicKey: ZERO_KEY, balance: 0n, nonce: 0n, owner: 0n };

/** The raw leaf of §3: `Poseidon([Ax, Ay, balance + 2^64·nonce, owner])` mod r. */
export function rawLeaf(suite: CryptoSuite, a: RawAccount): bigint {
  return suite.poseidon.hash([mod(a.publicKey[0]), mod(a.publicKey[1]), mod(a.balance + TWO64 * a.nonce), mod(a.owner)]);
}

/** The raw transfer message of §5 with any kind: `Poseidon([domain, kind + 4·from + 2^34·to, amount + 2^64·fee, nonce])` mod r. */
export function rawMessage(suite: CryptoSuite, domain: bigint, t: { kind?: bigint; from: number | bigint; to: number | bigint; amount: bigint; fee: bigint; nonce: bigint }): bigint {
  const route = mod((t.kind ?? 1n) + 4n * BigInt(t.from) + (1n << 34n) * BigInt(t.to));
  return suite.poseidon.hash([mod(domain), route, mod(t.amount + TWO64 * t.fee), mod(t.nonce)]);
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
  const size = 2 * width + 6;
  const header = 36 + width;
  const bytes = new Uint8Array(header + size * b.slots.length);
  writeBE(bytes, 0, 32, suite.poseidon.hash([mod(b.domain), mod(b.oldRoot)]));
  writeBE(bytes, 32, 4, b.batchNumber);
  writeBE(bytes, 36, width, b.feeRecipient);
  b.slots.forEach((s, j) => {
    const at = header + size * j;
    writeBE(bytes, at, width, s.from);
    writeBE(bytes, at + width, width, s.to);
    writeBE(bytes, at + 2 * width, 5, (s.kind << 38n) + s.amountWord);
    writeBE(bytes, at + 2 * width + 5, 1, s.feeByte);
  });
  return bytes;
}

/** `uint256(sha256(bytes)) & (2^253 - 1)`. */
export function rawDataHash(bytes: Uint8Array): bigint {
  return BigInt(`0x${createHash('sha256').update(bytes).digest('hex')}`) & ((1n << 253n) - 1n);
}

/** Recomputes both public inputs from the (possibly tampered) batch, as a prover lying consistently would. */
export function recommit(suite: CryptoSuite, b: ForgedBatch): ForgedBatch {
  b.dataHash = rawDataHash(rawBatchData(suite, b));
  b.newStateHash = suite.poseidon.hash([mod(b.domain), mod(b.newRoot)]);
  return b;
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
      nonce: slot?.nonce ?? 0n, signature: slot?.signature ?? { R8x: 0n, R8y: 0n, S: 0n },
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
  const recipient = read('feeRecipient', -1, spec.feeRecipient);
  const recipientSiblings = tree.siblings(spec.feeRecipient);
  write(spec.feeRecipient, rewrite('feeRecipient', -1, { ...recipient, balance: mod(recipient.balance + totalFees + (spec.extraCredit ?? 0n)) }));
  const batch: ForgedBatch = {
    depth: spec.depth, batchSize: spec.batchSize, domain: spec.domain, batchNumber: spec.batchNumber,
    oldRoot, newRoot: tree.root(), feeRecipient: BigInt(spec.feeRecipient), slots, recipient, recipientSiblings,
    newStateHash: 0n, dataHash: 0n,
  };
  return recommit(suite, batch);
}
