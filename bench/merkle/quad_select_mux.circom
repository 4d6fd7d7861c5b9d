pragma circom 2.1.0;

include "circomlib/circuits/mux2.circom";

/// The 4 children of an arity-4 node, placed with circomlib's MultiMux2 (the textbook way, for
/// comparison with PositionSelect(2)): child j is node at position j, siblings[j] at a position
/// after j, siblings[j - 1] at a position before j. bits are booleans, bit 0 least significant.
template QuadSelectMux() {
    signal input node;
    signal input bits[2];
    signal input siblings[3];
    signal output children[4];

    component mux = MultiMux2(4);
    mux.s <== bits;
    for (var j = 0; j < 4; j++) {
        for (var p = 0; p < 4; p++) {
            if (p == j) {
                mux.c[j][p] <== node;
            } else if (p > j) {
                mux.c[j][p] <== siblings[j];
            } else {
                mux.c[j][p] <== siblings[j - 1];
            }
        }
    }
    children <== mux.out;
}
