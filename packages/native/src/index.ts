/**
 * `@zkr/native`: zkr's native prover engine, a C++17 N-API addon built on install (BN254 Fq and Fr
 * in Montgomery form on 64-bit limbs, G1 in Jacobian coordinates, a multi-threaded signed-digit
 * Pippenger MSM). When the addon cannot be built or is disabled (`ZKR_NATIVE=0`),
 * {@link nativeAvailable} is false, {@link nativeStatus} says why, and zkr uses its wasm engine.
 */
export { NATIVE_ERROR_CODES, type NativeErrorCode } from './errors';
export { nativeAvailable, nativeStatus, type NativeStatus } from './addon';
export { msmG1 } from './msm';
