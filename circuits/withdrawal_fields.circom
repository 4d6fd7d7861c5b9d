pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "float.circom";
include "range.circom";

/// The public fields of one withdrawal position (docs/protocol.md §7, §11) decoded from the bits
/// that are also hashed into the batch data: `from` (I = ceil(D/8) bytes), the 40-bit op word
/// kind·2^38 + e·2^34 + m (kind 2, or 0 when empty), the fee byte 16·e + m and the 160-bit L1
/// address. Outputs the index bits (least significant first), the withdrawal flag, the decoded
/// amount and fee, and the entry's V = I + 26 bytes as sha256 input bits (message order).
template WithdrawalFields(D) {
    var I = (D + 7) \ 8;
    var V = I + 26;
    signal input from;
    signal input opWord;
    signal input feeByte;
    signal input address;
    signal output isWithdrawal;
    signal output fromBits[D];
    signal output amount;
    signal output fee;
    signal output dataBits[8 * V];

    // §1: the index is < 2^D; its bits are the Merkle path digits and the entry bytes.
    component fromRange = Num2Bits(D);
    fromRange.in <== from;
    fromBits <== fromRange.out;

    // §7: bits 0..33 the mantissa, 34..37 the exponent, 38..39 the kind (unique: 40 < 253 bits).
    component opWordRange = Num2Bits(40);
    opWordRange.in <== opWord;
    // §7: a withdrawal position holds kind 2 or 0 (kinds 1 and 3 are invalid): bit 38 is 0, bit 39 says withdrawal.
    opWordRange.out[38] === 0;
    isWithdrawal <== opWordRange.out[39];

    component feeByteRange = Num2Bits(8);
    feeByteRange.in <== feeByte;

    // §1: an L1 address is < 2^160.
    component addressRange = Num2Bits(160);
    addressRange.in <== address;

    // §1.1: amount = m·10^e (34-bit m, 4-bit e), which must be < 2^64.
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
    component amountRange = RangeCheck(64);
    amountRange.in <== amount;

    // §1.1: fee = m·10^e <= 15·10^15 < 2^64 (4-bit m and e), no range check needed.
    component feeValue = FloatValue();
    feeValue.mantissa <== feeByteRange.out[0] + 2 * feeByteRange.out[1] + 4 * feeByteRange.out[2] + 8 * feeByteRange.out[3];
    for (var i = 0; i < 4; i++) {
        feeValue.exponentBits[i] <== feeByteRange.out[4 + i];
    }
    fee <== feeValue.value;

    // §7: an empty position is V zero bytes.
    (1 - isWithdrawal) * from === 0;
    (1 - isWithdrawal) * opWord === 0;
    (1 - isWithdrawal) * feeByte === 0;
    (1 - isWithdrawal) * address === 0;

    // §7: from (I bytes), op word (5), fee byte (1), address (20), big-endian; index bits at or
    // above D are 0.
    for (var p = 0; p < 8 * I; p++) {
        var bit = 8 * I - 1 - p;
        dataBits[p] <== bit < D ? fromBits[bit] : 0;
    }
    for (var p = 0; p < 40; p++) {
        dataBits[8 * I + p] <== opWordRange.out[39 - p];
    }
    for (var p = 0; p < 8; p++) {
        dataBits[8 * I + 40 + p] <== feeByteRange.out[7 - p];
    }
    for (var p = 0; p < 160; p++) {
        dataBits[8 * I + 48 + p] <== addressRange.out[159 - p];
    }
}
