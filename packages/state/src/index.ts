/** @zkr/state: protocol v2's BN254 field, arity-4 Poseidon account tree, float amounts, EdDSA-signed transfers, batch builder, batch data, JSON files. */
export { STATE_ERROR_CODES, type StateErrorCode } from './errors';
export type {
  Account, Batch, BatchSlot, LeafUpdate, PublicKey, SiblingTriple, Signature, SignedTransfer, TransferBody,
} from './types';
export {
  FIELD_ORDER, SUBGROUP_ORDER, VALUE_BITS, VALUE_LIMIT, MIN_DEPTH, MAX_DEPTH, MAX_BATCH_SIZE, OWNER_LIMIT, BATCH_NUMBER_LIMIT,
  isFieldElement, isValue, isIndex, isDepth, isOwner,
  assertDepth, assertFieldElement, assertValue, assertIndex, assertInteger, assertOwner,
} from './field';
export {
  AMOUNT_MANTISSA_BITS, AMOUNT_WORD_LIMIT, encodeAmount, decodeAmount, encodeFee, decodeFee, nearestAmounts, nearestFees,
  isAmountRepresentable, isFeeRepresentable, assertAmountRepresentable, assertFeeRepresentable, type NearestValues,
} from './float';
export { createPoseidon, type Poseidon, type PoseidonImplementation } from './poseidon';
export { createEddsa, generateKeyPair, type Eddsa, type KeyPair } from './eddsa';
export { createCryptoSuite, type CryptoSuite, type CryptoSuiteOptions } from './suite';
export { AccountTree, leafHash, emptyHashes, computeRoot, treeLevels, pathDigit } from './tree';
export { RollupState, assertAccount, type IndexedAccount, type GenesisParams } from './state';
export { computeDomain, stateHashOf, DOMAIN_TAG } from './domain';
export {
  transferMessage, signTransfer, applyTransfer, REJECTION_CODES,
  type RejectionCode, type AppliedTransfer, type RejectedTransfer,
} from './transfer';
export { buildBatch, type BuildBatchOptions, type BuildBatchResult, type Rejection } from './builder';
export { assertBatchConsistent } from './replay';
export {
  batchDataHeaderBytes, txDataOf, opWordOf, SLOT_KINDS, NOOP_SLOT, indexBytes, slotBytes, batchDataLength, encodeBatchData, decodeBatchData,
  dataHashOf, publicSlotOf, type BatchData, type PublicSlot, type SlotKind,
} from './batchData';
export {
  keyToJson, keyFromJson, readKeyFile, writeKeyFile,
  keysToJson, keysFromJson, readKeysFile, writeKeysFile, type IndexedKeyPair,
  accountsToJson, accountsFromJson, readAccountsFile, type GenesisAccountEntry,
  stateToJson, stateFromJson, readStateFile, writeStateFile,
  transfersToJson, transfersFromJson, readTransfersFile, writeTransfersFile,
  batchToJson, batchFromJson, readBatchFile, writeBatchFile, ownerToHex,
} from './json';
export { FILE_VERSION, readJson, writeJsonAtomic, writeJsonFiles, parseVersioned, type JsonFileWrite } from './files';
export { buildBatchFiles, type BatchFiles, type BuildBatchFilesOptions } from './batch-files';
