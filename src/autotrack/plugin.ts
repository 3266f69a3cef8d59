import type { TrackerPlugin } from '../types';
import { createAutotrack, type AutotrackContext } from './create-autotrack';
import type { AutotrackHost, AutotrackSettings } from './host';

/**
 * The shape of tracklet's plugins behind the public `TrackerPlugin`: core starts each one once
 * tracking starts, and tells it when the page is hidden. Autotrack is the only one.
 */
export interface Plugin extends TrackerPlugin {
  start(settings: AutotrackSettings, host: AutotrackHost, context: AutotrackContext): { onHide(event: Event): void };
}

/**
 * Automatic events (pageviews incl. SPA routes, page leave, clicks) and attribution, as a
 * plugin for `tracklet/core`; the `tracklet` entry and the script tag have it built in. The
 * `autotrack` init option configures it.
 *
 * @example
 * import tracklet from 'tracklet/core';
 * import { autotrack } from 'tracklet/autotrack';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa', plugins: [autotrack], autotrack: { click: true } });
 */
export const autotrack: TrackerPlugin = { name: 'autotrack', start: createAutotrack } as Plugin;

/** The `tracklet` entry and the script tag: autotrack always, whatever `plugins` says. */
export const withAutotrack = (): Plugin[] => [autotrack as Plugin];
