pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/poseidon.circom";
include "is_zero.circom";
include "quad_merkle.circom";
include "queue_hash.circom";
include "queue_word.circom";
include "range.circom";

/// One queue position of a batch (docs/protocol.md §6, §9, §12): either a consumed L1 operation
/// (its word's kind is 1..3) folded into the queue hash and applied or not by §12.2, or an empty
/// position (word 0, all-zero witness) that changes neither the root nor the hash. The leaf at
/// the operation's index is proved empty (exists = 0: a Merkle path to the leaf 0) or existing
/// (exists = 1: a preimage (leafAx, leafAy, balance, nonce, owner) of its leaf, §3). Outputs the
/// published entry (§7: address, 20 bytes, then the credited amount, 8 bytes) as sha256 input bits.
template QueueOperation(D) {
    var L = D \ 2;
    signal input rootBefore;
    signal input hashBefore;
    // The operation as the contract queued it (§12.1): its word and its key (kind 1; else (0, 0)).
    signal input word;
    signal input Ax;
    signal input Ay;
    // The leaf at the operation's index before the position.
    signal input exists;
    signal input leafAx;
    signal input leafAy;
    signal input balance;
    signal input nonce;
    signal input owner;
    signal input siblings[L][3];

    signal output rootAfter;
    signal output hashAfter;
    signal output enabled;
    signal output dataBits[224];

    component op = QueueWord(D);
    op.word <== word;
    enabled <== op.enabled;
    signal amount <== op.amount;
    var address = 0;
    for (var i = 0; i < 160; i++) {
        address += op.addressBits[i] * (1 << i);
    }

    // §12.1: fold the operation into the queue hash (an empty position keeps it).
    component chain = QueueHashStep();
    chain.enabled <== enabled;
    chain.hashBefore <== hashBefore;
    chain.Ax <== Ax;
    chain.Ay <== Ay;
    chain.word <== word;
    hashAfter <== chain.hashAfter;

    // exists is boolean, and 0 on an empty position: exists·(exists - enabled) = 0.
    exists * (exists - enabled) === 0;
    // §9: an empty position's witness is all zeros; so is the account of an empty leaf.
    (1 - enabled) * Ax === 0;
    (1 - enabled) * Ay === 0;
    signal account[5] <== [leafAx, leafAy, balance, nonce, owner];
    for (var i = 0; i < 5; i++) {
        (1 - exists) * account[i] === 0;
    }
    for (var k = 0; k < L; k++) {
        for (var s = 0; s < 3; s++) {
            (1 - enabled) * siblings[k][s] === 0;
        }
    }

    // §9: the stored balance and nonce are < 2^64 before the leaf is opened.
    component balanceRange = RangeCheck(64);
    balanceRange.in <== balance;
    component nonceRange = RangeCheck(64);
    nonceRange.in <== nonce;

    // §3: an existing leaf is Poseidon([Ax, Ay, balance + 2^64·nonce, owner]) (never 0: no
    // preimage of 0 is known); an empty one is 0. The path proves which one the index holds, so
    // the prover cannot claim an existing account empty or an empty index existing.
    component leafHash = Poseidon(4);
    leafHash.inputs <== [leafAx, leafAy, balance + (1 << 64) * nonce, owner];
    signal leafBefore <== exists * leafHash.out;
    signal both[L];
    for (var k = 0; k < L; k++) {
        both[k] <== op.indexBits[2 * k] * op.indexBits[2 * k + 1];
    }
    component pathBefore = QuadMerkleRoot(L);
    pathBefore.leaf <== leafBefore;
    pathBefore.bits <== op.indexBits;
    pathBefore.both <== both;
    pathBefore.siblings <== siblings;
    enabled * (pathBefore.root - rootBefore) === 0;

    // The 65-bit sum balance + amount: bit 64 is the overflow of a deposit (§12.2, kind 2). On an
    // empty leaf balance = 0, so the sum is the amount, which must be < 2^64 (§1: kind 1 creates
    // the account with it; a refunded amount is range-checked as the credit below).
    component sum = Num2Bits(65);
    sum.in <== balance + amount;
    signal overflow <== sum.out[64];
    (1 - exists) * overflow === 0;

    component ownerMatch = IsEqualStrict();
    ownerMatch.in <== [owner, address];

    // §12.2: kind 1 creates the account iff the index is empty; kind 2 credits iff the account
    // exists and balance + amount < 2^64; kind 3 pays the balance out iff the account exists and
    // its owner is the operation's address. At most one of the three is 1.
    signal created <== op.isDepositNew * (1 - exists);
    signal depositTarget <== op.isDeposit * exists;
    signal deposited <== depositTarget * (1 - overflow);
    signal exitTarget <== op.isExit * exists;
    signal exited <== exitTarget * ownerMatch.out;
    signal applied <== created + deposited + exited;

    // The leaf after an applied operation: a new account (key and owner of the operation,
    // balance = amount, nonce 0: the empty leaf's witness is zero), a credited balance, or a zero
    // balance. Keys, nonce and owner of an existing account are written back unchanged (§3).
    signal keyX <== leafAx + (1 - exists) * Ax;
    signal keyY <== leafAy + (1 - exists) * Ay;
    signal ownerAfter <== owner + (1 - exists) * address;
    signal balanceAfter <== (1 - op.isExit) * (balance + amount);
    component leafAfter = Poseidon(4);
    leafAfter.inputs <== [keyX, keyY, balanceAfter + (1 << 64) * nonce, ownerAfter];
    component pathAfter = QuadMerkleRoot(L);
    pathAfter.leaf <== leafAfter.out;
    pathAfter.bits <== op.indexBits;
    pathAfter.both <== both;
    // The same siblings: every other leaf of the tree is unchanged.
    pathAfter.siblings <== siblings;
    // §6: a position that is empty or not applied only reads the leaf and keeps the root.
    rootAfter <== rootBefore + applied * (pathAfter.root - rootBefore);

    // §12.2: the credit is the refunded amount of a deposit not applied (kinds 1, 2) or the
    // balance paid out by an exit; 0 otherwise (and on an empty position).
    signal refunded <== op.isDepositNew + op.isDeposit - created - deposited;
    signal refund <== refunded * amount;
    signal credit <== refund + exited * balance;
    // §7: the credited amount is a uint64 of the batch data.
    component creditBits = Num2Bits(64);
    creditBits.in <== credit;

    // §7: the entry in message order: the address (20 bytes) then the credit (8 bytes), big-endian.
    for (var p = 0; p < 160; p++) {
        dataBits[p] <== op.addressBits[159 - p];
    }
    for (var p = 0; p < 64; p++) {
        dataBits[160 + p] <== creditBits.out[63 - p];
    }
}
