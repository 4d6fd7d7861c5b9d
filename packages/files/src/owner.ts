/**
 * Who left a file behind. Every temp, journal and lock zkr writes names the process that wrote it
 * (`<pid>` in the name or the body) so a later run can tell a live writer from a killed one.
 */
import { hostname } from 'node:os';

/** True if process `pid` exists on this machine (`EPERM`: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This machine's name, recorded in lock files: a pid means nothing on another host. */
export function thisHost(): string {
  return hostname();
}
