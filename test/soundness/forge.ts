/**
 * The attacker's builder: applies slots to a raw Poseidon tree with field (mod r) arithmetic and
 * no protocol checks, and returns the circuit input a malicious prover would submit. Every value
 * is made consistent (roots, siblings, public input) except what the attacker chooses to break,
 * so a rejection can only come from the rule under test.
 */
import type { CircuitInput } from '@zkr/circuits';
import { BN254_ORDER } from '@zkr/circuits';
import { publicInputOf, type CryptoSuite, type PublicKey, type Signature } from '@zkr/state';

/** An account with raw field values (it may break the protocol's ranges). */
export interface RawAccount {
  readonly publicKey: PublicKey;
  readonly balance: bigint;
  readonly nonce: bigint;
}

/** A slot as the attacker claims it; `nonce` is the claimed sender nonce. */
export interface RawTransfer {
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: bigint;
  readonly signature: Signature;
}

/** What to forge: a tree of raw accounts and the slots to apply to it. */
export interface ForgeSpec {
  readonly depth: number;
  readonly batchSize: number;
  readonly domain: bigint;
  readonly accounts: ReadonlyMap<number, RawAccount>;
  readonly feeRecipient: number;
  /** `undefined` entries (and missing trailing ones) are no-ops. */
  readonly slots: readonly (RawTransfer | undefined)[];
  /** Added to the fee credit (0 for an honest credit). */
  readonly extraCredit?: bigint;
  /** Accounts overwritten after the slots, before the fee credit (a change no slot accounts for). */
  readonly afterSlots?: ReadonlyMap<number, RawAccount>;
}

type Mutable<T> = T extends readonly (readonly (infer U)[])[] ? U[][] : T extends readonly (infer U)[] ? U[] : T;

/** A forged input (mutable, to tamper further) and the public data it commits to. */
export interface Forged {
  readonly input: { -readonly [K in keyof CircuitInput]: Mutable<CircuitInput[K]> };
  readonly publicData: Uint8Array;
}

const mod = (x: bigint): bigint => ((x % BN254_ORDER) + BN254_ORDER) % BN254_ORDER;
const dec = (x: bigint): string => x.toString();

/** A depth-D Poseidon Merkle tree over raw leaves (missing leaves are 0), recomputed naively. */
class RawTree {
  private readonly leaves = new Map<number, bigint>();
  /** zeros[k]: the root of an empty subtree of height k. */
  private readonly zeros: bigint[] = [0n];

  constructor(private readonly suite: CryptoSuite, private readonly depth: number) {}

  set(index: number, leaf: bigint): void {
    this.leaves.set(index, leaf);
  }

  private levels(): Map<number, bigint>[] {
    const levels = [new Map(this.leaves)];
    let zero = 0n;
    for (let k = 0; k < this.depth; k++) {
      const below = levels[k];
      const above = new Map<number, bigint>();
      for (const index of below.keys()) {
        const parent = index >> 1;
        if (above.has(parent)) continue;
        const left = below.get(parent * 2) ?? zero;
        const right = below.get(parent * 2 + 1) ?? zero;
        above.set(parent, this.suite.poseidon.hash([left, right]));
      }
      zero = this.suite.poseidon.hash([zero, zero]);
      levels.push(above);
      this.zeros[k + 1] = zero;
    }
    return levels;
  }

  root(): bigint {
    const levels = this.levels();
    return levels[this.depth].get(0) ?? this.zeros[this.depth];
  }

  siblings(index: number): bigint[] {
    const levels = this.levels();
    return Array.from({ length: this.depth }, (_, k) => levels[k].get((index >> k) ^ 1) ?? this.zeros[k]);
  }
}

