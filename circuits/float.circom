pragma circom 2.1.0;

/// A decimal float of docs/protocol.md §1.1: value = mantissa · 10^e with e given by its 4 bits
/// (booleans, least significant first). 10^e is the product of (1 + b_i·(10^(2^i) - 1)) over the
/// exponent bits: 10^1, 10^2, 10^4, 10^8 for the bits that are set. Costs 4 constraints; the
/// caller bounds the mantissa (m·10^15 < 2^34·10^15 < r, so nothing wraps).
template FloatValue() {
    signal input mantissa;
    signal input exponentBits[4];
    signal output value;

    signal scale01 <== (1 + 9 * exponentBits[0]) * (1 + 99 * exponentBits[1]);
    signal scale012 <== scale01 * (1 + 9999 * exponentBits[2]);
    signal scale <== scale012 * (1 + 99999999 * exponentBits[3]);
    value <== mantissa * scale;
}
