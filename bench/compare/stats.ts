/** The finite numbers among the values: runs that gave none are left out. */
function finite(values: (number | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function sortedNumbers(values: (number | undefined)[]): number[] {
  return finite(values).sort((a, b) => a - b);
}

/** The value at fraction `q` of the way through `sorted`, linear between ranks. */
function quantile(sorted: number[], q: number): number {
  const rank = (sorted.length - 1) * q;
  const low = Math.floor(rank);
  return sorted[low]! + (sorted[Math.ceil(rank)]! - sorted[low]!) * (rank - low);
}

/** Median of the defined numbers (undefined when there are none). */
export function median(values: (number | undefined)[]): number | undefined {
  const sorted = sortedNumbers(values);
  return sorted.length ? quantile(sorted, 0.5) : undefined;
}

/**
 * The first and third quartiles of the defined numbers, the bounds of the middle half: how far
 * apart two medians must be before they rank anything.
 */
export function quartiles(values: (number | undefined)[]): [number, number] | undefined {
  const sorted = sortedNumbers(values);
  return sorted.length ? [quantile(sorted, 0.25), quantile(sorted, 0.75)] : undefined;
}

/** Smallest of the defined numbers (undefined when there are none). */
export function min(values: (number | undefined)[]): number | undefined {
  return sortedNumbers(values)[0];
}

/** Sum of the defined numbers. */
export function sum(values: (number | undefined)[]): number {
  return finite(values).reduce((total, v) => total + v, 0);
}
