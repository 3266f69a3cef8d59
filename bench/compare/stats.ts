/** Median of the defined numbers (undefined when there are none). */
export function median(values: (number | undefined)[]): number | undefined {
  const sorted = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The first and third quartiles of the defined numbers (linear between ranks), the bounds of
 * the middle half: how far apart two medians must be before they rank anything.
 */
export function quartiles(values: (number | undefined)[]): [number, number] | undefined {
  const sorted = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const at = (q: number) => {
    const rank = (sorted.length - 1) * q;
    const low = Math.floor(rank);
    return sorted[low]! + (sorted[Math.ceil(rank)]! - sorted[low]!) * (rank - low);
  };
  return [at(0.25), at(0.75)];
}

/** Smallest of the defined numbers (undefined when there are none). */
export function min(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return defined.length ? Math.min(...defined) : undefined;
}

/** Sum of the defined numbers. */
export function sum(values: (number | undefined)[]): number {
  return values.reduce<number>((total, v) => total + (typeof v === 'number' && Number.isFinite(v) ? v : 0), 0);
}
