import type { CleanUrl } from '../events/clean-url';
import type { SafeRead } from '../lib/safe-read';
import { cssSelector } from './css-selector';

/** What counts as a click worth tracking: links, buttons, and elements the site marks. */
const TARGETS = 'a,button,[type=submit],[role=button],[data-tracklet-click]';
/** Elements whose text is what the user typed (or chose): never read. */
const FIELDS = 'input,textarea,select,[contenteditable]';

/**
 * Calls `callback` with the element of every click on a link, a button or an element marked
 * `data-tracklet-click`, unless it is inside `data-tracklet-ignore`. One passive listener on
 * document, in the capture phase, so a handler that stops propagation does not hide the click.
 * The DOM is read through `read`: a page whose `Element.prototype.closest` throws gets no
 * click events (reported once), never an error from our listener.
 *
 * @example onClick((element) => track('$WebClick', clickProperties(element, cleanUrl)), read);
 */
export function onClick(callback: (element: Element) => void, read: SafeRead): void {
  document.addEventListener('click', (event) => {
    const element = read('Element.closest', () => {
      const target = event.target;
      const found = target instanceof Element ? target.closest(TARGETS) : null;
      return found && !found.closest('[data-tracklet-ignore]') ? found : null;
    }, null);
    if (element) callback(element);
  }, { capture: true, passive: true });
}

/**
 * The `$WebClick` properties of `element` ('' where it has none). Privacy:
 * `$element_content` is the element's own text as rendered (`innerText`: text hidden by CSS,
 * such as a `display:none` span, is left out), left out when the element is, contains or
 * sits inside a form field or editable region; no field's value is ever read (not even an
 * `<input type=submit>`'s label, which is its value). `$element_target_url` goes through
 * `cleanUrl` (no secret parameters).
 *
 * @example clickProperties(link, cleanUrl) // { $element_type: 'a', $element_selector: '#nav > a:nth-of-type(1)', $element_content: 'Docs', ... }
 */
export function clickProperties(element: Element, cleanUrl: CleanUrl): Record<string, unknown> {
  const link = element.closest('a[href]') as HTMLAnchorElement | null;
  return {
    $element_type: element.localName,
    $element_id: element.id,
    $element_class_name: element.getAttribute('class') || '',
    $element_content: (element as HTMLElement).isContentEditable || element.matches(FIELDS) || element.querySelector(FIELDS)
      ? ''
      // innerText reads layout, but only here, once per click. SVG elements have none.
      : String((element as HTMLElement).innerText ?? element.textContent).replace(/\s+/g, ' ').trim().slice(0, 255),
    // An SVG <a> has an object here, not a string.
    $element_target_url: link && typeof link.href == 'string' ? cleanUrl(link.href) : '',
    $element_selector: cssSelector(element),
  };
}
