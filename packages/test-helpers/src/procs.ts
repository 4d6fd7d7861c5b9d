/** The process table of Linux's /proc, for tests that check which children outlive a killed process. */
import { readdirSync, readFileSync } from 'node:fs';

/** A live process of /proc: its pid, parent pid, state letter (`Z` = zombie) and command line. */
export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
  readonly cmdline: string;
}

/** Every process of /proc (Linux), read now; processes that end while being read are skipped. */
export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      out.push({ pid: Number(name), ppid: Number(ppid), state, cmdline });
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

/** The descendants of `pid` (children, grandchildren...) alive now. */
export function descendants(pid: number): ProcInfo[] {
  const all = listProcesses();
  const found: ProcInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

/** True while `pid` exists and is not a zombie (an ended process its parent has not reaped yet). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
