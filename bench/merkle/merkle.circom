pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

/// Root of a depth-D Poseidon Merkle tree from a leaf, its path bits (level 0 first; 1 = right
/// child) and its siblings (level 0 first), as in docs/protocol.md §3.
template MerkleRoot(D) {
    signal input leaf;
    signal input pathBits[D];
    signal input siblings[D];
    signal output root;

    signal node[D + 1];
    signal left[D];
    component hashers[D];
    node[0] <== leaf;
    for (var k = 0; k < D; k++) {
        // pathBits are booleans from Num2Bits of the index, so this is an exact two-way select.
        left[k] <== node[k] + pathBits[k] * (siblings[k] - node[k]);
        hashers[k] = Poseidon(2);
        hashers[k].inputs[0] <== left[k];
        hashers[k].inputs[1] <== node[k] + siblings[k] - left[k];
        node[k + 1] <== hashers[k].out;
    }
    root <== node[D];
}
