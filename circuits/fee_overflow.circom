pragma circom 2.1.0;

include "is_zero.circom";
include "range.circom";

/// Rule 9 of docs/protocol.md §5 (and §11 rule 9, §6): after each transfer slot j and each
/// withdrawal position w, the fee recipient's balance plus the fees of slots 0..j (and of
/// withdrawals 0..w, after all slots) is < 2^64. The recipient's balance after each position is
/// recovered backwards from its balance after the last withdrawal position (finalBalance, bound by
/// the fee-credit Merkle proof): before a position it is the sender's before-balance if it sent,
/// else (slots only: a withdrawal has no receiver) the receiver's before-balance if it received,
/// else unchanged. Every value used is bound to a leaf by a Merkle proof.
template FeeOverflowCheck(N, W) {
    signal input feeRecipient;
    signal input enabled[N];
    signal input from[N];
    signal input to[N];
    signal input fee[N];
    signal input senderBalance[N];
    signal input receiverBalance[N];
    signal input withdrawalEnabled[W];
    signal input withdrawalFrom[W];
    signal input withdrawalFee[W];
    signal input withdrawalBalance[W];
    signal input finalBalance;

    // balance[p] = the fee recipient's balance before position p (slots 0..N-1, then
    // withdrawals N..N+W-1); balance[N + W] = finalBalance.
    var P = N + W;
    signal balance[P + 1];
    signal isSender[P];
    signal isReceiver[N];
    signal ifNotSender[N];
    component sentBy[P];
    component receivedBy[N];
    component bound[P];
    balance[P] <== finalBalance;
    var feesSoFar = 0;
    for (var j = 0; j < N; j++) {
        feesSoFar += fee[j];
    }
    for (var w = 0; w < W; w++) {
        feesSoFar += withdrawalFee[w];
    }
    for (var p = P - 1; p >= 0; p--) {
        // Checked at every position: on a no-op slot or an empty withdrawal position it repeats
        // the previous check (or, for slot 0, the invariant balance < 2^64), so it never rejects
        // a valid batch.
        bound[p] = RangeCheck(64);
        bound[p].in <== balance[p + 1] + feesSoFar;
        sentBy[p] = IsEqualStrict();
        if (p >= N) {
            var w = p - N;
            feesSoFar -= withdrawalFee[w];
            sentBy[p].in <== [withdrawalFrom[w], feeRecipient];
            // An empty position's from = 0 must not count as touching recipient 0.
            isSender[p] <== withdrawalEnabled[w] * sentBy[p].out;
            balance[p] <== balance[p + 1] + isSender[p] * (withdrawalBalance[w] - balance[p + 1]);
        } else {
            feesSoFar -= fee[p];
            sentBy[p].in <== [from[p], feeRecipient];
            receivedBy[p] = IsEqualStrict();
            receivedBy[p].in <== [to[p], feeRecipient];
            // A no-op slot's from = to = 0 must not count as touching recipient 0.
            isSender[p] <== enabled[p] * sentBy[p].out;
            isReceiver[p] <== enabled[p] * receivedBy[p].out;
            ifNotSender[p] <== balance[p + 1] + isReceiver[p] * (receiverBalance[p] - balance[p + 1]);
            balance[p] <== ifNotSender[p] + isSender[p] * (senderBalance[p] - ifNotSender[p]);
        }
    }
}
