pragma circom 2.1.0;

// Zero and equality tests whose witness is unique: circomlib's IsZero leaves `inv` free when
// in = 0; the extra constraint `out * inv === 0` pins it to 0 there (protocol §9: one witness).

/// out = 1 if in == 0 else 0, with a uniquely determined `inv`.
template IsZeroStrict() {
    signal input in;
    signal output out;
    signal inv;

    inv <-- in != 0 ? 1 / in : 0;
    out <== 1 - in * inv;
    // in != 0 forces out = 0 (so inv = 1 / in); in = 0 gives out = 1.
    in * out === 0;
    // When in = 0 (out = 1) inv would be free: force it to 0 so the witness is unique.
    out * inv === 0;
}

/// out = 1 if in[0] == in[1] else 0, with a unique witness.
template IsEqualStrict() {
    signal input in[2];
    signal output out;

    component isZero = IsZeroStrict();
    isZero.in <== in[1] - in[0];
    out <== isZero.out;
}
