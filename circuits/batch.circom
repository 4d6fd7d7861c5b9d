pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "batch_data.circom";
include "fee_credit.circom";
include "fee_overflow.circom";
include "transfer.circom";

/// The batch circuit of docs/protocol.md §9 for tree depth D (even) and batch size N: N slots
/// chained oldRoot -> ... -> root_N, the fee credit root_N -> newRoot, and the two public inputs
/// newStateHash = Poseidon([domain, newRoot]) and dataHash = sha256(batchData) & (2^253 - 1),
/// whose batch data starts with oldStateHash = Poseidon([domain, oldRoot]). Everything else is private.
template Batch(D, N) {
    assert(D % 2 == 0 && D >= 2 && D <= 32);
    var L = D \ 2;
    signal input newStateHash;
    signal input dataHash;
    signal input domain;
    signal input oldRoot;
    signal input batchNumber;
    signal input feeRecipient;

    // The slot fields as published (§7): indices, op word and fee byte.
    signal input from[N];
    signal input to[N];
    signal input opWord[N];
    signal input feeByte[N];
    signal input nonce[N];
    signal input sigR8x[N];
    signal input sigR8y[N];
    signal input sigS[N];
    signal input senderAx[N];
    signal input senderAy[N];
    signal input senderOwner[N];
    signal input senderBalance[N];
    signal input senderSiblings[N][L][3];
    signal input receiverAx[N];
    signal input receiverAy[N];
    signal input receiverOwner[N];
    signal input receiverBalance[N];
    signal input receiverNonce[N];
    signal input receiverSiblings[N][L][3];

    signal input feeRecipientAx;
    signal input feeRecipientAy;
    signal input feeRecipientOwner;
    signal input feeRecipientBalance;
    signal input feeRecipientNonce;
    signal input feeRecipientSiblings[L][3];

    component slots[N];
    signal enabled[N];
    signal fee[N];
    var totalFees = 0;
    for (var j = 0; j < N; j++) {
        slots[j] = TransferSlot(D);
        slots[j].domain <== domain;
        // §6: slot j starts from the root left by slot j - 1 (chaining makes the order binding).
        slots[j].rootBefore <== j == 0 ? oldRoot : slots[j - 1].rootAfter;
        slots[j].from <== from[j];
        slots[j].to <== to[j];
        slots[j].opWord <== opWord[j];
        slots[j].feeByte <== feeByte[j];
        slots[j].nonce <== nonce[j];
        slots[j].sigR8x <== sigR8x[j];
        slots[j].sigR8y <== sigR8y[j];
        slots[j].sigS <== sigS[j];
        slots[j].senderAx <== senderAx[j];
        slots[j].senderAy <== senderAy[j];
        slots[j].senderOwner <== senderOwner[j];
        slots[j].senderBalance <== senderBalance[j];
        slots[j].senderSiblings <== senderSiblings[j];
        slots[j].receiverAx <== receiverAx[j];
        slots[j].receiverAy <== receiverAy[j];
        slots[j].receiverOwner <== receiverOwner[j];
        slots[j].receiverBalance <== receiverBalance[j];
        slots[j].receiverNonce <== receiverNonce[j];
        slots[j].receiverSiblings <== receiverSiblings[j];
        enabled[j] <== slots[j].enabled;
        fee[j] <== slots[j].fee;
        // Each fee is < 2^64 and N <= 4096, so the sum cannot wrap around r.
        totalFees += fee[j];
    }

    // §6: one fee credit of the sum of all fees, on the root left by the last slot.
    component feeCredit = FeeCredit(D);
    feeCredit.rootBefore <== slots[N - 1].rootAfter;
    feeCredit.feeRecipient <== feeRecipient;
    feeCredit.totalFees <== totalFees;
    feeCredit.Ax <== feeRecipientAx;
    feeCredit.Ay <== feeRecipientAy;
    feeCredit.owner <== feeRecipientOwner;
    feeCredit.balance <== feeRecipientBalance;
    feeCredit.nonce <== feeRecipientNonce;
    feeCredit.siblings <== feeRecipientSiblings;

    // §5.9: the fee recipient can be credited after every slot.
    component feeOverflow = FeeOverflowCheck(N);
    feeOverflow.feeRecipient <== feeRecipient;
    feeOverflow.enabled <== enabled;
    feeOverflow.from <== from;
    feeOverflow.to <== to;
    feeOverflow.fee <== fee;
    feeOverflow.senderBalance <== senderBalance;
    feeOverflow.receiverBalance <== receiverBalance;
    feeOverflow.finalBalance <== feeRecipientBalance;

    // §3, §7: the state hashes bind each root to this rollup's domain.
    component oldState = Poseidon(2);
    oldState.inputs <== [domain, oldRoot];
    component newState = Poseidon(2);
    newState.inputs <== [domain, feeCredit.rootAfter];
    // First public input: newRoot is exactly the result of the slots and the credit.
    newState.out === newStateHash;

    component batchData = BatchDataHash(D, N);
    batchData.oldStateHash <== oldState.out;
    batchData.batchNumber <== batchNumber;
    batchData.feeRecipientBits <== feeCredit.recipientBits;
    for (var j = 0; j < N; j++) {
        batchData.slotBits[j] <== slots[j].dataBits;
    }
    // Second public input: binds the old state, the batch number, the fee recipient and every
    // slot to the calldata the contract hashes.
    batchData.out === dataHash;
}
