/** The `zkr` CLI run in-process, as tests drive it. */
import { main } from '@zkr/cli';

/** What one `zkr` run returned and printed. */
export interface ZkrRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `zkr ...args` in this process (the CLI's `main`), capturing its output; leaves `process.exitCode` at 0. */
export async function runZkr(...args: readonly string[]): Promise<ZkrRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'zkr', ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  process.exitCode = 0;
  return { code, stdout, stderr };
}