function writeBE(bytes: Uint8Array, offset: number, size: number, value: bigint): void {
  let rest = value;
  for (let i = size - 1; i >= 0; i--) {
    bytes[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** Encodes public data like §7 without range checks (values are truncated to their widths). */
export function rawPublicData(input: Forged['input']): Uint8Array {
  const n = input.from.length;
  const bytes = new Uint8Array(100 + 24 * n);
  writeBE(bytes, 0, 32, BigInt(input.domain));
  writeBE(bytes, 32, 32, BigInt(input.oldRoot));
  writeBE(bytes, 64, 32, BigInt(input.newRoot));
  writeBE(bytes, 96, 4, BigInt(input.feeRecipient));
  for (let j = 0; j < n; j++) {
    const at = 100 + 24 * j;
    writeBE(bytes, at, 4, BigInt(input.from[j]));
    writeBE(bytes, at + 4, 4, BigInt(input.to[j]));
    writeBE(bytes, at + 8, 8, BigInt(input.amount[j]));
    writeBE(bytes, at + 16, 8, BigInt(input.fee[j]));
  }
  return bytes;
}

/** Recomputes `publicInput` from the (possibly tampered) input, as a prover lying consistently would. */
export function recommit(input: Forged['input']): void {
  input.publicInput = dec(publicInputOf(rawPublicData(input)));
}

/** Builds the input a prover would submit for `spec`, consistent everywhere the spec allows. */
export function forge(suite: CryptoSuite, spec: ForgeSpec): Forged {
  const { depth, batchSize } = spec;
  const tree = new RawTree(suite, depth);
  const accounts = new Map(spec.accounts);
  const leaf = (a: RawAccount): bigint => suite.poseidon.hash([a.publicKey[0], a.publicKey[1], a.balance, a.nonce]);
  for (const [index, account] of accounts) tree.set(index, leaf(account));
  const zeros = (): string[] => new Array<string>(depth).fill('0');
  const input: Forged['input'] = {
    publicInput: '0', domain: dec(spec.domain), oldRoot: dec(tree.root()), newRoot: '0', feeRecipient: dec(BigInt(spec.feeRecipient)),
    from: [], to: [], amount: [], fee: [], nonce: [], sigR8x: [], sigR8y: [], sigS: [],
    senderAx: [], senderAy: [], senderBalance: [], senderSiblings: [],
    receiverAx: [], receiverAy: [], receiverBalance: [], receiverNonce: [], receiverSiblings: [],
    feeRecipientAx: '0', feeRecipientAy: '0', feeRecipientBalance: '0', feeRecipientNonce: '0', feeRecipientSiblings: [],
  };
  let totalFees = 0n;
  for (let j = 0; j < batchSize; j++) {
    const slot = spec.slots[j];
    if (slot === undefined) {
      for (const name of ['from', 'to', 'amount', 'fee', 'nonce', 'sigR8x', 'sigR8y', 'sigS', 'senderAx', 'senderAy', 'senderBalance', 'receiverAx', 'receiverAy', 'receiverBalance', 'receiverNonce'] as const) {
        input[name].push('0');
      }
      input.senderSiblings.push(zeros());
      input.receiverSiblings.push(zeros());
      continue;
    }
    const sender = accounts.get(slot.from) ?? { publicKey: [0n, 0n] as const, balance: 0n, nonce: 0n };
    input.from.push(dec(BigInt(slot.from)));
    input.to.push(dec(BigInt(slot.to)));
    input.amount.push(dec(slot.amount));
    input.fee.push(dec(slot.fee));
    input.nonce.push(dec(slot.nonce));
    input.sigR8x.push(dec(slot.signature.R8x));
    input.sigR8y.push(dec(slot.signature.R8y));
    input.sigS.push(dec(slot.signature.S));
    input.senderAx.push(dec(sender.publicKey[0]));
    input.senderAy.push(dec(sender.publicKey[1]));
    input.senderBalance.push(dec(sender.balance));
    input.senderSiblings.push(tree.siblings(slot.from).map(dec));
    const debited = { ...sender, balance: mod(sender.balance - slot.amount - slot.fee), nonce: mod(slot.nonce + 1n) };
    accounts.set(slot.from, debited);
    tree.set(slot.from, leaf(debited));
    const receiver = accounts.get(slot.to) ?? { publicKey: [0n, 0n] as const, balance: 0n, nonce: 0n };
    input.receiverAx.push(dec(receiver.publicKey[0]));
    input.receiverAy.push(dec(receiver.publicKey[1]));
    input.receiverBalance.push(dec(receiver.balance));
    input.receiverNonce.push(dec(receiver.nonce));
    input.receiverSiblings.push(tree.siblings(slot.to).map(dec));
    const credited = { ...receiver, balance: mod(receiver.balance + slot.amount) };
    accounts.set(slot.to, credited);
    tree.set(slot.to, leaf(credited));
    totalFees += slot.fee;
  }
  for (const [index, changed] of spec.afterSlots ?? []) {
    accounts.set(index, changed);
    tree.set(index, leaf(changed));
  }
  const recipient = accounts.get(spec.feeRecipient) ?? { publicKey: [0n, 0n] as const, balance: 0n, nonce: 0n };
  input.feeRecipientAx = dec(recipient.publicKey[0]);
  input.feeRecipientAy = dec(recipient.publicKey[1]);
  input.feeRecipientBalance = dec(recipient.balance);
  input.feeRecipientNonce = dec(recipient.nonce);
  input.feeRecipientSiblings = tree.siblings(spec.feeRecipient).map(dec);
  tree.set(spec.feeRecipient, leaf({ ...recipient, balance: mod(recipient.balance + totalFees + (spec.extraCredit ?? 0n)) }));
  input.newRoot = dec(tree.root());
  recommit(input);
  return { input, publicData: rawPublicData(input) };
}
