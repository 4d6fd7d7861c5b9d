/**
 * zkr's generated Poseidon hashers (`scripts/poseidon-opt.js`: sparse partial rounds, inline
 * assembly) compiled with the pinned solc-js and `solc.json`, deployed on Hardhat's network and
 * checked against circomlibjs's Poseidon (docs/protocol.md §2) on seeded random inputs and the field
 * boundaries, against poseidon-solidity (the default hashers) on words >= r, and measured against
 * poseidon-solidity's and circomlibjs's hasher contracts. Prints the gas tables; asserts only what
 * is deterministic: ours is cheaper than poseidon-solidity's per call, on the D = 32 exodus hashing
 * path (17 Poseidon(4) + 1 Poseidon(2), §13) and in the Rollup's `exodusWithdraw` at D = 32, and
 * fits EIP-170.
 */
import { buildPoseidon, type CircomPoseidon } from 'circomlibjs';
import { type Contract, getBytes, Interface, type InterfaceAbi } from 'ethers';
import { PoseidonT3 as PublishedT3, PoseidonT5 as PublishedT5 } from 'poseidon-solidity';
import { seededBigints, testSeed } from '@zkr/test-helpers';
import { type Artifact, compileTestContract, deployContract, deployRollup, hardhatProvider, increaseTime, rollupConfig, signer } from './helpers';

/** The generator's module (`scripts/poseidon-opt.js`, plain CommonJS run by the build). */
interface PoseidonOptModule {
  readonly FIELD_ORDER: bigint;
  readonly MAX_RUNTIME_BYTES: number;
  readonly POSEIDON_OPT_INPUTS: readonly number[];
  poseidonOptSource(inputs: number): string;
  compilePoseidonOpt(inputs: number): Artifact & { readonly abi: InterfaceAbi; readonly deployedBytes: number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a build script in plain JS; typed by the interface above
const generator = require('../scripts/poseidon-opt') as PoseidonOptModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- circomlibjs's contract generator is not in zkr's circomlibjs declarations
const { poseidonContract } = require('circomlibjs') as { poseidonContract: { generateABI(n: number): InterfaceAbi; createCode(n: number): string } };

const R = generator.FIELD_ORDER;
const SEED = testSeed();
const RANDOM_INPUTS = 200;
/** Levels of the arity-4 tree at D = 32 (§3): the exodus proof hashes the leaf and 16 levels. */
const EXODUS_LEVELS = 16;
const HASH_ABI = (n: number) => [`function hash(uint256[${n}]) pure returns (uint256)`];

/** The exodus path of §13 at depth 2·levels: leaf, `levels` arity-4 nodes, then the state hash. */
const EXODUS_HASHES_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
interface IHash2 { function hash(uint256[2] calldata) external pure returns (uint256); }
interface IHash4 { function hash(uint256[4] calldata) external pure returns (uint256); }
contract ExodusHashes {
  function stateHashOf(IHash2 h2, IHash4 h4, uint256 domain, uint32 index, uint256[4] calldata leaf, uint256[3][] calldata siblings) external view returns (uint256) {
    uint256 node = h4.hash(leaf);
    for (uint256 k = 0; k < siblings.length; k++) {
      uint256 digit = (uint256(index) >> (2 * k)) & 3;
      uint256[4] memory children;
      uint256 j = 0;
      for (uint256 p = 0; p < 4; p++) children[p] = p == digit ? node : siblings[k][j++];
      node = h4.hash(children);
    }
    return h2.hash([domain, node]);
  }
}
`;

let poseidon: CircomPoseidon;
const compiled = new Map<number, ReturnType<PoseidonOptModule['compilePoseidonOpt']>>();
const ours = new Map<number, Contract>();
const published = new Map<number, Contract>();
const circomlibjs = new Map<number, Contract>();

/** circomlibjs's Poseidon of `inputs` (it reduces words >= r modulo r, `F.e`). */
const reference = (inputs: readonly bigint[]): bigint => poseidon.F.toObject(poseidon([...inputs]));

/** EIP-2028 calldata gas: 4 per zero byte, 16 per other byte. */
function calldataGas(data: string): bigint {
  return getBytes(data).reduce((gas, b) => gas + (b === 0 ? 4n : 16n), 0n);
}

/** Gas of a transaction calling `data` on `contract`, without the 21,000 base: `{ call, execution }` (execution also without calldata). */
async function gasOf(contract: Contract, data: string): Promise<{ call: bigint; execution: bigint }> {
  const receipt = await (await (await signer()).sendTransaction({ to: await contract.getAddress(), data, gasLimit: 10_000_000n })).wait();
  const call = receipt!.gasUsed - 21000n;
  return { call, execution: call - calldataGas(data) };
}

beforeAll(async () => {
  poseidon = await buildPoseidon();
  const from = await signer();
  for (const n of generator.POSEIDON_OPT_INPUTS) {
    const artifact = generator.compilePoseidonOpt(n);
    compiled.set(n, artifact);
    ours.set(n, await deployContract(artifact, [], from));
    const bytecode = (n === 2 ? PublishedT3 : PublishedT5).bytecode;
    published.set(n, await deployContract({ abi: HASH_ABI(n), bytecode }, [], from));
    circomlibjs.set(n, await deployContract({ abi: poseidonContract.generateABI(n), bytecode: poseidonContract.createCode(n) }, [], from));
  }
});

test('the generator covers exactly Poseidon(2) and Poseidon(4), and refuses other arities', () => {
  expect(generator.POSEIDON_OPT_INPUTS).toEqual([2, 4]);
  expect(() => generator.poseidonOptSource(3)).toThrow(new RangeError('poseidon-opt generates hashers of 2 or 4 inputs, got 3'));
});

test.each([2, 4])('Poseidon(%i): the ABI is exactly hash(uint256[N]) pure returns (uint256), and the runtime code fits EIP-170', async (n) => {
  const artifact = compiled.get(n)!;
  expect(new Interface(artifact.abi).format()).toEqual([`function hash(uint256[${n}]) pure returns (uint256)`]);
  const code = await hardhatProvider().getCode(await ours.get(n)!.getAddress());
  expect(getBytes(code).length).toBe(artifact.deployedBytes);
  expect(artifact.deployedBytes).toBeLessThanOrEqual(generator.MAX_RUNTIME_BYTES);
});

test.each([2, 4])(`Poseidon(%i) equals circomlibjs's on 0, 1, r - 1 and ${RANDOM_INPUTS} random field elements (seed ${SEED})`, async (n) => {
  const draw = seededBigints(SEED + BigInt(n));
  const top = R - 1n;
  const cases: bigint[][] = [Array(n).fill(0n), Array(n).fill(1n), Array(n).fill(top), [0n, 1n, top, top - 1n].slice(0, n), [top, 0n, 1n, 2n].slice(0, n)];
  while (cases.length < RANDOM_INPUTS + 5) cases.push(Array.from({ length: n }, () => draw(256) % R));
  const contract = ours.get(n)!;
  for (const input of cases) expect(await contract.hash(input)).toBe(reference(input));
});

