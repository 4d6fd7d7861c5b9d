/**
 * Hardhat 2 project of the zkr contracts, a development tool only (`npx hardhat node`, which the
 * CLI tests run; `npx hardhat compile`): nothing at run time loads it, and the shipped ABI and
 * bytecode come from `scripts/build.js`. solc is never downloaded: the compile subtask returns the
 * npm `solc` (solc-js) build, and the compiler settings come from `solc.json`, shared with the build.
 */
const { subtask } = require('hardhat/config');
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require('hardhat/builtin-tasks/task-names');
const solcConfig = require('./solc.json');

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, _hre, runSuper) => {
  if (args.solcVersion !== solcConfig.version) return runSuper(args);
  const solc = require('solc');
  return {
    compilerPath: require.resolve('solc/soljson.js'),
    isSolcJs: true,
    version: solcConfig.version,
    longVersion: solc.version(),
  };
});

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  solidity: { version: solcConfig.version, settings: solcConfig.settings },
  paths: { sources: 'src', tests: 'test' },
  networks: { hardhat: { chainId: 31337, hardfork: 'cancun' } },
};
