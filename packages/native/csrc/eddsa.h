// EdDSA-Poseidon verification on Baby Jubjub (docs/protocol.md §2) with the verdicts of
// @zkr/state's `eddsa.verify`, for a batch of signatures whose Poseidon hash h was computed by the
// caller. Baby Jubjub's base field is BN254's Fr, so coordinates use `zkr::Fr`.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zkr {

// Bytes of one record: R8x, R8y, S, Ax, Ay, h, each 32 little-endian bytes in standard form, with
// h = Poseidon(R8x, R8y, Ax, Ay, message).
constexpr size_t EDDSA_RECORD_BYTES = 6 * 32;

// verdicts[i] = 1 when record i verifies, else 0: every coordinate and h below p, S below the
// subgroup order l, R8 and A on the curve, 8·A not of x = 0, and S·B8 = R8 + (8·h)·A. Thread-safe
// (the constants are built once, on first use, and only read afterwards).
void eddsa_verify_batch(const uint8_t* records, size_t n, uint8_t* verdicts);

}  // namespace zkr
