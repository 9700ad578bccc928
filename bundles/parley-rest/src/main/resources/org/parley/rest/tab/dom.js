// DOM helpers of the Social tab. Everything a channel sent is set as text (textContent) or as an attribute the
// browser never runs; no HTML string is ever parsed from data. Links are clickable only when they are http(s).

/** An element with attributes and children; strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** User-written text: its own direction (Arabic, Hebrew) found by the browser, never HTML. */
export function userText(tag, text, cls) {
  return el(tag, { class: cls, dir: 'auto', text: text ?? '' });
}

/** The URL when it is absolute http or https, else null. */
export function safeUrl(value) {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A link that opens in a new tab without access to this page, when the URL is http(s); any other URL
 * (javascript:, data:, vbscript:, relative ...) is shown as plain text and cannot be followed.
 */
export function link(url, label, ariaLabel) {
  const href = safeUrl(url);
  if (href === null) {
    return url ? el('span', { class: 'unsafe-link', dir: 'auto', title: 'Not a web link', text: label ?? url }) : null;
  }
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', dir: 'auto', 'aria-label': ariaLabel,
    text: label ?? href });
}

/** At most max characters of text, cut between grapheme clusters (never inside a surrogate pair or an emoji). */
export function clip(text, max) {
  if (!text) return '';
  const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), s => s.segment);
  return graphemes.length <= max ? text : graphemes.slice(0, max).join('') + '…';
}

/** A channel's badge: a few letters on the channel's colour, hidden from screen readers (the name is said). */
const BADGES = {
  mastodon: 'M', telegram: 'TG', bluesky: 'BS', mail: '@', feeds: 'RSS', facebook: 'f', instagram: 'IG',
  whatsapp: 'WA', wechat: 'WC', meta: 'f',
};
export function channelBadge(channel) {
  const known = Object.hasOwn(BADGES, channel);
  return el('span', { class: 'badge' + (known ? ' ' + channel : ''), 'aria-hidden': 'true',
    text: known ? BADGES[channel] : String(channel ?? '?').slice(0, 2).toUpperCase() });
}

export function clear(node) {
  node.replaceChildren();
  return node;
}
