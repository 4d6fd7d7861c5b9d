import { BENCH_ERROR_CODES } from './index';
import { benchProfile } from './profiles';
import { writeChainR1cs } from './setup';

describe('@zkr/bench errors', () => {
  it('exports its code list; bad options are INVALID_ARGUMENT naming the field', async () => {
    expect(BENCH_ERROR_CODES).toEqual(['INVALID_ARGUMENT', 'BENCH_INVALID', 'FILE_UNWRITABLE']);
    expect(() => benchProfile('fast')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    await expect(writeChainR1cs('/nonexistent/chain.r1cs', 2)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'constraints', value: 2 } });
  });
});
