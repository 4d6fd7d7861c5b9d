import { JsonRpcProvider, Wallet } from 'ethers';
import { resolveSigner } from './signer';

const provider = new JsonRpcProvider('http://127.0.0.1:1', 31337, { staticNetwork: true });
const a = Wallet.createRandom();
const b = Wallet.createRandom();

afterEach(() => {
  delete process.env.ZKR_PRIVATE_KEY;
});
afterAll(() => provider.destroy());

test('--private-key wins over ZKR_PRIVATE_KEY, which is used when no key is passed', async () => {
  process.env.ZKR_PRIVATE_KEY = b.privateKey.slice(2); // without 0x
  expect(await (await resolveSigner(provider, { privateKey: a.privateKey }, false)).getAddress()).toBe(a.address);
  expect(await (await resolveSigner(provider, {}, false)).getAddress()).toBe(b.address);
});

test('an invalid key is INVALID_PRIVATE_KEY naming its source but not its value', async () => {
  process.env.ZKR_PRIVATE_KEY = 'not-a-key-secret';
  const error = await resolveSigner(provider, {}, false).catch((e: Error) => e);
  expect(error).toMatchObject({ code: 'INVALID_PRIVATE_KEY', details: { source: 'ZKR_PRIVATE_KEY' } });
  expect((error as Error).message).not.toContain('secret');
});

test('no key on an RPC network is NO_SIGNER', async () => {
  await expect(resolveSigner(provider, {}, false)).rejects.toMatchObject({ code: 'NO_SIGNER' });
  await expect(resolveSigner(provider, { keystore: '/nonexistent/keystore.json' }, false)).rejects.toMatchObject({ code: 'KEYSTORE_PASSWORD_MISSING' });
});
