/**
 * The embedded chain: Hardhat 2's in-process network, for demos and tests without a node. Hardhat
 * is an optional peer dependency of `@zkr/l1`, loaded only here. Its config is the plain object
 * below (it requires nothing), written to a private temp dir that is also the Hardhat project root,
 * so Hardhat never reads or writes inside `node_modules`. Hardhat reads the file once, when it
 * loads, and the dir is removed right after (nothing is left behind even if the process is killed).
 * Hardhat's runtime is a per-process singleton, so the chain lives as long as the process (and in a
 * process that loaded Hardhat itself, e.g. under `hardhat test`, its network is the one used).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Eip1193Provider } from 'ethers';
import { l1Error } from './errors';

/** Chain id of the embedded chain (Hardhat's default). */
export const EMBEDDED_CHAIN_ID = 31337n;

/** The Hardhat user config of the embedded chain, rooted at `root`. */
export function embeddedChainConfig(root: string): Record<string, unknown> {
  return {
    defaultNetwork: 'hardhat',
    networks: { hardhat: { chainId: Number(EMBEDDED_CHAIN_ID), hardfork: 'cancun' } },
    paths: { root, sources: 'contracts', tests: 'test', cache: 'cache', artifacts: 'artifacts' },
  };
}

const UNAVAILABLE_HINT = 'install hardhat@2 next to @zkr/l1 (`npm install hardhat@2`) or pass --rpc / rpcUrl to use an L1 node';

/** Hardhat's version as `requireFrom` resolves it; `EMBEDDED_CHAIN_UNAVAILABLE` if absent or not 2.x. */
export function hardhatVersion(requireFrom: NodeJS.Require): string {
  let version: unknown;
  try {
    version = (requireFrom('hardhat/package.json') as { version?: unknown }).version;
  } catch (cause) {
    throw l1Error('EMBEDDED_CHAIN_UNAVAILABLE', `the embedded chain needs Hardhat 2, which is not installed: ${UNAVAILABLE_HINT}`, { cause });
  }
  if (typeof version !== 'string' || !version.startsWith('2.')) {
    throw l1Error('EMBEDDED_CHAIN_UNAVAILABLE', `the embedded chain needs Hardhat 2, found hardhat ${String(version)}: ${UNAVAILABLE_HINT}`, {
      details: { found: version },
    });
  }
  return version;
}

/** Writes the config into `dir` (a fresh private temp dir, also the project root) and returns the file path. */
function writeConfig(dir: string): string {
  const file = path.join(dir, 'hardhat.config.cjs');
  fs.writeFileSync(`${file}.tmp`, `module.exports = ${JSON.stringify(embeddedChainConfig(dir), null, 2)};\n`);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

/** Runs `load` with `HARDHAT_CONFIG` (and `HARDHAT_NETWORK`) pointing at the embedded chain. */
function withHardhatEnv<T>(config: string, load: () => T): T {
  const saved = { HARDHAT_CONFIG: process.env.HARDHAT_CONFIG, HARDHAT_NETWORK: process.env.HARDHAT_NETWORK };
  process.env.HARDHAT_CONFIG = config;
  process.env.HARDHAT_NETWORK = 'hardhat';
  try {
    return load();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

let provider: Eip1193Provider | undefined;

/** The EIP-1193 provider of the embedded chain, started on first use (`EMBEDDED_CHAIN_UNAVAILABLE` without Hardhat 2). */
export function embeddedChainProvider(): Eip1193Provider {
  if (provider) return provider;
  hardhatVersion(require);
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-embedded-chain-'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- hardhat is an optional peer, loaded only for the embedded chain
    const hre = withHardhatEnv(writeConfig(dir), () => require('hardhat') as { network: { provider: Eip1193Provider } });
    provider = hre.network.provider;
  } catch (cause) {
    throw l1Error('EMBEDDED_CHAIN_UNAVAILABLE', `Hardhat could not start the embedded chain (${String((cause as Error)?.message).split('\n')[0]}): ${UNAVAILABLE_HINT}`, { cause });
  } finally {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
  return provider;
}
