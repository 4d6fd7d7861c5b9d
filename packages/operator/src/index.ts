/** @zkr/operator: the rollup operator pipeline (artifacts, build, prove, settle, check) used by `zkr demo`, tests and benchmarks. */
export { OPERATOR_ERROR_CODES, type OperatorErrorCode } from './errors';
export { prepareBatchArtifacts, defaultArtifactsDir, type PrepareArtifactsOptions, type PreparedArtifacts } from './artifacts';
export { generateTestAccounts, testGenesis, ringTransfers, invalidTransfers, type TestAccounts } from './traffic';
export { deployDevelopmentRollup, type DevelopmentRollupOptions, type DevelopmentRollup } from './dev-rollup';
export { runEndToEnd, type EndToEndOptions, type EndToEndReport, type BatchReport, type QueueReport, type MoneyReport, type MoneySnapshot } from './pipeline';
