// The app page's live chart: requests/s, error rate and p99 latency per revision, from readings of
// GET /v1/apps/NAME/traffic every 5 s (each reading minus the one before is a window). uPlot draws; the
// last 10 minutes are kept, so a page left open keeps a flat memory.
'use strict';

const Charts = (() => {
  const {h, api} = Cutover;
  const EVERY_MS = 5000;
  const KEEP = 120;
  const COLOURS = ['#0b5cad', '#c2410c', '#15803d', '#7e22ce', '#a16207'];

  /** The middle of the bucket holding the 99th percentile of a window's latency, in ms; null without requests. */
  function p99(buckets) {
    const entries = Object.entries(buckets).map(([mid, n]) => [Number(mid), n]).sort((a, b) => a[0] - b[0]);
    const total = entries.reduce((sum, e) => sum + e[1], 0);
    if (!total) return null;
    let seen = 0;
    for (const [mid, n] of entries) {
      seen += n;
      if (seen >= 0.99 * total) return mid / 1000;
    }
    return entries[entries.length - 1][0] / 1000;
  }

  function since(now, before) {
    const out = {};
    for (const [mid, n] of Object.entries(now)) {
      const d = n - ((before || {})[mid] || 0);
      if (d > 0) out[mid] = d;
    }
    return out;
  }

  /** A chart of one app's traffic, drawn into its own element, sampling until stopped. */
  function live(app) {
    const body = h('tbody', {});
    const plotsBox = h('div', {class: 'charts'});
    const element = h('section', {class: 'card', id: 'traffic'}, h('h2', {}, 'Traffic per revision (last 10 minutes)'), plotsBox,
      h('div', {class: 'scroll'}, h('table', {}, h('thead', {}, h('tr', {}, ['Revision', 'Requests/s', 'Errors', 'p99'].map(x =>
        h('th', {scope: 'col'}, x)))), body)));
    const times = [];
    const rows = new Map(); // revision → {rps: [], err: [], p99: []}, aligned with times
    let previous = null, timer = null, plots = [], drawnFor = '';

    async function sample() {
      let reading;
      try {
        reading = await api('GET', '/v1/apps/' + encodeURIComponent(app) + '/traffic');
      } catch (e) {
        return; // the banner or the login page says why
      }
      const at = Date.parse(reading.at) / 1000;
      const before = previous;
      previous = reading;
      if (!before) return;
      const seconds = Math.max(0.001, at - Date.parse(before.at) / 1000);
      times.push(at);
      for (const revision of [...rows.keys()]) {
        // a revision that no longer runs and is not current leaves the chart: a page left open for
        // hours of deployments keeps only what runs now
        if (!reading.revisions.some(r => r.revision === revision)) rows.delete(revision);
      }
      for (const r of reading.revisions) {
        if (!rows.has(r.revision)) rows.set(r.revision, {rps: times.slice(1).map(() => null), err: times.slice(1).map(() => null),
          p99: times.slice(1).map(() => null)});
      }
      for (const [revision, row] of rows) {
        const now = reading.revisions.find(r => r.revision === revision);
        const then = before.revisions.find(r => r.revision === revision);
        const requests = now && then ? Math.max(0, now.requests - then.requests) : null;
        const errors = now && then ? Math.max(0, now.errors - then.errors) : null;
        row.rps.push(requests === null ? null : requests / seconds);
        row.err.push(requests ? 100 * errors / requests : requests === 0 ? 0 : null);
        row.p99.push(now && then ? p99(since(now.latencyMicros, then.latencyMicros)) : null);
      }
      if (times.length > KEEP) {
        times.shift();
        for (const row of rows.values()) { row.rps.shift(); row.err.shift(); row.p99.shift(); }
      }
      draw();
    }

    function draw() {
      const revisions = [...rows.keys()].sort((a, b) => a - b);
      body.replaceChildren(...revisions.map(revision => {
        const row = rows.get(revision), last = row.rps.length - 1;
        const fmt = (v, digits, unit) => v === null || v === undefined ? '–' : v.toFixed(digits) + unit;
        return h('tr', {'data-revision': revision}, h('td', {}, revision), h('td', {class: 'rps'}, fmt(row.rps[last], 1, '')),
          h('td', {class: 'errors'}, fmt(row.err[last], 2, ' %')), h('td', {class: 'p99'}, fmt(row.p99[last], 1, ' ms')));
      }));
      if (typeof uPlot === 'undefined' || !times.length) return;
      const key = revisions.join(',');
      const metrics = [['requests/s', 'rps'], ['error rate %', 'err'], ['p99 ms', 'p99']];
      if (key !== drawnFor) { // a revision came or went: new series
        plots.forEach(p => p.destroy());
        plotsBox.replaceChildren();
        const width = Math.max(240, Math.floor((element.clientWidth || 900) / 3) - 24);
        plots = metrics.map(([label, field]) => {
          const holder = h('div', {class: 'chart', 'aria-label': label + ' per revision'});
          plotsBox.append(holder);
          return new uPlot({width, height: 160, title: label, legend: {show: true},
            scales: {x: {time: true}}, axes: [{}, {size: 50}],
            series: [{}, ...revisions.map((r, i) => ({label: 'rev ' + r, stroke: COLOURS[i % COLOURS.length], spanGaps: false}))]},
          [times, ...revisions.map(r => rows.get(r)[field])], holder);
        });
        drawnFor = key;
      } else {
        plots.forEach((plot, i) => plot.setData([times, ...revisions.map(r => rows.get(r)[metrics[i][1]])]));
      }
    }

    return {
      element,
      start() { if (!timer) { sample(); timer = setInterval(sample, EVERY_MS); } },
      stop() { clearInterval(timer); timer = null; plots.forEach(p => p.destroy()); plots = []; drawnFor = ''; },
    };
  }

  return {live, p99};
})();
