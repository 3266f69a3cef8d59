import type { TrackletError, TrackletErrorCode } from '../types';

/** Receives every problem tracklet reports instead of throwing into the host page. */
export type Report = (code: TrackletErrorCode, message: string, method?: string) => void;

interface ReportSettings {
  debug(): boolean;
  onError(): ((error: TrackletError) => void) | undefined;
}

/**
 * Creates the reporter: a console warning in debug mode, and the `onError` callback always.
 * A throwing `onError` is swallowed: the host's bug must not become ours.
 *
 * @example
 * const report = createReport({ debug: () => true, onError: () => undefined });
 * report('invalid_id', 'login: the ID must be a non-empty string', 'login');
 */
export function createReport(settings: ReportSettings): Report {
  return (code, message, method) => {
    const error: TrackletError = method === undefined ? { code, message } : { code, message, method };
    try {
      if (settings.debug() && typeof console !== 'undefined') console.warn('[tracklet] ' + message);
      settings.onError()?.(error);
    } catch {
      // Reporting must never fail the call that reported.
    }
  };
}

/**
 * `String(error)` that cannot itself throw: a caller's hook may throw anything, including an
 * object whose `toString` throws.
 *
 * @example errorText(new Error('boom')) // 'Error: boom'
 */
export function errorText(error: unknown): string {
  try {
    return String(error).slice(0, 200);
  } catch {
    return 'an unprintable error';
  }
}
