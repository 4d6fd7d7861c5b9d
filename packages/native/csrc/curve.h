// The groups G1 (over Fq) and G2 (over Fq2, the sextic twist) of BN254, both y^2 = x^3 + b with
// a = 0, written once over the coordinate field F. Affine points are what the zkey stores (x, y in
// Montgomery form, the point at infinity as all zeros, which is on neither curve since b != 0);
// Jacobian points (X, Y, Z) represent (X/Z^2, Y/Z^3), with Z = 0 for the point at infinity.
// Formulas: doubling dbl-2009-l, mixed addition madd-2007-bl, addition add-2007-bl (the a = 0
// forms of the Explicit-Formulas Database).
#pragma once

#include "fq2.h"

namespace zkr {

// The curve constant b of each coordinate field, in Montgomery form.
template <typename F>
struct CurveB;
template <>
struct CurveB<Fq> {
  // 3
  static Fq value() { return Fq{{0x7a17caa950ad28d7ULL, 0x1f6ac17ae15521b9ULL, 0x334bea4e696bd284ULL, 0x2a1f6744ce179d8eULL}}; }
};
template <>
struct CurveB<Fq2> {
  // 3 / (9 + u)
  static Fq2 value() {
    return Fq2{Fq{{0x3bf938e377b802a8ULL, 0x020b1b273633535dULL, 0x26b7edf049755260ULL, 0x2514c6324384a86dULL}},
               Fq{{0x38e7ecccd1dcff67ULL, 0x65f0b37d93ce0d3eULL, 0xd749d0dd22ac00aaULL, 0x0141b9ce4a688d4dULL}}};
  }
};

static_assert(sizeof(Fq) == 32 && sizeof(Fq2) == 64, "coordinates are stored without padding");

template <typename F>
struct Affine {
  F x, y;
  bool infinity;

  static constexpr size_t BYTES = 2 * sizeof(F);

  // Parses x then y (little-endian Montgomery limbs); all zeros is the point at infinity.
  static Affine from_bytes(const uint8_t* bytes) {
    Affine p{F::from_bytes(bytes), F::from_bytes(bytes + sizeof(F)), false};
    p.infinity = p.x.is_zero() && p.y.is_zero();
    return p;
  }
  void to_bytes(uint8_t* bytes) const {
    if (infinity) {
      std::memset(bytes, 0, BYTES);
      return;
    }
    x.to_bytes(bytes);
    y.to_bytes(bytes + sizeof(F));
  }

  // True when the coordinates are canonical and on the curve (or the point is at infinity). For
  // G2 this does not check membership of the prime-order subgroup.
  bool is_valid() const {
    if (infinity) return true;
    if (!x.is_canonical() || !y.is_canonical()) return false;
    return y.square() == x.square() * x + CurveB<F>::value();
  }
};

template <typename F>
struct Jacobian {
  F X, Y, Z;

  static Jacobian infinity() { return Jacobian{F::one(), F::one(), F::zero()}; }
  bool is_infinity() const { return Z.is_zero(); }

  Jacobian dbl() const {
    if (is_infinity()) return *this;
    const F A = X.square();
    const F B = Y.square();
    const F C = B.square();
    const F D = ((X + B).square() - A - C).dbl();
    const F E = A.dbl() + A;
    const F G = E.square();
    Jacobian r;
    r.X = G - D.dbl();
    const F C8 = C.dbl().dbl().dbl();
    r.Y = E * (D - r.X) - C8;
    r.Z = (Y * Z).dbl();
    return r;
  }

  // this + (x2, y2) for an affine point that is not at infinity.
  Jacobian add_mixed(const F& x2, const F& y2) const {
    if (is_infinity()) return Jacobian{x2, y2, F::one()};
    const F Z1Z1 = Z.square();
    const F U2 = x2 * Z1Z1;
    const F S2 = y2 * Z * Z1Z1;
    const F H = U2 - X;
    const F R = (S2 - Y).dbl();
    if (H.is_zero()) return R.is_zero() ? Jacobian{x2, y2, F::one()}.dbl() : infinity();
    const F HH = H.square();
    const F I = HH.dbl().dbl();
    const F J = H * I;
    const F V = X * I;
    Jacobian r;
    r.X = R.square() - J - V.dbl();
    r.Y = R * (V - r.X) - (Y * J).dbl();
    r.Z = (Z + H).square() - Z1Z1 - HH;
    return r;
  }

  Jacobian add(const Jacobian& q) const {
    if (is_infinity()) return q;
    if (q.is_infinity()) return *this;
    const F Z1Z1 = Z.square();
    const F Z2Z2 = q.Z.square();
    const F U1 = X * Z2Z2;
    const F U2 = q.X * Z1Z1;
    const F S1 = Y * q.Z * Z2Z2;
    const F S2 = q.Y * Z * Z1Z1;
    const F H = U2 - U1;
    const F R = (S2 - S1).dbl();
    if (H.is_zero()) return R.is_zero() ? dbl() : infinity();
    const F I = H.dbl().square();
    const F J = H * I;
    const F V = U1 * I;
    Jacobian r;
    r.X = R.square() - J - V.dbl();
    r.Y = R * (V - r.X) - (S1 * J).dbl();
    r.Z = ((Z + q.Z).square() - Z1Z1 - Z2Z2) * H;
    return r;
  }

  Affine<F> to_affine() const {
    if (is_infinity()) return Affine<F>{F::zero(), F::zero(), true};
    const F zi = Z.inverse();
    const F zi2 = zi.square();
    return Affine<F>{X * zi2, Y * zi2 * zi, false};
  }
};

using G1Affine = Affine<Fq>;
using G2Affine = Affine<Fq2>;

}  // namespace zkr
