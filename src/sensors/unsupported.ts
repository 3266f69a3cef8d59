import type { SensorsError } from './types';

/**
 * The Sensors web SDK calls the facade does not carry, with why. Each stays callable: it
 * does nothing, returns undefined, and is reported (see `createSensorsFacade`). The README
 * lists the same.
 */
export const UNSUPPORTED: Record<string, string> = {
  setItem: 'items (item_set) are not among tracklet payload types',
  deleteItem: 'items (item_delete) are not among tracklet payload types',
  loginWithKey: 'tracklet logs in under $identity_login_id only; bind() adds other IDs',
  trackSignup: 'deprecated by Sensors; login() sends $SignUp',
  trackLink: 'not needed: events survive navigation (keepalive on page hide); call track() in the click handler',
  trackLinks: 'not needed: events survive navigation (keepalive on page hide); call track() in the click handler',
  use: 'Sensors plugins are Sensors code; tracklet has its own parts',
  usePlugin: 'Sensors plugins are Sensors code; tracklet has its own parts',
  registerSession: 'session super properties are not kept; register() or registerPage() instead',
  registerSessionOnce: 'session super properties are not kept; register() or registerPage() instead',
  enableSDK: "tracklet's optOut() erases stored data, unlike disableSDK; not mapped",
  disableSDK: "tracklet's optOut() erases stored data, unlike disableSDK; not mapped",
  enableLocalLog: 'use show_log in init()',
  disableLocalLog: 'use show_log in init()',
  registerPropertyPlugin: 'no property plugins; use register() or registerPage()',
  registerInterceptor: 'no interceptors',
  getAppStatus: 'no bridge to a native app',
  setInitVar: 'no bridge to a native app',
  trackAbtest: 'no A/B testing module',
  'quick:trackHeatMap': 'clicks are sent by heatmap.clickmap only',
  'quick:trackAllHeatMap': 'clicks are sent by heatmap.clickmap only',
  'quick:useAppPlugin': 'no bridge to a native app',
  'quick:useModulePlugin': 'Sensors plugins are Sensors code',
  'quick:usePlugin': 'Sensors plugins are Sensors code',
};

/**
 * Makes the stand-in of an unsupported call (`'setItem'`, or `'quick:trackHeatMap'` for a
 * `quick()` name): it does nothing and returns undefined, warns in the console once per name
 * (a migration sees each gap without a flood), and passes `{ code: 'unsupported' }` to
 * `onError` on every call. Never throws.
 *
 * @example const stub = createUnsupported(() => onError)('setItem'); stub(); // warns once
 */
export function createUnsupported(onError: () => ((error: SensorsError) => void) | undefined): (name: string) => () => void {
  const warned = new Set<string>();
  return (name) => () => {
    const reason = UNSUPPORTED[name] ?? 'not a call the facade knows';
    const message = name.replace(':', "('") + (name.includes(':') ? "')" : '()') + ' is not supported by the tracklet facade: ' + reason + '; ignored';
    if (!warned.has(name)) console.warn('[tracklet] ' + message);
    warned.add(name);
    try {
      onError()?.({ code: 'unsupported', message, method: name });
    } catch {
      // The host's bug must not become ours.
    }
  };
}
