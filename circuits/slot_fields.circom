pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "float.circom";
include "range.circom";

/// The public fields of one slot (docs/protocol.md §6, §7) decoded from the bits that are also
/// hashed into the batch data: `from` and `to` (I = ceil(D/8) bytes each), the 40-bit op word
/// kind·2^38 + e·2^34 + m and the fee byte 16·e + m. Outputs the index bits (least significant
/// first), the kind's transfer flag, the decoded amount and fee, and the slot's S = 2I + 6 bytes
/// as sha256 input bits (message order: big-endian, most significant bit of each byte first).
template SlotFields(D) {
    var I = (D + 7) \ 8;
    var S = 2 * I + 6;
    signal input from;
    signal input to;
    signal input opWord;
    signal input feeByte;
    signal output isTransfer;
    signal output fromBits[D];
    signal output toBits[D];
    signal output amount;
    signal output fee;
    signal output dataBits[8 * S];

    // §1: indices are < 2^D; the bits are the Merkle path digits and the slot bytes.
    component fromRange = Num2Bits(D);
    fromRange.in <== from;
    fromBits <== fromRange.out;
    component toRange = Num2Bits(D);
    toRange.in <== to;
    toBits <== toRange.out;

    // §7: the op word is 5 bytes: bits 0..33 the amount's mantissa, 34..37 its exponent,
    // 38..39 the kind. Its bits are unique (40 < 253), so a word has one decoding.
    component opWordRange = Num2Bits(40);
    opWordRange.in <== opWord;
    // §6: kinds 2 (the withdrawal kind of §11) and 3 (reserved) are invalid in a slot, so the
    // kind's high bit is 0 and its low bit says transfer (1) or no-op (0).
    opWordRange.out[39] === 0;
    isTransfer <== opWordRange.out[38];

    // §1.1: the fee byte is 16·e + m with 4-bit e and m.
    component feeByteRange = Num2Bits(8);
    feeByteRange.in <== feeByte;

    // §1.1: amount = m·10^e with a 34-bit m and a 4-bit e.
    var mantissa = 0;
    for (var i = 0; i < 34; i++) {
        mantissa += opWordRange.out[i] * (1 << i);
    }
    component amountValue = FloatValue();
    amountValue.mantissa <== mantissa;
    for (var i = 0; i < 4; i++) {
        amountValue.exponentBits[i] <== opWordRange.out[34 + i];
    }
    amount <== amountValue.value;
    // §1.1: m·10^e can exceed 2^64 (up to ~2^84); such a word is invalid.
    component amountRange = RangeCheck(64);
    amountRange.in <== amount;

    // §1.1: fee = m·10^e <= 15·10^15 < 2^64, so it needs no range check.
    component feeValue = FloatValue();
    feeValue.mantissa <== feeByteRange.out[0] + 2 * feeByteRange.out[1] + 4 * feeByteRange.out[2] + 8 * feeByteRange.out[3];
    for (var i = 0; i < 4; i++) {
        feeValue.exponentBits[i] <== feeByteRange.out[4 + i];
    }
    fee <== feeValue.value;

    // §6: a no-op slot is S zero bytes: from = to = 0, op word 0 (kind 0) and fee byte 0.
    (1 - isTransfer) * from === 0;
    (1 - isTransfer) * to === 0;
    (1 - isTransfer) * opWord === 0;
    (1 - isTransfer) * feeByte === 0;

    // §7: the slot's bytes in message order; index bits at or above D are 0 (the index is < 2^D).
    for (var p = 0; p < 8 * I; p++) {
        var bit = 8 * I - 1 - p;
        dataBits[p] <== bit < D ? fromBits[bit] : 0;
        dataBits[8 * I + p] <== bit < D ? toBits[bit] : 0;
    }
    for (var p = 0; p < 40; p++) {
        dataBits[16 * I + p] <== opWordRange.out[39 - p];
    }
    for (var p = 0; p < 8; p++) {
        dataBits[16 * I + 40 + p] <== feeByteRange.out[7 - p];
    }
}
