// The Social tab's calls to Parley's API (/parley/api/v1, on the page's own origin) with the tab token as a Bearer.

/** The API's base URL: this module is served at <context>/parley/tab/assets/api.js. */
export const API_BASE = new URL('../../api/v1/', import.meta.url);

/** An error to show as text: what happened and what the user can do. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Reads the token from the page's fragment (#token=...) and takes it out of the address bar, so that it is not
 * copied with the URL. Its payload (v1|type|id|user|expiry) names the contact; Parley checks the signature.
 */
export function takeToken(location, history) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (history && location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (!token) throw new ApiError(0, 'no_token', 'This page opens from a contact in the CRM: no access token was given.');
  const dot = token.indexOf('.');
  let fields;
  try {
    const b64 = token.slice(0, dot).replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - b64.length % 4) % 4)), c => c.charCodeAt(0));
    fields = new TextDecoder('utf-8', { fatal: true }).decode(bytes).split('|');
  } catch {
    fields = [];
  }
  if (dot <= 0 || fields.length !== 5 || fields[0] !== 'v1') {
    throw new ApiError(0, 'bad_token', 'The access token of this page is not valid: reload the contact\'s page.');
  }
  return { token, type: fields[1], id: fields[2], user: fields[3], expiresAt: new Date(Number(fields[4]) * 1000) };
}

/** What to tell the user for an answer that is not a success. */
function problem(status, body) {
  const code = body && typeof body.code === 'string' ? body.code : 'http_' + status;
  const detail = body && typeof body.message === 'string' ? body.message : '';
  switch (code) {
    case 'token_expired':
      return new ApiError(status, code, 'This view has expired. Reload the contact\'s page to continue.');
    case 'unauthenticated':
      return new ApiError(status, code, 'Parley did not accept this view\'s access token. Reload the contact\'s page; '
        + 'if it happens again, ask your administrator to check the shared secret.');
    case 'forbidden':
      return new ApiError(status, code, 'You may not see or change this (' + (detail || 'forbidden') + ').');
    case 'not_found':
      return new ApiError(status, code, 'Not found: ' + (detail || 'it may have been removed.'));
    case 'conflict':
      return new ApiError(status, code, 'Not possible right now: ' + detail);
    default:
      return new ApiError(status, code, (detail || 'Parley answered with an error') + ' (HTTP ' + status + ').');
  }
}

export class Api {
  constructor(session, fetchImpl = globalThis.fetch.bind(globalThis)) {
    this.session = session;
    this.fetch = fetchImpl;
  }

  async call(method, path, body) {
    const headers = { Accept: 'application/json', Authorization: 'Bearer ' + this.session.token };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await this.fetch(new URL(path, API_BASE), {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new ApiError(0, 'network', 'Parley cannot be reached. Check the connection and try again.');
    }
    let json = null;
    try {
      json = await response.json();
    } catch {
      json = null;
    }
    if (!response.ok) throw problem(response.status, json);
    if (json === null) throw new ApiError(response.status, 'bad_answer', 'Parley answered something that is not JSON.');
    return json;
  }

  contactPath(suffix = '') {
    return 'contacts/' + encodeURIComponent(this.session.type) + '/' + encodeURIComponent(this.session.id) + suffix;
  }

  person() { return this.call('GET', this.contactPath()); }

  timeline(cursor, limit) {
    const query = new URLSearchParams();
    if (cursor) query.set('cursor', cursor);
    if (limit) query.set('limit', String(limit));
    const q = query.toString();
    return this.call('GET', this.contactPath('/timeline') + (q ? '?' + q : ''));
  }

  addPersonTag(tag) { return this.call('POST', this.contactPath('/tags'), { tag }); }
  removePersonTag(tag) { return this.call('DELETE', this.contactPath('/tags/' + encodeURIComponent(tag))); }

  /** ref is the entry's "channel/segment", already safe in a path. */
  addTag(ref, tag) { return this.call('POST', 'interactions/' + ref + '/tags', { tag }); }
  removeTag(ref, tag) { return this.call('DELETE', 'interactions/' + ref + '/tags/' + encodeURIComponent(tag)); }
  reply(ref, text) { return this.call('POST', 'interactions/' + ref + '/replies', { text }); }
  replyStatus(id) { return this.call('GET', 'replies/' + encodeURIComponent(String(id))); }
}
