pragma circom 2.1.0;

include "tree_level.circom";

/// Root of an arity-2^k tree of `levels` levels from a leaf, its index bits (k per level, level 0
/// first, bit 0 least significant) and its siblings (level 0 first, 2^k - 1 per level in child order).
template TreeRoot(k, levels, tagged) {
    var A = 1 << k;
    signal input leaf;
    signal input bits[k * levels];
    signal input siblings[levels][A - 1];
    signal output root;

    component level[levels];
    signal node[levels + 1];
    node[0] <== leaf;
    for (var l = 0; l < levels; l++) {
        level[l] = TreeLevel(k, tagged);
        level[l].node <== node[l];
        for (var i = 0; i < k; i++) level[l].bits[i] <== bits[k * l + i];
        level[l].siblings <== siblings[l];
        node[l + 1] <== level[l].parent;
    }
    root <== node[levels];
}
