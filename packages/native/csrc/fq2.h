// Fq2 = Fq[u] / (u^2 + 1), the field of BN254's G2 coordinates. An element c0 + c1 u is stored as
// c0 then c1, each an Fq in Montgomery form: the 64-byte layout of zkey and ffjavascript G2
// coordinates. Products use Karatsuba (three Fq products), squares the complex-square form (two).
#pragma once

#include "field.h"

namespace zkr {

struct Fq2 {
  Fq c0, c1;

  static Fq2 zero() { return Fq2{Fq::zero(), Fq::zero()}; }
  static Fq2 one() { return Fq2{Fq::one(), Fq::zero()}; }

  static Fq2 from_bytes(const uint8_t* bytes) { return Fq2{Fq::from_bytes(bytes), Fq::from_bytes(bytes + 32)}; }
  void to_bytes(uint8_t* bytes) const {
    c0.to_bytes(bytes);
    c1.to_bytes(bytes + 32);
  }

  bool is_canonical() const { return c0.is_canonical() && c1.is_canonical(); }
  bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
  bool operator==(const Fq2& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fq2& o) const { return !(*this == o); }

  friend Fq2 operator+(const Fq2& a, const Fq2& b) { return Fq2{a.c0 + b.c0, a.c1 + b.c1}; }
  friend Fq2 operator-(const Fq2& a, const Fq2& b) { return Fq2{a.c0 - b.c0, a.c1 - b.c1}; }
  Fq2 neg() const { return Fq2{c0.neg(), c1.neg()}; }
  Fq2 dbl() const { return Fq2{c0.dbl(), c1.dbl()}; }

  // (a0 + a1 u)(b0 + b1 u) = a0 b0 - a1 b1 + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) u.
  friend Fq2 operator*(const Fq2& a, const Fq2& b) {
    const Fq v0 = a.c0 * b.c0;
    const Fq v1 = a.c1 * b.c1;
    return Fq2{v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
  }

  // (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u.
  Fq2 square() const { return Fq2{(c0 + c1) * (c0 - c1), (c0 * c1).dbl()}; }

  // (a0 - a1 u) / (a0^2 + a1^2); zero maps to zero.
  Fq2 inverse() const {
    const Fq t = (c0.square() + c1.square()).inverse();
    return Fq2{c0 * t, (c1 * t).neg()};
  }
};

}  // namespace zkr
