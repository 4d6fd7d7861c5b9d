/** @zkr/test-helpers: fixtures shared by the test suites of every zkr package (private, never built or published). */
export {
  TEST_DOMAIN, fixtureSuite, testKey, testOwner, genesis, signAll, signWithdrawals, queueOperations, honestBuild, honestBatch, moneyBatch,
  type AccountSpec, type TransferSpec, type WithdrawalSpec, type QueueSpec, type PositionSpec, type HonestBatchExtras, type MoneyBatch, type Fixture,
} from './batches';
export { REPO_ROOT, FIXTURE_CACHE, cachedDir } from './cache';
export { compileFixture, errorCode, snarkjsCli, tinyPtau, type CompiledFixture } from './circom';
export { batchArtifacts } from './proving';
export {
  TOY_SIZE, toyCeremony, toyCircuit, toyInput, toyInputFor, toyBatchInputFor, toyOtherKey, type ToyArtifacts, type ToyInputs, type ToyOptions,
} from './toy';
export { proveToy, proveToyJson, terminateCurve, type ToyBatchInputs, type ToyProof, type ToyPublicInputs } from './toy-proofs';
export { seededBigints, testSeed } from './seed';
export { compileFixtureContract, compileTestContract, type FixtureContractName, type TestContractArtifact } from './fixture-contracts';
export { finished, spawnTs, TS_REGISTER, type SpawnTsOptions } from './child';
export { listProcesses, descendants, isRunning, type ProcInfo } from './procs';
export { runZkr, type ZkrRun } from './zkr';
export { startExternalChain, deployTestRollup, devAccountKey, type ExternalChain, type ExternalChainOptions, type TestRollup, type TestRollupOptions } from './chain';
export { startRedis, type TestRedis } from './redis';
