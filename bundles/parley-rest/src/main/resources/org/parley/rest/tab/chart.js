// A small chart over time, drawn as inline SVG: interactions per period (bars) and their average sentiment (line,
// -1 at the bottom to +1 at the top). No library: a handful of rectangles and one path.

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;
const WIDTH = 300;
const HEIGHT = 110;
const PAD = 6;

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** Buckets the entries by period (a day, or longer so that there are at most maxBuckets). */
export function buckets(entries, maxBuckets = 24) {
  const times = entries.map(e => Date.parse(e.occurredAt)).filter(t => Number.isFinite(t));
  if (times.length === 0) return { size: DAY, points: [] };
  const first = Math.floor(Math.min(...times) / DAY) * DAY;
  const last = Math.max(...times);
  const days = Math.max(1, Math.ceil((last - first + 1) / DAY));
  const size = Math.ceil(days / maxBuckets) * DAY;
  const points = Array.from({ length: Math.ceil((last - first + 1) / size) }, (_, i) => ({
    start: new Date(first + i * size), count: 0, sentimentSum: 0, sentimentCount: 0,
  }));
  for (const entry of entries) {
    const t = Date.parse(entry.occurredAt);
    if (!Number.isFinite(t)) continue;
    const point = points[Math.min(points.length - 1, Math.floor((t - first) / size))];
    point.count++;
    if (typeof entry.sentiment === 'number') {
      point.sentimentSum += entry.sentiment;
      point.sentimentCount++;
    }
  }
  return { size, points };
}

/** The chart as an SVG element with a text alternative, and a one-line summary for the caption. */
export function chart(entries, locale) {
  const { size, points } = buckets(entries);
  const period = size === DAY ? 'day' : Math.round(size / DAY) + ' days';
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const rated = points.filter(p => p.sentimentCount > 0);
  const average = rated.length === 0 ? null
    : rated.reduce((s, p) => s + p.sentimentSum, 0) / rated.reduce((s, p) => s + p.sentimentCount, 0);
  const summary = points.length === 0 ? 'No interactions to chart yet.'
    : entries.length + ' interactions shown, from ' + dates.format(points[0].start) + ' to '
      + dates.format(points[points.length - 1].start) + ', per ' + period
      + (average === null ? '' : '; average sentiment ' + average.toFixed(2) + ' (−1 to +1)') + '.';
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Interactions and sentiment over time. ' + summary });
  const title = svg('title', {});
  title.textContent = summary;
  root.append(title);
  if (points.length === 0) return { element: root, summary };

  const maxCount = Math.max(...points.map(p => p.count));
  const step = (WIDTH - 2 * PAD) / points.length;
  const inner = HEIGHT - 2 * PAD;
  const y = s => PAD + (1 - (s + 1) / 2) * inner;
  root.append(svg('line', { class: 'zero', x1: PAD, x2: WIDTH - PAD, y1: y(0), y2: y(0) }));
  points.forEach((p, i) => {
    const h = maxCount === 0 ? 0 : (p.count / maxCount) * inner;
    root.append(svg('rect', { class: 'bar-rect', x: PAD + i * step + step * 0.15, width: Math.max(1, step * 0.7),
      y: HEIGHT - PAD - h, height: h }));
  });
  const line = rated.map(p => {
    const i = points.indexOf(p);
    return [PAD + i * step + step / 2, y(p.sentimentSum / p.sentimentCount)];
  });
  if (line.length > 1) {
    root.append(svg('path', { class: 'line', d: line.map(([x, v], i) => (i ? 'L' : 'M') + x.toFixed(1) + ' ' + v.toFixed(1)).join(' ') }));
  }
  for (const [x, v] of line) root.append(svg('circle', { class: 'dot', cx: x.toFixed(1), cy: v.toFixed(1), r: 2.5 }));
  return { element: root, summary };
}
