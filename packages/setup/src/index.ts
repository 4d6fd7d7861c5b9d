/**
 * @zkr/setup: Groth16 trusted setup for zkr circuits. The ceremony path (public ptau + snarkjs
 * phase 2) is for production; the dev path (setupDev, mode `dev`) is fast but DEVELOPMENT ONLY.
 */
export { setupDev } from './dev';
export type { DevSetupResult, SetupDevOptions, SetupProgress } from './dev';
export { artifactPaths, assertSetupPaths, contribute, isBeaconHash, loadArtifacts, setupArtifacts, verifyArtifacts, type LoadArtifactsOptions, type ProvingArtifacts } from './artifacts';
export type { ArtifactPaths, Artifacts, SetupArtifactsOptions, SetupMode, SetupPathLabels, SetupPaths, VerifyReport } from './artifacts';
export { checkPtau } from '@zkr/bn254';
export type { BeaconRequest, ContributionRequest } from './ceremony';
export { ARTIFACT_FILES, ManifestSchema, MANIFEST_VERSION } from './manifest';
export type { CircuitInfo, Contribution, Manifest } from './manifest';
export { checkZkey } from './zkey-check';
export type { ZkeyIdentity } from './zkey-check';
export { SETUP_ERROR_CODES, type SetupErrorCode } from './errors';
