/**
 * The Rollup contract on Hardhat's in-process network, driven through @zkr/l1 with real snarkjs
 * proofs of the one-public-input fixture circuit.
 */
import { type BrowserProvider, Contract, ContractFactory, Wallet, ZeroAddress } from 'ethers';
import { Rollup } from '@zkr/contracts';
import { isZkrError } from '@zkr/errors';
import { connect, deploy, type L1Connection, type RollupClient } from '@zkr/l1';
import { computeDomain, FIELD_ORDER } from '@zkr/state';
import { terminateCurve, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';
import { codeOf, nextSubmission, provenSubmission, randomRoot } from './helpers';

let fx: ToyArtifacts;
let connection: L1Connection;

beforeAll(async () => {
  fx = await toyCeremony();
  connection = await connect();
});

afterAll(terminateCurve);

async function deployFixture(genesisRoot = randomRoot(), sizes = [2, 4]): Promise<RollupClient> {
  return deploy({ connection, genesisRoot, verifiers: sizes.map((batchSize) => ({ batchSize, artifactsDir: fx.dir })) });
}

async function otherSigner(index: number) {
  return (connection.provider as BrowserProvider).getSigner(index);
}

describe('Rollup deployment', () => {
  test('computes the protocol domain from chain id and address, stores genesis and owner', async () => {
    const genesis = randomRoot();
    const client = await deployFixture(genesis);
    const { deployment } = client;
    expect(deployment.domain).toBe(computeDomain(31337n, deployment.rollup));
    expect(await client.domain()).toBe(deployment.domain);
    expect(await client.stateRoot()).toBe(genesis);
    expect(await client.batchNumber()).toBe(0n);
    expect(deployment.verifiers.map((v) => v.batchSize)).toEqual([2, 4]);
    const raw = new Contract(deployment.rollup, client.iface, connection.provider);
    expect(await raw.owner()).toBe(await connection.signer.getAddress());
    expect(await raw.isSequencer(await connection.signer.getAddress())).toBe(true);
    expect(await raw.verifiers(2)).toBe(deployment.verifiers[0].address);
    expect(await raw.verifiers(4)).toBe(deployment.verifiers[1].address);
    expect(await raw.verifiers(3)).toBe(ZeroAddress);
  });

  test('the constructor rejects a genesis root outside the field', async () => {
    const factory = new ContractFactory(Rollup.abi, Rollup.bytecode, connection.signer);
    const error = await factory.deploy(FIELD_ORDER).catch((e: { data?: string }) => e);
    expect(factory.interface.parseError((error as { data: string }).data)?.name).toBe('Rollup__NotInField');
    await expect(deploy({ connection, genesisRoot: FIELD_ORDER, verifiers: [{ batchSize: 1, artifactsDir: fx.dir }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe('Rollup.submitBatch', () => {
  let client: RollupClient;
  beforeAll(async () => {
    client = await deployFixture();
  });

  test('accepts valid batches of each registered size in sequence and emits replayable events', async () => {
    const genesis = await client.stateRoot();
    const first = await nextSubmission(fx, client, 2);
    const r1 = await client.submit(first);
    expect(r1.batchNumber).toBe(1n);
    expect(await client.stateRoot()).toBe(first.newRoot);
    const second = await nextSubmission(fx, client, 4);
    const r2 = await client.submit(second);
    expect(r2.batchNumber).toBe(2n);
    expect(await client.stateRoot()).toBe(second.newRoot);
    expect(await client.batchNumber()).toBe(2n);
    // selector, 12 head words (3 arguments, txData offset, 8 proof words), txData length, 48 bytes padded to 64.
    expect(r1.calldataBytes).toBe(4 + 12 * 32 + 32 + 64);
    expect(r2.slots).toBe(4);
    expect(r2.gasUsed).toBeGreaterThan(r2.calldataGas + 21000n);
    const events = await client.readBatches();
    expect(events.map((e) => [e.batchNumber, e.oldRoot, e.newRoot, e.feeRecipient, Buffer.from(e.txData).toString('hex')])).toEqual([
      [1n, genesis, first.newRoot, 7, Buffer.from(first.txData).toString('hex')],
      [2n, first.newRoot, second.newRoot, 7, Buffer.from(second.txData).toString('hex')],
    ]);
  });

  test('rejects a proof replayed in a later batch', async () => {
    const s = await nextSubmission(fx, client, 2);
    await client.submit(s);
    expect(await codeOf(() => client.submit(s))).toBe('STALE_ROOT');
    // Even claiming the current root, the public data now starts from another root.
    expect(await codeOf(() => client.submit({ ...s, expectedOldRoot: s.newRoot }))).toBe('INVALID_PROOF');
  });

  test('rejects a proof made for another deployment with the same genesis root', async () => {
    const genesis = randomRoot();
    const a = await deployFixture(genesis);
    const b = await deployFixture(genesis);
    expect(a.deployment.domain).not.toBe(b.deployment.domain);
    const s = await nextSubmission(fx, a, 2);
    expect(await codeOf(() => b.submit(s))).toBe('INVALID_PROOF');
    await a.submit(s);
  });

  test('rejects public data altered in one byte, in the slots, the new root or the fee recipient', async () => {
    const s = await nextSubmission(fx, client, 4);
    for (const at of [0, 23, 95]) {
      const txData = Uint8Array.from(s.txData);
      txData[at] ^= 1;
      expect(await codeOf(() => client.submit({ ...s, txData }))).toBe('INVALID_PROOF');
    }
    expect(await codeOf(() => client.submit({ ...s, newRoot: s.newRoot ^ 1n }))).toBe('INVALID_PROOF');
    expect(await codeOf(() => client.submit({ ...s, feeRecipient: s.feeRecipient + 1 }))).toBe('INVALID_PROOF');
    const tampered = { ...s.proof, a: [s.proof.a[0], s.proof.a[1] ^ 1n] as const };
    expect(await codeOf(() => client.submit({ ...s, proof: tampered }))).toBe('INVALID_PROOF');
    expect((await client.submit(s)).batchNumber).toBeGreaterThan(0n);
  });

  test('rejects a stale expected root and names both roots', async () => {
    const s = await nextSubmission(fx, client, 2);
    const error = await client.submit({ ...s, expectedOldRoot: s.expectedOldRoot + 1n }).catch((e: unknown) => e);
    expect(isZkrError(error, 'STALE_ROOT')).toBe(true);
    expect((error as { details: { args: unknown } }).details.args).toEqual({ expected: s.expectedOldRoot + 1n, current: s.expectedOldRoot });
    expect((error as Error).message).toContain('Rollup__StaleRoot');
  });

  test('rejects slot data whose length has no registered verifier', async () => {
    const s = await nextSubmission(fx, client, 2);
    for (const length of [0, 24, 47, 72, 25 * 24]) {
      const error = await client.submit({ ...s, txData: new Uint8Array(length) }).catch((e: unknown) => e);
      expect(isZkrError(error, 'NO_VERIFIER_FOR_LENGTH')).toBe(true);
      expect((error as { details: { args: { txDataLength: bigint } } }).details.args.txDataLength).toBe(BigInt(length));
    }
  });

  test('rejects a new root outside the field and accepts r - 1', async () => {
    const s = await nextSubmission(fx, client, 2);
    expect(await codeOf(() => client.submit({ ...s, newRoot: FIELD_ORDER }))).toBe('NOT_IN_FIELD');
    expect(await codeOf(() => client.submit({ ...s, newRoot: (1n << 256n) - 1n }))).toBe('NOT_IN_FIELD');
    const edge = await provenSubmission(fx, client.deployment.domain, await client.stateRoot(), 2, FIELD_ORDER - 1n);
    await client.submit(edge);
    expect(await client.stateRoot()).toBe(FIELD_ORDER - 1n);
  });

  test('only sequencers submit; only the owner manages sequencers', async () => {
    const outsider = client.withSigner(await otherSigner(1));
    const outsiderAddress = await outsider.connection.signer.getAddress();
    const s = await nextSubmission(fx, client, 2);
    expect(await codeOf(() => outsider.submit(s))).toBe('NOT_SEQUENCER');
    expect(await codeOf(() => outsider.setSequencer(outsiderAddress, true))).toBe('NOT_OWNER');
    expect(await codeOf(() => client.setSequencer(ZeroAddress, true))).toBe('ZERO_ADDRESS');
    await client.setSequencer(outsiderAddress, true);
    expect((await outsider.submit(s)).batchNumber).toBe(await client.batchNumber());
    await client.setSequencer(outsiderAddress, false);
    expect(await codeOf(async () => outsider.submit(await nextSubmission(fx, client, 2)))).toBe('NOT_SEQUENCER');
  });

  test('a paused rollup rejects batches until the owner unpauses it', async () => {
    const outsider = client.withSigner(await otherSigner(2));
    const s = await nextSubmission(fx, client, 2);
    expect(await codeOf(() => outsider.setPaused(true))).toBe('NOT_OWNER');
    expect(await codeOf(() => client.setPaused(false))).toBe('NOT_PAUSED');
    await client.setPaused(true);
    expect(await codeOf(() => client.setPaused(true))).toBe('PAUSED');
    expect(await codeOf(() => client.submit(s))).toBe('PAUSED');
    await client.setPaused(false);
    await client.submit(s);
    expect(await client.stateRoot()).toBe(s.newRoot);
  });
});

describe('Rollup ownership', () => {
  test('the owner hands over the role; the old owner loses it', async () => {
    const client = await deployFixture(randomRoot(), [2]);
    const heir = await otherSigner(4);
    const asOwner = new Contract(client.deployment.rollup, client.iface, connection.signer);
    const asHeir = new Contract(client.deployment.rollup, client.iface, heir);
    const decode = (e: { data?: string }) => client.iface.parseError(e.data!)?.name;
    expect(decode(await asHeir.transferOwnership(heir.address).catch((e: { data?: string }) => e))).toBe('Rollup__NotOwner');
    expect(decode(await asOwner.transferOwnership(ZeroAddress).catch((e: { data?: string }) => e))).toBe('Rollup__ZeroAddress');
    const receipt = await (await asOwner.transferOwnership(heir.address)).wait();
    expect(receipt.logs.map((l: never) => client.iface.parseLog(l)?.args.map(String))).toEqual([[await connection.signer.getAddress(), heir.address]]);
    expect(await asOwner.owner()).toBe(heir.address);
    expect(await codeOf(() => client.setPaused(true))).toBe('NOT_OWNER');
    await client.withSigner(heir).setPaused(true);
    expect(await asOwner.paused()).toBe(true);
  });
});

describe('Rollup verifier registry', () => {
  test('owner-only registration, replacement and removal, each with an event', async () => {
    const client = await deployFixture(randomRoot(), [2]);
    const raw = new Contract(client.deployment.rollup, client.iface, connection.provider);
    const outsider = client.withSigner(await otherSigner(3));
    const verifier2 = client.deployment.verifiers[0].address;
    expect(await codeOf(() => outsider.setVerifier(3, verifier2))).toBe('NOT_OWNER');
    expect(await codeOf(() => client.setVerifier(0, verifier2))).toBe('INVALID_BATCH_SIZE');
    expect(await codeOf(() => client.setVerifier(3, Wallet.createRandom().address))).toBe('NOT_A_CONTRACT');

    const s3 = await nextSubmission(fx, client, 3);
    expect(await codeOf(() => client.submit(s3))).toBe('NO_VERIFIER_FOR_LENGTH');
    await client.setVerifier(3, verifier2);
    await client.submit(s3);
    await client.setVerifier(3, ZeroAddress);
    expect(await codeOf(async () => client.submit(await nextSubmission(fx, client, 3)))).toBe('NO_VERIFIER_FOR_LENGTH');

    const events = await raw.queryFilter(raw.filters.VerifierSet(), client.deployment.blockNumber);
    expect(events.map((e) => (e as unknown as { args: unknown[] }).args.map(String))).toEqual([
      ['2', ZeroAddress, verifier2],
      ['3', ZeroAddress, verifier2],
      ['3', verifier2, ZeroAddress],
    ]);
  });
});
