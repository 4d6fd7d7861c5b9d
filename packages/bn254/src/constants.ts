/**
 * BN254 (alt_bn128, circom's `bn128`) constants, defined once for every zkr package.
 * `r` is the scalar field of circuits and witnesses, `q` the base field of curve coordinates.
 */

/** The scalar field order `r` every zkr circuit, witness and key is over. */
export const FR_ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** The base field order `q` (coordinates of G1 and G2 points). */
export const FQ_ORDER = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** Bytes of one field element (Fr or Fq), little-endian. */
export const FIELD_BYTES = 32;
/** Bytes of an affine G1 point (x, y). */
export const G1_AFFINE_BYTES = 64;
/** Bytes of an affine G2 point (x, y in Fq2). */
export const G2_AFFINE_BYTES = 128;
/** Bytes of a Jacobian G1 point (x, y, z), as the wasm stores it. */
export const G1_JACOBIAN_BYTES = 96;
/** Bytes of a Jacobian G2 point. */
export const G2_JACOBIAN_BYTES = 192;
/** The Montgomery radix `R = 2^256` of the wasm field arithmetic. */
export const MONTGOMERY_R = 1n << 256n;
/** `R^2 mod r`: multiplying by it maps a scalar to the form snarkjs stores in zkey section 4. */
export const FR_MONTGOMERY_R2 = (MONTGOMERY_R % FR_ORDER) ** 2n % FR_ORDER;
/** The largest k with 2^k dividing r - 1: the biggest FFT domain of Fr. */
export const FR_TWO_ADICITY = 28;
