pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/poseidon.circom";

/// One step of the queue hash chain (docs/protocol.md §12.1): when enabled,
/// hashAfter = Poseidon([hashBefore, Ax, Ay, word]) mod 2^216; otherwise hashAfter = hashBefore
/// (an empty position leaves the hash unchanged, §9).
template QueueHashStep() {
    signal input enabled;
    signal input hashBefore;
    signal input Ax;
    signal input Ay;
    signal input word;
    signal output hashAfter;

    component hash = Poseidon(4);
    hash.inputs <== [hashBefore, Ax, Ay, word];
    // §12.1: the low 216 bits of the Poseidon output as an integer < r. Num2Bits_strict rejects
    // the alias out + r (which fits 254 bits), so the reduction has one result.
    component bits = Num2Bits_strict();
    bits.in <== hash.out;
    var low = 0;
    for (var i = 0; i < 216; i++) {
        low += bits.out[i] * (1 << i);
    }
    hashAfter <== hashBefore + enabled * (low - hashBefore);
}
