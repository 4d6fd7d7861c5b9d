/**
 * The error codes of `@zkr/l1`. Codes of the contracts' custom errors are listed here too (their
 * mapping is `CONTRACT_ERRORS` in `contract-errors.ts`). Errors of `@zkr/state` helpers used on the
 * way (file reading, argument checks) keep their own codes.
 */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/l1` throws. */
export const L1_ERROR_CODES = [
  // arguments and files
  'INVALID_ARGUMENT',
  'INVALID_FILE',
  'UNSUPPORTED_VERSION',
  'FILE_UNWRITABLE',
  'ARTIFACTS_CORRUPT',
  'BATCH_SIZE_MISMATCH',
  'BATCH_SIZE_UNKNOWN',
  'DEPTH_MISMATCH',
  'VERIFICATION_KEY_NOT_FOUND',
  'INVALID_VERIFICATION_KEY',
  // network and signer
  'EMBEDDED_CHAIN_UNAVAILABLE',
  'INVALID_RPC_URL',
  'RPC_UNREACHABLE',
  'RPC_TIMEOUT',
  'INVALID_PRIVATE_KEY',
  'KEYSTORE_PASSWORD_MISSING',
  'KEYSTORE_UNREADABLE',
  'KEYSTORE_DECRYPT_FAILED',
  'NO_SIGNER',
  'L1_REQUEST_FAILED',
  // deployment and batches, checked before sending
  'CHAIN_MISMATCH',
  'DEPLOYMENT_NOT_FOUND',
  'DOMAIN_MISMATCH',
  'BATCH_INCONSISTENT',
  'PROOF_MISMATCH',
  'STATE_MISMATCH',
  'INDIRECT_SUBMISSION',
  'PARAMETER_MISMATCH',
  'DEPLOYER_NONCE_CHANGED',
  'QUEUE_MISMATCH',
  'TX_DROPPED',
  'TX_REVERTED',
  // custom errors of the contracts (see contract-errors.ts)
  'INVALID_PROOF',
  'WRONG_BATCH_NUMBER',
  'BATCH_NUMBER_OUT_OF_RANGE',
  'NO_VERIFIER_FOR_LENGTH',
  'INDEX_OUT_OF_RANGE',
  'NOT_IN_FIELD',
  'INVALID_DEPTH',
  'NOT_SEQUENCER',
  'NOT_OWNER',
  'PAUSED',
  'NOT_PAUSED',
  'INVALID_BATCH_SIZE',
  'NOT_A_CONTRACT',
  'ZERO_ADDRESS',
  'EXODUS_MODE',
  'AMOUNT_NOT_REPRESENTABLE',
  'ZERO_AMOUNT',
  'WRONG_VALUE',
  'TOKEN_TRANSFER_FAILED',
  'INVALID_PUBLIC_KEY',
  'TREE_FULL',
  'UNKNOWN_ACCOUNT',
  'QUEUE_COUNT_OUT_OF_RANGE',
  'TRANSFER_FAILED',
  'NOTHING_TO_CLAIM',
  'EXODUS_NOT_DUE',
  'NOT_IN_EXODUS',
  'STALE_ROOT',
  'INVALID_MERKLE_PROOF',
  'NO_OWNER',
  'ALREADY_EXITED',
  'NOT_REFUNDABLE',
  'ALREADY_REFUNDED',
  'QUEUE_OPERATION_MISMATCH',
  'REENTRANCY',
  'INVALID_QUEUE_POSITIONS',
  'INVALID_WITHDRAWAL_POSITIONS',
  'INVALID_UNIT',
  'INVALID_EXODUS_DELAY',
  'QUEUE_POSITION_OUT_OF_RANGE',
] as const;

/** A code thrown by `@zkr/l1`. */
export type L1ErrorCode = (typeof L1_ERROR_CODES)[number];

/** Builds an `@zkr/l1` error; the code must be one of {@link L1_ERROR_CODES}. */
export const l1Error = defineErrors(L1_ERROR_CODES);
