pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "sha256.circom";

/// The data hash (docs/protocol.md §7): uint256(sha256(batchData)) & (2^253 - 1), with
/// batchData = oldStateHash (32 bytes) | batchNumber (uint32) | feeRecipient (I = ceil(D/8) bytes) |
/// Q queue entries of 28 bytes | N slots of S = 2·I + 6 bytes | W withdrawal entries of
/// V = I + 26 bytes, all big-endian (36 + I + 28·Q + S·N + V·W bytes). The entries come in as
/// sha256 input bits (message order); the fee recipient as its D index bits, least significant first.
template BatchDataHash(D, N, Q, W) {
    var I = (D + 7) \ 8;
    var S = 2 * I + 6;
    var V = I + 26;
    signal input oldStateHash;
    signal input batchNumber;
    signal input feeRecipientBits[D];
    signal input queueBits[Q][224];
    signal input slotBits[N][8 * S];
    signal input withdrawalBits[W][8 * V];
    signal output out;

    var H = 36 + I;
    var X = H + 28 * Q + S * N;
    var nBits = (X + V * W) * 8;
    signal message[nBits];

    // A field element: Num2Bits_strict rejects the alias x + r, so the word has one encoding.
    component oldStateHashBits = Num2Bits_strict();
    oldStateHashBits.in <== oldStateHash;
    // §6: the batch number is a uint32 (the contract requires batchCount + 1).
    component batchNumberRange = Num2Bits(32);
    batchNumberRange.in <== batchNumber;
    // sha256's input is the message in order, most significant bit of each byte first, so a
    // big-endian word puts the value's most significant bit first.
    for (var p = 0; p < 256; p++) {
        var bit = 255 - p;
        message[p] <== bit < 254 ? oldStateHashBits.out[bit] : 0;
    }
    for (var p = 0; p < 32; p++) {
        message[256 + p] <== batchNumberRange.out[31 - p];
    }
    // An I-byte index: bits at or above D are zero since the index is < 2^D.
    for (var p = 0; p < 8 * I; p++) {
        var bit = 8 * I - 1 - p;
        message[288 + p] <== bit < D ? feeRecipientBits[bit] : 0;
    }
    for (var q = 0; q < Q; q++) {
        for (var p = 0; p < 224; p++) {
            message[8 * H + 224 * q + p] <== queueBits[q][p];
        }
    }
    for (var j = 0; j < N; j++) {
        for (var p = 0; p < 8 * S; p++) {
            message[8 * (H + 28 * Q) + 8 * S * j + p] <== slotBits[j][p];
        }
    }
    for (var w = 0; w < W; w++) {
        for (var p = 0; p < 8 * V; p++) {
            message[8 * X + 8 * V * w + p] <== withdrawalBits[w][p];
        }
    }

    component sha = Sha256Bits(nBits);
    sha.in <== message;
    // sha.out[0] is the digest's most significant bit: keep the low 253 bits (out[3..255]).
    var packed = 0;
    for (var k = 0; k < 253; k++) {
        packed += sha.out[255 - k] * (1 << k);
    }
    out <== packed;
}
