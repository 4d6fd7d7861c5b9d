/** @zkr/l1: compile, deploy and drive the zkr Rollup contract on L1 with ethers v6. */
export { deploy, type DeployOptions, type VerifierSpec } from './deploy';
export {
  RollupClient, calldataGas,
  type BatchEvent, type BatchSubmission, type Groth16Calldata, type SubmitOptions, type SubmitResult,
} from './client';
export { connect, type ConnectOptions, type L1Connection } from './network';
export { resolveSigner, type KeyOptions } from './signer';
export { compileSolidity, compileRollup, compileVerifier, contractsDir, defaultCacheDir, type CompiledContract } from './compile';
export { type Deployment, deploymentToJson, deploymentFromJson, readDeploymentFile, writeDeploymentFile } from './deployment';
export { errorCodeOf, toZkrError } from './revert';
