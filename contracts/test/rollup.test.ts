/**
 * The Rollup contract (protocol version 2) on Hardhat's in-process network, driven through @zkr/l1
 * with real snarkjs proofs of the two-public-input toy circuit over random batch data encoded and
 * hashed by @zkr/state.
 */
import { type BrowserProvider, Contract, ContractFactory, toBeHex, Wallet, ZeroAddress } from 'ethers';
import { Poseidon2, Rollup } from '@zkr/contracts';
import { isZkrError } from '@zkr/errors';
import { connect, deploy, type L1Connection, type RollupClient } from '@zkr/l1';
import { computeDomain, createCryptoSuite, type CryptoSuite, FIELD_ORDER, slotBytes, stateHashOf } from '@zkr/state';
import { proveToy, terminateCurve, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';
import { codeOf, compileFixtureContract, nextSubmission, noopSlots, randomFieldElement, submissionDataHash } from './helpers';

const DEPTH = 32;
const S = slotBytes(DEPTH);

let fx: ToyArtifacts;
let connection: L1Connection;
let suite: CryptoSuite;

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 2 });
  connection = await connect();
  suite = await createCryptoSuite();
});

afterAll(terminateCurve);

async function deployFixture(genesisRoot = randomFieldElement(), sizes = [2, 4], depth = DEPTH): Promise<RollupClient> {
  return deploy({ connection, genesisRoot, depth, verifiers: sizes.map((batchSize) => ({ batchSize, artifactsDir: fx.dir })) });
}

async function otherSigner(index: number) {
  return (connection.provider as BrowserProvider).getSigner(index);
}

/** The custom error name of a failed raw contract call or deployment. */
function revertName(error: unknown): string | undefined {
  return new Contract(ZeroAddress, Rollup.abi).interface.parseError((error as { data: string }).data)?.name;
}

describe('Rollup deployment', () => {
  test('computes the protocol domain and the genesis state hash Poseidon([domain, root]) as @zkr/state does', async () => {
    const genesis = randomFieldElement();
    const client = await deployFixture(genesis);
    const { deployment } = client;
    expect(deployment.domain).toBe(computeDomain(31337n, deployment.rollup));
    expect(await client.domain()).toBe(deployment.domain);
    expect(await client.stateHash()).toBe(stateHashOf(suite, deployment.domain, genesis));
    expect(await client.batchNumber()).toBe(0n);
    expect(deployment.depth).toBe(DEPTH);
    expect(deployment.verifiers.map((v) => v.batchSize)).toEqual([2, 4]);
    const raw = new Contract(deployment.rollup, client.iface, connection.provider);
    expect([await raw.depth(), await raw.SLOT_BYTES(), await raw.hasher()]).toEqual([BigInt(DEPTH), 14n, deployment.hasher]);
    expect(await raw.owner()).toBe(await connection.signer.getAddress());
    expect(await raw.isSequencer(await connection.signer.getAddress())).toBe(true);
    expect(await raw.verifiers(2)).toBe(deployment.verifiers[0].address);
    expect(await raw.verifiers(4)).toBe(deployment.verifiers[1].address);
    expect(await raw.verifiers(3)).toBe(ZeroAddress);
    const created = (await raw.queryFilter(raw.filters.RollupCreated())).map((e) => (e as unknown as { args: { toArray(): unknown[] } }).args.toArray());
    expect(created).toEqual([[deployment.domain, BigInt(DEPTH), genesis, stateHashOf(suite, deployment.domain, genesis), deployment.hasher]]);
  });

  test('the generated Poseidon(2) hasher equals @zkr/state\'s Poseidon, at the field boundaries too', async () => {
    const client = await deployFixture(1n, [2]);
    const hasher = new Contract(client.deployment.hasher, Poseidon2.abi, connection.provider);
    for (const input of [[0n, 0n], [1n, 2n], [FIELD_ORDER - 1n, FIELD_ORDER - 1n], [randomFieldElement(), randomFieldElement()]]) {
      expect(await hasher.getFunction('poseidon(uint256[2])').staticCall(input)).toBe(suite.poseidon.hash(input));
    }
  });

  test('SLOT_BYTES is 2·ceil(depth/8) + 6 for every even depth 2..32', async () => {
    const client = await deployFixture(1n, [2]);
    const factory = new ContractFactory(Rollup.abi, Rollup.bytecode, connection.signer);
    for (const depth of [2, 8, 10, 16, 18, 24, 26, 32]) {
      const rollup = (await (await factory.deploy(depth, 1n, client.deployment.hasher)).waitForDeployment()) as Contract;
      expect([await rollup.depth(), await rollup.SLOT_BYTES()]).toEqual([BigInt(depth), BigInt(slotBytes(depth))]);
    }
  });

  test('the constructor rejects an odd or out-of-range depth, a genesis root outside the field and a hasher without code', async () => {
    const client = await deployFixture(1n, [2]);
    const factory = new ContractFactory(Rollup.abi, Rollup.bytecode, connection.signer);
    const hasher = client.deployment.hasher;
    for (const depth of [0, 1, 7, 33, 34, 255]) expect(revertName(await factory.deploy(depth, 1n, hasher).catch((e: unknown) => e))).toBe('Rollup__InvalidDepth');
    expect(revertName(await factory.deploy(DEPTH, FIELD_ORDER, hasher).catch((e: unknown) => e))).toBe('Rollup__NotInField');
    expect(revertName(await factory.deploy(DEPTH, 1n, Wallet.createRandom().address).catch((e: unknown) => e))).toBe('Rollup__NotAContract');
    const nonce = await connection.signer.getNonce();
    await expect(deployFixture(FIELD_ORDER)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'genesisRoot' } });
    await expect(deployFixture(1n, [2], 7)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'depth' } });
    expect(await connection.signer.getNonce()).toBe(nonce);
  });
});

