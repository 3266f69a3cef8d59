/**
 * True where a DOM exists. tracklet can be imported under Node (server-side rendering); every
 * browser API is reached only after this says yes.
 *
 * @example if (hasDom()) document.title;
 */
export function hasDom(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}
