/**
 * Helpers of the packaging test: pack every publishable workspace, and make a project outside the
 * repository that installs the tarballs offline. The project's lockfile pins every third-party
 * package to the version in the repository's package-lock.json, so npm resolves nothing over the
 * network and takes every tarball from the cache `npm ci` filled.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly workspaces?: readonly string[];
}

interface LockEntry {
  readonly version?: string;
  readonly link?: boolean;
  readonly [field: string]: unknown;
}

function readJsonSync<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** The workspaces that are published (not `private`), in the root package.json's order. */
export function publishableWorkspaces(): { name: string; dir: string }[] {
  const root = readJsonSync<PackageJson>(join(REPO_ROOT, 'package.json'));
  return (root.workspaces ?? [])
    .map((dir) => ({ dir, pkg: readJsonSync<PackageJson>(join(REPO_ROOT, dir, 'package.json')) }))
    .filter(({ pkg }) => pkg.private !== true)
    .map(({ dir, pkg }) => ({ name: pkg.name, dir }));
}

/** The environment for npm and node children: nothing of the `npm run` that started jest leaks in. */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_config_(workspaces?|include_workspace_root)|npm_lifecycle_.*|npm_package_.*|ZKR_CACHE_DIR|XDG_CACHE_HOME)$/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command, returning its output; on failure or after `timeoutMs` (killed) the error carries stdout and stderr. */
export async function exec(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = childEnv(), timeoutMs = 10 * 60_000): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, [...args], { cwd, env, maxBuffer: 64 << 20, timeout: timeoutMs, killSignal: 'SIGKILL' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
}

/** Packs every publishable workspace (built beforehand) into `dest`; returns package name -> tarball path. */
export async function packAll(dest: string): Promise<Map<string, string>> {
  await mkdir(dest, { recursive: true });
  const workspaces = publishableWorkspaces();
  const { stdout: out } = await exec('npm', ['pack', '--json', '--pack-destination', dest, ...workspaces.flatMap((w) => ['-w', w.name])], REPO_ROOT);
  const packed = JSON.parse(out) as { name: string; filename: string }[];
  return new Map(packed.map((p) => [p.name, join(dest, p.filename)]));
}

/** The files of a tarball as npm lists them (`npm pack --dry-run` of the workspace). */
export async function tarballFiles(name: string): Promise<string[]> {
  const { stdout: out } = await exec('npm', ['pack', '--dry-run', '--json', '-w', name], REPO_ROOT);
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

/**
 * Writes `dir/package.json` (the tarballs plus `extra` registry dependencies) and a lockfile whose
 * third-party entries are the repository's, so that an offline install needs only the npm cache
 * (npm reads the tarballs' own entries from the tarballs).
 */
export async function writeProject(dir: string, tarballs: ReadonlyMap<string, string>, extra: readonly string[]): Promise<void> {
  const repoLock = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const dependencies: Record<string, string> = {};
  for (const [name, tarball] of tarballs) dependencies[name] = `file:${relative(dir, tarball)}`;
  for (const name of extra) {
    const version = repoLock.packages[`node_modules/${name}`]?.version;
    if (version === undefined) throw new Error(`${name} is not in the repository's package-lock.json`);
    dependencies[name] = version;
  }
  const manifest = { name: 'zkr-embed', version: '1.0.0', private: true, dependencies };
  const packages: Record<string, unknown> = { '': manifest };
  for (const [key, entry] of Object.entries(repoLock.packages)) {
    if (!key.startsWith('node_modules/') || entry.link === true || key.startsWith('node_modules/@zkr/')) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    packages[key] = kept;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, 'package-lock.json'), `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}

/**
 * Runs a node program that prints one JSON result line last; resolves with that line parsed. Fails
 * when it exits non-zero, prints no result within `timeoutMs`, or has not exited `exitGraceMs`
 * after printing it (something it used left a worker thread or a handle running).
 */
export function runProgram(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 10 * 60_000, exitGraceMs = 30_000): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let result: unknown;
    let timer = setTimeout(() => fail(`printed no result within ${timeoutMs / 1000} s`), timeoutMs);
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${script} in ${cwd} ${why}:\n${stdout}\n${stderr}`));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const last = stdout.trim().split('\n').pop() ?? '';
      if (result !== undefined || !last.startsWith('{') || !stdout.endsWith('\n')) return;
      result = JSON.parse(last);
      clearTimeout(timer);
      timer = setTimeout(() => fail(`printed its result but did not exit within ${exitGraceMs / 1000} s (a worker thread or handle left running)`), exitGraceMs);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => fail(`could not start (${error.message})`));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return;
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${script} in ${cwd} exited with ${code ?? signal}:\n${stdout}\n${stderr}`));
      else if (result === undefined) reject(new Error(`${script} in ${cwd} exited without printing a result:\n${stdout}\n${stderr}`));
      else resolvePromise(result);
    });
  });
}
