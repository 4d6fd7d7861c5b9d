/**
 * Runtime Solidity compilation with solc-js (standard JSON). The Rollup sources and the compiler
 * settings come from the `@zkr/contracts` workspace (`src/*.sol`, `solc.json`, shared with its
 * Hardhat config); verifiers are compiled per artifact dir. Outputs are cached by the hash of the
 * full compiler input plus the compiler version, written atomically (temp file + rename).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ZkrError } from '@zkr/errors';

/** ABI and creation bytecode of one compiled contract. */
export interface CompiledContract {
  readonly abi: readonly Record<string, unknown>[];
  readonly bytecode: string;
}

/** Where compiler outputs are cached: `$ZKR_CACHE_DIR`, else `~/.cache/zkr`. */
export function defaultCacheDir(): string {
  return process.env.ZKR_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'zkr');
}

/** The `@zkr/contracts` workspace directory (Hardhat project, `src/*.sol`, `solc.json`). */
export function contractsDir(): string {
  return path.dirname(require.resolve('@zkr/contracts/package.json'));
}

interface SolcConfig {
  readonly version: string;
  readonly settings: Record<string, unknown>;
}

interface Solc {
  version(): string;
  compile(input: string): string;
}

type CompiledSources = Record<string, Record<string, CompiledContract>>;

function solcConfig(): SolcConfig {
  return JSON.parse(fs.readFileSync(path.join(contractsDir(), 'solc.json'), 'utf8')) as SolcConfig;
}

function loadSolc(expected: string): Solc {
  const solc = require('solc') as Solc;
  if (!solc.version().startsWith(`${expected}+`)) {
    throw new ZkrError('SOLC_VERSION_MISMATCH', `solc-js ${solc.version()} is installed but contracts/solc.json pins ${expected}; run \`npm install\` at the repo root`, {
      details: { installed: solc.version(), expected },
    });
  }
  return solc;
}

function runSolc(solc: Solc, input: object): CompiledSources {
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: Record<string, unknown>[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new ZkrError('SOLIDITY_COMPILE_FAILED', `solc rejected the contracts:\n${errors.map((e) => e.formattedMessage).join('\n')}`, {
      details: { errors: errors.map((e) => e.formattedMessage) },
    });
  }
  const result: CompiledSources = {};
  for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
    result[file] = {};
    for (const [name, c] of Object.entries(contracts)) {
      result[file][name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  return result;
}

function readCached(file: string): CompiledSources | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CompiledSources;
  } catch {
    return undefined; // missing or unreadable: compile again
  }
}

/**
 * Compiles `sources` (source unit name -> Solidity text) with the pinned solc-js and the shared
 * settings, returning every contract by file and name. Cached under `cacheDir/solc/`.
 */
export function compileSolidity(sources: Readonly<Record<string, string>>, cacheDir: string = defaultCacheDir()): CompiledSources {
  const config = solcConfig();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: { ...config.settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const key = createHash('sha256').update(config.version).update(JSON.stringify(input)).digest('hex');
  const file = path.join(cacheDir, 'solc', `${key}.json`);
  const cached = readCached(file);
  if (cached) return cached;
  const compiled = runSolc(loadSolc(config.version), input);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(compiled));
  fs.renameSync(tmp, file);
  return compiled;
}

/** Compiles the `Rollup` contract from the `@zkr/contracts` sources. */
export function compileRollup(cacheDir?: string): CompiledContract {
  const dir = path.join(contractsDir(), 'src');
  const sources = Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sol'))
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
  return compileSolidity(sources, cacheDir)['Rollup.sol'].Rollup;
}

/**
 * Compiles a snarkjs-exported verifier (`contract Groth16Verifier`) and checks it verifies proofs
 * with exactly one public input, as the Rollup requires.
 */
export function compileVerifier(source: string, origin: string, cacheDir?: string): CompiledContract {
  const verifier = compileSolidity({ 'Verifier.sol': source }, cacheDir)['Verifier.sol']?.Groth16Verifier;
  const verify = verifier?.abi.find((item) => item.type === 'function' && item.name === 'verifyProof') as
    | { inputs: { type: string }[] }
    | undefined;
  const pubSignals = verify?.inputs[3]?.type;
  if (!verifier || pubSignals !== 'uint256[1]') {
    throw new ZkrError(
      'VERIFIER_MISMATCH',
      `${origin} must define snarkjs's \`contract Groth16Verifier\` with verifyProof(..., uint[1] _pubSignals); ` +
        `found ${verifier ? `public signals of type ${pubSignals ?? 'none'}` : 'no Groth16Verifier'}. Export it with \`snarkjs zkey export solidityverifier\` from a one-public-input circuit`,
      { details: { origin, pubSignals } },
    );
  }
  return verifier;
}