describe('Rollup.submitBatch', () => {
  let client: RollupClient;
  beforeAll(async () => {
    client = await deployFixture();
  });

  test('accepts batches of each registered size in order; batchEvents rebuild them from calldata', async () => {
    const first = await nextSubmission(fx, client, 2, { feeRecipient: 3 });
    const r1 = await client.submit(first);
    expect(r1.batchNumber).toBe(1n);
    expect([await client.stateHash(), await client.batchNumber()]).toEqual([first.newStateHash, 1n]);
    const second = await nextSubmission(fx, client, 4, { feeRecipient: 2 ** 32 - 1 });
    const r2 = await client.submit(second);
    expect(r2.batchNumber).toBe(2n);
    expect([await client.stateHash(), await client.batchNumber()]).toEqual([second.newStateHash, 2n]);
    // selector, 12 head words (3 arguments, txData offset, 8 proof words), txData length, 28 bytes padded to 32.
    expect(r1.calldataBytes).toBe(4 + 12 * 32 + 32 + 32);
    expect([r1.slots, r2.slots]).toEqual([2, 4]);
    expect(r2.gasUsed).toBeGreaterThan(r2.calldataGas + 21000n);
    const receipt = await connection.provider.getTransactionReceipt(r2.txHash);
    expect(receipt!.logs.map((log) => client.iface.parseLog(log)?.args.toArray())).toEqual([[2n, second.newStateHash]]);

    const events = await client.batchEvents();
    const summary = (e: { batchNumber: bigint; newStateHash: bigint; feeRecipient: number; txData: Uint8Array }) => [e.batchNumber, e.newStateHash, e.feeRecipient, Buffer.from(e.txData).toString('hex')];
    expect(events.map(summary)).toEqual([first, second].map(summary));
    expect(events.map((e) => [e.txHash, e.blockNumber])).toEqual([r1, r2].map((r) => [r.txHash, r.blockNumber]));
    expect(events[1].txData).toHaveLength(4 * S);
  });

  test('a replayed submission is WRONG_BATCH_NUMBER; renumbered as the next batch its proof is INVALID_PROOF', async () => {
    const s = await nextSubmission(fx, client, 2);
    await client.submit(s);
    const error = await client.submit(s).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WRONG_BATCH_NUMBER', details: { error: 'Rollup__WrongBatchNumber', args: { expected: s.batchNumber + 1n, given: s.batchNumber } } });
    expect(await codeOf(() => client.submit({ ...s, batchNumber: s.batchNumber + 1n }))).toBe('INVALID_PROOF');
  });

  test('an empty batch (no transfers, state hash unchanged) is accepted once only', async () => {
    const before = await client.stateHash();
    const empty = await nextSubmission(fx, client, 2, { newStateHash: before, slots: noopSlots(2) });
    expect(empty.txData).toEqual(new Uint8Array(2 * S));
    const accepted = await client.submit(empty);
    expect(await client.stateHash()).toBe(before);
    expect(await client.batchNumber()).toBe(accepted.batchNumber);
    expect(await codeOf(() => client.submit(empty))).toBe('WRONG_BATCH_NUMBER');
    expect(await codeOf(() => client.submit({ ...empty, batchNumber: empty.batchNumber + 1n }))).toBe('INVALID_PROOF');
    expect(await client.batchNumber()).toBe(accepted.batchNumber);
  });

  test('rejects batch numbers other than the next: 0, a past one, one ahead', async () => {
    const s = await nextSubmission(fx, client, 2);
    for (const given of [0n, 1n, s.batchNumber + 1n, s.batchNumber + 100n]) {
      expect(await client.submit({ ...s, batchNumber: given }).catch((e: unknown) => e)).toMatchObject({
        code: 'WRONG_BATCH_NUMBER',
        details: { args: { expected: s.batchNumber, given } },
      });
    }
    await client.submit(s);
  });

  test('rejects a proof made for another deployment with the same genesis root (another domain, so another state hash)', async () => {
    const genesis = randomFieldElement();
    const a = await deployFixture(genesis);
    const b = await deployFixture(genesis);
    expect(a.deployment.domain).not.toBe(b.deployment.domain);
    const s = await nextSubmission(fx, a, 2);
    expect(await codeOf(() => b.submit(s))).toBe('INVALID_PROOF');
    await a.submit(s);
  });

  test('rejects batch data altered in one byte of the slots, the new state hash, the fee recipient or the proof', async () => {
    const s = await nextSubmission(fx, client, 4);
    for (const at of [0, S - 1, S, 4 * S - 1]) {
      const txData = Uint8Array.from(s.txData);
      txData[at] ^= 1;
      expect(await codeOf(() => client.submit({ ...s, txData }))).toBe('INVALID_PROOF');
    }
    expect(await codeOf(() => client.submit({ ...s, newStateHash: s.newStateHash ^ 1n }))).toBe('INVALID_PROOF');
    expect(await codeOf(() => client.submit({ ...s, feeRecipient: s.feeRecipient + 1 }))).toBe('INVALID_PROOF');
    const tampered = { ...s.proof, a: [s.proof.a[0], s.proof.a[1] ^ 1n] as const };
    expect(await codeOf(() => client.submit({ ...s, proof: tampered }))).toBe('INVALID_PROOF');
    // The inputs in the other order: a proof of [dataHash, newStateHash] is not one of [newStateHash, dataHash].
    const dataHash = submissionDataHash(await client.stateHash(), s, DEPTH);
    expect(s.proof.input).toEqual([s.newStateHash, dataHash]);
    expect(await codeOf(async () => client.submit({ ...s, proof: await proveToy(fx, [dataHash, s.newStateHash]) }))).toBe('INVALID_PROOF');
    expect((await client.submit(s)).batchNumber).toBeGreaterThan(0n);
  });

  test('hashes the fee recipient in ceil(D/8) bytes (one at D = 8) and refuses one at or above 2^D', async () => {
    const small = await deployFixture(randomFieldElement(), [2], 8);
    const s = await nextSubmission(fx, small, 2, { feeRecipient: 255 });
    expect(s.proof.input).toEqual([s.newStateHash, submissionDataHash(await small.stateHash(), s, 8)]);
    expect(await codeOf(() => small.submit({ ...s, feeRecipient: 256 }))).toBe('INDEX_OUT_OF_RANGE');
    expect(await codeOf(() => small.submit({ ...s, feeRecipient: 2 ** 32 - 1 }))).toBe('INDEX_OUT_OF_RANGE');
    expect((await small.submit(s)).batchNumber).toBe(1n);
  });

  test('rejects slot bytes whose length has no registered verifier (not a multiple of SLOT_BYTES, or an unregistered N)', async () => {
    const s = await nextSubmission(fx, client, 2);
    for (const length of [0, 1, S - 1, S, 2 * S - 1, 2 * S + 1, 3 * S, 2 * 24, 25 * S]) {
      const error = await client.submit({ ...s, txData: new Uint8Array(length) }).catch((e: unknown) => e);
      expect(isZkrError(error, 'NO_VERIFIER_FOR_LENGTH')).toBe(true);
      expect((error as { details: { args: { txDataLength: bigint } } }).details.args.txDataLength).toBe(BigInt(length));
    }
  });

  test('rejects a new state hash outside the field and accepts r - 1', async () => {
    const s = await nextSubmission(fx, client, 2);
    expect(await codeOf(() => client.submit({ ...s, newStateHash: FIELD_ORDER }))).toBe('NOT_IN_FIELD');
    expect(await codeOf(() => client.submit({ ...s, newStateHash: (1n << 256n) - 1n }))).toBe('NOT_IN_FIELD');
    const edge = await nextSubmission(fx, client, 2, { newStateHash: FIELD_ORDER - 1n });
    await client.submit(edge);
    expect(await client.stateHash()).toBe(FIELD_ORDER - 1n);
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
    expect(await client.stateHash()).toBe(s.newStateHash);
  });
});

