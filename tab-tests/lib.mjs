// Shared by the Social tab's browser tests and benchmark: Debian's Chromium through playwright-core (never a
// downloaded browser), a guard that records every dialog, page error and console error, and the results as JSON.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';

/** Splits argv into flags (--name value) and positional arguments. */
export function args(argv = process.argv.slice(2)) {
  const flags = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) flags[argv[i].slice(2)] = argv[++i];
    else positional.push(argv[i]);
  }
  return { flags, positional };
}

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(CHROMIUM + ' is missing: run scripts/test-all (it installs Debian\'s chromium)');
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium's sandbox refuses to run as root (CI containers); elsewhere it stays on.
    chromiumSandbox: typeof process.getuid === 'function' && process.getuid() !== 0,
  });
}

/**
 * Records what must never happen on the tab: a dialog (alert/confirm/prompt, what injected script would open),
 * an uncaught page error, a console error (also how Chromium reports a CSP violation). Messages matching one of
 * `expected` are allowed (a scenario that provokes a 401 sees Chromium's "Failed to load resource" line).
 */
export function guard(page, expected = []) {
  const incidents = [];
  page.on('dialog', async dialog => {
    incidents.push({ type: 'dialog', text: dialog.type() + ': ' + dialog.message() });
    await dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', error => incidents.push({ type: 'pageerror', text: String(error && error.stack || error) }));
  page.on('console', message => {
    if (message.type() !== 'error' && message.type() !== 'assert') return;
    const text = message.text();
    if (!expected.some(pattern => pattern.test(text))) incidents.push({ type: 'console', text });
  });
  return incidents;
}

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs named scenarios one after the other; each gets a fresh context; prints the results and sets the exit code. */
export async function run(scenarios) {
  const browser = await launch();
  const results = [];
  try {
    for (const [name, scenario] of scenarios) {
      const started = Date.now();
      const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } });
      try {
        const data = await scenario(context);
        results.push({ name, ok: true, ms: Date.now() - started, data: data ?? null });
      } catch (error) {
        results.push({ name, ok: false, ms: Date.now() - started, error: String(error && error.stack || error) });
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const ok = results.length > 0 && results.every(r => r.ok);
  process.stdout.write(JSON.stringify({ ok, chromium: browser.version(), results }) + '\n');
  process.exitCode = ok ? 0 : 1;
}

/** Presses Tab (or Shift+Tab) until the focused element matches, as a keyboard user would walk there. */
export async function tabTo(page, frame, predicate, arg, { max = 250, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await frame.evaluate(predicate, arg)) return i + 1;
  }
  throw new Error('could not reach ' + String(predicate) + ' (' + JSON.stringify(arg) + ') with the keyboard in ' + max + ' presses');
}

/** A call to Parley's API, as the page makes it, to see what the page did persist. */
export async function api(baseUrl, token, method, path, body) {
  const response = await fetch(new URL('/parley/api/v1/' + path, baseUrl), {
    method, headers: { Authorization: 'Bearer ' + token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => null);
  return { status: response.status, json };
}

/** The contact a tab token names (its payload is v1|type|id|user|expiry; Parley checks the signature). */
export function contactOf(token) {
  const fields = Buffer.from(token.split('.')[0], 'base64url').toString('utf8').split('|');
  return { type: fields[1], id: fields[2], user: fields[3] };
}
