pragma circom 2.1.0;

include "is_zero.circom";
include "range.circom";

/// Rule 9 of docs/protocol.md §5: after each slot j, the fee recipient's balance plus the fees
/// of slots 0..j is < 2^64. The recipient's balance after each slot is recovered backwards from
/// its balance after the last slot (finalBalance, bound by the fee-credit Merkle proof): before
/// slot j it is the sender's before-balance if it sent, else the receiver's before-balance if it
/// received, else unchanged. Every value used is bound to a leaf by a Merkle proof.
template FeeOverflowCheck(N) {
    signal input feeRecipient;
    signal input enabled[N];
    signal input from[N];
    signal input to[N];
    signal input fee[N];
    signal input senderBalance[N];
    signal input receiverBalance[N];
    signal input finalBalance;

    // balance[j] = the fee recipient's balance before slot j; balance[N] = finalBalance.
    signal balance[N + 1];
    signal isSender[N];
    signal isReceiver[N];
    signal ifNotSender[N];
    component sentBy[N];
    component receivedBy[N];
    component bound[N];
    balance[N] <== finalBalance;
    var feesSoFar = 0;
    for (var j = 0; j < N; j++) {
        feesSoFar += fee[j];
    }
    for (var j = N - 1; j >= 0; j--) {
        // Checked for every slot: on a no-op slot it repeats the previous slot's check (or, for
        // slot 0, the invariant balance < 2^64), so it never rejects a valid batch.
        bound[j] = RangeCheck(64);
        bound[j].in <== balance[j + 1] + feesSoFar;
        feesSoFar -= fee[j];

        sentBy[j] = IsEqualStrict();
        sentBy[j].in <== [from[j], feeRecipient];
        receivedBy[j] = IsEqualStrict();
        receivedBy[j].in <== [to[j], feeRecipient];
        // A no-op slot's from = to = 0 must not count as touching recipient 0.
        isSender[j] <== enabled[j] * sentBy[j].out;
        isReceiver[j] <== enabled[j] * receivedBy[j].out;
        ifNotSender[j] <== balance[j + 1] + isReceiver[j] * (receiverBalance[j] - balance[j + 1]);
        balance[j] <== ifNotSender[j] + isSender[j] * (senderBalance[j] - ifNotSender[j]);
    }
}
