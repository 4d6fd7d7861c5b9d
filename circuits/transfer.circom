pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "circomlib/circuits/poseidon.circom";
include "account_update.circom";
include "is_zero.circom";
include "range.circom";

/// One transfer slot (docs/protocol.md §5, §6, §8): either a valid signed transfer applied as a
/// sender update (rootBefore -> mid) then a receiver update (mid -> rootAfter), or a no-op
/// (amount = fee = 0) whose private witness is all zeros and which leaves the root unchanged.
template TransferSlot(D) {
    signal input domain;
    signal input rootBefore;
    signal input from;
    signal input to;
    signal input amount;
    signal input fee;
    // The sender's current nonce: the signed nonce and the nonce in the sender's leaf are one signal.
    signal input nonce;
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;
    signal input senderAx;
    signal input senderAy;
    signal input senderBalance;
    signal input senderSiblings[D];
    signal input receiverAx;
    signal input receiverAy;
    // The receiver's balance and nonce after the sender update (they differ from the sender's
    // before-values on a self-transfer only through that update).
    signal input receiverBalance;
    signal input receiverNonce;
    signal input receiverSiblings[D];

    signal output rootAfter;
    signal output enabled;
    signal output fromBits[D];
    signal output toBits[D];
    signal output amountBits[64];
    signal output feeBits[64];

    // §1: amount and fee are 64-bit (this also rejects r - 1 and other "negative" values).
    component amountRange = RangeCheck(64);
    amountRange.in <== amount;
    amountBits <== amountRange.bits;
    component feeRange = RangeCheck(64);
    feeRange.in <== fee;
    feeBits <== feeRange.bits;

    // §8: amount + fee = 0 (exact: both are < 2^64, no wrap) marks a no-op slot.
    component noop = IsZeroStrict();
    noop.in <== amount + fee;
    enabled <== 1 - noop.out;

    // §1: indices are < 2^D; their bits are the Merkle path and the public-data encoding.
    component fromRange = Num2Bits(D);
    fromRange.in <== from;
    fromBits <== fromRange.out;
    component toRange = Num2Bits(D);
    toRange.in <== to;
    toBits <== toRange.out;

    // §8: a no-op slot's private witness is all zeros, so it has exactly one witness and its
    // from = to = 0 in the public data.
    signal witnessScalars[13] <== [from, to, nonce, sigR8x, sigR8y, sigS, senderAx, senderAy,
        senderBalance, receiverAx, receiverAy, receiverBalance, receiverNonce];
    for (var i = 0; i < 13; i++) {
        noop.out * witnessScalars[i] === 0;
    }
    for (var k = 0; k < D; k++) {
        noop.out * senderSiblings[k] === 0;
        noop.out * receiverSiblings[k] === 0;
    }

    // §5.4: the sender signed Poseidon([domain, from, to, amount, fee, nonce]) for this domain.
    component message = Poseidon(6);
    message.inputs <== [domain, from, to, amount, fee, nonce];
    component signature = EdDSAPoseidonVerifier();
    signature.enabled <== enabled;
    signature.Ax <== senderAx;
    signature.Ay <== senderAy;
    signature.S <== sigS;
    signature.R8x <== sigR8x;
    signature.R8y <== sigR8y;
    signature.M <== message.out;

    // §5.6: the debit leaves a 64-bit balance, i.e. amount + fee <= balance (a shortfall wraps
    // to a value near r, which fails the range check).
    signal senderBalanceAfter <== senderBalance - amount - fee;
    component senderBalanceRange = RangeCheck(64);
    senderBalanceRange.in <== senderBalanceAfter;
    // §5.5: the nonce increments and stays below 2^64 (a sender nonce of 2^64 - 1 is rejected).
    component nonceRange = RangeCheck(64);
    nonceRange.in <== nonce + 1;

    component sender = AccountUpdate(D);
    sender.enabled <== enabled;
    sender.rootBefore <== rootBefore;
    sender.pathBits <== fromBits;
    sender.siblings <== senderSiblings;
    sender.Ax <== senderAx;
    sender.Ay <== senderAy;
    sender.balanceBefore <== senderBalance;
    sender.nonceBefore <== nonce;
    sender.balanceAfter <== senderBalanceAfter;
    sender.nonceAfter <== nonce + 1;

    // §5.7: the credit leaves a 64-bit balance (no overflow past 2^64).
    signal receiverBalanceAfter <== receiverBalance + amount;
    component receiverBalanceRange = RangeCheck(64);
    receiverBalanceRange.in <== receiverBalanceAfter;

    // §5: the receiver is read after the sender update (self-transfers need no special case).
    component receiver = AccountUpdate(D);
    receiver.enabled <== enabled;
    receiver.rootBefore <== sender.rootAfter;
    receiver.pathBits <== toBits;
    receiver.siblings <== receiverSiblings;
    receiver.Ax <== receiverAx;
    receiver.Ay <== receiverAy;
    receiver.balanceBefore <== receiverBalance;
    receiver.nonceBefore <== receiverNonce;
    receiver.balanceAfter <== receiverBalanceAfter;
    receiver.nonceAfter <== receiverNonce;
    rootAfter <== receiver.rootAfter;
}
