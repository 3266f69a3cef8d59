import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../browser/helpers/chromium';

// The example specs of tracklet/playwright, run by `npm run test:kit` and by
// test/browser/playwright-kit.test.ts (part of `npm test`) against the demo site, which
// global-setup.ts starts with no collector behind it. TRACKLET_KIT_FAILING=1 runs the specs of
// failing/ instead: each must fail, and the node test checks what their messages say.
// Run `npm run build` first: the specs import tracklet/playwright from dist/.
const executablePath = chromiumPath();

export default defineConfig({
  testDir: process.env.TRACKLET_KIT_FAILING ? 'failing' : 'examples',
  globalSetup: './global-setup.ts',
  tsconfig: './tsconfig.json',
  snapshotPathTemplate: '{testDir}/__snapshots__/{testFilePath}/{arg}{ext}',
  timeout: 60_000,
  // The failing specs wait out their matchers' timeout: keep it short there. Elsewhere 10 s, not
  // Playwright's 5: the tests share 2 cores with other work.
  expect: { timeout: process.env.TRACKLET_KIT_FAILING ? 2000 : 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.TRACKLET_DEMO_SITE_URL,
    // The Chromium the rest of the project uses (scripts/ensure-chromium.mjs), never a download.
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
  },
});
