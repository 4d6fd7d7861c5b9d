/** What machine and toolchain a benchmark ran on, recorded with every result. */
import * as os from 'node:os';

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

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
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
