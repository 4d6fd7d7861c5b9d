pragma circom 2.1.0;

include "tree_root.circom";

/// One membership + update proof, as circuits/account_update.circom does it but with the leaf
/// hashes given (they cost the same for every arity): when enabled, leafBefore sits at `bits`
/// under rootBefore, and rootAfter is the root with it replaced by leafAfter under the same siblings.
template TreeUpdate(k, levels, tagged) {
    var A = 1 << k;
    signal input enabled;
    signal input rootBefore;
    signal input leafBefore;
    signal input leafAfter;
    signal input bits[k * levels];
    signal input siblings[levels][A - 1];
    signal output rootAfter;

    component before = TreeRoot(k, levels, tagged);
    before.leaf <== leafBefore;
    before.bits <== bits;
    before.siblings <== siblings;
    // Membership: the old leaf is in the tree.
    enabled * (before.root - rootBefore) === 0;

    component after = TreeRoot(k, levels, tagged);
    after.leaf <== leafAfter;
    after.bits <== bits;
    // The same siblings: every other leaf is unchanged.
    after.siblings <== siblings;
    rootAfter <== rootBefore + enabled * (after.root - rootBefore);
}
