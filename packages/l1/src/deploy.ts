/**
 * Deploying a rollup: one snarkjs `Groth16Verifier` per batch size (from an artifact dir's
 * `Verifier.sol` or given source), then `Rollup(genesisRoot)`, then `setVerifier` for each size.
 * An artifact dir's `manifest.json` (written by `@zkr/setup`), when present, supplies the batch
 * size and the SHA-256 that `Verifier.sol` must match.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContractFactory, getAddress, InterfaceAbi, Signer } from 'ethers';
import { z } from 'zod';
import { ZkrError } from '@zkr/errors';
import { assertFieldElement, assertInteger, computeDomain } from '@zkr/state';
import { RollupClient } from './client';
import { CompiledContract, compileRollup, compileVerifier } from './compile';
import { Deployment } from './deployment';
import { connect, ConnectOptions, L1Connection } from './network';
import { toZkrError } from './revert';

/**
 * The verifier of one batch size: an artifact dir holding `Verifier.sol` (batch size optional when
 * its `manifest.json` records `circuit.batchSize`), or the verifier source itself.
 */
export type VerifierSpec =
  | { readonly batchSize?: number; readonly artifactsDir: string }
  | { readonly batchSize: number; readonly verifierSource: string };

/** What to deploy and where. */
export interface DeployOptions extends ConnectOptions {
  /** At least one verifier; batch sizes must be distinct. */
  readonly verifiers: readonly VerifierSpec[];
  /** The state root before the first batch. */
  readonly genesisRoot: bigint;
  /** An existing connection (then `rpcUrl` and the key options are ignored). */
  readonly connection?: L1Connection;
  /** Compiler output cache (default `defaultCacheDir()`). */
  readonly cacheDir?: string;
  /** Blocks to wait for on each transaction (default 1). */
  readonly confirmations?: number;
}

interface ResolvedVerifier {
  readonly batchSize: number;
  readonly source: string;
  readonly origin: string;
}

/** The parts of `@zkr/setup`'s manifest.json the deployment relies on. */
const ManifestPart = z.looseObject({
  circuit: z.looseObject({ batchSize: z.number().int().positive().optional() }),
  files: z.looseObject({ verifier: z.string().regex(/^[0-9a-f]{64}$/) }),
});

function readManifestPart(dir: string): z.infer<typeof ManifestPart> | undefined {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  let parsed: ReturnType<typeof ManifestPart.safeParse>;
  try {
    parsed = ManifestPart.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new ZkrError('ARTIFACTS_CORRUPT', `${file} is not valid JSON; re-run \`zkr setup\` for this circuit`, { details: { dir }, cause });
  }
  if (!parsed.success) {
    throw new ZkrError('ARTIFACTS_CORRUPT', `${file}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}; re-run \`zkr setup\` for this circuit`, {
      details: { dir },
    });
  }
  return parsed.data;
}

function fromArtifactsDir(dir: string, given: number | undefined, i: number): ResolvedVerifier {
  const file = path.join(dir, 'Verifier.sol');
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ZkrError('VERIFIER_NOT_FOUND', `${file} is missing; run the trusted setup for this circuit (it exports Verifier.sol) or pass the right artifacts dir`, {
      details: { field: `verifiers[${i}].artifactsDir`, artifactsDir: dir },
      cause,
    });
  }
  const manifest = readManifestPart(dir);
  if (manifest && createHash('sha256').update(source).digest('hex') !== manifest.files.verifier) {
    throw new ZkrError('ARTIFACTS_CORRUPT', `${file} does not match the SHA-256 in manifest.json; re-run \`zkr setup\` for this circuit`, { details: { dir } });
  }
  const recorded = manifest?.circuit.batchSize;
  if (given !== undefined && recorded !== undefined && given !== recorded) {
    throw new ZkrError('BATCH_SIZE_MISMATCH', `verifiers[${i}].batchSize is ${given} but ${dir} was set up for batch size ${recorded}`, {
      details: { field: `verifiers[${i}].batchSize`, given, recorded },
    });
  }
  const batchSize = given ?? recorded;
  if (batchSize === undefined) {
    throw new ZkrError('BATCH_SIZE_UNKNOWN', `${dir} records no batch size (manifest.json circuit.batchSize); pass verifiers[${i}].batchSize`, {
      details: { field: `verifiers[${i}].batchSize` },
    });
  }
  return { batchSize, source, origin: file };
}

