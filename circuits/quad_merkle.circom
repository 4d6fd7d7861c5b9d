pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

/// The four children of an arity-4 node (docs/protocol.md §3): `node` at position d = b0 + 2·b1
/// (b0, b1 booleans from Num2Bits of the index, `both` = b0·b1 computed once per index by the
/// caller and shared by the paths before and after an update), the three `siblings` filling the
/// other positions in increasing order. Costs 3 constraints.
template QuadPlace() {
    signal input node;
    signal input b0;
    signal input b1;
    signal input both;
    signal input siblings[3];
    signal output children[4];

    // prefix[j] = children[0] + ... + children[j]: siblings[0..j] when d > j, else node plus
    // siblings[0..j-1]. So prefix[j] = siblings[0..j] + [d <= j]·(node - siblings[j]), and each
    // indicator is linear in b0, b1 and both: [d <= 0] = (1 - b0)(1 - b1), [d <= 1] = 1 - b1,
    // [d <= 2] = 1 - b0·b1. One product per prefix.
    signal prefix[3];
    prefix[0] <== siblings[0] + (1 - b0 - b1 + both) * (node - siblings[0]);
    prefix[1] <== siblings[0] + siblings[1] + (1 - b1) * (node - siblings[1]);
    prefix[2] <== siblings[0] + siblings[1] + siblings[2] + (1 - both) * (node - siblings[2]);
    // Each child is a difference of prefixes (linear, free after --O2); the four sum to
    // node + siblings, so exactly one child is the node and the others are the siblings in order.
    children[0] <== prefix[0];
    children[1] <== prefix[1] - prefix[0];
    children[2] <== prefix[2] - prefix[1];
    children[3] <== node + siblings[0] + siblings[1] + siblings[2] - prefix[2];
}

/// Root of an arity-4 Poseidon tree of L levels (docs/protocol.md §3) from a leaf, the index
/// bits (2L, least significant first: the digit at level k is bits[2k] + 2·bits[2k+1]), the
/// products both[k] = bits[2k]·bits[2k+1], and the sibling triples (level 0 first).
template QuadMerkleRoot(L) {
    signal input leaf;
    signal input bits[2 * L];
    signal input both[L];
    signal input siblings[L][3];
    signal output root;

    signal node[L + 1];
    component place[L];
    component hashers[L];
    node[0] <== leaf;
    for (var k = 0; k < L; k++) {
        place[k] = QuadPlace();
        place[k].node <== node[k];
        place[k].b0 <== bits[2 * k];
        place[k].b1 <== bits[2 * k + 1];
        place[k].both <== both[k];
        place[k].siblings <== siblings[k];
        // §3: an inner node is Poseidon([c0, c1, c2, c3]) of its children in position order.
        hashers[k] = Poseidon(4);
        hashers[k].inputs <== place[k].children;
        node[k + 1] <== hashers[k].out;
    }
    root <== node[L];
}
