import { errorText, type Report } from './report';

/** Reads one fact of the page (`document.title`, `screen.width`, ...), `fallback` if it throws. */
export type SafeRead = <T>(name: string, read: () => T, fallback: T) => T;

/**
 * A reader of page facts for hostile pages: a page (or an extension, or a privacy tool) may
 * replace `document.referrer`, `document.title` or `screen` with getters that throw. Each
 * failing fact gets `fallback` and is reported once, not once per event.
 *
 * @example
 * const read = createSafeRead(report);
 * read('document.title', () => document.title, '') // '' where the getter throws
 */
export function createSafeRead(report: Report): SafeRead {
  const reported = new Set<string>();
  return (name, read, fallback) => {
    try {
      return read();
    } catch (error) {
      if (!reported.has(name)) report('page_read_failed', 'reading ' + name + ' failed: ' + errorText(error));
      reported.add(name);
      return fallback;
    }
  };
}
