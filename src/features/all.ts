import type { Feature } from './feature';
import { identity } from './identity-calls';
import { profiles } from './profiles';
import { superProperties } from './super-properties';
import { timedEvents } from './timed-events';

/** Every feature: what the `tracklet` entry and the script tag always run. */
export const ALL_FEATURES: Feature[] = [identity, profiles, superProperties, timedEvents];
