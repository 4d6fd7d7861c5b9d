/**
 * Test-only Solidity contracts (the fixtures of `contracts/test/fixtures/`: an ERC-20 with the misbehaviours
 * the Rollup must survive, a re-entrant claimer, a forwarding sequencer) compiled with the pinned solc-js
 * and the settings of `contracts/solc.json`, for the contract and L1 tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InterfaceAbi } from 'ethers';
import { REPO_ROOT } from './cache';

/** A compiled test contract: its ABI and creation bytecode. */
export interface TestContractArtifact {
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
}

/** The fixture contracts of `contracts/test/fixtures/<name>.sol`. */
export type FixtureContractName = 'TestToken' | 'ReentrantClaimer' | 'Forwarder';

/** Compiles contract `name` of Solidity `source` with the pinned solc-js and the settings of contracts/solc.json. */
export function compileTestContract(source: string, name: string): TestContractArtifact {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- solc-js has no types; loaded only by tests
  const solc = require('solc') as { compile(input: string): string };
  const settings = (JSON.parse(readFileSync(join(REPO_ROOT, 'contracts', 'solc.json'), 'utf8')) as { settings: Record<string, unknown> }).settings;
  const input = { language: 'Solidity', sources: { 'Test.sol': { content: source } }, settings: { ...settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    contracts?: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
    errors?: { severity: string; formattedMessage: string }[];
  };
  const compiled = out.contracts?.['Test.sol']?.[name];
  if (!compiled) throw new Error(`solc did not compile ${name}: ${(out.errors ?? []).map((e) => e.formattedMessage).join('\n')}`);
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}

/**
 * Compiles the fixture contract `name` (`contracts/test/fixtures/<name>.sol`): `TestToken(uint8 mode)` (0 standard,
 * 1 returns false, 2 returns nothing, 3 keeps a 1% fee, 4 reverts; `mint`, `setMode`), `ReentrantClaimer(address rollup)`,
 * `Forwarder`.
 */
export function compileFixtureContract(name: FixtureContractName): TestContractArtifact {
  return compileTestContract(readFileSync(join(REPO_ROOT, 'contracts', 'test', 'fixtures', `${name}.sol`), 'utf8'), name);
}
