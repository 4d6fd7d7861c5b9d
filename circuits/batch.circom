pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "batch_data.circom";
include "fee_credit.circom";
include "fee_overflow.circom";
include "queue_operation.circom";
include "transfer.circom";
include "withdrawal.circom";

/// The batch circuit of docs/protocol.md §9 for tree depth D (even), batch size N, Q queue
/// positions and W withdrawal positions (§6): the queue positions oldRoot -> ..., then the N
/// slots, then the W withdrawal positions, then the fee credit -> newRoot, and the four public
/// inputs (§7) newStateHash = Poseidon([domain, newRoot]), dataHash = sha256(batchData) & (2^253 - 1)
/// (the batch data starts with oldStateHash = Poseidon([domain, oldRoot])), oldQueueHash and
/// newQueueHash, the queue hash before and after the consumed operations (§12). Everything
/// else is private.
template Batch(D, N, Q, W) {
    assert(D % 2 == 0 && D >= 2 && D <= 32);
    assert(N >= 1 && Q >= 1 && Q <= 64 && W >= 1 && W <= 64);
    var L = D \ 2;
    signal input newStateHash;
    signal input dataHash;
    signal input oldQueueHash;
    signal input newQueueHash;
    signal input domain;
    signal input oldRoot;
    signal input batchNumber;
    signal input feeRecipient;

    // The queue positions (§12): the operation's word and key, and the leaf at its index.
    signal input queueWord[Q];
    signal input queueAx[Q];
    signal input queueAy[Q];
    signal input queueExists[Q];
    signal input queueLeafAx[Q];
    signal input queueLeafAy[Q];
    signal input queueBalance[Q];
    signal input queueNonce[Q];
    signal input queueOwner[Q];
    signal input queueSiblings[Q][L][3];

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

    // The withdrawal positions (§11): the entry fields as published (§7) and the account.
    signal input withdrawalFrom[W];
    signal input withdrawalOpWord[W];
    signal input withdrawalFeeByte[W];
    signal input withdrawalAddress[W];
    signal input withdrawalNonce[W];
    signal input withdrawalSigR8x[W];
    signal input withdrawalSigR8y[W];
    signal input withdrawalSigS[W];
    signal input withdrawalAx[W];
    signal input withdrawalAy[W];
    signal input withdrawalOwner[W];
    signal input withdrawalBalance[W];
    signal input withdrawalSiblings[W][L][3];

    signal input feeRecipientAx;
    signal input feeRecipientAy;
    signal input feeRecipientOwner;
    signal input feeRecipientBalance;
    signal input feeRecipientNonce;
    signal input feeRecipientSiblings[L][3];

    // §6, §12: queue position q starts from the root and queue hash left by position q - 1.
    component queue[Q];
    for (var q = 0; q < Q; q++) {
        queue[q] = QueueOperation(D);
        queue[q].rootBefore <== q == 0 ? oldRoot : queue[q - 1].rootAfter;
        queue[q].hashBefore <== q == 0 ? oldQueueHash : queue[q - 1].hashAfter;
        queue[q].word <== queueWord[q];
        queue[q].Ax <== queueAx[q];
        queue[q].Ay <== queueAy[q];
        queue[q].exists <== queueExists[q];
        queue[q].leafAx <== queueLeafAx[q];
        queue[q].leafAy <== queueLeafAy[q];
        queue[q].balance <== queueBalance[q];
        queue[q].nonce <== queueNonce[q];
        queue[q].owner <== queueOwner[q];
        queue[q].siblings <== queueSiblings[q];
        // §6, §9: the consumed operations come first: an empty position is followed only by
        // empty ones, so the batch consumes exactly the operations after oldQueueHash in order.
        if (q > 0) {
            (1 - queue[q - 1].enabled) * queue[q].enabled === 0;
        }
    }
    // Fourth public input: the consumed operations fold oldQueueHash into newQueueHash (§12.1).
    queue[Q - 1].hashAfter === newQueueHash;

    component slots[N];
    signal enabled[N];
    signal fee[N];
    var totalFees = 0;
    for (var j = 0; j < N; j++) {
        slots[j] = TransferSlot(D);
        slots[j].domain <== domain;
        // §6: slot j starts from the root left by slot j - 1, slot 0 from the last queue position
        // (chaining makes the order binding).
        slots[j].rootBefore <== j == 0 ? queue[Q - 1].rootAfter : slots[j - 1].rootAfter;
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

    // §6, §11: withdrawal position w starts from the root left by position w - 1, position 0 from the last slot.
    component withdrawals[W];
    signal withdrawalEnabled[W];
    signal withdrawalFee[W];
    for (var w = 0; w < W; w++) {
        withdrawals[w] = WithdrawalPosition(D);
        withdrawals[w].domain <== domain;
        withdrawals[w].rootBefore <== w == 0 ? slots[N - 1].rootAfter : withdrawals[w - 1].rootAfter;
        withdrawals[w].from <== withdrawalFrom[w];
        withdrawals[w].opWord <== withdrawalOpWord[w];
        withdrawals[w].feeByte <== withdrawalFeeByte[w];
        withdrawals[w].address <== withdrawalAddress[w];
        withdrawals[w].nonce <== withdrawalNonce[w];
        withdrawals[w].sigR8x <== withdrawalSigR8x[w];
        withdrawals[w].sigR8y <== withdrawalSigR8y[w];
        withdrawals[w].sigS <== withdrawalSigS[w];
        withdrawals[w].Ax <== withdrawalAx[w];
        withdrawals[w].Ay <== withdrawalAy[w];
        withdrawals[w].owner <== withdrawalOwner[w];
        withdrawals[w].balance <== withdrawalBalance[w];
        withdrawals[w].siblings <== withdrawalSiblings[w];
        withdrawalEnabled[w] <== withdrawals[w].enabled;
        withdrawalFee[w] <== withdrawals[w].fee;
        // Each fee is < 2^64 and N + W <= 4160, so the sum cannot wrap around r.
        totalFees += withdrawalFee[w];
    }

    // §6: one fee credit of the sum of all slot and withdrawal fees, on the root left by the
    // last withdrawal position.
    component feeCredit = FeeCredit(D);
    feeCredit.rootBefore <== withdrawals[W - 1].rootAfter;
    feeCredit.feeRecipient <== feeRecipient;
    feeCredit.totalFees <== totalFees;
    feeCredit.Ax <== feeRecipientAx;
    feeCredit.Ay <== feeRecipientAy;
    feeCredit.owner <== feeRecipientOwner;
    feeCredit.balance <== feeRecipientBalance;
    feeCredit.nonce <== feeRecipientNonce;
    feeCredit.siblings <== feeRecipientSiblings;

    // §5 rule 9, §6: the fee recipient can be credited after every slot and every withdrawal.
    component feeOverflow = FeeOverflowCheck(N, W);
    feeOverflow.feeRecipient <== feeRecipient;
    feeOverflow.enabled <== enabled;
    feeOverflow.from <== from;
    feeOverflow.to <== to;
    feeOverflow.fee <== fee;
    feeOverflow.senderBalance <== senderBalance;
    feeOverflow.receiverBalance <== receiverBalance;
    feeOverflow.withdrawalEnabled <== withdrawalEnabled;
    feeOverflow.withdrawalFrom <== withdrawalFrom;
    feeOverflow.withdrawalFee <== withdrawalFee;
    feeOverflow.withdrawalBalance <== withdrawalBalance;
    feeOverflow.finalBalance <== feeRecipientBalance;

    // §3, §7: the state hashes bind each root to this rollup's domain.
    component oldState = Poseidon(2);
    oldState.inputs <== [domain, oldRoot];
    component newState = Poseidon(2);
    newState.inputs <== [domain, feeCredit.rootAfter];
    // First public input: newRoot is exactly the result of the positions, slots and the credit.
    newState.out === newStateHash;

    component batchData = BatchDataHash(D, N, Q, W);
    batchData.oldStateHash <== oldState.out;
    batchData.batchNumber <== batchNumber;
    batchData.feeRecipientBits <== feeCredit.recipientBits;
    for (var q = 0; q < Q; q++) {
        batchData.queueBits[q] <== queue[q].dataBits;
    }
    for (var j = 0; j < N; j++) {
        batchData.slotBits[j] <== slots[j].dataBits;
    }
    for (var w = 0; w < W; w++) {
        batchData.withdrawalBits[w] <== withdrawals[w].dataBits;
    }
    // Second public input: binds the old state, the batch number, the fee recipient, every
    // queue credit, slot and withdrawal to the calldata the contract hashes.
    batchData.out === dataHash;
}
