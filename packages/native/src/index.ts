/**
 * `@zkr/native`: zkr's native prover engine, a C++17 N-API addon built on install (BN254 Fq, Fq2
 * and Fr in Montgomery form on 64-bit limbs, G1 and G2 in Jacobian coordinates, a multi-threaded
 * signed-digit Pippenger MSM with batch-affine buckets over bases resident in native memory, and
 * the Groth16 H polynomial: A, B, C from a witness against resident coefficients, and its NTTs),
 * plus batches of EdDSA-Poseidon signature checks on Baby Jubjub for the node's mempool. When the
 * addon cannot be built or is disabled (`ZKR_NATIVE=0`), {@link nativeAvailable} is false,
 * {@link nativeStatus} says why, and zkr uses its wasm engine (and JavaScript signature checks).
 */
export { NATIVE_ERROR_CODES, type NativeErrorCode } from './errors';
export { nativeAvailable, nativeStatus, type NativeStatus } from './addon';
export { msmG1, msmG2, ResidentBases, type Group } from './msm';
export { groth16H, ResidentCoefficients, type HDomain } from './h';
export { verifyEddsaBatch, type EddsaRecord } from './eddsa';
