// The Social tab: who the person is on social channels, everything they said, how they feel, and a reply box.
// Data comes only from Parley's API, with the token the CRM put in the fragment; all of it is shown as text.
import { Api, ApiError, takeToken } from './api.js';
import { append, channelBadge, clear, clip, el, link, userText } from './dom.js';
import { chart } from './chart.js';

/** Interactions per page: the first screen, not the whole history. */
const PAGE_SIZE = 30;
/** A reply's states after which nothing changes unless someone acts. */
const FINAL = new Set(['SENT', 'FAILED']);
const REPLY_STATES = {
  AWAITING_APPROVAL: 'Waiting for a second person to approve it',
  PENDING: 'Sending…',
  SENT: 'Sent',
  FAILED: 'Failed',
};

const $ = id => document.getElementById(id);
const locale = navigator.language || 'en';
const timeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });

const state = { api: null, entries: [], cursor: null, keys: new Set(), loading: false };

function announce(text) {
  $('status').textContent = text;
}

function showProblem(error) {
  const box = $('problem');
  box.textContent = error instanceof ApiError ? error.message
    : 'Something went wrong in this view: ' + (error && error.message ? error.message : String(error));
  box.hidden = false;
}

function clearProblem() {
  $('problem').hidden = true;
  $('problem').textContent = '';
}

/** Runs an action of the user's; a failure is shown as text, never thrown at the page. */
async function act(action) {
  try {
    clearProblem();
    return await action();
  } catch (error) {
    showProblem(error);
    return undefined;
  }
}

function time(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : el('time', { datetime: date.toISOString(), text: timeFormat.format(date) });
}

function sentimentLabel(value) {
  if (typeof value !== 'number') return null;
  const word = value > 0.2 ? 'positive' : value < -0.2 ? 'negative' : 'neutral';
  return el('span', { class: 'sentiment ' + word, text: word + ' ' + numberFormat.format(value) });
}

// ---- the person: identities, scores, tags

function renderPerson(person) {
  const list = clear($('identities'));
  if (!person.identities || person.identities.length === 0) {
    list.append(el('li', { class: 'muted', text: 'No social identity is linked to this person yet.' }));
  }
  for (const identity of person.identities || []) {
    list.append(el('li', {},
      channelBadge(identity.channel),
      el('span', { class: 'visually-hidden', text: identity.channel + ':' }),
      userText('span', identity.handle, 'handle'),
      identity.displayName && identity.displayName !== identity.handle ? userText('span', identity.displayName, 'muted') : null,
      link(identity.profileUrl, 'profile', 'Profile of ' + identity.handle + ' on ' + identity.channel)));
  }
  const scores = clear($('scores'));
  const s = person.scores;
  const counts = person.counts || { interactions: 0, byChannel: {} };
  const row = (term, ...value) => append(scores, [el('dt', { text: term }), el('dd', {}, ...value)]);
  row('Engagement', s ? numberFormat.format(s.engagement) : 'not scored yet');
  row('Sentiment', s ? sentimentLabel(s.sentiment) : 'not scored yet');
  row('Interactions', String(counts.interactions ?? 0) + ' on ' + Object.keys(counts.byChannel || {}).length + ' channels');
  if (s && s.lastContact) row('Last contact', time(s.lastContact));
  renderPersonTags(person.tags || []);
}

function renderPersonTags(tags) {
  const list = clear($('person-tags'));
  if (tags.length === 0) list.append(el('li', { class: 'muted', text: 'No tags.' }));
  for (const tag of tags) {
    list.append(el('li', { class: 'tag' }, userText('span', tag.name),
      el('button', { type: 'button', 'aria-label': 'Remove tag ' + tag.name + ' from this person',
        onclick: () => act(async () => {
          const answer = await state.api.removePersonTag(tag.name);
          renderPersonTags(answer.tags);
          announce('Tag ' + tag.name + ' removed from this person.');
          $('person-tag-input').focus();
        }) }, '×')));
  }
}

// ---- the timeline

function entryId(entry) {
  return 'entry-' + state.entries.indexOf(entry);
}

function renderTags(entry, list) {
  clear(list);
  for (const tag of entry.tags || []) {
    list.append(el('li', { class: 'tag' }, userText('span', tag.name),
      el('button', { type: 'button', 'aria-label': 'Remove tag ' + tag.name + ' from this interaction',
        onclick: () => act(async () => {
          const answer = await state.api.removeTag(entry.ref, tag.name);
          entry.tags = answer.tags;
          renderTags(entry, list);
          announce('Tag ' + tag.name + ' removed.');
          list.closest('li.entry').querySelector('.tag-toggle').focus();
        }) }, '×')));
  }
}

