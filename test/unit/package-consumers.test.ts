import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import ts from 'typescript';
import { packedFiles, packedProject, removePackedProjects, ROOT, TSC } from './helpers/packed';

after(removePackedProjects);

// tracklet as users install it (npm pack), in two fresh projects with strict TypeScript:
// a CommonJS one and an ES module one, both `module: node16` (the settings under which a
// CommonJS project could not import tracklet before: TS1471, TS1479).
const STRICT = {
  strict: true,
  noUnusedLocals: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  types: [],
  module: 'node16',
  moduleResolution: 'node16',
  esModuleInterop: true,
  outDir: 'out',
};

function consumerProject(type: 'commonjs' | 'module'): string {
  const dir = packedProject('tracklet-' + type + '-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: STRICT, files: ['app.ts'] }));
  copyFileSync(join(ROOT, 'test/fixtures/consumer/app.ts'), join(dir, 'app.ts'));
  return dir;
}

const typeCheck = (dir: string) => {
  try {
    execFileSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
    return '';
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
};

// Runs the compiled app under Node, where tracklet's init() reports that there is no DOM.
const run = (dir: string, script: string) => JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }));

test('a CommonJS project (module: node16, strict) type-checks against the packed package and runs; require() gives the default tracker', () => {
  const dir = consumerProject('commonjs');
  assert.equal(typeCheck(dir), '', 'tsc reports nothing: every @ts-expect-error caught its mistake, and the rest compiles');
  assert.deepEqual(run(dir, "require('./out/app.js').outcome.then((o) => console.log(JSON.stringify(o)))"), {
    codes: ['no_dom'],
    distinctId: '',
    identities: {},
  });
  const shape = run(dir, `
    const tracklet = require('tracklet'), core = require('tracklet/core');
    console.log(JSON.stringify({
      init: typeof tracklet.init, track: typeof tracklet.track, createTracker: typeof tracklet.createTracker, selfDefault: tracklet.default === tracklet,
      coreInit: typeof core.init, coreCreate: typeof core.createTracker, autotrack: require('tracklet/autotrack').autotrack.name,
    }));`);
  assert.deepEqual(shape, { init: 'function', track: 'function', createTracker: 'function', selfDefault: true, coreInit: 'function', coreCreate: 'function', autotrack: 'autotrack' });
});

test('an ES module project (module: node16, strict) type-checks against the packed package and runs', () => {
  const dir = consumerProject('module');
  assert.equal(typeCheck(dir), '');
  assert.deepEqual(run(dir, "import('./out/app.js').then((m) => m.outcome).then((o) => console.log(JSON.stringify(o)))"), {
    codes: ['no_dom'],
    distinctId: '',
    identities: {},
  });
});

test('the package ships types for import (.d.ts) and require (.d.cts), and source maps with their sources', () => {
  const dir = packedProject('tracklet-files-');
  const files = packedFiles(dir);
  for (const entry of ['index', 'core', 'autotrack']) {
    for (const ext of ['.mjs', '.cjs', '.d.ts', '.d.cts', '.mjs.map', '.cjs.map']) assert.ok(files.includes(entry + ext), entry + ext);
  }
  for (const map of files.filter((file) => file.endsWith('.map'))) {
    const { sources, sourcesContent } = JSON.parse(readFileSync(join(dir, 'node_modules/tracklet/dist', map), 'utf8'));
    assert.equal(sourcesContent?.length, sources.length, map + ': one source text per source');
    assert.ok(sourcesContent.every((text: unknown) => typeof text === 'string' && text.length > 0), map + ': src/ is not shipped, so the map carries it');
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/tracklet/package.json'), 'utf8'));
  assert.equal(pkg.license, 'MIT');
  assert.ok(files.length && readFileSync(join(dir, 'node_modules/tracklet/LICENSE'), 'utf8').startsWith('MIT License'));
});

test('every method of the public Tracker type has a doc comment (what an editor shows on hover)', () => {
  const source = ts.createSourceFile('index.d.ts', readFileSync(join(ROOT, 'dist/index.d.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
  const tracker = source.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === 'Tracker');
  assert.ok(tracker);
  const undocumented = tracker.members.filter((member) => !ts.getJSDocCommentsAndTags(member).length).map((member) => member.name?.getText(source));
  assert.deepEqual(undocumented, []);
  assert.ok(tracker.members.length >= 27, 'the whole API is there');
});
