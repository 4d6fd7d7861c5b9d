/**
 * Deploying a rollup (docs/protocol.md §4): the two Poseidon hashers (`PoseidonT3` and `PoseidonT5`
 * of poseidon-solidity, shipped by `@zkr/contracts`, §2), one `Groth16Verifier` per batch size,
 * keyed at deployment with that size's verification key (an artifact dir's `vkey.json`, or the key
 * itself), then `Rollup(Config)` with the genesis state's parameters and the asset (§13), then
 * `setVerifier` for each size. With a deployer at nonce n and K verifiers, the Rollup (and so its
 * domain) is the creation at nonce n + 2 + K; `deploy` predicts it before sending anything.
 * An artifact dir's `manifest.json` (written by `@zkr/setup`), when present, supplies the batch size
 * and the SHA-256 that `vkey.json` must match before it is used.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContractFactory, getAddress, getCreateAddress, type InterfaceAbi, isAddress, type Signer, ZeroAddress } from 'ethers';
import { z } from 'zod';
import { Groth16Verifier, PoseidonT3, PoseidonT5, Rollup } from '@zkr/contracts';
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

/**
 * The parts of the genesis state a deployment fixes (a `RollupState` of `@zkr/state` fits): its
 * root, its parameters `D`, `Q`, `W`, the first index the contract assigns, and counts that must be
 * 0 (the contract starts with no batch and an empty queue).
 */
export interface DeployGenesis {
  readonly root: bigint;
  /** Tree depth (even, 2..32); an artifact dir whose manifest records another depth is `DEPTH_MISMATCH`. */
  readonly depth: number;
  /** `Q` (1..64). */
  readonly queuePositions: number;
  /** `W` (1..64). */
  readonly withdrawalPositions: number;
  /** `max index + 1` of the genesis accounts, 0 for an empty genesis (docs/protocol.md §12.1). */
  readonly nextIndex: number;
  /** Batches applied so far: must be 0. */
  readonly batchCount: number;
  /** Queue operations consumed so far: must be 0. */
  readonly queueCount: number;
}

/** The unit `U` of an ETH rollup by default: L2 balances are in gwei (docs/protocol.md §1). */
export const DEFAULT_ETH_UNIT = 10n ** 9n;
/** The unit `U` of an ERC-20 rollup by default: one L2 unit is the token's smallest unit. */
export const DEFAULT_TOKEN_UNIT = 1n;
/** The exodus delay `T` by default: 7 days in seconds (docs/protocol.md §13). */
export const DEFAULT_EXODUS_DELAY = 604_800;

/** What to deploy and where. */
export interface DeployOptions extends ConnectOptions {
  /** At least one verifier; batch sizes must be distinct. */
  readonly verifiers: readonly VerifierSpec[];
  /** The state before the first batch (its domain may be any: the contract computes its own). */
  readonly genesis: DeployGenesis;
  /** The ERC-20 the rollup holds; omitted for ETH. */
  readonly token?: string;
  /** `U`, L1 base units per L2 unit, `1 <= unit < 2^128` (default {@link DEFAULT_ETH_UNIT} for ETH, {@link DEFAULT_TOKEN_UNIT} for a token). */
  readonly unit?: bigint;
  /** `T` in seconds, `1 <= exodusDelay < 2^32` (default {@link DEFAULT_EXODUS_DELAY}). */
  readonly exodusDelay?: number;
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
  /** The `Q` and `W` its manifest records, if any. */
  readonly queuePositions?: number;
  readonly withdrawalPositions?: number;
  /** The artifact dir it came from, if any. */
  readonly artifactsDir?: string;
  /** True when its manifest says the keys came from a dev setup. */
  readonly developmentOnly?: boolean;
}

