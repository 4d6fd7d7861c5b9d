/**
 * @zkr/state: protocol v3's BN254 field, arity-4 Poseidon account tree, float amounts, EdDSA-signed
 * transfers and withdrawals, the L1 queue, batch builder, batch data, replay and JSON files.
 */
export { STATE_ERROR_CODES, type StateErrorCode } from './errors';
export type {
  Account, Batch, BatchSlot, Credit, LeafUpdate, PublicKey, QueueLeafUpdate, QueueOperation, QueueOperationKind, QueuePosition, QueueSkipReason,
  SiblingTriple, Signature, SignedTransfer, SignedWithdrawal, TransferBody, WithdrawalBody, WithdrawalPosition,
} from './types';
export {
  FIELD_ORDER, SUBGROUP_ORDER, VALUE_BITS, VALUE_LIMIT, MIN_DEPTH, MAX_DEPTH, MAX_BATCH_SIZE, OWNER_LIMIT, BATCH_NUMBER_LIMIT,
  MAX_POSITIONS, DEFAULT_POSITIONS, QUEUE_HASH_BITS, QUEUE_HASH_LIMIT,
  isFieldElement, isValue, isIndex, isDepth, isOwner, isL1Address,
  assertDepth, assertFieldElement, assertValue, assertIndex, assertInteger, assertOwner, assertL1Address, assertPositions,
} from './field';
export {
  AMOUNT_MANTISSA_BITS, AMOUNT_WORD_LIMIT, encodeAmount, decodeAmount, encodeFee, decodeFee, nearestAmounts, nearestFees,
  isAmountRepresentable, isFeeRepresentable, assertAmountRepresentable, assertFeeRepresentable, type NearestValues,
} from './float';
export { createPoseidon, type Poseidon, type PoseidonImplementation } from './poseidon';
export { createEddsa, generateKeyPair, type Eddsa, type KeyPair } from './eddsa';
export { createCryptoSuite, type CryptoSuite, type CryptoSuiteOptions } from './suite';
export { AccountTree, leafHash, emptyHashes, computeRoot, treeLevels, pathDigit, type StoredNode, type StoredLeaf, type TreeDiff } from './tree';
export { RollupState, assertAccount, assertPublicKey, type IndexedAccount, type GenesisParams, type StateCounters } from './state';
export { computeDomain, stateHashOf, DOMAIN_TAG } from './domain';
export {
  transferMessage, signTransfer, applyTransfer, checkTransferFields, REJECTION_CODES,
  type RejectionCode, type AppliedTransfer, type RejectedTransfer, type Rejected,
} from './transfer';
export {
  withdrawalMessage, signWithdrawal, applyWithdrawal, checkWithdrawalFields, WITHDRAWAL_REJECTION_CODES, WITHDRAWAL_KIND,
  type WithdrawalRejectionCode, type AppliedWithdrawal, type RejectedWithdrawal,
} from './withdrawal';
export {
  QUEUE_OPERATION_KINDS, QUEUE_WORD_LIMIT, queueWordOf, decodeQueueWord, queueHashStep, queueHashOf, assertQueueOperation, applyQueueOperation, queueRule,
  type QueueWordFields, type QueueOutcome, type AppliedQueueOperation,
} from './queue';
export {
  buildBatch, type BuildBatchOptions, type BuildBatchResult, type Rejection, type WithdrawalRejection,
} from './builder';
export { assertBatchConsistent } from './replay';
export { applyBatchData } from './apply-data';
export {
  batchDataHeaderBytes, txDataOf, opWordOf, SLOT_KINDS, WITHDRAWAL_KINDS, NOOP_SLOT, EMPTY_QUEUE_ENTRY, EMPTY_WITHDRAWAL, QUEUE_ENTRY_BYTES,
  indexBytes, slotBytes, withdrawalEntryBytes, batchDataLength, encodeBatchData, decodeBatchData, dataHashOf, creditsOf, batchDataOf,
  publicSlotOf, publicQueueEntryOf, publicWithdrawalOf,
  type BatchData, type BatchDataLayout, type PublicSlot, type PublicQueueEntry, type PublicWithdrawal, type SlotKind, type WithdrawalKind,
} from './batchData';
export {
  keyToJson, keyFromJson, readKeyFile, writeKeyFile,
  keysToJson, keysFromJson, readKeysFile, writeKeysFile, type IndexedKeyPair,
  accountsToJson, accountsFromJson, readAccountsFile, type GenesisAccountEntry,
  stateToJson, stateFromJson, readStateFile, writeStateFile,
  transfersToJson, transfersFromJson, readTransfersFile, writeTransfersFile,
  withdrawalsToJson, withdrawalsFromJson, readWithdrawalsFile, writeWithdrawalsFile,
  queueToJson, queueFromJson, readQueueFile, writeQueueFile,
  batchToJson, batchFromJson, readBatchFile, writeBatchFile, ownerToHex,
} from './json';
export { FILE_VERSION, readJson, writeJsonAtomic, writeJsonFiles, parseVersioned, type JsonFileWrite } from './files';
export { buildBatchFiles, type BatchFiles, type BuildBatchFilesOptions } from './batch-files';
