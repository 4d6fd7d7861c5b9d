pragma circom 2.1.0;

include "circomlib/circuits/eddsaposeidon.circom";
include "circomlib/circuits/poseidon.circom";
include "leaf_update.circom";
include "range.circom";
include "slot_fields.circom";

/// One slot (docs/protocol.md §5, §6, §9): either a transfer (kind 1) applied as a sender
/// update (rootBefore -> mid) then a receiver update (mid -> rootAfter), or a no-op (kind 0)
/// whose slot bytes and private witness are all zeros and which leaves the root unchanged.
template TransferSlot(D) {
    var L = D \ 2;
    var I = (D + 7) \ 8;
    var S = 2 * I + 6;
    signal input domain;
    signal input rootBefore;
    // The public slot fields, as hashed into the batch data (§7).
    signal input from;
    signal input to;
    signal input opWord;
    signal input feeByte;
    // The sender's current nonce: the signed nonce and the nonce in the sender's leaf are one signal.
    signal input nonce;
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;
    signal input senderAx;
    signal input senderAy;
    signal input senderOwner;
    signal input senderBalance;
    signal input senderSiblings[L][3];
    signal input receiverAx;
    signal input receiverAy;
    signal input receiverOwner;
    // The receiver's balance and nonce after the sender update (they differ from the sender's
    // before-values on a self-transfer only through that update).
    signal input receiverBalance;
    signal input receiverNonce;
    signal input receiverSiblings[L][3];

    signal output rootAfter;
    signal output enabled;
    signal output fee;
    signal output dataBits[8 * S];

    component fields = SlotFields(D);
    fields.from <== from;
    fields.to <== to;
    fields.opWord <== opWord;
    fields.feeByte <== feeByte;
    enabled <== fields.isTransfer;
    fee <== fields.fee;
    dataBits <== fields.dataBits;
    signal amount <== fields.amount;

    // §5.3: amount + fee > 0 for a transfer (exact: both are < 2^64, no wrap). On a no-op both
    // are 0 (zero slot bytes), and the inverse is pinned to 0 so the witness stays unique.
    signal moved <== amount + fee;
    signal movedInverse;
    movedInverse <-- moved != 0 ? 1 / moved : 0;
    moved * movedInverse === enabled;
    (1 - enabled) * movedInverse === 0;

    // §9: a no-op slot's private witness is all zeros, so it has exactly one witness.
    signal witnessScalars[13] <== [nonce, sigR8x, sigR8y, sigS, senderAx, senderAy, senderOwner,
        senderBalance, receiverAx, receiverAy, receiverOwner, receiverBalance, receiverNonce];
    for (var i = 0; i < 13; i++) {
        (1 - enabled) * witnessScalars[i] === 0;
    }
    for (var k = 0; k < L; k++) {
        for (var s = 0; s < 3; s++) {
            (1 - enabled) * senderSiblings[k][s] === 0;
            (1 - enabled) * receiverSiblings[k][s] === 0;
        }
    }

    // §5.5: the sender signed Poseidon([domain, 1 + 4·from + 2^34·to, amount + 2^64·fee, nonce])
    // for this domain (1 is the transfer kind; the packing is injective as from, to < 2^32 and
    // amount, fee < 2^64).
    component message = Poseidon(4);
    message.inputs <== [domain, 1 + 4 * from + (1 << 34) * to, amount + (1 << 64) * fee, nonce];
    component signature = EdDSAPoseidonVerifier();
    signature.enabled <== enabled;
    signature.Ax <== senderAx;
    signature.Ay <== senderAy;
    signature.S <== sigS;
    signature.R8x <== sigR8x;
    signature.R8y <== sigR8y;
    signature.M <== message.out;

    // §5.7: the debit leaves a 64-bit balance, i.e. amount + fee <= balance (a shortfall wraps
    // to a value near r, which fails the range check).
    signal senderBalanceAfter <== senderBalance - amount - fee;
    component senderBalanceRange = RangeCheck(64);
    senderBalanceRange.in <== senderBalanceAfter;
    // §5.6: the nonce increments and stays below 2^64: the old nonce is < 2^64 (checked by the
    // leaf update), and nonce + 1 != 2^64 because nonce + 1 - 2^64 has an inverse.
    signal nonceInverse;
    nonceInverse <-- 1 / (nonce + 1 - (1 << 64));
    (nonce + 1 - (1 << 64)) * nonceInverse === 1;

    component sender = LeafUpdate(D);
    sender.enabled <== enabled;
    sender.rootBefore <== rootBefore;
    sender.indexBits <== fields.fromBits;
    sender.siblings <== senderSiblings;
    sender.Ax <== senderAx;
    sender.Ay <== senderAy;
    sender.owner <== senderOwner;
    sender.balanceBefore <== senderBalance;
    sender.nonceBefore <== nonce;
    sender.balanceAfter <== senderBalanceAfter;
    sender.nonceAfter <== nonce + 1;

    // §5.8: the credit leaves a 64-bit balance (no overflow past 2^64).
    signal receiverBalanceAfter <== receiverBalance + amount;
    component receiverBalanceRange = RangeCheck(64);
    receiverBalanceRange.in <== receiverBalanceAfter;

    // §5: the receiver is read after the sender update (self-transfers need no special case).
    component receiver = LeafUpdate(D);
    receiver.enabled <== enabled;
    receiver.rootBefore <== sender.rootAfter;
    receiver.indexBits <== fields.toBits;
    receiver.siblings <== receiverSiblings;
    receiver.Ax <== receiverAx;
    receiver.Ay <== receiverAy;
    receiver.owner <== receiverOwner;
    receiver.balanceBefore <== receiverBalance;
    receiver.nonceBefore <== receiverNonce;
    receiver.balanceAfter <== receiverBalanceAfter;
    receiver.nonceAfter <== receiverNonce;
    rootAfter <== receiver.rootAfter;
}
