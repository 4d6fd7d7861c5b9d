/** The batch circuit's input signals (circuits/batch.circom, protocol v3) of a forged batch, as decimal strings. */
import { rawQueueWord, type ForgedBatch, type ForgedQueuePosition, type ForgedSlot, type ForgedWithdrawal, type RawAccount } from './forge';

/** A circuit input: every signal as a decimal string (arrays by position, level and sibling). */
export type SignalInput = Record<string, string | string[] | string[][] | string[][][]>;

const dec = (x: bigint): string => x.toString();
const triples = (siblings: bigint[][]): string[][] => siblings.map((t) => t.map(dec));
const key = (a: RawAccount, i: 0 | 1): bigint => a.publicKey[i];

/** The word a queue position carries: the operation's word of §12.1, 0 for an empty position. */
export function queueWordOf(p: ForgedQueuePosition): bigint {
  return p.consumed === 0n ? 0n : rawQueueWord(p);
}

/** The input a prover submits for `b`: exactly its values, nothing recomputed. */
export function circuitInput(b: ForgedBatch): SignalInput {
  const per = (f: (s: ForgedSlot) => bigint): string[] => b.slots.map((s) => dec(f(s)));
  const perQueue = (f: (p: ForgedQueuePosition) => bigint): string[] => b.queue.map((p) => dec(f(p)));
  const perWithdrawal = (f: (w: ForgedWithdrawal) => bigint): string[] => b.withdrawals.map((w) => dec(f(w)));
  return {
    newStateHash: dec(b.newStateHash),
    dataHash: dec(b.dataHash),
    oldQueueHash: dec(b.oldQueueHash),
    newQueueHash: dec(b.newQueueHash),
    domain: dec(b.domain),
    oldRoot: dec(b.oldRoot),
    batchNumber: dec(b.batchNumber),
    feeRecipient: dec(b.feeRecipient),
    queueWord: perQueue(queueWordOf),
    queueAx: perQueue((p) => p.publicKey[0]),
    queueAy: perQueue((p) => p.publicKey[1]),
    queueExists: perQueue((p) => p.exists),
    queueLeafAx: perQueue((p) => key(p.account, 0)),
    queueLeafAy: perQueue((p) => key(p.account, 1)),
    queueBalance: perQueue((p) => p.account.balance),
    queueNonce: perQueue((p) => p.account.nonce),
    queueOwner: perQueue((p) => p.account.owner),
    queueSiblings: b.queue.map((p) => triples(p.siblings)),
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
    withdrawalFrom: perWithdrawal((w) => w.from),
    withdrawalOpWord: perWithdrawal((w) => (w.kind << 38n) + w.amountWord),
    withdrawalFeeByte: perWithdrawal((w) => w.feeByte),
    withdrawalAddress: perWithdrawal((w) => w.address),
    withdrawalNonce: perWithdrawal((w) => w.nonce),
    withdrawalSigR8x: perWithdrawal((w) => w.signature.R8x),
    withdrawalSigR8y: perWithdrawal((w) => w.signature.R8y),
    withdrawalSigS: perWithdrawal((w) => w.signature.S),
    withdrawalAx: perWithdrawal((w) => key(w.sender, 0)),
    withdrawalAy: perWithdrawal((w) => key(w.sender, 1)),
    withdrawalOwner: perWithdrawal((w) => w.sender.owner),
    withdrawalBalance: perWithdrawal((w) => w.sender.balance),
    withdrawalSiblings: b.withdrawals.map((w) => triples(w.senderSiblings)),
    feeRecipientAx: dec(key(b.recipient, 0)),
    feeRecipientAy: dec(key(b.recipient, 1)),
    feeRecipientOwner: dec(b.recipient.owner),
    feeRecipientBalance: dec(b.recipient.balance),
    feeRecipientNonce: dec(b.recipient.nonce),
    feeRecipientSiblings: triples(b.recipientSiblings),
  };
}
