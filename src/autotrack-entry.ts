// `tracklet/autotrack`: the automatic events as a plugin for `tracklet/core`.
export { autotrack } from './autotrack/plugin';
export type { AutotrackOptions, TrackerPlugin } from './types';
