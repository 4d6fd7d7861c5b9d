/**
 * `zkr prover worker`: flag errors (exit 2). The worker itself (SIGKILL mid-proof, re-delivery,
 * SIGTERM) is tested as real child processes in test/fleet/worker-kill.test.ts.
 */
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { batchArtifacts, runZkr } from '@zkr/test-helpers';

let artifactsDir: string;

beforeAll(async () => {
  artifactsDir = await batchArtifacts(DEFAULT_INSTANCE);
});

describe('flags', () => {
  it('refuses a missing or malformed --redis, a bad --threads or --engine with exit code 2 naming the flag', async () => {
    const missing = await runZkr('prover', 'worker', '--artifacts', artifactsDir);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[INVALID_ARGUMENT\]: pass --redis URL/) });
    const url = await runZkr('prover', 'worker', '--redis', 'http://127.0.0.1:6379', '--artifacts', artifactsDir);
    expect(url).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[INVALID_ARGUMENT\]: --redis: redisUrl must use redis:\/\//) });
    const threads = await runZkr('prover', 'worker', '--redis', 'redis://127.0.0.1:1', '--artifacts', artifactsDir, '--threads', '0');
    expect(threads).toMatchObject({ code: 2, stderr: expect.stringMatching(/--threads must be an integer 1 <= x <= 256/) });
    const engine = await runZkr('prover', 'worker', '--redis', 'redis://127.0.0.1:1', '--artifacts', artifactsDir, '--engine', 'gpu');
    expect(engine).toMatchObject({ code: 2, stderr: expect.stringMatching(/--engine must be one of/) });
  });
});
