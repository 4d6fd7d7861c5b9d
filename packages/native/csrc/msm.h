// Multi-scalar multiplication on G1 and G2: the sum of scalars[i] * bases[i].
#pragma once

#include <cstddef>
#include <cstdint>

#include "curve.h"

namespace zkr {

enum class MsmStatus { ok, scalar_out_of_range, point_invalid };

// The outcome of an MSM: the sum, or the first offending input (`index`).
template <typename F>
struct MsmResult {
  MsmStatus status;
  size_t index;
  Affine<F> point;
};

// The index of the first of `n` affine bases (Affine<F>::BYTES each, Montgomery, zeros = infinity)
// that is not a curve point, or n when all are.
template <typename F>
size_t first_invalid_point(const uint8_t* bases, size_t n, unsigned threads);

// Pippenger over `n` affine bases and `n` scalars (32 bytes each, little-endian, standard form,
// each < r) on `threads` threads (>= 1). Checks the bases first when `check_points` (bases loaded
// once and checked then skip it).
template <typename F>
MsmResult<F> msm(const uint8_t* bases, const uint8_t* scalars, size_t n, unsigned threads, bool check_points);

}  // namespace zkr
