pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";

/// Range check 0 <= in < 2^B; exposes the bits (least significant first) for reuse.
template RangeCheck(B) {
    signal input in;
    signal output bits[B];

    // B < 253 bits cannot wrap around r, so the decomposition proves the integer range.
    component n2b = Num2Bits(B);
    n2b.in <== in;
    bits <== n2b.out;
}
