// Browser tests of Parley's Social tab in headless Chromium:
//   node tab-tests/social-tab.mjs [--out DIR] [--crm-port PORT] BASE_URL ANA MALLORY MANY EXPIRED FORGED
// BASE_URL is the whiteboard's root (http://127.0.0.1:PORT); the others are tab tokens for: a person with a
// multilingual timeline and a Mastodon mention to answer (ANA), a person whose timeline is hostile (MALLORY), one with
// 1,000 interactions (MANY), an expired token and a forged one. --crm-port: a port allowed in the tab's
// frame-ancestors, where this script plays the CRM page that frames the tab. Prints one line of JSON with each
// scenario's result; exits 0 only if all passed. Driven by itests' TabBrowserIT, which seeds a real Parley.
import http from 'node:http';
import path from 'node:path';
import { api, args, check, contactOf, ensureDir, guard, run, tabTo } from './lib.mjs';

const { flags, positional } = args();
const [baseUrl, ana, mallory, many, expired, forged] = positional;
if (!forged) {
  console.error('usage: node social-tab.mjs [--out DIR] [--crm-port PORT] BASE_URL ANA MALLORY MANY EXPIRED FORGED');
  process.exit(2);
}
const out = ensureDir(flags.out || path.resolve('target'));
const tabUrl = token => new URL('/parley/tab#token=' + token, baseUrl).href;

