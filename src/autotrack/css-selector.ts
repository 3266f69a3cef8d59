/** An ID usable as `#id` without escaping; React's `:r1:` style IDs are generated, so skipped. */
const PLAIN_ID = /^[a-zA-Z][\w-]*$/;

/**
 * A CSS selector for `element` that survives re-renders of unrelated parts of the page: the
 * nearest ancestor (or the element itself) with a plain ID, then `tag:nth-of-type(n)` steps
 * down to it — the shape Sensors Analytics uses for `$element_selector`.
 *
 * @example cssSelector(link) // '#nav > li:nth-of-type(2) > a:nth-of-type(1)'
 */
export function cssSelector(element: Element): string {
  const steps: string[] = [];
  for (let node: Element | null = element; node && node !== document.documentElement; node = node.parentElement) {
    if (PLAIN_ID.test(node.id)) {
      steps.unshift('#' + node.id);
      break;
    }
    let n = 1;
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      if (sibling.localName === node.localName) n++;
    }
    steps.unshift(node === document.body ? 'body' : node.localName + ':nth-of-type(' + n + ')');
  }
  return steps.join(' > ');
}
