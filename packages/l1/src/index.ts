/** @zkr/l1: deploy and drive the zkr Rollup contract (ABI and bytecode from `@zkr/contracts`) on L1 with ethers v6. */
export {
  deploy, predictDeployment, predictRollupAddress, DEFAULT_ETH_UNIT, DEFAULT_TOKEN_UNIT, DEFAULT_EXODUS_DELAY,
  type DeployGenesis, type DeployOptions, type VerifierSpec,
} from './deploy';
export {
  RollupClient, calldataGas, exodusProofOf,
  type AmountResult, type BatchEvent, type LoggedBatchEvent, type QueueEvent, type RollupEvents, type RollupSnapshot, type BatchSubmission, type ExodusProof, type Groth16Calldata, type QueuedResult, type QueueReadOptions,
  type SubmitOptions, type SubmitResult, type TxResult,
} from './client';
export { connect, type ConnectOptions, type L1Connection } from './network';
export { EMBEDDED_CHAIN_ID } from './embedded-chain';
export { resolveSigner, type KeyOptions } from './signer';
export {
  parseVerificationKey, verifierDeployArgs,
  type Eip197G2Point, type G1Point, type G2Point, type VerificationKey, type VerifierDeployArgs,
} from './verification-key';
export { type Deployment, deploymentToJson, deploymentFromJson, readDeploymentFile, writeDeploymentFile } from './deployment';
export { toZkrError } from './revert';
export { DEFAULT_RPC_TIMEOUT_MS } from './timeout';
export { CONTRACT_ERRORS, type ContractErrorName } from './contract-errors';
export { L1_ERROR_CODES, type L1ErrorCode } from './errors';