/** The parts of `@zkr/setup`'s manifest.json the deployment relies on. */
const ManifestPart = z.looseObject({
  developmentOnly: z.boolean().optional(),
  circuit: z.looseObject({
    batchSize: z.number().int().positive().optional(),
    depth: z.number().int().positive().optional(),
    queuePositions: z.number().int().positive().optional(),
    withdrawalPositions: z.number().int().positive().optional(),
  }),
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
  return {
    batchSize,
    key: parseVerificationKey(json, file),
    depth: manifest?.circuit.depth,
    queuePositions: manifest?.circuit.queuePositions,
    withdrawalPositions: manifest?.circuit.withdrawalPositions,
    artifactsDir: dir,
    developmentOnly: manifest?.developmentOnly,
  };
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

/** Refuses a verifier whose circuit was set up for another tree depth, `Q` or `W` than the genesis state's. */
function checkShapes(verifiers: readonly ResolvedVerifier[], genesis: DeployGenesis): void {
  verifiers.forEach((v, i) => {
    if (v.depth !== undefined && v.depth !== genesis.depth) {
      throw l1Error('DEPTH_MISMATCH', `${v.artifactsDir} was set up for tree depth ${v.depth} but the genesis state has depth ${genesis.depth}; pass artifacts of a depth-${genesis.depth} circuit`, {
        details: { field: `verifiers[${i}].artifactsDir`, artifactsDepth: v.depth, stateDepth: genesis.depth },
      });
    }
    for (const key of ['queuePositions', 'withdrawalPositions'] as const) {
      if (v[key] !== undefined && v[key] !== genesis[key]) {
        throw l1Error('PARAMETER_MISMATCH', `${v.artifactsDir} was set up for ${key} ${v[key]} but the genesis state has ${genesis[key]}; pass artifacts of a circuit with the state's ${key}`, {
          details: { field: `verifiers[${i}].artifactsDir`, parameter: key, artifacts: v[key], state: genesis[key] },
        });
      }
    }
  });
}

/** Checks the genesis summary: a root in the field, `D`, `Q`, `W` in range, `nextIndex <= 2^D`, no batch and no queue operation yet. */
function checkGenesis(genesis: DeployGenesis): void {
  if (typeof genesis !== 'object' || genesis === null) {
    throw l1Error('INVALID_ARGUMENT', 'genesis must be the genesis RollupState (root, depth, queuePositions, withdrawalPositions, nextIndex)', { details: { field: 'genesis' } });
  }
  assertFieldElement(genesis.root, 'genesis.root');
  assertDepth(genesis.depth, 'genesis.depth');
  assertInteger(genesis.queuePositions, 'genesis.queuePositions', 1, 64);
  assertInteger(genesis.withdrawalPositions, 'genesis.withdrawalPositions', 1, 64);
  assertInteger(genesis.nextIndex, 'genesis.nextIndex', 0, 2 ** genesis.depth);
  for (const key of ['batchCount', 'queueCount'] as const) {
    if (genesis[key] !== 0) {
      throw l1Error('INVALID_ARGUMENT', `genesis.${key} is ${genesis[key]}, but a new rollup starts with no batch and an empty queue; deploy from the state \`zkr genesis\` wrote`, {
        details: { field: `genesis.${key}`, value: genesis[key] },
      });
    }
  }
}

/** The asset options resolved: the token (undefined for ETH), the unit and the exodus delay. */
function resolveAsset(options: Pick<DeployOptions, 'token' | 'unit' | 'exodusDelay'>): { token?: string; unit: bigint; exodusDelay: number } {
  const { token } = options;
  if (token !== undefined && (typeof token !== 'string' || !isAddress(token) || getAddress(token) === ZeroAddress)) {
    throw l1Error('INVALID_ARGUMENT', `token must be the non-zero 0x-hex address of an ERC-20 (omit it for ETH), got ${String(token)}`, { details: { field: 'token', value: token } });
  }
  const unit = options.unit ?? (token === undefined ? DEFAULT_ETH_UNIT : DEFAULT_TOKEN_UNIT);
  if (typeof unit !== 'bigint' || unit < 1n || unit >= 1n << 128n) {
    throw l1Error('INVALID_ARGUMENT', `unit must be a bigint with 1 <= unit < 2^128, got ${String(unit)}`, { details: { field: 'unit', value: unit } });
  }
  const exodusDelay = options.exodusDelay ?? DEFAULT_EXODUS_DELAY;
  assertInteger(exodusDelay, 'exodusDelay', 1, 2 ** 32 - 1);
  return { ...(token === undefined ? {} : { token: getAddress(token) }), unit, exodusDelay };
}

/** The address of a Rollup that `deployer`, at nonce `nonce`, creates with `verifierCount` verifiers (nonce + 2 + K, docs/protocol.md §4). */
export function predictRollupAddress(deployer: string, nonce: number, verifierCount: number): string {
  return getAddress(getCreateAddress({ from: deployer, nonce: nonce + 2 + verifierCount }));
}

/** The Rollup address and domain the next {@link deploy} with `verifierCount` verifiers on `connection` will produce, from the signer's current nonce. */
export async function predictDeployment(connection: L1Connection, verifierCount: number): Promise<{ readonly rollup: string; readonly domain: bigint; readonly deployer: string; readonly nonce: number }> {
  assertInteger(verifierCount, 'verifierCount', 1, 2 ** 32 - 1);
  const timeoutMs = resolveRpcTimeout(connection.rpcTimeoutMs);
  let deployer: string;
  let nonce: number;
  try {
    deployer = getAddress(await withRpcTimeout(connection.signer.getAddress(), timeoutMs, 'reading the deployer address'));
    nonce = await withRpcTimeout(connection.provider.getTransactionCount(deployer, 'pending'), timeoutMs, `reading the nonce of ${deployer}`);
  } catch (error) {
    throw toZkrError(error, 'reading the deployer nonce');
  }
  const rollup = predictRollupAddress(deployer, nonce, verifierCount);
  return { rollup, domain: computeDomain(connection.chainId, rollup), deployer, nonce };
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

/** Deploys the hashers, the verifiers and the Rollup, registers the verifiers, and returns the attached client. */
export async function deploy(options: DeployOptions): Promise<RollupClient> {
  checkGenesis(options.genesis);
  const asset = resolveAsset(options);
  const keys = resolveVerifiers(options.verifiers);
  checkShapes(keys, options.genesis);
  const confirmations = options.confirmations ?? 1;
  assertInteger(confirmations, 'confirmations', 1, 1000);
  const connection = options.connection ?? (await connect(options));
  try {
    return await deployOn(connection, keys, options.genesis, asset, confirmations);
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
  genesis: DeployGenesis,
  asset: { token?: string; unit: bigint; exodusDelay: number },
  confirmations: number,
): Promise<RollupClient> {
  const timeoutMs = resolveRpcTimeout(connection.rpcTimeoutMs);
  if (asset.token !== undefined) {
    let code: string;
    try {
      code = await withRpcTimeout(connection.provider.getCode(asset.token), timeoutMs, `reading the code at ${asset.token}`);
    } catch (error) {
      throw toZkrError(error, `reading the code at ${asset.token}`);
    }
    if (code === '0x') {
      throw l1Error('INVALID_ARGUMENT', `token ${asset.token} has no code on chain ${connection.chainId}; pass the address of a deployed ERC-20 (or omit it for ETH)`, {
        details: { field: 'token', value: asset.token },
      });
    }
  }
  const predicted = await predictDeployment(connection, keys.length);
  const poseidon2 = await deployContract(PoseidonT3, connection.signer, 'the Poseidon(2) hasher PoseidonT3', [], confirmations, timeoutMs);
  const poseidon4 = await deployContract(PoseidonT5, connection.signer, 'the Poseidon(4) hasher PoseidonT5', [], confirmations, timeoutMs);
  const verifiers: { batchSize: number; address: string; developmentOnly?: boolean }[] = [];
  for (const v of keys) {
    const name = `the verifier of batch size ${v.batchSize}`;
    const { address } = await deployContract(Groth16Verifier, connection.signer, name, verifierDeployArgs(v.key), confirmations, timeoutMs);
    verifiers.push({ batchSize: v.batchSize, address, ...(v.developmentOnly === true ? { developmentOnly: true } : {}) });
  }
  const config = {
    depth: genesis.depth,
    queuePositions: genesis.queuePositions,
    withdrawalPositions: genesis.withdrawalPositions,
    nextIndex: genesis.nextIndex,
    exodusDelay: asset.exodusDelay,
    genesisRoot: genesis.root,
    unit: asset.unit,
    token: asset.token ?? ZeroAddress,
    poseidon2: poseidon2.address,
    poseidon4: poseidon4.address,
  };
  const created = await deployContract(Rollup, connection.signer, 'Rollup', [config], confirmations, timeoutMs);
  if (created.address !== predicted.rollup) {
    throw l1Error(
      'DEPLOYER_NONCE_CHANGED',
      `the Rollup was created at ${created.address}, not at the predicted ${predicted.rollup} (nonce ${predicted.nonce} + 2 + ${keys.length}): another transaction of ${predicted.deployer} was sent during the deployment; deploy again from a key nothing else uses`,
      { details: { predicted: predicted.rollup, created: created.address } },
    );
  }
  // attach() checks the contract computed the same domain as the protocol's off-chain formula.
  const deployment: Deployment = {
    chainId: connection.chainId,
    rpcUrl: connection.rpcUrl,
    rollup: created.address,
    domain: predicted.domain,
    depth: genesis.depth,
    queuePositions: genesis.queuePositions,
    withdrawalPositions: genesis.withdrawalPositions,
    ...(asset.token === undefined ? {} : { token: asset.token }),
    unit: asset.unit,
    exodusDelay: asset.exodusDelay,
    nextIndex: genesis.nextIndex,
    hashers: { poseidon2: poseidon2.address, poseidon4: poseidon4.address },
    genesisRoot: genesis.root,
    deployer: predicted.deployer,
    blockNumber: created.blockNumber,
    verifiers,
  };
  const client = await RollupClient.attach(deployment, connection);
  for (const v of verifiers) await client.setVerifier(v.batchSize, v.address, { confirmations });
  return client;
}
