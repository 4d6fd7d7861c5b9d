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
    hint: 'the proof does not match [newStateHash, dataHash] of the batch data the contract rebuilt from its state hash and the calldata; prove this exact batch, built on the rollup\'s current state, with the circuit of its size',
  },
  Rollup__WrongBatchNumber: {
    code: 'WRONG_BATCH_NUMBER',
    hint: 'the rollup expects another batch number (a batch is accepted once, in order); rebuild the batch on the state the rollup holds and prove it again',
  },
  Rollup__BatchNumberOutOfRange: { code: 'BATCH_NUMBER_OUT_OF_RANGE', hint: 'batch numbers are hashed as a uint32 and must be below 2^32; this rollup is full, deploy a new one' },
  Rollup__NoVerifierForLength: {
    code: 'NO_VERIFIER_FOR_LENGTH',
    hint: 'no verifier is registered for this batch size; register one with setVerifier or build a batch of a registered size',
  },
  Rollup__IndexOutOfRange: { code: 'INDEX_OUT_OF_RANGE', hint: 'account indices must be below 2^depth of the rollup; the batch is for another tree depth' },
  Rollup__NotInField: { code: 'NOT_IN_FIELD', hint: 'roots and state hashes must be field elements (< r); the batch is malformed' },
  Rollup__InvalidDepth: { code: 'INVALID_DEPTH', hint: 'the tree depth must be an even integer from 2 to 32' },
  Rollup__NotSequencer: {
    code: 'NOT_SEQUENCER',
    hint: 'this account may not submit batches; ask the owner to call setSequencer for it or sign with a sequencer key',
  },
  Rollup__NotOwner: { code: 'NOT_OWNER', hint: 'only the owner may do this; sign with the owner key' },
  Rollup__Paused: { code: 'PAUSED', hint: 'the rollup is paused; wait for the owner to unpause it' },
  Rollup__NotPaused: { code: 'NOT_PAUSED', hint: 'the rollup is not paused' },
  Rollup__InvalidBatchSize: { code: 'INVALID_BATCH_SIZE', hint: 'batch sizes start at 1' },
  Rollup__NotAContract: { code: 'NOT_A_CONTRACT', hint: 'the verifier or hasher address has no code; deploy that contract first' },
  Rollup__ZeroAddress: { code: 'ZERO_ADDRESS', hint: 'pass a non-zero address' },
  Groth16Verifier__InvalidVerificationKey: {
    code: 'INVALID_VERIFICATION_KEY',
    hint: 'point 0 alpha, 1 beta, 2 gamma, 3 delta, 4 IC0, 5 IC1, 6 IC2 is not a valid BN254 point; export vkey.json again from the circuit\'s zkey',
  },
} as const satisfies Record<string, { readonly code: L1ErrorCode; readonly hint: string }>;

/** The name of a custom error of the zkr contracts. */
export type ContractErrorName = keyof typeof CONTRACT_ERRORS;

/** True when `name` is one of {@link CONTRACT_ERRORS}. */
export function isContractErrorName(name: string): name is ContractErrorName {
  return Object.prototype.hasOwnProperty.call(CONTRACT_ERRORS, name);
}
