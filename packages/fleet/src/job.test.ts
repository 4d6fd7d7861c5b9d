/** The proving job model: idempotent ids, payload and result validation, Redis URL and name checks (no Redis needed). */
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { genesis, honestBatch } from '@zkr/test-helpers';
import { checkQueueName, redisConnection } from './connection';
import { rebuildError } from './errors';
import { expectedPublicSignals, hashInput, parseProvingJob, parseProvingResult, provingJobId, provingJobOf } from './job';
import { checkWorkerId } from './worker';

async function batches() {
  const fx = await genesis(DEFAULT_INSTANCE.depth, [{ index: 0, balance: 10n ** 9n }, { index: 1, balance: 500n }]);
  return {
    a: honestBatch(fx, [{ from: 0, to: 1, amount: 10n, fee: 1n }], DEFAULT_INSTANCE.batchSize, 0),
    same: honestBatch(fx, [{ from: 0, to: 1, amount: 10n, fee: 1n }], DEFAULT_INSTANCE.batchSize, 0),
    other: honestBatch(fx, [{ from: 0, to: 1, amount: 11n, fee: 1n }], DEFAULT_INSTANCE.batchSize, 0),
  };
}

const idOf = (data: { batchNumber: number; inputHash: string }) => provingJobId(data.batchNumber, data.inputHash);
const codeOf = (fn: () => unknown): { code?: string; field?: unknown } => {
  try {
    fn();
  } catch (error) {
    const e = error as { code?: string; details?: { field?: unknown } };
    return { code: e.code, field: e.details?.field };
  }
  throw new Error('did not throw');
};

describe('job ids', () => {
  it('are batch-<n>-<sha256 of the batch JSON>: equal for the same batch, different for another batch of the same number', async () => {
    const { a, same, other } = await batches();
    const job = provingJobOf(a);
    expect(idOf(job)).toBe(`batch-1-${hashInput(job.input)}`);
    expect(idOf(job)).toMatch(/^batch-1-[0-9a-f]{64}$/);
    expect(idOf(provingJobOf(same))).toBe(idOf(job));
    expect(other.batchNumber).toBe(a.batchNumber);
    expect(idOf(provingJobOf(other))).not.toBe(idOf(job));
    expect(job.instance).toEqual(DEFAULT_INSTANCE);
    expect(expectedPublicSignals(a)).toEqual([a.newStateHash, a.dataHash, a.oldQueueHash, a.newQueueHash].map(String));
  });
});

describe('parseProvingJob', () => {
  it('accepts a payload after a JSON round trip (what Redis gives back)', async () => {
    const { a } = await batches();
    const job = provingJobOf(a);
    const parsed = parseProvingJob(idOf(job), JSON.parse(JSON.stringify(job)));
    expect(parsed).toEqual(job);
  });

  it('refuses each malformed field with INVALID_JOB naming it', async () => {
    const { a, other } = await batches();
    const job = provingJobOf(a) as unknown as Record<string, unknown>;
    const id = idOf(provingJobOf(a));
    const cases: [Record<string, unknown> | unknown, string, string?][] = [
      [null, '(root)'],
      [{ ...job, version: 2 }, 'version'],
      [{ ...job, batchNumber: -1 }, 'batchNumber'],
      [{ ...job, instance: { depth: 8, batchSize: 2 } }, 'instance'],
      [{ ...job, input: 'batch' }, 'input'],
      [{ ...job, input: provingJobOf(other).input }, 'inputHash'],
      [{ ...job, batchNumber: 2 }, 'jobId'],
      [{ ...job, rejectedWorkers: [1] }, 'rejectedWorkers'],
    ];
    for (const [value, field] of cases) expect({ field, ...codeOf(() => parseProvingJob(id, value)) }).toEqual({ field, code: 'INVALID_JOB' });
  });
});

describe('parseProvingResult', () => {
  const good = { proof: { pi_a: [] }, publicSignals: ['1'], workerId: 'w', proveMs: 3 };
  it('accepts the result shape and refuses each wrong field with INVALID_PROOF', () => {
    expect(parseProvingResult('j', good)).toEqual(good);
    for (const [value, field] of [
      [undefined, '(root)'], [{ ...good, proof: 'x' }, 'proof'], [{ ...good, publicSignals: [1] }, 'publicSignals'],
      [{ ...good, workerId: '' }, 'workerId'], [{ ...good, proveMs: -1 }, 'proveMs'],
    ] as const) {
      expect(codeOf(() => parseProvingResult('j', value))).toEqual({ code: 'INVALID_PROOF', field });
    }
  });
});

describe('options', () => {
  it('accept redis:// URLs, queue names and worker ids, and refuse others with INVALID_ARGUMENT', () => {
    expect(redisConnection('redis://127.0.0.1:6380')).toMatchObject({ url: 'redis://127.0.0.1:6380', maxRetriesPerRequest: null });
    expect(codeOf(() => redisConnection('http://127.0.0.1:6379'))).toEqual({ code: 'INVALID_ARGUMENT', field: 'redisUrl' });
    expect(codeOf(() => redisConnection('127.0.0.1:6379', '--redis'))).toEqual({ code: 'INVALID_ARGUMENT', field: '--redis' });
    expect(checkQueueName('zkr-proving.d8')).toBe('zkr-proving.d8');
    expect(codeOf(() => checkQueueName('a:b'))).toEqual({ code: 'INVALID_ARGUMENT', field: 'queueName' });
    expect(checkWorkerId('box-1@rack2')).toBe('box-1@rack2');
    expect(codeOf(() => checkWorkerId(''))).toEqual({ code: 'INVALID_ARGUMENT', field: 'workerId' });
  });
});

describe('rebuildError', () => {
  it('keeps the code of any zkr library and turns an undeclared one into INTERNAL', () => {
    expect(rebuildError({ code: 'ARTIFACTS_MISSING', message: 'm', details: { dir: 'd' } })).toMatchObject({ code: 'ARTIFACTS_MISSING', message: 'm', details: { dir: 'd' } });
    expect(rebuildError({ code: 'WITNESS_CONSTRAINT_FAILED', message: 'm', details: {} }).code).toBe('WITNESS_CONSTRAINT_FAILED');
    expect(rebuildError({ code: 'NOT_A_CODE', message: 'm', details: {} })).toMatchObject({ code: 'INTERNAL', details: { code: 'NOT_A_CODE' } });
  });
});
