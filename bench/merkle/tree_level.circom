pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "position_select.circom";

/// One level of an arity-2^k Poseidon tree: the parent of `node` at the position `bits` among its
/// `siblings`. tagged = 0 hashes Poseidon(2^k)(children); tagged = 1 hashes
/// Poseidon(2^k + 1)(children, 1), a constant domain element as the last input (Poseidon(5)-style
/// for k = 2).
template TreeLevel(k, tagged) {
    var A = 1 << k;
    signal input node;
    signal input bits[k];
    signal input siblings[A - 1];
    signal output parent;

    component select = PositionSelect(k);
    select.node <== node;
    select.bits <== bits;
    select.siblings <== siblings;

    component hash = Poseidon(A + tagged);
    for (var j = 0; j < A; j++) hash.inputs[j] <== select.children[j];
    if (tagged == 1) hash.inputs[A] <== 1;
    parent <== hash.out;
}
