pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "leaf_update.circom";
include "range.circom";

/// The once-per-batch fee credit (docs/protocol.md §6): the fee recipient exists under
/// rootBefore (the root after the last withdrawal position) and receives totalFees (the fees of
/// all slots and withdrawals); its nonce, keys and owner are unchanged.
template FeeCredit(D) {
    var L = D \ 2;
    signal input rootBefore;
    signal input feeRecipient;
    signal input totalFees;
    signal input Ax;
    signal input Ay;
    signal input owner;
    signal input balance;
    signal input nonce;
    signal input siblings[L][3];
    signal output rootAfter;
    signal output recipientBits[D];

    // §1: the fee recipient index is < 2^D; its bits are the path and the batch data encoding.
    component recipientRange = Num2Bits(D);
    recipientRange.in <== feeRecipient;
    recipientBits <== recipientRange.out;

    // §6: the credited balance stays 64-bit.
    signal balanceAfter <== balance + totalFees;
    component balanceAfterRange = RangeCheck(64);
    balanceAfterRange.in <== balanceAfter;

    // Always enabled: the credit happens exactly once per batch, even when totalFees = 0, so the
    // recipient must exist.
    component credit = LeafUpdate(D);
    credit.enabled <== 1;
    credit.rootBefore <== rootBefore;
    credit.indexBits <== recipientBits;
    credit.siblings <== siblings;
    credit.Ax <== Ax;
    credit.Ay <== Ay;
    credit.owner <== owner;
    credit.balanceBefore <== balance;
    credit.nonceBefore <== nonce;
    credit.balanceAfter <== balanceAfter;
    credit.nonceAfter <== nonce;
    rootAfter <== credit.rootAfter;
}