describe('batch numbers at the uint32 limit', () => {
  /** Sets the stored batch count (slot 1 packs owner, batchNumber at bits 160..223, paused) and checks it landed. */
  async function setBatchCount(client: RollupClient, count: bigint): Promise<void> {
    const provider = connection.provider as BrowserProvider;
    const slot = BigInt(await provider.getStorage(client.deployment.rollup, 1));
    const mask = ((1n << 64n) - 1n) << 160n;
    await provider.send('hardhat_setStorageAt', [client.deployment.rollup, '0x1', toBeHex((slot & ~mask) | (count << 160n), 32)]);
    expect(await client.batchNumber()).toBe(count);
  }

  test('a batch number >= 2^32 is BATCH_NUMBER_OUT_OF_RANGE; the last batch is 2^32 - 1', async () => {
    const client = await deployFixture(randomFieldElement(), [2]);
    const s = await nextSubmission(fx, client, 2);
    for (const given of [1n << 32n, (1n << 32n) + 1n, (1n << 64n) - 1n]) {
      expect(await client.submit({ ...s, batchNumber: given }).catch((e: unknown) => e)).toMatchObject({
        code: 'BATCH_NUMBER_OUT_OF_RANGE',
        details: { error: 'Rollup__BatchNumberOutOfRange', args: { batchNumber: given } },
      });
    }
    await setBatchCount(client, (1n << 32n) - 2n);
    const last = await nextSubmission(fx, client, 2);
    expect(last.batchNumber).toBe((1n << 32n) - 1n);
    expect((await client.submit(last)).batchNumber).toBe((1n << 32n) - 1n);
    // 2^32 is now the next number, but it would be hashed as uint32 0: only the range check refuses it.
    expect(await codeOf(() => client.submit({ ...last, batchNumber: 1n << 32n }))).toBe('BATCH_NUMBER_OUT_OF_RANGE');
    expect(await client.batchNumber()).toBe((1n << 32n) - 1n);
  });
});