test.each([2, 4])('Poseidon(%i) of words >= r is the hash of the words mod r, as poseidon-solidity and circomlibjs give it', async (n) => {
  const max = (1n << 256n) - 1n;
  const draw = seededBigints(SEED + 100n + BigInt(n));
  const cases: bigint[][] = [Array(n).fill(R), Array(n).fill(max), [R + 1n, max, 2n * R, 0n].slice(0, n), Array.from({ length: n }, () => R + (draw(256) % (max - R)))];
  for (const input of cases) {
    const expected = reference(input.map((x) => x % R));
    expect(reference(input)).toBe(expected);
    expect(await ours.get(n)!.hash(input)).toBe(expected);
    expect(await published.get(n)!.hash(input)).toBe(expected);
  }
});

test.each([2, 4])('Poseidon(%i) rejects ETH, a short calldata and another selector with an empty revert', async (n) => {
  const contract = ours.get(n)!;
  const to = await contract.getAddress();
  const data = contract.interface.encodeFunctionData('hash', [Array(n).fill(1n)]);
  const provider = hardhatProvider();
  expect(await provider.call({ to, data })).toBe(`0x${reference(Array(n).fill(1n)).toString(16).padStart(64, '0')}`);
  const reverts = async (tx: { data: string; value?: bigint }) => {
    const error = await provider.call({ to, ...tx }).then(
      () => undefined,
      (e: unknown) => e as { code?: string; data?: string },
    );
    return { code: error?.code, data: error?.data };
  };
  const empty = { code: 'CALL_EXCEPTION', data: '0x' };
  expect(await reverts({ data, value: 1n })).toEqual(empty);
  expect(await reverts({ data: data.slice(0, -2) })).toEqual(empty);
  expect(await reverts({ data: `0xdeadbeef${data.slice(10)}` })).toEqual(empty);
});