function replyItem(reply) {
  const stateText = el('span', { class: 'reply-state ' + reply.status, text: REPLY_STATES[reply.status] || reply.status });
  return el('li', { 'data-reply': String(reply.id) },
    el('span', { class: 'muted', text: 'Reply by ' + (reply.requestedBy || 'someone') + ': ' }),
    userText('span', reply.text), ' — ', stateText,
    reply.status === 'SENT' ? [' ', link(reply.url, 'view', 'View the sent reply')] : null,
    reply.status === 'FAILED' && reply.error ? [' ', userText('span', reply.error, 'muted')] : null);
}

/** Asks for the reply's state until it is final; each change is said in the form's live region. */
async function follow(reply, item, live) {
  let delay = 500;
  let last = reply.status;
  while (!FINAL.has(last)) {
    await new Promise(resolve => setTimeout(resolve, delay));
    delay = Math.min(delay * 1.5, 10_000);
    let current;
    try {
      current = await state.api.replyStatus(reply.id);
    } catch (error) {
      live.textContent = 'Could not check the reply: ' + (error.message || error);
      if (error instanceof ApiError && error.status !== 0) return;
      continue;
    }
    if (current.status !== last) {
      last = current.status;
      const next = replyItem(current);
      item.replaceWith(next);
      item = next;
      live.textContent = 'Reply ' + (REPLY_STATES[last] || last).toLowerCase()
        + (last === 'FAILED' && current.error ? ': ' + current.error : '') + '.';
    }
  }
}

function replyForm(entry, replies, toggle) {
  const id = entryId(entry) + '-reply';
  const text = el('textarea', { id, name: 'text', maxlength: 5000, required: true, dir: 'auto' });
  const live = el('p', { class: 'reply-live', role: 'status', 'aria-live': 'polite' });
  const send = el('button', { type: 'submit', text: 'Send reply' });
  const form = el('form', { class: 'reply-form', hidden: true, 'aria-label': 'Reply on ' + entry.channel },
    el('label', { for: id, text: 'Reply on ' + entry.channel + ' to ' + (entry.author?.handle || 'this message') }),
    text, el('div', { class: 'actions' }, send,
      el('button', { type: 'button', text: 'Cancel', onclick: () => { form.hidden = true; toggle.focus(); } })),
    live);
  form.addEventListener('submit', event => {
    event.preventDefault();
    const message = text.value.trim();
    if (!message) return;
    send.disabled = true;
    act(async () => {
      try {
        const reply = await state.api.reply(entry.ref, message);
        entry.replies = [...(entry.replies || []), reply];
        const item = replyItem(reply);
        replies.append(item);
        replies.hidden = false;
        text.value = '';
        live.textContent = 'Reply ' + (REPLY_STATES[reply.status] || reply.status).toLowerCase() + '.';
        follow(reply, item, live);
      } finally {
        send.disabled = false;
      }
    });
  });
  form.addEventListener('keydown', event => {
    if (event.key === 'Escape') { form.hidden = true; toggle.focus(); }
  });
  return form;
}

function tagForm(entry, list, toggle) {
  const id = entryId(entry) + '-tag';
  const input = el('input', { id, name: 'tag', maxlength: 64, autocomplete: 'off', required: true });
  const form = el('form', { class: 'inline-form', hidden: true },
    el('label', { for: id, text: 'Add a tag to this interaction' }), input,
    el('button', { type: 'submit', text: 'Add' }));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const tag = input.value.trim();
    if (!tag) return;
    act(async () => {
      const answer = await state.api.addTag(entry.ref, tag);
      entry.tags = answer.tags;
      renderTags(entry, list);
      input.value = '';
      announce('Tag ' + tag + ' added.');
    });
  });
  form.addEventListener('keydown', event => {
    if (event.key === 'Escape') { form.hidden = true; toggle.focus(); }
  });
  return form;
}

