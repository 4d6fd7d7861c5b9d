/** What machine and toolchain a benchmark ran on, recorded with every result. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Machine and tool versions of a benchmark run. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly node: string;
  readonly snarkjs: string;
  readonly circom: string;
}

/** Version of an installed package, found from its entry point (some export maps hide package.json). */
function packageVersion(name: string): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(name));
  } catch {
    return 'not installed';
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name && pkg.version) return pkg.version;
  }
  return 'unknown';
}

/** Describe this machine: CPU model, cores, memory, Node, snarkjs and circom (npm `circom2`) versions. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    snarkjs: packageVersion('snarkjs'),
    circom: `circom2 ${packageVersion('circom2')} (circom 2.2.3, WASI)`,
  };
}
