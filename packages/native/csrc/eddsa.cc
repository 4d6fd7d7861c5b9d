// Baby Jubjub (a·x² + y² = 1 + d·x²·y² over BN254's Fr, a = 168700, d = 168696) in extended
// twisted-Edwards coordinates with the unified addition law, which is complete on this curve (a is
// a square and d is not), so no point needs a special case. Verification uses public values only
// and runs in variable time:
//   S·B8 from a table of j·16^i·B8 (64 rows of 15 affine points, built once): at most 63 additions;
//   (8·h)·A as h'·(8·A) with h' = h mod l (8·A, of order dividing l, is computed anyway for the key
//   check): a 4-bit fixed window, 4 doublings and at most 1 addition per digit.
// Equality is projective (X1·Z2 = X2·Z1, Y1·Z2 = Y2·Z1): Z is never zero under the complete law.
#include "eddsa.h"

#include <cstring>
#include <initializer_list>

#include "field.h"

namespace zkr {
namespace {

// The prime-order subgroup's order l (the curve's order is 8·l), little-endian limbs.
constexpr u64 SUBGROUP_ORDER[4] = {0x677297dc392126f1ULL, 0xab3eedb83920ee0aULL, 0x370a08b6d0302b0bULL, 0x060c89ce5c263405ULL};
// B8, circomlibjs's babyJub.Base8, in standard form.
constexpr u64 BASE8_X[4] = {0x2893f3f6bb957051ULL, 0x2ab8d8010534e0b6ULL, 0x4eacb2e09d6277c1ULL, 0x0bb77a6ad63e739bULL};
constexpr u64 BASE8_Y[4] = {0x4b3c257a872d7d8bULL, 0xfce0051fb9e13377ULL, 0x25572e1cd16bf9edULL, 0x25797203f7a0b249ULL};
constexpr u64 CURVE_A = 168700;
constexpr u64 CURVE_D = 168696;

// Extended coordinates: x = X/Z, y = Y/Z, T = X·Y/Z.
struct Point {
  Fr X, Y, Z, T;
};

// A point ready to be added: its extended coordinates with T multiplied by d.
struct Cached {
  Fr X, Y, Z, dT;
};

// Window digits of a scalar below 2^256 (4 bits each) and the table rows for S·B8.
constexpr int WINDOWS = 64;

struct Constants {
  Fr r2;  // 2^512 mod p: x·r2 is x in Montgomery form
  Fr a, d, one;
  Cached base8[WINDOWS][16];  // base8[i][j] = j·16^i·B8 (row entry 0, the identity, unused)
};

Fr raw(const u64 limbs[4]) { return Fr{{limbs[0], limbs[1], limbs[2], limbs[3]}}; }

Point identity(const Constants& c) { return Point{Fr::zero(), c.one, c.one, Fr::zero()}; }

Cached cache(const Constants& c, const Point& p) { return Cached{p.X, p.Y, p.Z, c.d * p.T}; }

// The complete addition law (add-2008-hwcd with a general a).
Point add(const Constants& c, const Point& p, const Cached& q) {
  const Fr A = p.X * q.X;
  const Fr B = p.Y * q.Y;
  const Fr C = p.T * q.dT;
  const Fr D = p.Z * q.Z;
  const Fr E = (p.X + p.Y) * (q.X + q.Y) - A - B;
  const Fr F = D - C;
  const Fr G = D + C;
  const Fr H = B - c.a * A;
  return Point{E * F, G * H, F * G, E * H};
}

// Doubling (dbl-2008-hwcd with a general a).
Point dbl(const Constants& c, const Point& p) {
  const Fr A = p.X.square();
  const Fr B = p.Y.square();
  const Fr C = p.Z.square().dbl();
  const Fr D = c.a * A;
  const Fr E = (p.X + p.Y).square() - A - B;
  const Fr G = D + B;
  const Fr F = G - C;
  const Fr H = D - B;
  return Point{E * F, G * H, F * G, E * H};
}

bool equal(const Point& p, const Point& q) { return p.X * q.Z == q.X * p.Z && p.Y * q.Z == q.Y * p.Z; }

Constants build_constants() {
  Constants c;
  c.one = Fr::one();
  c.r2 = c.one;
  for (int i = 0; i < 256; i++) c.r2 = c.r2.dbl();  // (2^256 mod p)·2^256
  const u64 a[4] = {CURVE_A, 0, 0, 0}, d[4] = {CURVE_D, 0, 0, 0};
  c.a = raw(a) * c.r2;
  c.d = raw(d) * c.r2;
  const Fr bx = raw(BASE8_X) * c.r2, by = raw(BASE8_Y) * c.r2;
  Point base{bx, by, c.one, bx * by};
  for (int i = 0; i < WINDOWS; i++) {
    Point entry = identity(c);
    const Cached step = cache(c, base);
    c.base8[i][0] = cache(c, entry);
    for (int j = 1; j < 16; j++) {
      entry = add(c, entry, step);
      const Fr z = entry.Z.inverse();  // affine (Z = 1) entries: built once, so a plain inversion will do
      const Fr x = entry.X * z, y = entry.Y * z;
      c.base8[i][j] = Cached{x, y, c.one, c.d * x * y};
    }
    for (int k = 0; k < 4; k++) base = dbl(c, base);
  }
  return c;
}

// Built on first use; C++11 makes the initialisation of a function-local static thread-safe, and
// the constants are never written afterwards, so every thread (and worker) may read them.
const Constants& constants() {
  static const Constants c = build_constants();
  return c;
}

int digit(const u64 k[4], int i) { return (int)((k[i / 16] >> (4 * (i % 16))) & 15); }

// The number of 4-bit windows up to the top nonzero digit of k (0 for k = 0).
int window_count(const u64 k[4]) {
  for (int i = WINDOWS - 1; i >= 0; i--) {
    if (digit(k, i) != 0) return i + 1;
  }
  return 0;
}

Point mul_base8(const Constants& c, const u64 k[4]) {
  Point acc = identity(c);
  const int n = window_count(k);
  for (int i = 0; i < n; i++) {
    const int j = digit(k, i);
    if (j != 0) acc = add(c, acc, c.base8[i][j]);
  }
  return acc;
}

Point mul(const Constants& c, const Point& p, const u64 k[4]) {
  Cached table[16];
  Point entry = identity(c);
  table[0] = cache(c, entry);
  const Cached step = cache(c, p);
  for (int j = 1; j < 16; j++) {
    entry = add(c, entry, step);
    table[j] = cache(c, entry);
  }
  Point acc = identity(c);
  for (int i = window_count(k) - 1; i >= 0; i--) {
    acc = dbl(c, dbl(c, dbl(c, dbl(c, acc))));
    const int j = digit(k, i);
    if (j != 0) acc = add(c, acc, table[j]);
  }
  return acc;
}

bool on_curve(const Constants& c, const Fr& x, const Fr& y) {
  const Fr x2 = x.square(), y2 = y.square();
  return c.a * x2 + y2 == c.one + c.d * x2 * y2;
}

// k mod l for k < 2^256 (k < 2^256 < 24·l: a few subtractions).
void reduce_mod_l(u64 k[4]) {
  while (!less_than(k, SUBGROUP_ORDER)) {
    u64 borrow = 0;
    for (int i = 0; i < 4; i++) {
      const u128 diff = (u128)k[i] - SUBGROUP_ORDER[i] - borrow;
      k[i] = (u64)diff;
      borrow = (u64)(diff >> 64) & 1;
    }
  }
}

bool verify(const Constants& c, const uint8_t* record) {
  u64 v[6][4];  // R8x, R8y, S, Ax, Ay, h
  std::memcpy(v, record, EDDSA_RECORD_BYTES);
  for (int i : {0, 1, 3, 4, 5}) {
    if (!less_than(v[i], FrParams::P)) return false;
  }
  if (!less_than(v[2], SUBGROUP_ORDER)) return false;
  const Fr r8x = raw(v[0]) * c.r2, r8y = raw(v[1]) * c.r2, ax = raw(v[3]) * c.r2, ay = raw(v[4]) * c.r2;
  if (!on_curve(c, ax, ay) || !on_curve(c, r8x, r8y)) return false;
  Point a{ax, ay, c.one, ax * ay};
  const Point a8 = dbl(c, dbl(c, dbl(c, a)));
  if (a8.X.is_zero()) return false;  // A of small order: the circuit refuses such keys
  reduce_mod_l(v[5]);                 // 8·A has order dividing l
  const Point left = mul_base8(c, v[2]);
  const Point right = add(c, Point{r8x, r8y, c.one, r8x * r8y}, cache(c, mul(c, a8, v[5])));
  return equal(left, right);
}

}  // namespace

void eddsa_verify_batch(const uint8_t* records, size_t n, uint8_t* verdicts) {
  const Constants& c = constants();
  for (size_t i = 0; i < n; i++) verdicts[i] = verify(c, records + i * EDDSA_RECORD_BYTES) ? 1 : 0;
}

}  // namespace zkr
