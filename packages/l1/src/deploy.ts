/**
 * Deploying a rollup (docs/protocol.md §4): the `Poseidon2` hasher (circomlibjs's generated contract,
 * shipped by `@zkr/contracts`), one `Groth16Verifier` per batch size, keyed at deployment with that
 * size's verification key (an artifact dir's `vkey.json`, or the key itself), then
 * `Rollup(depth, genesisRoot, hasher)`, then `setVerifier` for each size. With a deployer at nonce n
 * and K verifiers, the Rollup (and so its domain) is the creation at nonce n + 1 + K.
 * An artifact dir's `manifest.json` (written by `@zkr/setup`), when present, supplies the batch size
 * and the SHA-256 that `vkey.json` must match before it is used.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContractFactory, getAddress, type InterfaceAbi, type Signer } from 'ethers';
import { z } from 'zod';
import { Groth16Verifier, Poseidon2, Rollup } from '@zkr/contracts';
import { assertDepth, assertFieldElement, assertInteger, computeDomain } from '@zkr/state';
import { RollupClient } from './client';
import { type Deployment } from './deployment';
import { l1Error } from './errors';
import { connect, type ConnectOptions, type L1Connection } from './network';
import { toZkrError } from './revert';
import { resolveRpcTimeout, withRpcTimeout } from './timeout';
import { parseVerificationKey, type VerificationKey, verifierDeployArgs } from './verification-key';

/**
 * The verifier of one batch size: an artifact dir holding `vkey.json` (batch size optional when its
 * `manifest.json` records `circuit.batchSize`), or the verification key itself (parsed `vkey.json`).
 */
export type VerifierSpec =
  | { readonly batchSize?: number; readonly artifactsDir: string }
  | { readonly batchSize: number; readonly verificationKey: unknown };

/** What to deploy and where. */
export interface DeployOptions extends ConnectOptions {
  /** At least one verifier; batch sizes must be distinct. */
  readonly verifiers: readonly VerifierSpec[];
  /** The state root before the first batch. */
  readonly genesisRoot: bigint;
  /** Tree depth of the genesis state (even, 2..32); an artifact dir whose manifest records another depth is `DEPTH_MISMATCH`. */
  readonly depth: number;
  /** An existing connection (then `rpcUrl` and the key options are ignored). */
  readonly connection?: L1Connection;
  /** Blocks to wait for on each transaction (default 1). */
  readonly confirmations?: number;
}

interface ResolvedVerifier {
  readonly batchSize: number;
  readonly key: VerificationKey;
  /** The tree depth its manifest records, if any. */
  readonly depth?: number;
  /** The artifact dir it came from, if any. */
  readonly artifactsDir?: string;
  /** True when its manifest says the keys came from a dev setup. */
  readonly developmentOnly?: boolean;
}

/** The parts of `@zkr/setup`'s manifest.json the deployment relies on. */
const ManifestPart = z.looseObject({
  developmentOnly: z.boolean().optional(),
  circuit: z.looseObject({ batchSize: z.number().int().positive().optional(), depth: z.number().int().positive().optional() }),
  files: z.looseObject({ vkey: z.string().regex(/^[0-9a-f]{64}$/) }),
});

