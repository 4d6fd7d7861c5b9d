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
    hint: 'the proof does not match [newStateHash, dataHash, oldQueueHash, newQueueHash] of the batch data the contract rebuilt from its state hash and the calldata and of its queue; prove this exact batch, built on the rollup\'s current state and queue, with the circuit of its size',
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
  Rollup__NotAContract: { code: 'NOT_A_CONTRACT', hint: 'the verifier, hasher or token address has no code; deploy that contract first or pass the right address' },
  Rollup__ZeroAddress: { code: 'ZERO_ADDRESS', hint: 'pass a non-zero address' },
  Rollup__ExodusMode: {
    code: 'EXODUS_MODE',
    hint: 'the rollup is in exodus mode (docs/protocol.md §13): it takes no more batches, deposits or exit requests; leave with exodusWithdraw (an account with an L1 owner) or refundDeposit (an unconsumed deposit), then claim',
  },
  Rollup__AmountNotRepresentable: {
    code: 'AMOUNT_NOT_REPRESENTABLE',
    hint: 'the amount has no float encoding (docs/protocol.md §1.1: below 2^34, or a multiple of a power of ten with a mantissa below 2^34, and below 2^64); pass a representable amount',
  },
  Rollup__ZeroAmount: { code: 'ZERO_AMOUNT', hint: 'a deposit to an existing account must be of a positive amount' },
  Rollup__WrongValue: {
    code: 'WRONG_VALUE',
    hint: 'the value paid must be exactly amount·unit (ETH rollup: msg.value; token rollup: msg.value 0 and the tokens moved by transferFrom); send amount·unit, or no ETH to a token rollup',
  },
  Rollup__TokenTransferFailed: {
    code: 'TOKEN_TRANSFER_FAILED',
    hint: 'the token transferFrom failed or moved another amount than amount·unit; approve the Rollup for amount·unit and hold that balance (a token that charges fees on transfer cannot be used)',
  },
  Rollup__InvalidPublicKey: {
    code: 'INVALID_PUBLIC_KEY',
    hint: 'the new account\'s key is not a Baby Jubjub point with 8·A of non-zero x; pass the publicKey of a key made by `zkr keygen`',
  },
  Rollup__TreeFull: { code: 'TREE_FULL', hint: 'every index below 2^depth is assigned; deposit to an existing account (depositTo) instead' },
  Rollup__UnknownAccount: { code: 'UNKNOWN_ACCOUNT', hint: 'no account was ever assigned this index (index >= nextIndex); check the index' },
  Rollup__QueueCountOutOfRange: {
    code: 'QUEUE_COUNT_OUT_OF_RANGE',
    hint: 'the batch consumes more queue operations than the rollup has pending or than its queue positions allow; rebuild the batch on the rollup\'s queue (queueOperations from consumed())',
  },
  Rollup__TransferFailed: {
    code: 'TRANSFER_FAILED',
    hint: 'paying the claim failed (an ETH receiver that reverts, or a token transfer that reverted or returned false); claim from an account that accepts the asset',
  },
  Rollup__NothingToClaim: { code: 'NOTHING_TO_CLAIM', hint: 'this address has no claimable balance; credits come from batches that consume its deposits, exits and withdrawals, or from the escape hatch' },
  Rollup__ExodusNotDue: {
    code: 'EXODUS_NOT_DUE',
    hint: 'the oldest unconsumed queue operation is not older than the exodus delay (or none is pending); exodus can be activated only when the queue is not served in time',
  },
  Rollup__NotInExodus: { code: 'NOT_IN_EXODUS', hint: 'the rollup is not in exodus mode; exodusWithdraw and refundDeposit work only after activateExodus' },
  Rollup__StaleRoot: {
    code: 'STALE_ROOT',
    hint: 'Poseidon([domain, root]) is not the rollup\'s final state hash; rebuild the state from L1 up to the last accepted batch and prove against its root',
  },
  Rollup__InvalidMerkleProof: {
    code: 'INVALID_MERKLE_PROOF',
    hint: 'the account and siblings do not hash to the root at this index; take both from the state of the last accepted batch',
  },
  Rollup__NoOwner: { code: 'NO_OWNER', hint: 'the account has no L1 owner (owner 0), so it cannot leave through the escape hatch' },
  Rollup__AlreadyExited: { code: 'ALREADY_EXITED', hint: 'this index already left through the escape hatch; claim the credit if it is still pending' },
  Rollup__NotRefundable: {
    code: 'NOT_REFUNDABLE',
    hint: 'only an unconsumed deposit (kind 1 or 2 at a position >= consumed) can be refunded; a consumed operation was settled by its batch',
  },
  Rollup__AlreadyRefunded: { code: 'ALREADY_REFUNDED', hint: 'this deposit was already refunded; claim the credit if it is still pending' },
  Rollup__QueueOperationMismatch: {
    code: 'QUEUE_OPERATION_MISMATCH',
    hint: 'the key and word do not hash to the stored queue hash of this position; pass the operation exactly as its QueueOperationAdded event gives it (queueOperations)',
  },
  Rollup__InvalidQueuePositions: { code: 'INVALID_QUEUE_POSITIONS', hint: 'queue positions per batch (Q) must be 1 to 64; create the genesis state with a Q in range' },
  Rollup__InvalidWithdrawalPositions: { code: 'INVALID_WITHDRAWAL_POSITIONS', hint: 'withdrawal positions per batch (W) must be 1 to 64; create the genesis state with a W in range' },
  Rollup__InvalidUnit: { code: 'INVALID_UNIT', hint: 'the unit must be 1 <= unit < 2^128 base units per L2 unit; pass --unit in range' },
  Rollup__InvalidExodusDelay: { code: 'INVALID_EXODUS_DELAY', hint: 'the exodus delay must be 1 <= delay < 2^32 seconds; pass --exodus-delay in range' },
  Rollup__QueuePositionOutOfRange: {
    code: 'QUEUE_POSITION_OUT_OF_RANGE',
    hint: 'the queue does not reach this position yet; read queueLength() and ask only for positions below it',
  },
  Rollup__Reentrancy: { code: 'REENTRANCY', hint: 'the Rollup was re-entered during a payment; call it again outside the receiving contract\'s callback' },
  Groth16Verifier__InvalidVerificationKey: {
    code: 'INVALID_VERIFICATION_KEY',
    hint: 'point 0 alpha, 1 beta, 2 gamma, 3 delta, 4 IC0, 5 IC1, 6 IC2, 7 IC3, 8 IC4 is not a valid BN254 point; export vkey.json again from the circuit\'s zkey',
  },
} as const satisfies Record<string, { readonly code: L1ErrorCode; readonly hint: string }>;

/** The name of a custom error of the zkr contracts. */
export type ContractErrorName = keyof typeof CONTRACT_ERRORS;

/** True when `name` is one of {@link CONTRACT_ERRORS}. */
export function isContractErrorName(name: string): name is ContractErrorName {
  return Object.prototype.hasOwnProperty.call(CONTRACT_ERRORS, name);
}
