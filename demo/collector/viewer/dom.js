// DOM helpers for the viewer. Every piece of collected data reaches the page through
// textContent or setAttribute, never innerHTML: payloads come from any page on the web.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element with attributes and children (strings become text nodes).
 *
 * @example el('td', { class: 'name' }, event.event)
 */
export function el(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/**
 * Creates an SVG element the same way.
 *
 * @example svg('circle', { cx: 10, cy: 10, r: 4 })
 */
export function svg(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, String(value));
  }
  // Flattened all the way: a list of [dt, dd] pairs is a list of lists, and an array that
  // reached append() would be shown as "[object HTMLElement],…".
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** Replaces every child of `node`. */
export function replaceChildren(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((child) => child !== undefined && child !== null && child !== false));
}

/** A local time with milliseconds, e.g. 14:03:22.120. */
export function clock(ms) {
  const date = new Date(ms);
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.' + pad(date.getMilliseconds(), 3);
}

/** Shortens a long ID for a label; the full value goes in a title. */
export function short(text, max = 18) {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

// A collector that listens beyond loopback gives its API a token; its start line prints the
// viewer's address with ?token=, which the viewer passes on to every API request.
const token = new URLSearchParams(location.search).get('token');

/** An API path with the token added, for EventSource (which cannot send headers). */
export function withToken(path) {
  return token ? path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : path;
}

/** GETs a JSON API path; resolves undefined on any failure (the viewer shows what it has). */
export async function getJson(path) {
  try {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { headers });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}
