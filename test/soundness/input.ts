/** The batch circuit's input signals (circuits/batch.circom) of a forged batch, as decimal strings. */
import type { ForgedBatch, ForgedSlot, RawAccount } from './forge';

/** A circuit input: every signal as a decimal string (arrays by slot, level and sibling). */
export type SignalInput = Record<string, string | string[] | string[][] | string[][][]>;

const dec = (x: bigint): string => x.toString();
const triples = (siblings: bigint[][]): string[][] => siblings.map((t) => t.map(dec));

/** The input a prover submits for `b`: exactly its values, nothing recomputed. */
export function circuitInput(b: ForgedBatch): SignalInput {
  const per = (f: (s: ForgedSlot) => bigint): string[] => b.slots.map((s) => dec(f(s)));
  const key = (a: RawAccount, i: 0 | 1): bigint => a.publicKey[i];
  return {
    newStateHash: dec(b.newStateHash),
    dataHash: dec(b.dataHash),
    domain: dec(b.domain),
    oldRoot: dec(b.oldRoot),
    batchNumber: dec(b.batchNumber),
    feeRecipient: dec(b.feeRecipient),
    from: per((s) => s.from),
    to: per((s) => s.to),
    opWord: per((s) => (s.kind << 38n) + s.amountWord),
    feeByte: per((s) => s.feeByte),
    nonce: per((s) => s.nonce),
    sigR8x: per((s) => s.signature.R8x),
    sigR8y: per((s) => s.signature.R8y),
    sigS: per((s) => s.signature.S),
    senderAx: per((s) => key(s.sender, 0)),
    senderAy: per((s) => key(s.sender, 1)),
    senderOwner: per((s) => s.sender.owner),
    senderBalance: per((s) => s.sender.balance),
    senderSiblings: b.slots.map((s) => triples(s.senderSiblings)),
    receiverAx: per((s) => key(s.receiver, 0)),
    receiverAy: per((s) => key(s.receiver, 1)),
    receiverOwner: per((s) => s.receiver.owner),
    receiverBalance: per((s) => s.receiver.balance),
    receiverNonce: per((s) => s.receiver.nonce),
    receiverSiblings: b.slots.map((s) => triples(s.receiverSiblings)),
    feeRecipientAx: dec(key(b.recipient, 0)),
    feeRecipientAy: dec(key(b.recipient, 1)),
    feeRecipientOwner: dec(b.recipient.owner),
    feeRecipientBalance: dec(b.recipient.balance),
    feeRecipientNonce: dec(b.recipient.nonce),
    feeRecipientSiblings: triples(b.recipientSiblings),
  };
}
