/** @zkr/state: BN254 field, Poseidon account tree, EdDSA-signed transfers, batch builder, public data, JSON files. */
export { STATE_ERROR_CODES, type StateErrorCode } from './errors';
export type {
  Account, Batch, BatchSlot, LeafUpdate, PublicKey, Signature, SignedTransfer, TransferBody,
} from './types';
export {
  FIELD_ORDER, SUBGROUP_ORDER, VALUE_BITS, VALUE_LIMIT, MAX_DEPTH, MAX_BATCH_SIZE,
  isFieldElement, isValue, isIndex, assertDepth, assertFieldElement, assertValue, assertIndex, assertInteger,
} from './field';
export { createPoseidon, type Poseidon, type PoseidonImplementation } from './poseidon';
export { createEddsa, generateKeyPair, type Eddsa, type KeyPair } from './eddsa';
export { createCryptoSuite, type CryptoSuite, type CryptoSuiteOptions } from './suite';
export { AccountTree, leafHash, emptyHashes, computeRoot } from './tree';
export { RollupState, assertAccount, type IndexedAccount, type GenesisParams } from './state';
export { computeDomain } from './domain';
export {
  transferMessage, signTransfer, applyTransfer, REJECTION_CODES,
  type RejectionCode, type AppliedTransfer, type RejectedTransfer,
} from './transfer';
export { buildBatch, type BuildBatchOptions, type BuildBatchResult, type Rejection } from './builder';
export { assertBatchConsistent } from './replay';
export {
  encodePublicData, decodePublicData, publicDataLength, publicInputOf,
  PUBLIC_DATA_HEADER_BYTES, PUBLIC_DATA_SLOT_BYTES, type PublicData, type PublicSlot,
} from './publicData';
export {
  keyToJson, keyFromJson, readKeyFile, writeKeyFile,
  keysToJson, keysFromJson, readKeysFile, writeKeysFile, type IndexedKeyPair,
  accountsToJson, accountsFromJson, readAccountsFile, type GenesisAccountEntry,
  stateToJson, stateFromJson, readStateFile, writeStateFile,
  transfersToJson, transfersFromJson, readTransfersFile, writeTransfersFile,
  batchToJson, batchFromJson, readBatchFile, writeBatchFile,
} from './json';
export { readJson, writeJsonAtomic, writeJsonFiles, parseVersioned, type JsonFileWrite } from './files';
export { buildBatchFiles, type BatchFiles, type BuildBatchFilesOptions } from './batch-files';
