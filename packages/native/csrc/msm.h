// Multi-scalar multiplication on G1: sum of scalars[i] * bases[i].
#pragma once

#include <cstddef>
#include <cstdint>

#include "g1.h"

namespace zkr {

enum class MsmStatus { ok, scalar_out_of_range, point_invalid };

// The outcome of an MSM: the sum, or the first offending input (`index`).
struct MsmResult {
  MsmStatus status;
  size_t index;
  G1Affine point;
};

// Pippenger over `n` affine bases (64 bytes each, Montgomery, zeros = infinity) and `n` scalars
// (32 bytes each, little-endian, standard form, each < r), on `threads` threads (>= 1).
MsmResult msm_g1(const uint8_t* bases, const uint8_t* scalars, size_t n, unsigned threads);

}  // namespace zkr
