/**
 * `zkr demo`: an offline walk-through of the operator loop on a throw-away rollup: genesis with
 * test accounts, a stream of signed transfers (a few deliberately invalid), batches built until the
 * stream is drained. No files, no network.
 */
import type { Command } from 'commander';
import {
  buildBatch, computeDomain, generateKeyPair, RollupState, signTransfer,
  type CryptoSuite, type KeyPair, type SignedTransfer,
} from '@zkr/state';
import type { Cli } from '../cli';

/** The demo rollup: hardhat's chain id and the address of the first contract its default account deploys. */
const DEMO = { chainId: 31337n, rollup: '0x5FbDB2315678afecb367f032d93F642f64180aa3', depth: 16, accounts: 8, batchSize: 8, balance: 1000n };

/** Three rounds of ring transfers plus a replay, an overspend and a signature for another rollup. */
function transferStream(suite: CryptoSuite, keys: readonly KeyPair[], domain: bigint): SignedTransfer[] {
  const n = keys.length;
  const stream: SignedTransfer[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < n; i++) {
      const body = { from: i, to: (i + 1 + round) % n, amount: BigInt(10 * (i + 1)), fee: 1n, nonce: BigInt(round) };
      stream.push(signTransfer(suite, keys[i].privateKey, domain, body));
    }
  }
  const replay = stream[0];
  const overspend = signTransfer(suite, keys[1].privateKey, domain, { from: 1, to: 2, amount: 10_000n, fee: 1n, nonce: 3n });
  const foreign = signTransfer(suite, keys[2].privateKey, domain + 1n, { from: 2, to: 3, amount: 5n, fee: 1n, nonce: 3n });
  stream.splice(5, 0, replay);
  stream.push(overspend, foreign);
  return stream;
}

/** Registers `zkr demo`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('demo')
    .description('offline demo: genesis with test accounts, signed transfers, batches (no files, no network)')
    .action(async () => {
      const suite = await cli.crypto();
      const domain = computeDomain(DEMO.chainId, DEMO.rollup);
      const keys = Array.from({ length: DEMO.accounts }, () => generateKeyPair(suite.eddsa));
      const genesis = RollupState.genesis(suite, {
        depth: DEMO.depth,
        domain,
        accounts: keys.map((k, index) => ({ index, account: { publicKey: k.publicKey, balance: DEMO.balance, nonce: 0n } })),
      });
      cli.note(`genesis: ${DEMO.accounts} accounts of ${DEMO.balance}, depth ${DEMO.depth}, root ${genesis.root}`);
      let pending = transferStream(suite, keys, domain);
      cli.note(`signed ${pending.length} transfers (3 of them invalid on purpose)`);
      let state = genesis;
      const batches = [];
      while (pending.length > 0) {
        const result = buildBatch(state, pending, { batchSize: DEMO.batchSize, feeRecipient: 0 });
        const { batch, accepted, rejected } = result;
        batches.push({
          accepted: accepted.length,
          noops: batch.batchSize - accepted.length,
          rejected: rejected.map(({ position, code }) => ({ position, code })),
          oldRoot: batch.oldRoot,
          newRoot: batch.newRoot,
          publicInput: batch.publicInput,
          publicDataBytes: batch.publicData.length,
        });
        const why = rejected.map((r) => r.code).join(', ');
        cli.note(`batch ${batches.length}: ${accepted.length} transfers, ${batch.batchSize - accepted.length} no-ops` +
          `${rejected.length ? `, rejected ${why}` : ''}; fees ${batch.totalFees}; public input ${batch.publicInput.toString().slice(0, 16)}...`);
        state = result.state;
        pending = [...result.remaining];
      }
      const balances = [...state.accounts()].map(({ index, account }) => ({ index, balance: account.balance, nonce: account.nonce }));
      cli.result(
        { domain, depth: DEMO.depth, batchSize: DEMO.batchSize, genesisRoot: genesis.root, finalRoot: state.root, batches, balances },
        [
          `${batches.length} batches, ${batches.reduce((s, b) => s + b.accepted, 0)} transfers applied, ` +
            `${batches.reduce((s, b) => s + b.rejected.length, 0)} rejected`,
          `final root ${state.root}`,
          `balances: ${balances.map((b) => `${b.index}:${b.balance}`).join(' ')}`,
        ].join('\n'),
      );
    });
}
