pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "merkle.circom";

/// One leaf update (docs/protocol.md §3, §6): when enabled, the account
/// (Ax, Ay, balanceBefore, nonceBefore) is the leaf at pathBits under rootBefore, and rootAfter is
/// the root with that leaf replaced by (Ax, Ay, balanceAfter, nonceAfter) under the same siblings.
/// When disabled, rootAfter = rootBefore and nothing is checked. enabled must be boolean.
template AccountUpdate(D) {
    signal input enabled;
    signal input rootBefore;
    signal input pathBits[D];
    signal input siblings[D];
    signal input Ax;
    signal input Ay;
    signal input balanceBefore;
    signal input nonceBefore;
    signal input balanceAfter;
    signal input nonceAfter;
    signal output rootAfter;

    component leafBefore = Poseidon(4);
    leafBefore.inputs <== [Ax, Ay, balanceBefore, nonceBefore];
    component leafAfter = Poseidon(4);
    // The same keys are written back: keys never change after genesis.
    leafAfter.inputs <== [Ax, Ay, balanceAfter, nonceAfter];

    component merkleBefore = MerkleRoot(D);
    merkleBefore.leaf <== leafBefore.out;
    merkleBefore.pathBits <== pathBits;
    merkleBefore.siblings <== siblings;
    // Membership: knowing a Poseidon preimage of the leaf under rootBefore proves the account exists.
    enabled * (merkleBefore.root - rootBefore) === 0;

    component merkleAfter = MerkleRoot(D);
    merkleAfter.leaf <== leafAfter.out;
    merkleAfter.pathBits <== pathBits;
    // The same siblings: every other leaf of the tree is unchanged.
    merkleAfter.siblings <== siblings;
    rootAfter <== rootBefore + enabled * (merkleAfter.root - rootBefore);
}
