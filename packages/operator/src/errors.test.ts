import { isZkrError } from '@zkr/errors';
import { createCryptoSuite } from '@zkr/state';
import { OPERATOR_ERROR_CODES } from './errors';
import { runEndToEnd } from './pipeline';
import { generateTestAccounts, ringTransfers } from './traffic';

async function codeOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return isZkrError(error) ? { code: error.code, field: error.details.field } : error;
  }
  return 'no error';
}

describe('@zkr/operator errors', () => {
  it('exports its code list', () => {
    expect(OPERATOR_ERROR_CODES).toEqual(['INVALID_ARGUMENT', 'STATE_MISMATCH']);
  });

  it('rejects out-of-range options before any work with INVALID_ARGUMENT naming the option', async () => {
    expect(await codeOf(() => runEndToEnd({ batches: 0 }))).toEqual({ code: 'INVALID_ARGUMENT', field: 'batches' });
    // The deposit lands in batch 1 and its withdrawal in batch 2: one batch cannot show money out.
    expect(await codeOf(() => runEndToEnd({ batches: 1 }))).toEqual({ code: 'INVALID_ARGUMENT', field: 'batches' });
    expect(await codeOf(() => runEndToEnd({ batches: 1.5 }))).toEqual({ code: 'INVALID_ARGUMENT', field: 'batches' });
    expect(await codeOf(() => runEndToEnd({ accounts: 1 }))).toEqual({ code: 'INVALID_ARGUMENT', field: 'accounts' });
    // One index of the depth-8 tree stays free for the deposit's new account.
    expect(await codeOf(() => runEndToEnd({ accounts: 256 }))).toEqual({ code: 'INVALID_ARGUMENT', field: 'accounts' });
  });

  it('needs at least two accounts for ring traffic', async () => {
    const suite = await createCryptoSuite();
    const one = generateTestAccounts(suite, 1, 100n);
    expect(await codeOf(() => ringTransfers(suite, one, 0n, 3))).toEqual({ code: 'INVALID_ARGUMENT', field: 'accounts' });
  });
});
