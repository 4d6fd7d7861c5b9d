/** `zkr submit`: send a proven batch to the deployed Rollup and report its gas. */
import type { Command } from 'commander';
import { cliError } from '../errors';
import { connect, readDeploymentFile, RollupClient, type SubmitResult } from '@zkr/l1';
import { parseProof, toSolidityCalldata } from '@zkr/prover';
import { creditsOf, ownerToHex, readBatchFile, readJson, txDataOf, type Batch } from '@zkr/state';
import type { Cli } from '../cli';
import { formatL1 } from '../rollup';
import { warnDevelopmentKeys } from '../warnings';
import { addL1Options, l1Options, noteNetwork, type L1Flags } from './deploy';

interface SubmitFlags extends L1Flags {
  deployment: string;
  batch: string;
  proof: string;
}

/** The proof file: `{proof, publicSignals}` or a bare snarkjs proof (then proved for the batch's four public inputs, docs/protocol.md §7). */
async function readProofCalldata(file: string, batch: Batch) {
  const json = (await readJson(file)) as { proof?: unknown; publicSignals?: unknown } | null;
  if (json !== null && typeof json === 'object' && 'proof' in json) {
    if (!Array.isArray(json.publicSignals)) {
      throw cliError('PROOF_MALFORMED', `${file}: publicSignals must be an array next to proof`, { details: { field: 'publicSignals', source: file } });
    }
    return toSolidityCalldata(parseProof(json.proof), json.publicSignals as string[]);
  }
  return toSolidityCalldata(parseProof(json), [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash].map(String));
}

/** Registers `zkr submit`. */
export function register(program: Command, cli: Cli): void {
  addL1Options(
    program
      .command('submit')
      .description('submit a proven batch to the Rollup; prints gas used, calldata size and the L1 credits it adds (withdrawals, forced exits, refunds)')
      .requiredOption('--deployment <file>', 'deployment file written by `zkr deploy`')
      .requiredOption('--batch <file>', 'batch file')
      .requiredOption('--proof <file>', 'proof of the batch (snarkjs proof.json, or {proof, publicSignals})'),
  ).action(async (flags: SubmitFlags) => {
    const deployment = await readDeploymentFile(flags.deployment);
    const batch = await readBatchFile(await cli.crypto(), flags.batch);
    const proof = await readProofCalldata(flags.proof, batch);
    if (deployment.verifiers.find((v) => v.batchSize === batch.batchSize)?.developmentOnly === true) {
      warnDevelopmentKeys(cli, `behind the batch-size-${batch.batchSize} verifier of ${flags.deployment}`);
    }
    const options = l1Options({ ...flags, rpc: flags.rpc ?? deployment.rpcUrl });
    const connection = await connect(options.connect);
    noteNetwork(cli, connection);
    let r: SubmitResult;
    try {
      const client = await RollupClient.attach(deployment, connection);
      r = await client.submitBatch(batch, proof, { confirmations: options.confirmations });
    } catch (error) {
      // A timed-out receipt wait keeps polling the node: stop the provider so the process can exit.
      connection.provider.destroy();
      throw error;
    }
    const transfers = batch.slots.filter((s) => s.kind === 'transfer').length;
    const perTransfer = transfers > 0 ? r.gasUsed / BigInt(transfers) : null;
    const txDataBytes = txDataOf(batch.batchData, batch.depth).length;
    const credits = creditsOf(batch).filter((c) => c.amount > 0n).map((c) => ({ address: ownerToHex(c.address), amount: c.amount, value: c.amount * deployment.unit }));
    cli.result(
      {
        ...r, transfers, queueCount: batch.queueCount, gasPerSlot: r.gasUsed / BigInt(r.slots), gasPerTransfer: perTransfer, txDataBytes, credits,
        oldRoot: batch.oldRoot, newRoot: batch.newRoot, newStateHash: batch.newStateHash,
      },
      [
        `batch #${r.batchNumber} accepted in block ${r.blockNumber} (tx ${r.txHash}): ${batch.queueCount} queue operation(s) consumed, ${transfers} transfer(s)`,
        `gas ${r.gasUsed} (${r.gasUsed / BigInt(r.slots)} per slot${perTransfer === null ? '' : `, ${perTransfer} per transfer`}), calldata ${r.calldataBytes} bytes (${r.calldataGas} gas), txData ${txDataBytes} bytes`,
        ...credits.map((c) => `credited ${formatL1(deployment, c.value)} to ${c.address}: claim it with \`zkr claim\``),
        `new root ${batch.newRoot}`,
        `new state hash ${batch.newStateHash}`,
      ].join('\n'),
    );
  });
}