test('gas per call: ours against poseidon-solidity and circomlibjs; the D = 32 exodus hashing path', async () => {
  const draw = seededBigints(SEED + 200n);
  const rows: Record<string, string | number>[] = [];
  const executionGas = new Map<string, bigint>();
  for (const n of generator.POSEIDON_OPT_INPUTS) {
    const input = Array.from({ length: n }, () => draw(256) % R);
    const impls: [string, Contract, string][] = [
      ['zkr poseidon-opt', ours.get(n)!, 'hash'],
      ['poseidon-solidity', published.get(n)!, 'hash'],
      ['circomlibjs', circomlibjs.get(n)!, `poseidon(uint256[${n}])`],
    ];
    for (const [name, contract, fn] of impls) {
      expect(await contract.getFunction(fn).staticCall(input)).toBe(reference(input));
      const gas = await gasOf(contract, contract.interface.encodeFunctionData(fn, [input]));
      const size = getBytes(await hardhatProvider().getCode(await contract.getAddress())).length;
      executionGas.set(`${name}/${n}`, gas.execution);
      rows.push({ hasher: `${name} T${n + 1}`, 'call gas (no 21k base)': Number(gas.call), 'execution gas (no calldata)': Number(gas.execution), 'runtime bytes': size });
    }
  }
  console.log(`Poseidon hashers on Hardhat (Cancun), one transaction per call, seed ${SEED}:`);
  console.table(rows);
  for (const n of generator.POSEIDON_OPT_INPUTS) {
    expect(executionGas.get(`zkr poseidon-opt/${n}`)!).toBeLessThan(executionGas.get(`poseidon-solidity/${n}`)!);
  }

  // The exodus path at D = 32 through the Rollup's interface: leaf, 16 levels, state hash.
  const caller = await deployContract(compileTestContract(EXODUS_HASHES_SOURCE, 'ExodusHashes'));
  const domain = draw(256) % R;
  const index = Number(draw(32));
  const leaf = Array.from({ length: 4 }, () => draw(256) % R);
  const siblings = Array.from({ length: EXODUS_LEVELS }, () => Array.from({ length: 3 }, () => draw(256) % R));
  let node = reference(leaf);
  siblings.forEach((triple, k) => {
    const children = [...triple];
    children.splice((index >>> (2 * k)) & 3, 0, node);
    node = reference(children);
  });
  const expected = reference([domain, node]);
  const path: Record<string, number> = {};
  for (const [name, impls] of [['zkr poseidon-opt', ours], ['poseidon-solidity', published]] as const) {
    const args = [await impls.get(2)!.getAddress(), await impls.get(4)!.getAddress(), domain, index, leaf, siblings] as const;
    expect(await caller.stateHashOf(...args)).toBe(expected);
    path[name] = Number((await gasOf(caller, caller.interface.encodeFunctionData('stateHashOf', [...args]))).execution);
  }
  console.log(`D = 32 exodus hashing path (17 Poseidon(4) + 1 Poseidon(2) through external calls, execution gas without calldata): ${JSON.stringify(path)}`);
  expect(path['zkr poseidon-opt']).toBeLessThan(path['poseidon-solidity']);
});

test('the Rollup\'s exodusWithdraw at D = 32 (17 Poseidon(4) + 1 Poseidon(2)) with our hashers and with poseidon-solidity\'s', async () => {
  const draw = seededBigints(SEED + 300n);
  const owner = await signer(1);
  const index = 2 ** 32 - 3;
  const account = { ax: draw(256) % R, ay: draw(256) % R, balance: 5n, nonce: 2n, owner: await owner.getAddress() };
  const siblings = Array.from({ length: EXODUS_LEVELS }, () => Array.from({ length: 3 }, () => draw(256) % R));
  let root = reference([account.ax, account.ay, account.balance + (account.nonce << 64n), BigInt(account.owner)]);
  siblings.forEach((triple, k) => {
    const children = [...triple];
    children.splice((index >>> (2 * k)) & 3, 0, root);
    root = reference(children);
  });
  const gas: Record<string, number> = {};
  for (const [name, impls] of [['zkr poseidon-opt', ours], ['poseidon-solidity', published]] as const) {
    const config = await rollupConfig({ depth: 32, nextIndex: index + 1, genesisRoot: root, exodusDelay: 3600, poseidon2: await impls.get(2)!.getAddress(), poseidon4: await impls.get(4)!.getAddress() });
    const rollup = await deployRollup(config);
    // A pending deposit older than the exodus delay lets anyone activate exodus mode (§13).
    await (await rollup.depositTo(index, 1n, { value: config.unit })).wait();
    await increaseTime(config.exodusDelay + 1);
    await (await rollup.activateExodus()).wait();
    const receipt = await (await rollup.exodusWithdraw(root, index, account, siblings)).wait();
    expect(await rollup.claimable(account.owner)).toBe(account.balance * config.unit);
    gas[name] = Number(receipt!.gasUsed);
  }
  console.log(`exodusWithdraw at D = 32, whole transaction (21k base and calldata included): ${JSON.stringify(gas)}`);
  expect(gas['zkr poseidon-opt']).toBeLessThan(gas['poseidon-solidity']);
});
