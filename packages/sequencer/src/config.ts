/**
 * The node's configuration file (`zkr node --config FILE`): a JSON object with the keys of
 * {@link NodeConfig}, each checked for its type; an unknown key is refused (a typo must not be
 * silently ignored). Relative file paths are resolved against the file's directory.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ENGINE_NAMES } from '@zkr/prover';
import { sequencerError } from './errors';
import type { NodeConfig } from './node';

type Kind = 'string' | 'integer' | 'path' | 'engine';

/** Every key of the file and what it holds. */
const KEYS: Readonly<Record<keyof NodeConfig, Kind>> = {
  rpc: 'string', privateKey: 'string', keystore: 'path', rpcTimeoutMs: 'integer', deploymentFile: 'path', genesisFile: 'path', dbFile: 'path', dataDir: 'path',
  artifactsDir: 'path', engine: 'engine', redisUrl: 'string', queueName: 'string', fleetParallelism: 'integer', host: 'string', port: 'integer', maxWaitMs: 'integer', confirmations: 'integer', mempoolCapacity: 'integer',
  feeRecipient: 'integer', pollIntervalMs: 'integer', devAccounts: 'integer',
};

function bad(file: string, key: string, problem: string): never {
  throw sequencerError('INVALID_ARGUMENT', `${file}: ${key} ${problem}; fix the configuration file`, { details: { field: key, source: file } });
}

/** Checks a parsed configuration object (`source` names it in errors); paths are resolved against `baseDir`. */
export function parseNodeConfig(json: unknown, source: string, baseDir = process.cwd()): NodeConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) bad(source, 'the configuration', 'must be a JSON object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const kind = (KEYS as Record<string, Kind>)[key];
    if (kind === undefined) bad(source, key, `is not a configuration key (known: ${Object.keys(KEYS).join(', ')})`);
    if (kind === 'integer') {
      if (!Number.isSafeInteger(value) || (value as number) < 0) bad(source, key, `must be a non-negative integer, got ${JSON.stringify(value)}`);
      out[key] = value;
    } else if (kind === 'engine') {
      if (!ENGINE_NAMES.includes(value as never)) bad(source, key, `must be one of ${ENGINE_NAMES.join(', ')}, got ${JSON.stringify(value)}`);
      out[key] = value;
    } else {
      if (typeof value !== 'string' || value === '') bad(source, key, `must be a non-empty string, got ${JSON.stringify(value)}`);
      out[key] = kind === 'path' ? resolve(baseDir, value) : value;
    }
  }
  return out as NodeConfig;
}

/** Reads and checks a configuration file. */
export async function readNodeConfig(file: string): Promise<NodeConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw sequencerError('INVALID_ARGUMENT', `cannot read the configuration file ${file}; check the --config path`, { cause, details: { field: '--config', source: file } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw sequencerError('INVALID_ARGUMENT', `${file} is not JSON (${(cause as Error).message}); fix the configuration file`, { cause, details: { field: '--config', source: file } });
  }
  return parseNodeConfig(json, file, dirname(resolve(file)));
}
