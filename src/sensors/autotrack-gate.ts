import { createAutotrack, type AutotrackContext } from '../autotrack/create-autotrack';
import type { AutotrackHost, AutotrackSettings } from '../autotrack/host';
import type { Plugin } from '../autotrack/plugin';

export interface AutotrackGate {
  plugin: Plugin;
  /**
   * `quick('autoTrack')`: page views from now on (at once if tracking runs, else when it
   * starts), with `properties` added to each.
   */
  startPageviews(properties: Record<string, unknown>): void;
  /** `quick('autoTrackSinglePage')`: the next route change sends its `$pageview` even without `is_track_single_page`. */
  allowNextPageview(properties: Record<string, unknown>): void;
}

/**
 * tracklet's autotrack under Sensors' rules. Sensors sends no `$pageview` until
 * `quick('autoTrack')`, and with `is_track_single_page` off only the landing's; attribution
 * (`$latest_*`) and heatmap clicks run from `init()`. So the plugin starts autotrack twice:
 * at start without page views (attribution, clicks), and at `startPageviews` with them. Every
 * automatic event gets the super properties (`register`, `registerPage`), as in Sensors;
 * `superProperties` evaluates them per event.
 *
 * @example const gate = createAutotrackGate({ singlePage: false, clicks: true }, (event) => ({}));
 */
export function createAutotrackGate(rules: { singlePage: boolean; clicks: boolean }, superProperties: (event: string) => Record<string, unknown>): AutotrackGate {
  let started: { host: AutotrackHost; context: AutotrackContext } | undefined;
  let pageviewProps: Record<string, unknown> | undefined;
  let nextProps: Record<string, unknown> | undefined;
  let pageviews = 0;
  const parts: { onHide(event: Event): void }[] = [];

  const run = (settings: AutotrackSettings) => parts.push(createAutotrack(settings, gatedHost(), started!.context));
  const gatedHost = (): AutotrackHost => {
    const { host } = started!;
    return {
      ...host,
      track(event, properties, time) {
        let extra: Record<string, unknown> | undefined;
        // Sensors' heatmap click carries the page's path, as its page views do.
        if (event === '$WebClick') extra = { $url_path: location.pathname };
        if (event === '$pageview') {
          extra = pageviewProps;
          if (pageviews++ && !rules.singlePage) {
            if (!nextProps) return;
            extra = { ...extra, ...nextProps };
            nextProps = undefined;
          }
        }
        host.track(event, { ...superProperties(event), ...extra, ...properties }, time);
      },
    };
  };

  return {
    plugin: {
      name: 'autotrack',
      start(settings, host, context) {
        started = { host, context };
        run({ ...settings, pageview: false, click: rules.clicks });
        if (pageviewProps) run({ ...settings, click: false });
        return { onHide: (event) => parts.forEach((part) => part.onHide(event)) };
      },
    },
    startPageviews(properties) {
      if (pageviewProps) return;
      pageviewProps = properties;
      if (started) run({ pageview: 'hash', pageLeave: false, click: false });
    },
    allowNextPageview(properties) {
      nextProps = properties;
    },
  };
}
