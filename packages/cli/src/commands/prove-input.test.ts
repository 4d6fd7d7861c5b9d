/**
 * `zkr prove --input FILE`: proving any circuit set up with `zkr setup --r1cs` (the toy circuit)
 * from a JSON circuit-input file, then `zkr verify` and snarkjs check the proof.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isZkrError } from '@zkr/errors';
import { snarkjsCli, terminateCurve, TOY_SIZE, toyCircuit, toyInput } from '@zkr/test-helpers';
import { run } from '../main';

/** Runs `zkr <args>` in-process; resolves to stdout, stderr and the error code it failed with. */
async function zkr(...args: string[]): Promise<{ stdout: string; stderr: string; code?: string }> {
  let stdout = '';
  let stderr = '';
  try {
    await run(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    return { stdout, stderr };
  } catch (error) {
    return { stdout, stderr, code: isZkrError(error) ? error.code : String(error) };
  }
}

let work: string;
let artifacts: string;
const file = (name: string): string => join(work, name);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zkr-cli-prove-input-'));
  const toy = await toyCircuit(TOY_SIZE);
  artifacts = file('toy');
  const made = await zkr('setup', '--dev', '--r1cs', toy.r1csPath, '--wasm', toy.wasmPath, '--circuit-name', 'toy', '--out', artifacts);
  expect(made.code).toBeUndefined();
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await terminateCurve();
});

describe('zkr prove --input', () => {
  it('proves a circuit set up with `zkr setup --r1cs` from a JSON input file; zkr verify and snarkjs accept the proof', async () => {
    const input = toyInput(12n);
    await writeFile(file('input.json'), JSON.stringify(input));
    const out = file('proof.json');
    const proved = await zkr('--json', 'prove', '--artifacts', artifacts, '--input', file('input.json'), '--out', out);
    expect(proved.code).toBeUndefined();
    expect(proved.stderr).toContain(`WARNING: DEVELOPMENT-ONLY KEYS in ${artifacts}`);
    const report = JSON.parse(proved.stdout) as { public: string; publicSignals: string[] };
    expect(report).toMatchObject({ proof: out, public: file('public.json'), publicSignals: [input.publicInput] });
    expect((await zkr('verify', '--artifacts', artifacts, '--proof', out)).stdout).toBe(`OK: ${out} verifies\n`);
    expect(await snarkjsCli(['groth16', 'verify', join(artifacts, 'vkey.json'), report.public, out])).toContain('OK!');
  });

  it('accepts JSON numbers (safe integers) and writes --public where asked', async () => {
    await writeFile(file('numbers.json'), JSON.stringify({ publicInput: 6, x: [2, '3'] }));
    const proved = await zkr('prove', '--artifacts', artifacts, '--input', file('numbers.json'), '--out', file('p2.json'), '--public', file('pub2.json'));
    expect(proved.code).toBeUndefined();
    expect((await zkr('verify', '--artifacts', artifacts, '--proof', file('p2.json'), '--public', file('pub2.json'))).code).toBeUndefined();
  });

  it.each([
    ['an array', [1, 2], 'INVALID_CIRCUIT_INPUT'],
    ['null', null, 'INVALID_CIRCUIT_INPUT'],
    ['a string', 'publicInput', 'INVALID_CIRCUIT_INPUT'],
    ['an empty object', {}, 'INVALID_CIRCUIT_INPUT'],
    ['a non-numeric value', { publicInput: 'six', x: ['2', '3'] }, 'INVALID_CIRCUIT_INPUT'],
    ['a hex-looking value', { publicInput: '0x06', x: ['2', '3'] }, 'INVALID_CIRCUIT_INPUT'],
    ['a fraction', { publicInput: 6.5, x: ['2', '3'] }, 'INVALID_CIRCUIT_INPUT'],
    ['an unsafe JSON number', { publicInput: 2 ** 60, x: ['2', '3'] }, 'INVALID_CIRCUIT_INPUT'],
    ['a nested object', { publicInput: '6', x: { a: '2' } }, 'INVALID_CIRCUIT_INPUT'],
    ['a boolean', { publicInput: true, x: ['2', '3'] }, 'INVALID_CIRCUIT_INPUT'],
    ['a missing signal', { publicInput: '6' }, 'INVALID_CIRCUIT_INPUT'],
    ['an unsatisfiable input', { publicInput: '7', x: ['2', '3'] }, 'WITNESS_CONSTRAINT_FAILED'],
  ])('rejects %s (%j) with %s and writes nothing', async (_what, json, code) => {
    await writeFile(file('bad.json'), JSON.stringify(json));
    const out = file('bad-proof.json');
    const failed = await zkr('prove', '--artifacts', artifacts, '--input', file('bad.json'), '--out', out);
    expect(failed.code).toBe(code);
    expect(existsSync(out)).toBe(false);
  });

  it('names the offending signal of a malformed input file', async () => {
    await writeFile(file('bad.json'), JSON.stringify({ publicInput: '6', x: ['2', 'three'] }));
    await expect(run(['prove', '--artifacts', artifacts, '--input', file('bad.json'), '--out', file('x.json')], { stdout: () => undefined, stderr: () => undefined })).rejects.toMatchObject({
      code: 'INVALID_CIRCUIT_INPUT',
      details: { field: 'x[1]', source: file('bad.json') },
    });
  });

  it('takes exactly one of --batch and --input', async () => {
    await writeFile(file('input.json'), JSON.stringify(toyInput(1n)));
    expect((await zkr('prove', '--artifacts', artifacts, '--out', file('y.json'))).code).toBe('INVALID_ARGUMENT');
    expect((await zkr('prove', '--artifacts', artifacts, '--input', file('input.json'), '--batch', file('input.json'), '--out', file('y.json'))).code).toBe('INVALID_ARGUMENT');
    expect((await zkr('prove', '--artifacts', artifacts, '--input', file('nothing.json'), '--out', file('y.json'))).code).toBe('FILE_MISSING');
  });
});
