// Prime fields of BN254 in Montgomery form: an element a is stored as a * 2^256 mod p on four
// little-endian 64-bit limbs, always fully reduced (< p), so equality is limb equality. Products
// use unsigned __int128; reduction is word-by-word Montgomery (CIOS).
#pragma once

#include <cstdint>
#include <cstring>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "limbs are read from little-endian bytes with memcpy");

namespace zkr {

using u64 = uint64_t;
using u128 = unsigned __int128;

// The constants of one field: its modulus, -p^-1 mod 2^64, and 2^256 mod p (the element one).
struct FqParams {
  static constexpr u64 P[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
  static constexpr u64 INV = 0x87d20782e4866389ULL;
  static constexpr u64 ONE[4] = {0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL};
};
struct FrParams {
  static constexpr u64 P[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
  static constexpr u64 INV = 0xc2e1f593efffffffULL;
  static constexpr u64 ONE[4] = {0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL};
};

// True when the little-endian 4-limb integer a is below m.
inline bool less_than(const u64 a[4], const u64 m[4]) {
  for (int i = 3; i >= 0; i--) {
    if (a[i] != m[i]) return a[i] < m[i];
  }
  return false;
}

template <typename Params>
struct Field {
  u64 v[4];

  static Field zero() { return Field{{0, 0, 0, 0}}; }
  static Field one() { return Field{{Params::ONE[0], Params::ONE[1], Params::ONE[2], Params::ONE[3]}}; }

  // Reads 32 little-endian bytes as limbs (the value is taken as already in Montgomery form).
  static Field from_bytes(const uint8_t* bytes) {
    Field r;
    std::memcpy(r.v, bytes, 32);
    return r;
  }
  void to_bytes(uint8_t* bytes) const { std::memcpy(bytes, v, 32); }

  // True when the limbs hold a value below p (a canonical element).
  bool is_canonical() const { return less_than(v, Params::P); }
  bool is_zero() const { return (v[0] | v[1] | v[2] | v[3]) == 0; }
  bool operator==(const Field& o) const { return ((v[0] ^ o.v[0]) | (v[1] ^ o.v[1]) | (v[2] ^ o.v[2]) | (v[3] ^ o.v[3])) == 0; }
  bool operator!=(const Field& o) const { return !(*this == o); }

  // Subtracts p when the value is >= p (inputs below 2p), without branching on the value.
  static void reduce_once(u64 t[4]) {
    u64 s[4];
    u64 borrow = 0;
    for (int i = 0; i < 4; i++) {
      const u128 d = (u128)t[i] - Params::P[i] - borrow;
      s[i] = (u64)d;
      borrow = (u64)(d >> 64) & 1;
    }
    const u64 keep = 0 - borrow;  // all ones when t < p
    for (int i = 0; i < 4; i++) t[i] = (t[i] & keep) | (s[i] & ~keep);
  }

  friend Field operator+(const Field& a, const Field& b) {
    Field r;
    u64 carry = 0;
    for (int i = 0; i < 4; i++) {
      u128 s = (u128)a.v[i] + b.v[i] + carry;
      r.v[i] = (u64)s;
      carry = (u64)(s >> 64);
    }
    reduce_once(r.v);  // a + b < 2p < 2^256: no carry out of the top limb
    return r;
  }

  friend Field operator-(const Field& a, const Field& b) {
    Field r;
    u64 borrow = 0;
    for (int i = 0; i < 4; i++) {
      const u128 d = (u128)a.v[i] - b.v[i] - borrow;
      r.v[i] = (u64)d;
      borrow = (u64)(d >> 64) & 1;
    }
    const u64 mask = 0 - borrow;  // add p back when a < b
    u64 carry = 0;
    for (int i = 0; i < 4; i++) {
      const u128 s = (u128)r.v[i] + (Params::P[i] & mask) + carry;
      r.v[i] = (u64)s;
      carry = (u64)(s >> 64);
    }
    return r;
  }

  Field neg() const { return is_zero() ? *this : zero() - *this; }
  Field dbl() const { return *this + *this; }

  // Montgomery product a * b / 2^256 mod p: CIOS, one word of b per round (multiply, then reduce
  // by m * p with m = t0 * INV so the low word cancels, then shift). The top limb of p is below
  // 2^62, so the running value stays below 2p < 2^256. (A mulx/adx variant measured only ~3%
  // faster on the whole MSM here, so the portable __int128 form is kept.)
  friend Field operator*(const Field& a, const Field& b) {
    u64 t[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
      const u64 bi = b.v[i];
      u128 A = (u128)a.v[0] * bi + t[0];
      const u64 m = (u64)A * Params::INV;
      u128 C = (u128)m * Params::P[0] + (u64)A;
      for (int j = 1; j < 4; j++) {
        A = (u128)a.v[j] * bi + t[j] + (u64)(A >> 64);
        C = (u128)m * Params::P[j] + (u64)A + (u64)(C >> 64);
        t[j - 1] = (u64)C;
      }
      t[3] = (u64)(C >> 64) + (u64)(A >> 64);
    }
    Field r{{t[0], t[1], t[2], t[3]}};
    reduce_once(r.v);
    return r;
  }

  Field square() const { return *this * *this; }

  // a^-1 by Fermat (a^(p-2)); zero maps to zero. Slow: for a handful of elements only.
  Field inverse() const {
    u64 e[4];
    std::memcpy(e, Params::P, 32);
    e[0] -= 2;  // p is odd and its low limb is above 2
    Field result = one();
    for (int i = 3; i >= 0; i--) {
      for (int bit = 63; bit >= 0; bit--) {
        result = result.square();
        if ((e[i] >> bit) & 1) result = result * *this;
      }
    }
    return result;
  }
};

using Fq = Field<FqParams>;
using Fr = Field<FrParams>;

}  // namespace zkr
