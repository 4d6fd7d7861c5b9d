/** The deployment record (`kind: "deployment"` JSON file) of a Rollup and its verifiers. */
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
  readonly genesisRoot: bigint;
  readonly deployer: string;
  /** Block of the Rollup's creation; event scans start here. */
  readonly blockNumber: number;
  /** One verifier per registered batch size; `developmentOnly` when its artifact dir's manifest says its keys came from `zkr setup --dev`. */
  readonly verifiers: readonly { readonly batchSize: number; readonly address: string; readonly developmentOnly?: boolean }[];
}

const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'must be a decimal string');
const address = z.string().refine((a) => isAddress(a), 'must be a 0x-hex address');
const schema = z.object({
  version: z.literal(1),
  kind: z.literal('deployment'),
  chainId: decimal,
  rpcUrl: z.string().nullable(),
  rollup: address,
  domain: decimal,
  genesisRoot: decimal,
  deployer: address,
  blockNumber: z.number().int().nonnegative(),
  verifiers: z.array(z.object({ batchSize: z.number().int().positive(), address, developmentOnly: z.boolean().optional() })).min(1),
});

/** Converts a deployment to its JSON form (bigints as decimal strings). */
export function deploymentToJson(d: Deployment): z.input<typeof schema> {
  return {
    version: 1,
    kind: 'deployment',
    chainId: d.chainId.toString(),
    rpcUrl: d.rpcUrl ?? null,
    rollup: d.rollup,
    domain: d.domain.toString(),
    genesisRoot: d.genesisRoot.toString(),
    deployer: d.deployer,
    blockNumber: d.blockNumber,
    verifiers: d.verifiers.map((v) => ({ batchSize: v.batchSize, address: v.address, ...(v.developmentOnly === true ? { developmentOnly: true } : {}) })),
  };
}

/** Validates a parsed deployment JSON; `INVALID_FILE` naming the field otherwise. */
export function deploymentFromJson(value: unknown, source = 'deployment'): Deployment {
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
