import { createTimedEvents } from '../events/timed-events';
import { nameProblem, quote } from '../events/validate-name';
import { createHiddenClock } from '../lib/hidden-time';
import type { Feature } from './feature';

/**
 * `timeEvent(name)`: the next `track(name)` gets `event_duration`, the seconds the page was
 * visible in between. A plugin for `tracklet/core`; built into the `tracklet` entry and the
 * script tag.
 *
 * @example
 * import tracklet, { timedEvents } from 'tracklet/core';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa', plugins: [timedEvents] });
 * tracklet.timeEvent('watch'); // ... later: tracklet.track('watch') carries event_duration
 */
export const timedEvents: Feature = {
  name: 'timedEvents',
  setup({ now, report }) {
    const timers = createTimedEvents(now, createHiddenClock(now));
    return {
      calls: {
        timeEvent(event: unknown) {
          const problem = nameProblem(event);
          if (problem || !timers.start(event as string)) {
            report('invalid_event', 'timeEvent(' + quote(event) + '): ' + (problem ? 'the event name ' + problem : 'over 100 timers running') + '; not timed', 'timeEvent');
          }
        },
      },
      afterTrack(event, properties) {
        const duration = timers.stop(event);
        if (duration !== undefined) properties.event_duration = duration;
      },
      forgetUser: () => timers.clear(),
    };
  },
};
