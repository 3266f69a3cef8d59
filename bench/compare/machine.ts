import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Browser } from 'playwright';

export interface MachineFacts {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  chromium: string;
  node: string;
  /** 1-minute load average when the bench started and ended: how busy the machine was. */
  loadStart: number;
  loadEnd?: number;
  /** The commit of tracklet measured (with "+dirty" when the work tree had changes). */
  trackletCommit: string;
}

/**
 * Facts about the machine a result was measured on, for the results header.
 *
 * @example const facts = describeMachine(browser);
 */
export function describeMachine(browser: Browser): MachineFacts {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    chromium: browser.version(),
    node: process.version,
    loadStart: Math.round(loadavg()[0]! * 100) / 100,
    trackletCommit: gitCommit(),
  };
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
    return dirty ? commit + '+dirty' : commit;
  } catch {
    return 'unknown';
  }
}
