/**
 * `zkr sync`: rebuilds a rollup's state from its genesis state file and L1 data alone (the queue
 * events and every accepted batch's calldata, docs/protocol.md §7, §12), compares it with the state
 * hash the Rollup holds, and writes the rebuilt state file atomically. A state that does not match
 * L1 exits non-zero with `STATE_MISMATCH` (and writes nothing).
 */
import type { Command } from 'commander';
import { Wallet } from 'ethers';
import { connect, DEFAULT_RPC_TIMEOUT_MS, readDeploymentFile } from '@zkr/l1';
import { rebuildFromL1 } from '@zkr/sequencer';
import { readStateFile, writeStateFile } from '@zkr/state';
import { cliError } from '../errors';
import type { Cli } from '../cli';
import { parseInteger } from '../args';
import { noteNetwork } from './deploy';

interface SyncFlags {
  deployment: string;
  genesis: string;
  out?: string;
  rpc?: string;
  pageBlocks: string;
  rpcTimeout: string;
}

/** Registers `zkr sync`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('sync')
    .description("rebuild the rollup's state from the genesis state file and L1 data alone (queue events, batch calldata), compare it with the state hash on L1 (exit 1 unless equal) and write it with --out")
    .requiredOption('--deployment <file>', 'deployment file written by `zkr deploy`')
    .requiredOption('--genesis <file>', 'the genesis state file the rollup was deployed with (`zkr genesis`)')
    .option('--out <file>', 'write the rebuilt state file here (atomically), once it matches L1')
    .option('--rpc <url>', "JSON-RPC URL of the L1 node, one that keeps the rollup's log history (default: the deployment file's)")
    .option('--page-blocks <n>', 'blocks per eth_getLogs request (lower it for a node with a smaller range limit)', '10000')
    .option('--rpc-timeout <ms>', 'give up on an RPC call after this many milliseconds', String(DEFAULT_RPC_TIMEOUT_MS))
    .action(async (flags: SyncFlags) => {
      const pageBlocks = parseInteger(flags.pageBlocks, '--page-blocks', 1, 1_000_000);
      const rpcTimeoutMs = parseInteger(flags.rpcTimeout, '--rpc-timeout', 1, 2 ** 31 - 1);
      const deployment = await readDeploymentFile(flags.deployment);
      const genesis = await readStateFile(await cli.crypto(), flags.genesis);
      // Sync only reads: a throwaway key stands in for the connection's signer, so no key is needed.
      const connection = await connect({ rpcUrl: flags.rpc ?? deployment.rpcUrl, privateKey: Wallet.createRandom().privateKey, rpcTimeoutMs });
      noteNetwork(cli, connection);
      let rebuilt: Awaited<ReturnType<typeof rebuildFromL1>>;
      try {
        rebuilt = await rebuildFromL1({ connection, deployment, genesis, pageBlocks, onProgress: (p) => cli.note(`replayed batch ${p.batchNumber} of ${p.batches}`) });
      } finally {
        connection.provider.destroy();
      }
      const { state, batches, stateHashOnChain, blockNumber, matches } = rebuilt;
      const value = {
        rollup: deployment.rollup, chainId: deployment.chainId, blockNumber, batches, root: state.root, stateHash: state.stateHash, stateHashOnChain,
        batchCount: state.batchCount, queueCount: state.queueCount, matches, out: matches ? (flags.out ?? null) : null,
      };
      const lines = [
        `Rebuilt ${deployment.rollup} from ${flags.genesis} and L1 up to block ${blockNumber}: ${batches} batch(es), ${state.queueCount} queue operation(s) consumed`,
        `root             ${state.root}`,
        `state hash       ${state.stateHash}`,
        `L1 state hash    ${stateHashOnChain}: ${matches ? 'match' : 'MISMATCH'}`,
      ];
      if (!matches) {
        if (cli.json) cli.result(value, '');
        throw cliError('STATE_MISMATCH', `the state rebuilt from L1 data (state hash ${state.stateHash}, ${state.batchCount} batches) is not the state the Rollup holds (${stateHashOnChain}); the node may have served an incomplete log history: retry against another --rpc`, {
          details: { stateHash: state.stateHash, stateHashOnChain, batchCount: state.batchCount },
        });
      }
      if (flags.out !== undefined) {
        await writeStateFile(flags.out, state);
        lines.push(`wrote            ${flags.out}`);
      }
      cli.result(value, lines.join('\n'));
    });
}
