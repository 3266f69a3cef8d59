import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * A fresh project folder holding tracklet as a user gets it: `npm pack` of the built package,
 * unpacked into `node_modules/tracklet` (tracklet has no runtime dependencies). `npm run build`
 * must have run.
 *
 * @example const dir = packedProject('tracklet-cjs-'); // then write package.json and code into dir
 */
export function packedProject(prefix: string): string {
  if (!existsSync(join(ROOT, 'dist/index.mjs'))) throw new Error('dist/ is missing: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })) as { filename: string }[];
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  execFileSync('tar', ['-xzf', join(dir, packed!.filename), '-C', modules]);
  renameSync(join(modules, 'package'), join(modules, 'tracklet'));
  return dir;
}

const made: string[] = [];

/** Removes the project folders made by this test file (call it in an `after` hook). */
export function removePackedProjects(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Files of the unpacked package, for checks on what ships. */
export const packedFiles = (dir: string) => readdirSync(join(dir, 'node_modules/tracklet/dist'), { recursive: true }) as string[];

/** The repository's own binaries (tsc), run from a user's project folder. */
export const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
export { ROOT };
