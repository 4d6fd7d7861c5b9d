pragma circom 2.1.0;

include "transfer.circom";
include "fee_credit.circom";
include "fee_overflow.circom";
include "public_data.circom";

/// The batch circuit of docs/protocol.md §8 for tree depth D and batch size N: N transfer slots
/// chained oldRoot -> ... -> root_N, the fee credit root_N -> newRoot, and the single public
/// input sha256(publicData) & (2^253 - 1). Everything but publicInput is private.
template Batch(D, N) {
    signal input publicInput;
    signal input domain;
    signal input oldRoot;
    signal input newRoot;
    signal input feeRecipient;

    signal input from[N];
    signal input to[N];
    signal input amount[N];
    signal input fee[N];
    signal input nonce[N];
    signal input sigR8x[N];
    signal input sigR8y[N];
    signal input sigS[N];
    signal input senderAx[N];
    signal input senderAy[N];
    signal input senderBalance[N];
    signal input senderSiblings[N][D];
    signal input receiverAx[N];
    signal input receiverAy[N];
    signal input receiverBalance[N];
    signal input receiverNonce[N];
    signal input receiverSiblings[N][D];

    signal input feeRecipientAx;
    signal input feeRecipientAy;
    signal input feeRecipientBalance;
    signal input feeRecipientNonce;
    signal input feeRecipientSiblings[D];

    component slots[N];
    signal enabled[N];
    var totalFees = 0;
    for (var j = 0; j < N; j++) {
        slots[j] = TransferSlot(D);
        slots[j].domain <== domain;
        // §6: slot j starts from the root left by slot j - 1 (chaining makes the order binding).
        slots[j].rootBefore <== j == 0 ? oldRoot : slots[j - 1].rootAfter;
        slots[j].from <== from[j];
        slots[j].to <== to[j];
        slots[j].amount <== amount[j];
        slots[j].fee <== fee[j];
        slots[j].nonce <== nonce[j];
        slots[j].sigR8x <== sigR8x[j];
        slots[j].sigR8y <== sigR8y[j];
        slots[j].sigS <== sigS[j];
        slots[j].senderAx <== senderAx[j];
        slots[j].senderAy <== senderAy[j];
        slots[j].senderBalance <== senderBalance[j];
        slots[j].senderSiblings <== senderSiblings[j];
        slots[j].receiverAx <== receiverAx[j];
        slots[j].receiverAy <== receiverAy[j];
        slots[j].receiverBalance <== receiverBalance[j];
        slots[j].receiverNonce <== receiverNonce[j];
        slots[j].receiverSiblings <== receiverSiblings[j];
        enabled[j] <== slots[j].enabled;
        // Each fee is < 2^64 and N is small, so the sum cannot wrap around r.
        totalFees += fee[j];
    }

    // §6: one fee credit of the sum of all fees, on the root left by the last slot.
    component feeCredit = FeeCredit(D);
    feeCredit.rootBefore <== slots[N - 1].rootAfter;
    feeCredit.feeRecipient <== feeRecipient;
    feeCredit.totalFees <== totalFees;
    feeCredit.Ax <== feeRecipientAx;
    feeCredit.Ay <== feeRecipientAy;
    feeCredit.balance <== feeRecipientBalance;
    feeCredit.nonce <== feeRecipientNonce;
    feeCredit.siblings <== feeRecipientSiblings;
    // newRoot (hashed into the public data) is exactly the result of the slots and the credit.
    feeCredit.rootAfter === newRoot;

    component feeOverflow = FeeOverflowCheck(N);
    feeOverflow.feeRecipient <== feeRecipient;
    feeOverflow.enabled <== enabled;
    feeOverflow.from <== from;
    feeOverflow.to <== to;
    feeOverflow.fee <== fee;
    feeOverflow.senderBalance <== senderBalance;
    feeOverflow.receiverBalance <== receiverBalance;
    feeOverflow.finalBalance <== feeRecipientBalance;

    component publicData = PublicDataHash(D, N);
    publicData.domain <== domain;
    publicData.oldRoot <== oldRoot;
    publicData.newRoot <== newRoot;
    publicData.feeRecipientBits <== feeCredit.recipientBits;
    for (var j = 0; j < N; j++) {
        publicData.fromBits[j] <== slots[j].fromBits;
        publicData.toBits[j] <== slots[j].toBits;
        publicData.amountBits[j] <== slots[j].amountBits;
        publicData.feeBits[j] <== slots[j].feeBits;
    }
    // §7: the only public input binds every value above to the calldata the contract hashes.
    publicData.out === publicInput;
}