function renderEntry(entry) {
  const tags = el('ul', { class: 'tags', 'aria-label': 'Tags of this interaction' });
  renderTags(entry, tags);
  const replies = el('ul', { class: 'replies', 'aria-label': 'Replies from Parley', hidden: !(entry.replies || []).length },
    (entry.replies || []).map(replyItem));
  const tagToggle = el('button', { type: 'button', class: 'tag-toggle', 'aria-expanded': 'false', text: 'Tag' });
  const replyToggle = el('button', { type: 'button', class: 'reply-toggle', 'aria-expanded': 'false', text: 'Reply' });
  const tagging = tagForm(entry, tags, tagToggle);
  const replying = replyForm(entry, replies, replyToggle);
  const toggle = (button, form, focus) => button.addEventListener('click', () => {
    form.hidden = !form.hidden;
    button.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) form.querySelector(focus).focus();
  });
  toggle(tagToggle, tagging, 'input');
  toggle(replyToggle, replying, 'textarea');
  for (const form of [tagging, replying]) {
    new MutationObserver(() => (form === tagging ? tagToggle : replyToggle)
      .setAttribute('aria-expanded', String(!form.hidden))).observe(form, { attributes: true, attributeFilter: ['hidden'] });
  }

  const author = entry.author ? (entry.author.displayName || entry.author.handle) : 'unknown';
  const parent = entry.inReplyTo ? state.entries.find(e => e.channel === entry.channel && e.externalId === entry.inReplyTo) : null;
  const headingId = entryId(entry) + '-head';
  return el('li', { class: 'entry', id: entryId(entry), tabindex: '-1', 'aria-labelledby': headingId, 'data-key': entry.key },
    el('div', { class: 'entry-head', id: headingId },
      channelBadge(entry.channel),
      el('span', { class: 'visually-hidden', text: entry.channel }),
      userText('span', author, 'author'),
      entry.kind ? el('span', { class: 'kind', text: entry.kind }) : null,
      time(entry.occurredAt),
      sentimentLabel(entry.sentiment)),
    entry.inReplyTo || (entry.threadId && entry.threadId !== entry.externalId) ? el('div', { class: 'thread' },
      entry.inReplyTo ? 'In reply to ' : 'In a thread',
      parent ? el('a', { href: '#' + entryId(parent), text: clip(parent.text || 'an earlier message', 60), dir: 'auto',
        onclick: event => { event.preventDefault(); $(entryId(parent)).focus(); } })
        : entry.inReplyTo ? 'an earlier message' : null) : null,
    userText('p', entry.text, 'text'),
    (entry.media || []).length ? el('ul', { class: 'media', 'aria-label': 'Attachments' },
      entry.media.map((m, i) => el('li', {}, link(m, 'attachment ' + (i + 1))))) : null,
    tags,
    el('div', { class: 'actions' },
      link(entry.url, 'original', 'Open the original on ' + entry.channel), tagToggle, replyToggle),
    tagging, replying, replies);
}

function renderChart() {
  const { element, summary } = chart(state.entries, locale);
  clear($('chart')).append(element);
  $('chart-caption').textContent = summary;
}

function addPage(page, first) {
  const fresh = page.entries.filter(e => !state.keys.has(e.key));
  for (const entry of fresh) {
    state.keys.add(entry.key);
    state.entries.push(entry);
  }
  const list = $('timeline');
  const items = fresh.map(renderEntry);
  list.append(...items);
  state.cursor = page.nextCursor;
  $('more').hidden = !state.cursor;
  $('timeline-empty').hidden = state.entries.length > 0;
  renderChart();
  if (!first && items.length) items[0].focus();
  return fresh.length;
}

async function loadMore() {
  if (state.loading || !state.cursor) return;
  state.loading = true;
  $('more').disabled = true;
  $('more').textContent = 'Loading…';
  await act(async () => {
    const added = addPage(await state.api.timeline(state.cursor, PAGE_SIZE), false);
    announce(added + ' more interactions loaded.');
  });
  state.loading = false;
  $('more').disabled = false;
  $('more').textContent = 'Load more';
}

async function start() {
  const main = $('main');
  let session;
  try {
    session = takeToken(window.location, window.history);
  } catch (error) {
    showProblem(error);
    main.setAttribute('aria-busy', 'false');
    return;
  }
  state.api = new Api(session);
  $('more').addEventListener('click', loadMore);
  $('person-tag-form').addEventListener('submit', event => {
    event.preventDefault();
    const input = $('person-tag-input');
    const tag = input.value.trim();
    if (!tag) return;
    act(async () => {
      const answer = await state.api.addPersonTag(tag);
      renderPersonTags(answer.tags);
      input.value = '';
      announce('Tag ' + tag + ' added to this person.');
    });
  });

  announce('Loading…');
  const [person, timeline] = await Promise.allSettled([state.api.person(), state.api.timeline(null, PAGE_SIZE)]);
  if (timeline.status === 'fulfilled') {
    addPage(timeline.value, true);
    // The mark the benchmark reads: after the first page is in the DOM and the browser has painted it.
    requestAnimationFrame(() => setTimeout(() => performance.mark('parley:timeline-painted'), 0));
  }
  if (person.status === 'fulfilled') renderPerson(person.value);
  const failure = [timeline, person].find(r => r.status === 'rejected');
  if (failure) showProblem(failure.reason);
  announce(failure ? '' : state.entries.length + ' interactions shown' + (state.cursor ? '; more can be loaded.' : '.'));
  main.setAttribute('aria-busy', 'false');
  document.body.dataset.state = failure ? 'failed' : 'ready';
}

start();