function readManifestPart(dir: string): z.infer<typeof ManifestPart> | undefined {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  let parsed: ReturnType<typeof ManifestPart.safeParse>;
  try {
    parsed = ManifestPart.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (cause) {
    throw l1Error('ARTIFACTS_CORRUPT', `${file} is not valid JSON; re-run \`zkr setup\` for this circuit`, { details: { dir }, cause });
  }
  if (!parsed.success) {
    throw l1Error('ARTIFACTS_CORRUPT', `${file}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}; re-run \`zkr setup\` for this circuit`, {
      details: { dir },
    });
  }
  return parsed.data;
}

function fromArtifactsDir(dir: string, given: number | undefined, i: number): ResolvedVerifier {
  const file = path.join(dir, 'vkey.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw l1Error('VERIFICATION_KEY_NOT_FOUND', `${file} is missing; run the trusted setup for this circuit (it exports vkey.json) or pass the right artifacts dir`, {
      details: { field: `verifiers[${i}].artifactsDir`, artifactsDir: dir },
      cause,
    });
  }
  const manifest = readManifestPart(dir);
  if (manifest && createHash('sha256').update(text).digest('hex') !== manifest.files.vkey) {
    throw l1Error('ARTIFACTS_CORRUPT', `${file} does not match the SHA-256 in manifest.json; re-run \`zkr setup\` for this circuit`, { details: { dir } });
  }
  const recorded = manifest?.circuit.batchSize;
  if (given !== undefined && recorded !== undefined && given !== recorded) {
    throw l1Error('BATCH_SIZE_MISMATCH', `verifiers[${i}].batchSize is ${given} but ${dir} was set up for batch size ${recorded}`, {
      details: { field: `verifiers[${i}].batchSize`, given, recorded },
    });
  }
  const batchSize = given ?? recorded;
  if (batchSize === undefined) {
    throw l1Error('BATCH_SIZE_UNKNOWN', `${dir} records no batch size (manifest.json circuit.batchSize); pass verifiers[${i}].batchSize`, {
      details: { field: `verifiers[${i}].batchSize` },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw l1Error('INVALID_VERIFICATION_KEY', `${file} is not valid JSON; export it again from the circuit's zkey`, { details: { source: file }, cause });
  }
  return { batchSize, key: parseVerificationKey(json, file), depth: manifest?.circuit.depth, artifactsDir: dir, developmentOnly: manifest?.developmentOnly };
}

/** Reads every verifier spec and checks batch sizes: integers in [1, 2^32), one verifier per size. */
function resolveVerifiers(verifiers: readonly VerifierSpec[]): ResolvedVerifier[] {
  if (!Array.isArray(verifiers) || verifiers.length === 0) {
    throw l1Error('INVALID_ARGUMENT', 'verifiers must list at least one {batchSize, artifactsDir | verificationKey}', { details: { field: 'verifiers' } });
  }
  const resolved = verifiers.map((spec, i) => {
    if (spec.batchSize !== undefined) assertInteger(spec.batchSize, `verifiers[${i}].batchSize`, 1, 2 ** 32 - 1);
    if ('verificationKey' in spec) return { batchSize: spec.batchSize, key: parseVerificationKey(spec.verificationKey, `verifiers[${i}].verificationKey`) };
    return fromArtifactsDir(spec.artifactsDir, spec.batchSize, i);
  });
  resolved.forEach((v, i) => {
    if (resolved.findIndex((w) => w.batchSize === v.batchSize) !== i) {
      throw l1Error('INVALID_ARGUMENT', `verifiers[${i}] repeats batch size ${v.batchSize}; give one verifier per batch size`, {
        details: { field: `verifiers[${i}].batchSize`, value: v.batchSize },
      });
    }
  });
  return resolved;
}

/** Refuses a verifier whose circuit was set up for another tree depth than the state's. */
function checkDepths(verifiers: readonly ResolvedVerifier[], depth: number): void {
  verifiers.forEach((v, i) => {
    if (v.depth !== undefined && v.depth !== depth) {
      throw l1Error('DEPTH_MISMATCH', `${v.artifactsDir} was set up for tree depth ${v.depth} but the genesis state has depth ${depth}; pass artifacts of a depth-${depth} circuit`, {
        details: { field: `verifiers[${i}].artifactsDir`, artifactsDepth: v.depth, stateDepth: depth },
      });
    }
  });
}

async function deployContract(
  compiled: { readonly abi: InterfaceAbi; readonly bytecode: string },
  signer: Signer,
  name: string,
  args: readonly unknown[],
  confirmations: number,
  timeoutMs: number,
): Promise<{ address: string; blockNumber: number }> {
  const factory = new ContractFactory(compiled.abi, compiled.bytecode, signer);
  try {
    const contract = await withRpcTimeout(factory.deploy(...args), timeoutMs, `deploying ${name}`);
    const tx = contract.deploymentTransaction()!;
    const receipt = await withRpcTimeout(tx.wait(confirmations), timeoutMs * confirmations, `waiting for ${tx.hash} (deploying ${name})`);
    return { address: getAddress(await contract.getAddress()), blockNumber: receipt!.blockNumber };
  } catch (error) {
    throw toZkrError(error, `deploying ${name}`);
  }
}

/** Deploys the hasher, the verifiers and the Rollup, registers the verifiers, and returns the attached client. */
export async function deploy(options: DeployOptions): Promise<RollupClient> {
  assertFieldElement(options.genesisRoot, 'genesisRoot');
  assertDepth(options.depth, 'depth');
  const keys = resolveVerifiers(options.verifiers);
  checkDepths(keys, options.depth);
  const confirmations = options.confirmations ?? 1;
  assertInteger(confirmations, 'confirmations', 1, 1000);
  const connection = options.connection ?? (await connect(options));
  try {
    return await deployOn(connection, keys, options, confirmations);
  } catch (error) {
    // A timed-out wait keeps polling the node: stop the provider this call made, so the process can exit.
    if (options.connection === undefined) connection.provider.destroy();
    throw error;
  }
}

/** Deploys on an open connection (see {@link deploy}). */
async function deployOn(
  connection: L1Connection,
  keys: readonly ResolvedVerifier[],
  { genesisRoot, depth }: Pick<DeployOptions, 'genesisRoot' | 'depth'>,
  confirmations: number,
): Promise<RollupClient> {
  const timeoutMs = resolveRpcTimeout(connection.rpcTimeoutMs);
  const hasher = await deployContract(Poseidon2, connection.signer, 'the Poseidon(2) hasher', [], confirmations, timeoutMs);
  const verifiers: { batchSize: number; address: string; developmentOnly?: boolean }[] = [];
  for (const v of keys) {
    const name = `the verifier of batch size ${v.batchSize}`;
    const { address } = await deployContract(Groth16Verifier, connection.signer, name, verifierDeployArgs(v.key), confirmations, timeoutMs);
    verifiers.push({ batchSize: v.batchSize, address, ...(v.developmentOnly === true ? { developmentOnly: true } : {}) });
  }
  const created = await deployContract(Rollup, connection.signer, 'Rollup', [depth, genesisRoot, hasher.address], confirmations, timeoutMs);
  let deployer: string;
  try {
    deployer = getAddress(await withRpcTimeout(connection.signer.getAddress(), timeoutMs, 'reading the deployer address'));
  } catch (error) {
    throw toZkrError(error, 'reading the deployer address');
  }
  // attach() checks the contract computed the same domain as the protocol's off-chain formula.
  const deployment: Deployment = {
    chainId: connection.chainId,
    rpcUrl: connection.rpcUrl,
    rollup: created.address,
    domain: computeDomain(connection.chainId, created.address),
    depth,
    hasher: hasher.address,
    genesisRoot,
    deployer,
    blockNumber: created.blockNumber,
    verifiers,
  };
  const client = await RollupClient.attach(deployment, connection);
  for (const v of verifiers) await client.setVerifier(v.batchSize, v.address, { confirmations });
  return client;
}
