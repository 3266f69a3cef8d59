import { amplitude } from './amplitude';
import { mixpanel } from './mixpanel';
import { posthog } from './posthog';
import { sensors } from './sensors';
import { tracklet } from './tracklet';
import type { SdkAdapter } from './types';

/** The SDKs compared, tracklet first. */
export const SDKS: SdkAdapter[] = [tracklet, sensors, mixpanel, posthog, amplitude];

export type { SdkAdapter, SdkName, SeenEvent, WireRequest } from './types';
