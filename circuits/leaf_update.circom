pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "quad_merkle.circom";
include "range.circom";

/// One leaf update (docs/protocol.md §3, §6, §9): when enabled, the account
/// (Ax, Ay, balanceBefore, nonceBefore, owner) is the leaf at index `indexBits` (D bits, least
/// significant first) under rootBefore, and rootAfter is the root with that leaf replaced by
/// (Ax, Ay, balanceAfter, nonceAfter, owner) under the same siblings. When disabled,
/// rootAfter = rootBefore and membership is not checked. enabled must be boolean; the caller
/// range-checks balanceAfter and nonceAfter.
template LeafUpdate(D) {
    var L = D \ 2;
    signal input enabled;
    signal input rootBefore;
    signal input indexBits[D];
    signal input siblings[L][3];
    signal input Ax;
    signal input Ay;
    signal input owner;
    signal input balanceBefore;
    signal input nonceBefore;
    signal input balanceAfter;
    signal input nonceAfter;
    signal output rootAfter;

    // §9: the stored balance and nonce are each < 2^64 before the leaf is opened, so
    // balance + 2^64·nonce has one decomposition and a stored nonce of r - 1 cannot alias -1.
    component balanceBeforeRange = RangeCheck(64);
    balanceBeforeRange.in <== balanceBefore;
    component nonceBeforeRange = RangeCheck(64);
    nonceBeforeRange.in <== nonceBefore;

    // §3: leaf = Poseidon([Ax, Ay, balance + 2^64·nonce, owner]).
    component leafBefore = Poseidon(4);
    leafBefore.inputs <== [Ax, Ay, balanceBefore + (1 << 64) * nonceBefore, owner];
    component leafAfter = Poseidon(4);
    // §3: the same keys and owner are written back: they never change after creation.
    leafAfter.inputs <== [Ax, Ay, balanceAfter + (1 << 64) * nonceAfter, owner];

    // The digit products, shared by both paths (same index).
    signal both[L];
    for (var k = 0; k < L; k++) {
        both[k] <== indexBits[2 * k] * indexBits[2 * k + 1];
    }

    component pathBefore = QuadMerkleRoot(L);
    pathBefore.leaf <== leafBefore.out;
    pathBefore.bits <== indexBits;
    pathBefore.both <== both;
    pathBefore.siblings <== siblings;
    // Membership: knowing a Poseidon preimage of the leaf under rootBefore proves the account
    // exists (§3: no preimage of the empty leaf 0 is known).
    enabled * (pathBefore.root - rootBefore) === 0;

    component pathAfter = QuadMerkleRoot(L);
    pathAfter.leaf <== leafAfter.out;
    pathAfter.bits <== indexBits;
    pathAfter.both <== both;
    // The same siblings: every other leaf of the tree is unchanged.
    pathAfter.siblings <== siblings;
    rootAfter <== rootBefore + enabled * (pathAfter.root - rootBefore);
}
