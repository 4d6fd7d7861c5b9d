/** The deployment record (`kind: "deployment"` JSON file, version 3, docs/protocol.md §10) of a Rollup, its hashers and its verifiers. */
import { getAddress, isAddress } from 'ethers';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '@zkr/state';
import { l1Error } from './errors';

/** Where a deployed Rollup lives and what it was created with. */
export interface Deployment {
  readonly chainId: bigint;
  /** The RPC URL it was deployed through; undefined for the in-process Hardhat network. */
  readonly rpcUrl?: string;
  readonly rollup: string;
  /** The domain the contract computed in its constructor (docs/protocol.md §4). */
  readonly domain: bigint;
  /** The tree depth `D` the contract was created with (it fixes the slot size, docs/protocol.md §7). */
  readonly depth: number;
  /** `Q`, the queue positions per batch (docs/protocol.md §1). */
  readonly queuePositions: number;
  /** `W`, the withdrawal positions per batch (docs/protocol.md §1). */
  readonly withdrawalPositions: number;
  /** The ERC-20 the Rollup holds; undefined for ETH (docs/protocol.md §13). */
  readonly token?: string;
  /** `U`, L1 base units per L2 unit of balance (docs/protocol.md §1). */
  readonly unit: bigint;
  /** `T`, seconds an operation may wait in the queue before exodus can be activated (docs/protocol.md §13). */
  readonly exodusDelay: number;
  /** The first index the contract assigns to a new account (the genesis state's `nextIndex`, docs/protocol.md §12.1). */
  readonly nextIndex: number;
  /** The `hash(uint256[2])` and `hash(uint256[4])` contracts the Rollup calls (docs/protocol.md §2). */
  readonly hashers: { readonly poseidon2: string; readonly poseidon4: string };
  readonly genesisRoot: bigint;
  readonly deployer: string;
  /** Block of the Rollup's creation; event scans start here. */
  readonly blockNumber: number;
  /** One verifier per registered batch size; `developmentOnly` when its artifact dir's manifest says its keys came from `zkr setup --dev`. */
  readonly verifiers: readonly { readonly batchSize: number; readonly address: string; readonly developmentOnly?: boolean }[];
}

const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'must be a decimal string');
const address = z.string().refine((a) => isAddress(a), 'must be a 0x-hex address');
const positions = z.number().int().min(1).max(64);
/** The version of deployment files this zkr writes and reads. */
const DEPLOYMENT_VERSION = 3;

const schema = z.object({
  version: z.literal(DEPLOYMENT_VERSION),
  kind: z.literal('deployment'),
  chainId: decimal,
  rpcUrl: z.string().nullable(),
  rollup: address,
  domain: decimal,
  depth: z.number().int().min(2).max(32).refine((d) => d % 2 === 0, 'must be even'),
  queuePositions: positions,
  withdrawalPositions: positions,
  token: address.nullable(),
  unit: decimal.refine((u) => BigInt(u) >= 1n && BigInt(u) < 1n << 128n, 'must be 1 <= unit < 2^128'),
  exodusDelay: z.number().int().min(1).max(2 ** 32 - 1),
  nextIndex: z.number().int().nonnegative().max(2 ** 32),
  hashers: z.object({ poseidon2: address, poseidon4: address }),
  genesisRoot: decimal,
  deployer: address,
  blockNumber: z.number().int().nonnegative(),
  verifiers: z.array(z.object({ batchSize: z.number().int().positive(), address, developmentOnly: z.boolean().optional() })).min(1),
});

/** Converts a deployment to its JSON form (bigints as decimal strings, `token: null` for ETH). */
export function deploymentToJson(d: Deployment): z.input<typeof schema> {
  return {
    version: DEPLOYMENT_VERSION,
    kind: 'deployment',
    chainId: d.chainId.toString(),
    rpcUrl: d.rpcUrl ?? null,
    rollup: d.rollup,
    domain: d.domain.toString(),
    depth: d.depth,
    queuePositions: d.queuePositions,
    withdrawalPositions: d.withdrawalPositions,
    token: d.token ?? null,
    unit: d.unit.toString(),
    exodusDelay: d.exodusDelay,
    nextIndex: d.nextIndex,
    hashers: { poseidon2: d.hashers.poseidon2, poseidon4: d.hashers.poseidon4 },
    genesisRoot: d.genesisRoot.toString(),
    deployer: d.deployer,
    blockNumber: d.blockNumber,
    verifiers: d.verifiers.map((v) => ({ batchSize: v.batchSize, address: v.address, ...(v.developmentOnly === true ? { developmentOnly: true } : {}) })),
  };
}

/**
 * Validates a parsed deployment JSON: `UNSUPPORTED_VERSION` for a file of another version (a
 * version-2 rollup has no queue and takes no version-3 batch), `INVALID_FILE` naming the field otherwise.
 */
export function deploymentFromJson(value: unknown, source = 'deployment'): Deployment {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  if (record?.kind === 'deployment' && record.version !== DEPLOYMENT_VERSION) {
    const version = record.version;
    throw l1Error(
      'UNSUPPORTED_VERSION',
      `${source}: version ${JSON.stringify(version)} is not supported: this zkr reads version ${DEPLOYMENT_VERSION} deployments; re-create the genesis state with \`zkr genesis\` and deploy a new rollup with \`zkr deploy\``,
      { details: { source, field: 'version', version } },
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.map(String).join('.');
    throw l1Error('INVALID_FILE', `${source}: ${field || '(root)'}: ${issue.message}; pass the file written by \`zkr deploy --out\``, {
      details: { source, field },
      cause: result.error,
    });
  }
  const d = result.data;
  return {
    chainId: BigInt(d.chainId),
    rpcUrl: d.rpcUrl ?? undefined,
    rollup: getAddress(d.rollup),
    domain: BigInt(d.domain),
    depth: d.depth,
    queuePositions: d.queuePositions,
    withdrawalPositions: d.withdrawalPositions,
    token: d.token === null ? undefined : getAddress(d.token),
    unit: BigInt(d.unit),
    exodusDelay: d.exodusDelay,
    nextIndex: d.nextIndex,
    hashers: { poseidon2: getAddress(d.hashers.poseidon2), poseidon4: getAddress(d.hashers.poseidon4) },
    genesisRoot: BigInt(d.genesisRoot),
    deployer: getAddress(d.deployer),
    blockNumber: d.blockNumber,
    verifiers: d.verifiers.map((v) => ({ batchSize: v.batchSize, address: getAddress(v.address), ...(v.developmentOnly === true ? { developmentOnly: true } : {}) })),
  };
}

/** Reads and validates a deployment file. */
export async function readDeploymentFile(file: string): Promise<Deployment> {
  return deploymentFromJson(await readJson(file), file);
}

/** Writes a deployment file atomically. */
export async function writeDeploymentFile(file: string, deployment: Deployment): Promise<void> {
  await writeJsonAtomic(file, deploymentToJson(deployment));
}
