// G1 of BN254 (y^2 = x^3 + 3 over Fq). Affine points are what the zkey stores (x, y in Montgomery
// form, the point at infinity as all zeros); Jacobian points (X, Y, Z) represent (X/Z^2, Y/Z^3),
// with Z = 0 for the point at infinity. Formulas: doubling dbl-2009-l, mixed addition
// madd-2007-bl, addition add-2007-bl (the a = 0 forms of the Explicit-Formulas Database).
#pragma once

#include "field.h"

namespace zkr {

struct G1Affine {
  Fq x, y;
  bool infinity;  // encoded as x = y = 0 (not a curve point, since b != 0)

  // Parses 64 bytes (x then y, 32 little-endian Montgomery bytes each).
  static G1Affine from_bytes(const uint8_t* bytes) {
    G1Affine p{Fq::from_bytes(bytes), Fq::from_bytes(bytes + 32), false};
    p.infinity = p.x.is_zero() && p.y.is_zero();
    return p;
  }
  void to_bytes(uint8_t* bytes) const {
    if (infinity) {
      std::memset(bytes, 0, 64);
      return;
    }
    x.to_bytes(bytes);
    y.to_bytes(bytes + 32);
  }

  // True when the coordinates are canonical and on the curve (or the point is at infinity).
  bool is_valid() const {
    if (infinity) return true;
    if (!x.is_canonical() || !y.is_canonical()) return false;
    const Fq b3{{0x7a17caa950ad28d7ULL, 0x1f6ac17ae15521b9ULL, 0x334bea4e696bd284ULL, 0x2a1f6744ce179d8eULL}};  // 3 in Montgomery form
    return y.square() == x.square() * x + b3;
  }
};

struct G1Jacobian {
  Fq X, Y, Z;

  static G1Jacobian infinity() { return G1Jacobian{Fq::one(), Fq::one(), Fq::zero()}; }
  static G1Jacobian from_affine(const G1Affine& p) { return p.infinity ? infinity() : G1Jacobian{p.x, p.y, Fq::one()}; }
  bool is_infinity() const { return Z.is_zero(); }

  G1Jacobian dbl() const {
    if (is_infinity()) return *this;
    const Fq A = X.square();
    const Fq B = Y.square();
    const Fq C = B.square();
    const Fq D = ((X + B).square() - A - C).dbl();
    const Fq E = A.dbl() + A;
    const Fq F = E.square();
    G1Jacobian r;
    r.X = F - D.dbl();
    const Fq C8 = C.dbl().dbl().dbl();
    r.Y = E * (D - r.X) - C8;
    r.Z = (Y * Z).dbl();
    return r;
  }

  // this + (x2, y2) for an affine point that is not at infinity.
  G1Jacobian add_mixed(const Fq& x2, const Fq& y2) const {
    if (is_infinity()) return G1Jacobian{x2, y2, Fq::one()};
    const Fq Z1Z1 = Z.square();
    const Fq U2 = x2 * Z1Z1;
    const Fq S2 = y2 * Z * Z1Z1;
    const Fq H = U2 - X;
    const Fq R = (S2 - Y).dbl();
    if (H.is_zero()) return R.is_zero() ? G1Jacobian{x2, y2, Fq::one()}.dbl() : infinity();
    const Fq HH = H.square();
    const Fq I = HH.dbl().dbl();
    const Fq J = H * I;
    const Fq V = X * I;
    G1Jacobian r;
    r.X = R.square() - J - V.dbl();
    r.Y = R * (V - r.X) - (Y * J).dbl();
    r.Z = (Z + H).square() - Z1Z1 - HH;
    return r;
  }

  G1Jacobian add(const G1Jacobian& q) const {
    if (is_infinity()) return q;
    if (q.is_infinity()) return *this;
    const Fq Z1Z1 = Z.square();
    const Fq Z2Z2 = q.Z.square();
    const Fq U1 = X * Z2Z2;
    const Fq U2 = q.X * Z1Z1;
    const Fq S1 = Y * q.Z * Z2Z2;
    const Fq S2 = q.Y * Z * Z1Z1;
    const Fq H = U2 - U1;
    const Fq R = (S2 - S1).dbl();
    if (H.is_zero()) return R.is_zero() ? dbl() : infinity();
    const Fq I = H.dbl().square();
    const Fq J = H * I;
    const Fq V = U1 * I;
    G1Jacobian r;
    r.X = R.square() - J - V.dbl();
    r.Y = R * (V - r.X) - (S1 * J).dbl();
    r.Z = ((Z + q.Z).square() - Z1Z1 - Z2Z2) * H;
    return r;
  }

  G1Affine to_affine() const {
    if (is_infinity()) return G1Affine{Fq::zero(), Fq::zero(), true};
    const Fq zi = Z.inverse();
    const Fq zi2 = zi.square();
    return G1Affine{X * zi2, Y * zi2 * zi, false};
  }
};

}  // namespace zkr