describe('batchEvents and the calldata', () => {
  test('refuses a batch submitted through another contract: its calldata is not a submitBatch call (INDIRECT_SUBMISSION)', async () => {
    const client = await deployFixture(randomFieldElement(), [2]);
    const compiled = compileFixtureContract('Forwarder');
    const forwarder = (await new ContractFactory(compiled.abi, compiled.bytecode, connection.signer).deploy()) as Contract;
    await forwarder.waitForDeployment();
    const direct = await nextSubmission(fx, client, 2);
    await client.submit(direct);
    expect((await client.batchEvents()).map((e) => e.batchNumber)).toEqual([1n]);

    await client.setSequencer(await forwarder.getAddress(), true);
    const s = await nextSubmission(fx, client, 2);
    const proof = { a: [...s.proof.a], b: s.proof.b.map((row) => [...row]), c: [...s.proof.c] };
    const call = client.iface.encodeFunctionData('submitBatch', [s.batchNumber, s.newStateHash, s.feeRecipient, s.txData, proof]);
    const tx = await forwarder.forward(client.deployment.rollup, call);
    await tx.wait();
    expect(await client.batchNumber()).toBe(2n);
    expect(await client.batchEvents().catch((e: unknown) => e)).toMatchObject({
      code: 'INDIRECT_SUBMISSION',
      details: { txHash: tx.hash, batchNumber: 2n, to: await forwarder.getAddress() },
    });
  });
});

describe('Rollup ownership', () => {
  test('the owner hands over the role; the old owner loses it', async () => {
    const client = await deployFixture(randomFieldElement(), [2]);
    const heir = await otherSigner(4);
    const asOwner = new Contract(client.deployment.rollup, client.iface, connection.signer);
    const asHeir = new Contract(client.deployment.rollup, client.iface, heir);
    expect(revertName(await asHeir.transferOwnership(heir.address).catch((e: unknown) => e))).toBe('Rollup__NotOwner');
    expect(revertName(await asOwner.transferOwnership(ZeroAddress).catch((e: unknown) => e))).toBe('Rollup__ZeroAddress');
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
    const client = await deployFixture(randomFieldElement(), [2]);
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
