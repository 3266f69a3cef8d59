/**
 * Creates an element with attributes and children. Text goes in as text nodes, never as HTML.
 * Attributes that are undefined or false are left out.
 *
 * @example el('button', { type: 'button', 'data-call': 'login' }, 'login')
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== false) node.setAttribute(name, String(value));
  node.append(...children.flat().filter((child) => child !== undefined && child !== null));
  return node;
}
