import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { packedFiles, packedProject, removePackedProjects } from './helpers/packed';

after(removePackedProjects);

// tracklet/sensors as users install it (npm pack): the facade is the default export, like
// sa-sdk-javascript's, for import and require; outside a browser, init() reports no_dom.
const SCRIPT = `
  const shape = (sensors) => ({
    methods: ['init', 'quick', 'track', 'login', 'logout', 'identify', 'bind', 'unbind', 'resetAnonymousIdentity', 'setProfile', 'setOnceProfile',
      'incrementProfile', 'appendProfile', 'unsetProfile', 'deleteProfile', 'register', 'registerPage', 'registerOnce', 'clearAllRegister',
      'getPresetProperties', 'setItem', 'trackLink'].filter((name) => typeof sensors[name] !== 'function'),
    store: typeof sensors.store.getDistinctId,
  });
  const check = (sensors) => {
    const codes = [];
    sensors.init({ server_url: 'https://sa.example.com/sa', onError: (error) => codes.push(error.code) });
    sensors.track('buy', { price: 1 });
    return { ...shape(sensors), codes, distinctId: sensors.store.getDistinctId() };
  };`;

test("require('tracklet/sensors') and import of it give the facade: the Sensors methods, store reads; no_dom under Node", () => {
  const dir = packedProject('tracklet-sensors-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const expected = { methods: [], store: 'function', codes: ['no_dom'], distinctId: '' };
  const cjs = execFileSync(process.execPath, ['-e', SCRIPT + "console.log(JSON.stringify(check(require('tracklet/sensors'))))"], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(cjs), expected);
  const esm = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT + "import('tracklet/sensors').then((m) => console.log(JSON.stringify(check(m.default))))"], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(esm), expected);
  const files = packedFiles(dir);
  for (const file of ['sensors.mjs', 'sensors.cjs', 'sensors.d.ts', 'sensors.d.cts', 'tracklet-sensors.min.js']) assert.ok(files.includes(file), file);
});
