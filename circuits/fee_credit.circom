pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "account_update.circom";
include "range.circom";

/// The once-per-batch fee credit (docs/protocol.md §6): the fee recipient exists under
/// rootBefore (the root after the last slot) and receives totalFees; its nonce is unchanged.
template FeeCredit(D) {
    signal input rootBefore;
    signal input feeRecipient;
    signal input totalFees;
    signal input Ax;
    signal input Ay;
    signal input balance;
    signal input nonce;
    signal input siblings[D];
    signal output rootAfter;
    signal output recipientBits[D];

    // §1: the fee recipient index is < 2^D; its bits are the path and the public-data encoding.
    component recipientRange = Num2Bits(D);
    recipientRange.in <== feeRecipient;
    recipientBits <== recipientRange.out;

    // §6: the credited balance stays 64-bit.
    signal balanceAfter <== balance + totalFees;
    component balanceRange = RangeCheck(64);
    balanceRange.in <== balanceAfter;

    // Always enabled: the credit happens exactly once per batch, even when totalFees = 0, so the
    // recipient must exist.
    component credit = AccountUpdate(D);
    credit.enabled <== 1;
    credit.rootBefore <== rootBefore;
    credit.pathBits <== recipientBits;
    credit.siblings <== siblings;
    credit.Ax <== Ax;
    credit.Ay <== Ay;
    credit.balanceBefore <== balance;
    credit.nonceBefore <== nonce;
    credit.balanceAfter <== balanceAfter;
    credit.nonceAfter <== nonce;
    rootAfter <== credit.rootAfter;
}
