/**
 * Deploying a rollup: one snarkjs `Groth16Verifier` per batch size (from an artifact dir's
 * `Verifier.sol` or given source), then `Rollup(genesisRoot)`, then `setVerifier` for each size.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContractFactory, getAddress, InterfaceAbi, Signer } from 'ethers';
import { ZkrError } from '@zkr/errors';
import { assertFieldElement, assertInteger, computeDomain } from '@zkr/state';
import { RollupClient } from './client';
import { CompiledContract, compileRollup, compileVerifier } from './compile';
import { Deployment } from './deployment';
import { connect, ConnectOptions, L1Connection } from './network';
import { toZkrError } from './revert';

/** The verifier of one batch size: an artifact dir holding `Verifier.sol`, or the source itself. */
export type VerifierSpec =
  | { readonly batchSize: number; readonly artifactsDir: string }
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
}

function verifierSource(spec: VerifierSpec): { source: string; origin: string } {
  if ('verifierSource' in spec) return { source: spec.verifierSource, origin: `the verifier source of batch size ${spec.batchSize}` };
  const file = path.join(spec.artifactsDir, 'Verifier.sol');
  try {
    return { source: fs.readFileSync(file, 'utf8'), origin: file };
  } catch (cause) {
    throw new ZkrError('VERIFIER_NOT_FOUND', `${file} is missing; run the trusted setup for this circuit (it exports Verifier.sol) or pass the right artifacts dir`, {
      details: { artifactsDir: spec.artifactsDir },
      cause,
    });
  }
}

function checkOptions(options: DeployOptions): void {
  assertFieldElement(options.genesisRoot, 'genesisRoot');
  if (!Array.isArray(options.verifiers) || options.verifiers.length === 0) {
    throw new ZkrError('INVALID_ARGUMENT', 'verifiers must list at least one {batchSize, artifactsDir | verifierSource}', { details: { field: 'verifiers' } });
  }
  const seen = new Set<number>();
  options.verifiers.forEach((v, i) => {
    assertInteger(v.batchSize, `verifiers[${i}].batchSize`, 1, 2 ** 32 - 1);
    if (seen.has(v.batchSize)) {
      throw new ZkrError('INVALID_ARGUMENT', `verifiers[${i}].batchSize ${v.batchSize} is listed twice; give one verifier per batch size`, {
        details: { field: `verifiers[${i}].batchSize`, value: v.batchSize },
      });
    }
    seen.add(v.batchSize);
  });
}

async function deployContract(compiled: CompiledContract, signer: Signer, name: string, args: unknown[]): Promise<{ address: string; blockNumber: number }> {
  const factory = new ContractFactory(compiled.abi as InterfaceAbi, compiled.bytecode, signer);
  try {
    const contract = await factory.deploy(...args);
    const receipt = await contract.deploymentTransaction()!.wait();
    return { address: getAddress(await contract.getAddress()), blockNumber: receipt!.blockNumber };
  } catch (error) {
    throw toZkrError(error, factory.interface, `deploying ${name}`);
  }
}

/** Deploys verifiers and Rollup, registers the verifiers, and returns the attached client. */
export async function deploy(options: DeployOptions): Promise<RollupClient> {
  checkOptions(options);
  const compiledVerifiers = options.verifiers.map((spec) => {
    const { source, origin } = verifierSource(spec);
    return { batchSize: spec.batchSize, compiled: compileVerifier(source, origin, options.cacheDir) };
  });
  const rollup = compileRollup(options.cacheDir);
  const connection = options.connection ?? (await connect(options));
  const verifiers: { batchSize: number; address: string }[] = [];
  for (const v of compiledVerifiers) {
    verifiers.push({ batchSize: v.batchSize, address: (await deployContract(v.compiled, connection.signer, `the verifier of batch size ${v.batchSize}`, [])).address });
  }
  const created = await deployContract(rollup, connection.signer, 'Rollup', [options.genesisRoot]);
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
  for (const v of verifiers) await client.setVerifier(v.batchSize, v.address);
  return client;
}
