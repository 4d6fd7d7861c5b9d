/** @zkr/setup: Groth16 trusted setup for zkr circuits (ceremony and development paths) and artifact directories. */
export { setupDev } from './dev';
export type { DevSetupResult, SetupDevOptions, SetupProgress } from './dev';