/** Reads every verifier spec and checks batch sizes: integers in [1, 2^32), one verifier per size. */
function resolveVerifiers(verifiers: readonly VerifierSpec[]): ResolvedVerifier[] {
  if (!Array.isArray(verifiers) || verifiers.length === 0) {
    throw new ZkrError('INVALID_ARGUMENT', 'verifiers must list at least one {batchSize, artifactsDir | verifierSource}', { details: { field: 'verifiers' } });
  }
  const resolved = verifiers.map((spec, i) => {
    if (spec.batchSize !== undefined) assertInteger(spec.batchSize, `verifiers[${i}].batchSize`, 1, 2 ** 32 - 1);
    if ('verifierSource' in spec) return { batchSize: spec.batchSize, source: spec.verifierSource, origin: `verifiers[${i}].verifierSource` };
    return fromArtifactsDir(spec.artifactsDir, spec.batchSize, i);
  });
  resolved.forEach((v, i) => {
    if (resolved.findIndex((w) => w.batchSize === v.batchSize) !== i) {
      throw new ZkrError('INVALID_ARGUMENT', `verifiers[${i}] repeats batch size ${v.batchSize}; give one verifier per batch size`, {
        details: { field: `verifiers[${i}].batchSize`, value: v.batchSize },
      });
    }
  });
  return resolved;
}

async function deployContract(
  compiled: CompiledContract,
  signer: Signer,
  name: string,
  args: unknown[],
  confirmations: number,
): Promise<{ address: string; blockNumber: number }> {
  const factory = new ContractFactory(compiled.abi as InterfaceAbi, compiled.bytecode, signer);
  try {
    const contract = await factory.deploy(...args);
    const receipt = await contract.deploymentTransaction()!.wait(confirmations);
    return { address: getAddress(await contract.getAddress()), blockNumber: receipt!.blockNumber };
  } catch (error) {
    throw toZkrError(error, factory.interface, `deploying ${name}`);
  }
}

/** Deploys verifiers and Rollup, registers the verifiers, and returns the attached client. */
export async function deploy(options: DeployOptions): Promise<RollupClient> {
  assertFieldElement(options.genesisRoot, 'genesisRoot');
  const compiledVerifiers = resolveVerifiers(options.verifiers).map((v) => ({
    batchSize: v.batchSize,
    compiled: compileVerifier(v.source, v.origin, options.cacheDir),
  }));
  const rollup = compileRollup(options.cacheDir);
  const confirmations = options.confirmations ?? 1;
  assertInteger(confirmations, 'confirmations', 1, 1000);
  const connection = options.connection ?? (await connect(options));
  const verifiers: { batchSize: number; address: string }[] = [];
  for (const v of compiledVerifiers) {
    verifiers.push({ batchSize: v.batchSize, address: (await deployContract(v.compiled, connection.signer, `the verifier of batch size ${v.batchSize}`, [], confirmations)).address });
  }
  const created = await deployContract(rollup, connection.signer, 'Rollup', [options.genesisRoot], confirmations);
  const deployer = getAddress(await connection.signer.getAddress());
  // attach() checks the contract computed the same domain as the protocol's off-chain formula.
  const deployment: Deployment = {
    chainId: connection.chainId,
    rpcUrl: connection.rpcUrl,
    rollup: created.address,
    domain: computeDomain(connection.chainId, created.address),
    genesisRoot: options.genesisRoot,
    deployer,
    blockNumber: created.blockNumber,
    verifiers,
  };
  const client = await RollupClient.attach(deployment, connection, options.cacheDir);
  for (const v of verifiers) await client.setVerifier(v.batchSize, v.address, { confirmations });
  return client;
}
