pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "float.circom";

/// The word of an L1 queue operation (docs/protocol.md §12.1),
/// word = kind + 4·index + 2^34·amountWord + 2^72·address (< 2^232), decoded into its kind flags,
/// the D index bits, the float amount and the 160 address bits (all bits least significant first).
/// An empty queue position (§6) has word 0: enabled = 0 and every output is 0.
template QueueWord(D) {
    signal input word;
    signal output enabled;
    signal output isDepositNew;
    signal output isDeposit;
    signal output isExit;
    signal output indexBits[D];
    signal output amount;
    signal output addressBits[160];

    // 232 < 253 bits: the decomposition is unique, so a word has one decoding.
    component bits = Num2Bits(232);
    bits.in <== word;

    // §12.1: kind 1 (deposit to a new account), 2 (deposit), 3 (forced exit); 0 only when empty.
    signal both <== bits.out[0] * bits.out[1];
    isExit <== both;
    isDepositNew <== bits.out[0] - both;
    isDeposit <== bits.out[1] - both;
    enabled <== bits.out[0] + bits.out[1] - both;
    // §6, §9: an empty position is all zeros, not just kind 0 (one witness, nothing published).
    (1 - enabled) * word === 0;

    // §1: the index field is 32 bits and the index is < 2^D: its bits at or above D are 0.
    for (var i = 0; i < 32; i++) {
        if (i < D) {
            indexBits[i] <== bits.out[2 + i];
        } else {
            bits.out[2 + i] === 0;
        }
    }

    // §1.1: amount = m·10^e, the 34-bit mantissa at bits 34..67 and the 4-bit exponent at 68..71.
    // The caller bounds it to 64 bits where it is used.
    var mantissa = 0;
    for (var i = 0; i < 34; i++) {
        mantissa += bits.out[34 + i] * (1 << i);
    }
    component amountValue = FloatValue();
    amountValue.mantissa <== mantissa;
    for (var i = 0; i < 4; i++) {
        amountValue.exponentBits[i] <== bits.out[68 + i];
    }
    amount <== amountValue.value;

    for (var i = 0; i < 160; i++) {
        addressBits[i] <== bits.out[72 + i];
    }
}
