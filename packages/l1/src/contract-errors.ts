/**
 * The custom errors of the zkr contracts (`Rollup__X`, `Groth16Verifier__X`), each with the
 * `ZkrError` code it becomes and what to do next. A test checks this list equals the errors of the
 * shipped ABIs, so a new contract error cannot go undecoded.
 */
import type { L1ErrorCode } from './errors';

/** Custom error name -> ZkrError code and hint. */
export const CONTRACT_ERRORS = {
  Rollup__InvalidProof: {
    code: 'INVALID_PROOF',
    hint: 'the proof does not match the public data the contract rebuilt; prove this exact batch with the circuit of its size and this deployment\'s domain',
  },
  Rollup__StaleRoot: { code: 'STALE_ROOT', hint: 'another batch moved the root; rebuild the batch on the current root and prove it again' },
  Rollup__NoVerifierForLength: {
    code: 'NO_VERIFIER_FOR_LENGTH',
    hint: 'no verifier is registered for this batch size; register one with setVerifier or build a batch of a registered size',
  },
  Rollup__NotInField: { code: 'NOT_IN_FIELD', hint: 'roots must be field elements (< r); the batch is malformed' },
  Rollup__NotSequencer: {
    code: 'NOT_SEQUENCER',
    hint: 'this account may not submit batches; ask the owner to call setSequencer for it or sign with a sequencer key',
  },
  Rollup__NotOwner: { code: 'NOT_OWNER', hint: 'only the owner may do this; sign with the owner key' },
  Rollup__Paused: { code: 'PAUSED', hint: 'the rollup is paused; wait for the owner to unpause it' },
  Rollup__NotPaused: { code: 'NOT_PAUSED', hint: 'the rollup is not paused' },
  Rollup__InvalidBatchSize: { code: 'INVALID_BATCH_SIZE', hint: 'batch sizes start at 1' },
  Rollup__NotAContract: { code: 'NOT_A_CONTRACT', hint: 'the verifier address has no code; deploy the verifier first' },
  Rollup__ZeroAddress: { code: 'ZERO_ADDRESS', hint: 'pass a non-zero address' },
  Groth16Verifier__InvalidVerificationKey: {
    code: 'INVALID_VERIFICATION_KEY',
    hint: 'point 0 alpha, 1 beta, 2 gamma, 3 delta, 4 IC0, 5 IC1 is not a valid BN254 point; export vkey.json again from the circuit\'s zkey',
  },
} as const satisfies Record<string, { readonly code: L1ErrorCode; readonly hint: string }>;

/** The name of a custom error of the zkr contracts. */
export type ContractErrorName = keyof typeof CONTRACT_ERRORS;

/** True when `name` is one of {@link CONTRACT_ERRORS}. */
export function isContractErrorName(name: string): name is ContractErrorName {
  return Object.prototype.hasOwnProperty.call(CONTRACT_ERRORS, name);
}
