// First render of the Social tab: the time from navigation to the first page of the timeline painted, read from the
// page's own performance mark (parley:timeline-painted, set after the first page is in the DOM and a frame has been
// painted), over several fresh page loads; prints the runs and their median as JSON.
//   node tab-tests/first-render.mjs [--runs N] BASE_URL TOKEN [BASELINE_TOKEN]
// TOKEN names a person with many interactions (TabBrowserIT seeds 1,000); BASELINE_TOKEN, measured in the same run,
// one with a handful (TabBrowserIT: 8). Reported, never asserted.
import { args, check, launch } from './lib.mjs';

const { flags, positional } = args();
const [baseUrl, token, baselineToken] = positional;
if (!token) {
  console.error('usage: node first-render.mjs [--runs N] BASE_URL TOKEN [BASELINE_TOKEN]');
  process.exit(2);
}
const runs = Number(flags.runs || 7);
const browser = await launch();

/** Fresh page loads of the person's tab, after one that warms the JVM's paths and the browser's cache of the scripts. */
async function measure(personToken) {
  const samples = [];
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const timelineRequests = [];
    page.on('request', r => { if (r.url().includes('/timeline')) timelineRequests.push(r.url()); });
    await page.goto(new URL('/parley/tab#token=' + personToken, baseUrl).href);
    await page.waitForFunction(() => performance.getEntriesByName('parley:timeline-painted').length > 0, null, { timeout: 30_000 });
    const sample = await page.evaluate(() => ({
      paintedMs: performance.getEntriesByName('parley:timeline-painted')[0].startTime,
      entries: document.querySelectorAll('#timeline li.entry').length,
    }));
    check(timelineRequests.length === 1, 'the first render asked for the timeline ' + timelineRequests.length + ' times');
    if (i > 0) samples.push(sample);
    await context.close();
  }
  const round = ms => Math.round(ms * 10) / 10;
  const sorted = samples.map(s => s.paintedMs).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: samples.length, medianMs: round(median), minMs: round(sorted[0]), maxMs: round(sorted.at(-1)),
    entriesRendered: samples[0].entries, samples: samples.map(s => round(s.paintedMs)) };
}

try {
  const result = { ok: true, ...(await measure(token)) };
  if (baselineToken) result.baseline = await measure(baselineToken);
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await browser.close();
}
