/** The crash test's and load benchmark's signing client: request bodies in the transfers-file shapes, ids from the signed message. */
import { createCryptoSuite, generateKeyPair, signTransfer, transferMessage, transfersFromJson, transfersToJson } from '@zkr/state';
import { transferId, transferRequest } from './harness';

test('a transfer request carries the signed transfer as a transfers file holds it, and its id is the signed message in 64 hex digits', async () => {
  const suite = await createCryptoSuite();
  const key = generateKeyPair(suite.eddsa);
  const domain = 12345n;
  const transfer = signTransfer(suite, key.privateKey, domain, { from: 3, to: 7, amount: 2n ** 33n + 1n, fee: 1n, nonce: 9n });
  const body = JSON.parse(transferRequest(transfer)) as { kind: string; transfer: unknown };
  expect(body.kind).toBe('transfer');
  expect(body.transfer).toMatchObject({ from: 3, to: 7, amount: '8589934593', fee: '1', nonce: '9' });
  const [parsed] = transfersFromJson({ ...transfersToJson([]), transfers: [body.transfer] });
  expect(parsed).toEqual(transfer);
  expect(suite.eddsa.verify(transferMessage(suite, domain, parsed), parsed.signature, key.publicKey)).toBe(true);
  const id = transferId(suite, domain, transfer);
  expect(id).toMatch(/^0x[0-9a-f]{64}$/);
  expect(BigInt(id)).toBe(transferMessage(suite, domain, transfer));
});
