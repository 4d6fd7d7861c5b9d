/** Real child processes running this repo's TypeScript sources (for kill -9 and race tests). */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';

/** The `-r` hook that lets a plain `node` run `.ts` files of this repo (see ts-register.js). */
export const TS_REGISTER = join(__dirname, '..', 'ts-register.js');

/** Options of {@link spawnTs}: spawn options, and a crash to inject. */
export interface SpawnTsOptions extends SpawnOptions {
  /** SIGKILL the child right before its k-th `fs.promises.rename` (1-based; fault injection for crash tests). */
  readonly killBeforeRename?: number;
}

/** Spawns `node -r ts-register <script> ...args` (stdio piped unless `options.stdio` says otherwise). */
export function spawnTs(script: string, args: readonly string[] = [], options: SpawnTsOptions = {}): ChildProcess {
  const { killBeforeRename, ...spawnOptions } = options;
  const env = { ...(spawnOptions.env ?? process.env), ZKR_TEST_KILL_BEFORE_RENAME: String(killBeforeRename ?? 0) };
  return spawn(process.execPath, ['-r', TS_REGISTER, script, ...args], { stdio: 'pipe', ...spawnOptions, env });
}

/** Resolves with the exit code and signal of `child`, and what it printed. */
export function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
