import type { ValueKind } from '../events/clean-properties';
import type { Identity } from '../identity/create-identity';
import type { IdentityEvent } from '../identity/transitions';
import type { Report } from '../lib/report';
import type { PayloadType, TrackerPlugin } from '../types';

type Props = Record<string, unknown>;

/** What core lends a feature when it starts: the parts a feature's methods are built from. */
export interface FeatureContext {
  identity: Identity;
  report: Report;
  /** The instance's cookie name: features keep their storage under keys that begin with it. */
  cookieName: string;
  /** The tracker's clock (a replayed call reads the time it was made). */
  now(): number;
  /** Validates and copies properties, as `track()` does (see cleanProperties). */
  clean(input: unknown, where: string, method: string, kind?: ValueKind, event?: string): Props;
  /** Builds a payload, runs `beforeSend` and queues it. */
  sendPayload(type: PayloadType, event: string | undefined, properties: Props, extra?: IdentityEvent): void;
}

/** A started feature: its public methods by name, and its hooks into `track()` and `reset()`. */
export interface FeatureParts {
  calls: Record<string, (...args: never[]) => unknown>;
  /** Properties every `track()` starts from, before the caller's own (super properties). */
  beforeTrack?(event: string, where: string): Props;
  /** Last word on a `track()` event's properties (a timed event's duration). */
  afterTrack?(event: string, properties: Props): void;
  /** The user's state is forgotten: `reset()` and `optOut()`. */
  forgetUser?(): void;
}

/**
 * A group of public methods that `tracklet/core` leaves out of an app unless passed in
 * `plugins` (the `tracklet` entry and the script tag have them all). Core starts each once
 * tracking starts; the tracker object always has every method, and one whose feature is
 * missing reports `missing_plugin` instead of running.
 */
export interface Feature extends TrackerPlugin {
  setup(context: FeatureContext): FeatureParts;
}

/** The methods of each feature, by plugin name: what the tracker answers when one is missing. */
export const FEATURE_METHODS = {
  identity: 'identify login bind unbind logout resetAnonymousIdentity',
  profiles: 'setProfile setOnceProfile incrementProfile appendProfile unsetProfile deleteProfile',
  superProperties: 'registerSuperProperties unregisterSuperProperty clearSuperProperties',
  timedEvents: 'timeEvent',
};