/** A stand-in for SuiteCRM's contact page: it frames the tab as the CRM package prints it. */
function crmPage(port, token) {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Contact</title><h1>Ana (CRM)</h1>'
      + '<iframe id="social" title="Social" width="1060" height="1500" src="' + tabUrl(token).replace(/"/g, '&quot;')
      + '"></iframe>');
  });
  return new Promise(resolve => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** The tab framed by the CRM page, ready: its page, its frame, its incidents. */
async function framedTab(context, token, port = Number(flags['crm-port'])) {
  const server = await crmPage(port, token);
  const page = await context.newPage();
  const incidents = guard(page);
  await page.goto('http://127.0.0.1:' + server.address().port + '/contact');
  const frame = await (await page.waitForSelector('#social')).contentFrame();
  await frame.waitForSelector('body[data-state]', { timeout: 20_000 });
  return { page, frame, incidents, close: () => new Promise(r => server.close(r)) };
}

async function openTab(context, token, expected) {
  const page = await context.newPage();
  const incidents = guard(page, expected);
  await page.goto(tabUrl(token));
  await page.waitForSelector('body[data-state]', { timeout: 20_000 });
  return { page, frame: page.mainFrame(), incidents };
}

function noIncidents(incidents) {
  check(incidents.length === 0, 'the page reported: ' + JSON.stringify(incidents));
}

const SEEDED = {
  en: 'Great service 👍🏽 — five stars, would buy again 😀',
  nl: 'Mijn bestelling is nog steeds niet aangekomen. Kunnen jullie helpen?',
  es: '¡Me encanta el nuevo producto! Gracias por la atención.',
  id: 'Terima kasih, pesanan saya sudah sampai dengan baik.',
  zh: '你好，我想问一下退货政策。谢谢！𠮷野家も好きです',
  ar: 'شكرا جزيلا، الخدمة ممتازة',
  he: 'ההזמנה שלי הגיעה שבורה, אני מבקש החזר',
};

const scenarios = [
  ['multilingual timeline in the CRM frame', async context => {
    const { page, frame, incidents, close } = await framedTab(context, ana);
    try {
      check(await frame.evaluate(() => document.body.dataset.state) === 'ready', 'the tab did not load: '
        + await frame.textContent('#problem'));
      const shown = await frame.$$eval('#timeline .text', nodes => nodes.map(n => ({
        text: n.textContent, dir: n.getAttribute('dir'), rtl: n.matches(':dir(rtl)'),
        width: n.getBoundingClientRect().width })));
      for (const [lang, text] of Object.entries(SEEDED)) {
        const node = shown.find(s => s.text === text);
        check(node, lang + ' text not shown whole: ' + text);
        check(node.dir === 'auto', lang + ' text without dir=auto');
        check(node.rtl === (lang === 'ar' || lang === 'he'), lang + ' text shown ' + (node.rtl ? 'rtl' : 'ltr'));
        check(node.width > 0, lang + ' text not visible');
      }
      const identities = await frame.$$eval('#identities li', items => items.map(li => li.textContent));
      check(identities.length >= 4, 'identities: ' + JSON.stringify(identities));
      const profiles = await frame.$$eval('#identities a', links => links.map(a => [a.href, a.target, a.rel]));
      check(profiles.length > 0 && profiles.every(([href, target, rel]) => /^https?:/.test(href) && target === '_blank'
        && rel === 'noopener noreferrer'), 'profile links: ' + JSON.stringify(profiles));
      const chart = await frame.$eval('#chart svg', svg => ({ bars: svg.querySelectorAll('rect').length,
        label: svg.getAttribute('aria-label') }));
      check(chart.bars > 0 && chart.label.includes('interactions'), 'chart: ' + JSON.stringify(chart));
      const thread = await frame.$$eval('#timeline .thread', nodes => nodes.map(n => n.textContent));
      check(thread.some(t => t.startsWith('In reply to')), 'no thread shown: ' + JSON.stringify(thread));
      const kinds = await frame.$$eval('#timeline .kind', nodes => [...new Set(nodes.map(n => n.textContent))]);
      const screenshot = path.join(out, 'social-tab.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      noIncidents(incidents);
      return { entries: shown.length, identities: identities.length, kinds, chart, screenshot };
    } finally {
      await close();
    }
  }],

  ['tags added and removed with the keyboard, persisted', async context => {
    const { page, frame, incidents, close } = await framedTab(context, ana);
    const contact = contactOf(ana);
    const personTags = async () => (await api(baseUrl, ana, 'GET', `contacts/${contact.type}/${contact.id}`)).json.tags.map(t => t.name);
    try {
      await tabTo(page, frame, () => document.activeElement?.id === 'person-tag-input');
      await page.keyboard.type('Trial');
      await page.keyboard.press('Enter');
      await frame.waitForSelector('#person-tags button[aria-label="Remove tag trial from this person"]');
      const afterAdd = await personTags();
      check(afterAdd.includes('trial'), 'person tag not stored: ' + afterAdd);
      await tabTo(page, frame, () => document.activeElement?.getAttribute('aria-label') === 'Remove tag trial from this person',
        undefined, { back: true });
      await page.keyboard.press('Space');
      await frame.waitForSelector('#person-tags button[aria-label="Remove tag trial from this person"]', { state: 'detached' });
      const afterRemove = await personTags();
      check(!afterRemove.includes('trial'), 'person tag not removed: ' + afterRemove);
      // One that stays, for TabBrowserIT to find in the store.
      await frame.focus('#person-tag-input');
      await page.keyboard.type('follow-up');
      await page.keyboard.press('Enter');
      await frame.waitForSelector('#person-tags button[aria-label="Remove tag follow-up from this person"]');

      // A tag on one interaction: its Tag button, then the field it opens.
      const key = await frame.$eval('#timeline li.entry', li => li.dataset.key);
      await tabTo(page, frame, k => document.activeElement?.classList.contains('tag-toggle')
        && document.activeElement.closest('li.entry').dataset.key === k, key);
      await page.keyboard.press('Enter');
      check(await frame.evaluate(() => document.activeElement?.name === 'tag'), 'the Tag button did not open its field');
      await page.keyboard.type('complaint');
      await page.keyboard.press('Enter');
      const entry = `#timeline li.entry[data-key="${key}"]`;
      await frame.waitForSelector(`${entry} button[aria-label="Remove tag complaint from this interaction"]`);
      const stored = async () => (await api(baseUrl, ana, 'GET', `contacts/${contact.type}/${contact.id}/timeline`))
        .json.entries.find(e => e.key === key).tags.map(t => t.name);
      check((await stored()).includes('complaint'), 'interaction tag not stored');
      await page.keyboard.press('Escape');
      await tabTo(page, frame, () => document.activeElement?.getAttribute('aria-label') === 'Remove tag complaint from this interaction',
        undefined, { back: true });
      await page.keyboard.press('Enter');
      await frame.waitForSelector(`${entry} button[aria-label="Remove tag complaint from this interaction"]`, { state: 'detached' });
      check(!(await stored()).includes('complaint'), 'interaction tag not removed');
      noIncidents(incidents);
      return { personTags: await personTags(), interaction: key };
    } finally {
      await close();
    }
  }],

  ['a reply posted on the channel, its state followed', async context => {
    const { page, frame, incidents, close } = await framedTab(context, ana);
    try {
      const key = await frame.$eval('#timeline li.entry[data-key^="mastodon:"]', li => li.dataset.key);
      const entry = `#timeline li.entry[data-key="${key}"]`;
      await frame.evaluate(selector => {
        // Every state the live region says, in order, for the report.
        window.parleyHeard = [];
        const live = document.querySelector(selector + ' .reply-live');
        new MutationObserver(() => window.parleyHeard.push(live.textContent))
          .observe(live, { childList: true, characterData: true, subtree: true });
      }, entry);
      await tabTo(page, frame, k => document.activeElement?.classList.contains('reply-toggle')
        && document.activeElement.closest('li.entry').dataset.key === k, key);
      await page.keyboard.press('Enter');
      check(await frame.evaluate(() => document.activeElement?.tagName === 'TEXTAREA'), 'Reply did not open the reply box');
      await page.keyboard.type('Sorry about that! Lo sentimos — 我们会处理 🙏');
      await page.keyboard.press('Tab');
      check(await frame.evaluate(() => document.activeElement?.textContent === 'Send reply'), 'Send is not next');
      const before = await frame.$$eval(`${entry} .replies li`, items => items.length);
      await page.keyboard.press('Enter');
      // Until the live region says a final state of this reply (sent, or failed with the reason).
      await frame.waitForFunction(() => /^Reply (sent|failed)/.test(window.parleyHeard.at(-1) ?? ''), null, { timeout: 60_000 });
      const heard = await frame.evaluate(() => window.parleyHeard);
      check(heard.at(-1) === 'Reply sent.', 'the live region said: ' + JSON.stringify(heard));
      const items = await frame.$$eval(`${entry} .replies li`, lis => lis.map(li => ({ id: li.dataset.reply,
        state: li.querySelector('.reply-state').className, text: li.textContent, link: li.querySelector('a')?.href })));
      check(items.length === before + 1, 'replies shown: ' + JSON.stringify(items));
      const sent = items.at(-1);
      check(sent.state.includes('SENT') && sent.text.includes('我们会处理 🙏'), 'the reply shown: ' + JSON.stringify(sent));
      await (await frame.$(entry)).screenshot({ path: path.join(out, 'social-tab-reply.png') });
      noIncidents(incidents);
      return { interaction: key, reply: sent, heard };
    } finally {
      await close();
    }
  }],

  ['keyboard-only walk reaches every control with a visible focus', async context => {
    const { page, frame, incidents } = await openTab(context, ana);
    const controls = await frame.$$eval('a[href], button:not([hidden]), input, textarea, [tabindex="0"]',
      nodes => nodes.filter(n => n.getClientRects().length > 0).length);
    const reached = new Set();
    const unfocused = [];
    for (let i = 0; i < controls + 5; i++) {
      await page.keyboard.press('Tab');
      const focus = await frame.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const path = [];
        for (let n = el; n && n !== document.body; n = n.parentElement) path.push(n.tagName + (n.id ? '#' + n.id : '') + ':' + [...n.parentElement.children].indexOf(n));
        return { id: path.join('<'), name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40) || el.id,
          visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, focusVisible: el.matches(':focus-visible') };
      });
      if (!focus) continue;
      reached.add(focus.id);
      if (!focus.visible || !focus.focusVisible) unfocused.push(focus.name);
    }
    check(reached.size >= controls, `reached ${reached.size} of ${controls} controls with Tab`);
    check(unfocused.length === 0, 'focus not visible on: ' + JSON.stringify(unfocused));
    noIncidents(incidents);
    return { controls, reached: reached.size };
  }],

  ['a hostile timeline runs no script', async context => {
    const { page, frame, incidents } = await openTab(context, mallory);
    check(await frame.evaluate(() => document.body.dataset.state) === 'ready', 'the tab did not load: '
      + await frame.textContent('#problem'));
    const facts = await frame.evaluate(() => ({
      entries: document.querySelectorAll('#timeline li.entry').length,
      scripts: [...document.scripts].map(s => s.src),
      iframes: document.querySelectorAll('iframe, object, embed, img').length,
      svgs: [...document.querySelectorAll('svg')].filter(s => !s.closest('#chart')).length,
      handlers: [...document.querySelectorAll('*')].flatMap(n => [...n.attributes].map(a => a.name))
        .filter(name => name.startsWith('on')).length,
      hrefs: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('#')),
      inert: document.querySelectorAll('.unsafe-link').length,
      texts: [...document.querySelectorAll('#timeline .text')].map(n => n.textContent),
    }));
    check(facts.entries >= 6, 'hostile entries not shown: ' + facts.entries);
    check(facts.scripts.length === 1 && facts.scripts[0].endsWith('/assets/tab.js'), 'scripts: ' + facts.scripts);
    check(facts.iframes === 0 && facts.svgs === 0 && facts.handlers === 0, 'markup from data: ' + JSON.stringify(facts));
    check(facts.hrefs.every(h => /^https?:\/\//.test(h)), 'a link that is not http(s): ' + JSON.stringify(facts.hrefs));
    check(facts.inert >= 2, 'javascript:/data: URLs not shown as text: ' + facts.inert);
    check(facts.texts.some(t => t.includes('<script>')), 'the hostile text is not shown as text');
    // Poke at it as a user would: every control gets activated; none may run anything.
    for (const handle of await frame.$$('#timeline a[href], #identities a[href]')) {
      await handle.evaluate(a => a.addEventListener('click', e => e.preventDefault(), { once: true }));
      await handle.click();
    }
    for (const unsafe of await frame.$$('.unsafe-link')) await unsafe.click();
    await page.mouse.move(10, 10);
    await page.mouse.move(500, 500);
    const title = await page.title();
    check(title === 'Social', 'the title was changed to ' + title);
    check(await page.evaluate(() => window.parleyPwned === undefined), 'a payload ran: window.parleyPwned is set');
    noIncidents(incidents);
    return { entries: facts.entries, inertLinks: facts.inert, links: facts.hrefs.length };
  }],

  ['the first page only, then more on demand', async context => {
    const { page, frame, incidents } = await openTab(context, many);
    const timelineCalls = [];
    page.on('request', r => { if (r.url().includes('/timeline')) timelineCalls.push(r.url()); });
    const first = await frame.$$eval('#timeline li.entry', l => l.length);
    await frame.focus('#more');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(n => document.querySelectorAll('#timeline li.entry').length > n, first);
    const second = await frame.$$eval('#timeline li.entry', l => l.length);
    const focused = await frame.evaluate(() => document.activeElement?.classList.contains('entry'));
    check(first > 0 && first < 100, 'first page has ' + first + ' entries');
    check(second === 2 * first, 'after one "load more" ' + second + ' entries');
    check(focused, 'focus did not move to the first new entry');
    check(timelineCalls.length === 1 && timelineCalls[0].includes('cursor='), 'timeline calls: ' + timelineCalls);
    noIncidents(incidents);
    return { first, second };
  }],

  ['errors are readable text', async context => {
    const failed = [/Failed to load resource/];
    const shown = {};
    for (const [name, token] of [['expired', expired], ['forged', forged]]) {
      const { frame, incidents } = await openTab(context, token, failed);
      shown[name] = await frame.textContent('#problem');
      noIncidents(incidents);
    }
    check(shown.expired.includes('expired') && shown.expired.includes('Reload'), 'expired: ' + shown.expired);
    check(shown.forged.includes('did not accept'), 'forged: ' + shown.forged);
    const page = await context.newPage();
    const incidents = guard(page, [/Failed to load resource/]);
    await page.route('**/parley/api/**', route => route.abort('connectionrefused'));
    await page.goto(tabUrl(ana));
    await page.waitForSelector('body[data-state]');
    shown.network = await page.textContent('#problem');
    check(shown.network.includes('cannot be reached'), 'network: ' + shown.network);
    noIncidents(incidents);
    // A 403 as the API words it (the tab token's contact may not see this), shown as text.
    const refused = await context.newPage();
    const refusedIncidents = guard(refused, [/Failed to load resource/]);
    await refused.route('**/parley/api/v1/contacts/*/*/timeline*', route => route.fulfill({ status: 403,
      contentType: 'application/json', body: JSON.stringify({ code: 'forbidden', message: 'this tab token is for another contact' }) }));
    await refused.goto(tabUrl(ana));
    await refused.waitForSelector('body[data-state]');
    shown.forbidden = await refused.textContent('#problem');
    check(shown.forbidden.includes('You may not see or change this'), 'forbidden: ' + shown.forbidden);
    noIncidents(refusedIncidents);
    const none = await context.newPage();
    await none.goto(new URL('/parley/tab', baseUrl).href);
    await none.waitForSelector('#problem:not([hidden])');
    shown.noToken = await none.textContent('#problem');
    check(await none.evaluate(() => location.hash === ''), 'the token stayed in the address bar');
    return shown;
  }],

  ['the token leaves the address bar; the page is not framable by other origins', async context => {
    const { frame } = await openTab(context, ana);
    check(await frame.evaluate(() => location.hash === ''), 'the token stayed in the address bar');
    const server = await crmPage(0, ana);
    try {
      const page = await context.newPage();
      await page.goto('http://127.0.0.1:' + server.address().port + '/contact');
      const child = await (await page.waitForSelector('#social')).contentFrame();
      await child.waitForLoadState('load').catch(() => {});
      const hasTab = await child.evaluate(() => !!document.getElementById('timeline')).catch(() => false);
      check(!hasTab, 'the tab rendered inside a page of an origin that is not in allowedFrameAncestors');
      return { blockedFrame: true };
    } finally {
      await new Promise(r => server.close(r));
    }
  }],
];

await run(scenarios);
