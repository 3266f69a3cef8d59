// The public types, exported by every npm entry.
export type {
  AutotrackOptions,
  BeforeSend,
  Identities,
  Payload,
  PayloadType,
  Properties,
  PropertyValue,
  SendType,
  SuperPropertyValue,
  Tracker,
  TrackerOptions,
  TrackerPlugin,
  TrackletError,
  TrackletErrorCode,
} from './types';
