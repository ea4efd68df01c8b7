// The dashboard's pages (docs/dashboard.md). Each view renders from the API and renders again, soon,
// when an event concerns it.
'use strict';

const Views = (() => {
  const {h, api, confirmThen, refreshSoon, canChange} = Cutover;
  const MAX_EVENTS = 500;

  function page(title, ...children) {
    document.title = title + ' · Cutover';
    Cutover.main().replaceChildren(h('h1', {}, title), ...children);
  }

  /**
   * The screen of the view being made: {@code show} draws it only while it is still the one on screen (a
   * render that finishes after the user went elsewhere draws nothing).
   */
  function screen() {
    const id = Cutover.viewSeq();
    const current = () => Cutover.viewSeq() === id;
    return {current, show: (title, ...children) => { if (current()) page(title, ...children); }};
  }

  function age(iso) {
    if (!iso) return '';
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    return s < 90 ? Math.round(s) + ' s' : s < 5400 ? Math.round(s / 60) + ' min' : s < 129600 ? Math.round(s / 3600) + ' h'
      : Math.round(s / 86400) + ' d';
  }

  function table(headers, rows, attrs) {
    return h('div', {class: 'scroll'}, h('table', attrs || {},
      h('thead', {}, h('tr', {}, headers.map(x => h('th', {scope: 'col'}, x)))), h('tbody', {}, rows)));
  }

  function login(message) {
    document.title = 'Log in · Cutover';
    const input = h('input', {id: 'token', type: 'password', autocomplete: 'off', required: true, 'aria-label': 'API token'});
    const answer = h('div', {});
    const form = h('form', {class: 'login', onsubmit: async e => {
      e.preventDefault();
      try { await Cutover.login(input.value); location.hash = '#/apps'; if (location.hash === '#/apps') window.dispatchEvent(new HashChangeEvent('hashchange')); }
      catch (err) { answer.replaceChildren(h('div', {class: 'answer error', role: 'alert'}, err.message)); }
    }}, h('label', {for: 'token'}, 'API token (cutover token create, or the server\'s admin.token)'), input,
    h('button', {type: 'submit', id: 'login'}, 'Log in'), answer);
    Cutover.main().replaceChildren(h('h1', {}, 'Log in'),
      message ? h('div', {class: 'answer', role: 'status', id: 'login-message'}, message) : '', form,
      h('p', {class: 'muted'}, 'The token stays in this tab\'s session storage and goes only to this controller.'));
    input.focus();
  }

  function progress(d) {
    if (!d) return '';
    const value = d.canary ? d.canary.step : d.step, max = d.canary ? d.canary.steps : d.steps;
    return h('span', {}, h('progress', {value: value || 0, max: max || 1}), ' ', d.strategy, ' ', (value || 0) + '/' + (max || 0),
      d.canary ? ' · ' + d.canary.weight + '%' : '', ' ', h('span', {class: d.reason}, d.reason));
  }

  function apps() {
    const {show, current} = screen();
    const filter = h('input', {type: 'search', id: 'filter', placeholder: 'Filter by name', 'aria-label': 'Filter by name',
      oninput: () => draw()});
    const status = h('select', {id: 'status-filter', 'aria-label': 'Filter by status', onchange: () => draw()},
      ['', 'RUNNING', 'DEPLOYING', 'DEGRADED', 'DELETING'].map(s => h('option', {value: s}, s || 'any status')));
    let data = [], active = {}, failures = {};
    function draw() {
      if (!current()) return;
      const rows = data.filter(a => a.name.includes(filter.value.trim()) && (!status.value || a.status === status.value)).map(a =>
        h('tr', {'data-app': a.name},
          h('td', {}, h('a', {href: '#/apps/' + encodeURIComponent(a.name)}, a.name)),
          h('td', {class: 'status-' + a.status}, a.status),
          h('td', {}, a.revision),
          h('td', {class: 'routable'}, a.instances.routable + '/' + a.instances.desired),
          h('td', {}, progress(active[a.name])),
          h('td', {class: 'wide failed'}, failures[a.name] || '')));
      const body = Cutover.main().querySelector('tbody');
      if (body) body.replaceChildren(...rows);
    }
    async function render() {
      const [list, deployments] = await Promise.all([api('GET', '/v1/apps'), api('GET', '/v1/deployments')]);
      data = list;
      active = {}; failures = {};
      for (const d of deployments) { // newest first
        if (d.status === 'ACTIVE' && !active[d.app]) active[d.app] = d;
        if (failures[d.app] === undefined) failures[d.app] = d.reason === 'FAILED' ? d.failure || d.message : '';
      }
      if (current() && !Cutover.main().querySelector('#apps')) {
        show('Apps', h('div', {class: 'filters'}, filter, status),
          table(['App', 'Status', 'Revision', 'Routable', 'Deployment', 'Last failure'], [], {id: 'apps'}));
      }
      draw();
    }
    return {render, onEvent: refreshSoon};
  }

  function app(name) {
    const {show, current} = screen();
    const answer = h('div', {id: 'answer', 'aria-live': 'polite'});
    const traffic = Charts.live(name);
    traffic.start();
    const authors = new Map(); // revision → the token that created it, from the app's revision_created events
    let authorsAfter = 0;
    async function readAuthors() {
      for (;;) { // only the events since the last read: the first render reads the app's history once
        const page = await api('GET', '/v1/events?limit=1000&app=' + encodeURIComponent(name) + '&after=' + authorsAfter);
        page.filter(e => e.type === 'revision_created').forEach(e => authors.set(e.data.revision, e.data.by || 'the server'));
        if (page.length) authorsAfter = page[page.length - 1].id;
        if (page.length < 1000) return;
      }
    }
    async function render() {
      const base = '/v1/apps/' + encodeURIComponent(name);
      await readAuthors();
      const [a, instances, revisions, deployments, routes] = await Promise.all([api('GET', base), api('GET', base + '/instances'),
        api('GET', base + '/revisions'), api('GET', '/v1/deployments?limit=1&app=' + encodeURIComponent(name)), api('GET', '/v1/routes')]);
      const d = deployments[0]; // the newest: an app's active deployment is always its newest
      const kept = new Set(revisions.map(r => r.number));
      for (const number of [...authors.keys()]) if (!kept.has(number)) authors.delete(number); // pruned revisions
      show(name, h('p', {}, h('span', {class: 'status-' + a.status, id: 'app-status'}, a.status), ' · revision ', a.revision,
          ' · ', a.instances.routable + '/' + a.instances.desired, ' routable'),
        answer, appActions(a),
        d ? deployment(d) : '', traffic.element,
        h('h2', {}, 'Instances'), table(['Instance', 'Revision', 'State', 'Health', 'Ready', 'In flight', 'Address', 'Up', 'Log'],
          instances.map(i => h('tr', {}, h('td', {}, i.id), h('td', {}, i.revision), h('td', {}, i.state),
            h('td', {class: 'health-' + i.health}, i.health), h('td', {}, i.ready ? 'yes' : 'no'), h('td', {}, i.inFlight),
            h('td', {}, i.host + ':' + i.port), h('td', {}, age(i.startedAt)),
            h('td', {}, h('a', {href: '#/apps/' + encodeURIComponent(name) + '/logs/' + encodeURIComponent(i.id)}, 'log'))))),
        h('h2', {}, 'Routes'), table(['Host', 'Source', 'Maintenance', ''],
          routes.filter(r => r.app === name).map(r => h('tr', {}, h('td', {}, r.host), h('td', {}, r.source),
            h('td', {}, r.maintenance ? r.maintenance.status + ' ' + (r.maintenance.message || '') : 'off'),
            h('td', {}, maintenanceButton(r))))),
        planner(),
        h('h2', {}, 'Revisions'), table(['Revision', 'Hash', 'Age', 'By', 'Outcome', ''],
          revisions.slice().reverse().map(r => h('tr', {class: r.failed ? 'failed' : ''}, h('td', {}, r.number, r.current ? ' (current)' : ''),
            h('td', {}, r.hash), h('td', {}, age(r.createdAt)), h('td', {class: 'by'}, authors.get(r.number) || ''), h('td', {class: r.outcome || ''}, r.failed ? 'FAILED: ' + r.failed.reason : r.outcome || ''),
            h('td', {}, !r.current && canChange() ? h('button', {type: 'button', 'data-action': 'rollback-' + r.number,
              onclick: () => confirmThen('Roll ' + name + ' back to revision ' + r.number + ': a new deployment of its run part with the app\'s strategy.',
                () => api('POST', base + '/rollback', {to: r.number}), answer)}, 'Roll back here') : '')))));
    }
    /** Plan preview: the timeline a deployment of a pasted manifest would follow (POST …/plan changes nothing). */
    const planText = h('textarea', {id: 'plan-manifest', rows: 8, cols: 60, 'aria-label': 'Manifest to plan',
      placeholder: 'Paste a manifest (YAML or JSON) of this app'});
    const planOut = h('div', {id: 'plan'});
    const plannerBox = h('details', {class: 'card'}, h('summary', {}, 'Plan a manifest'), planText,
      h('div', {class: 'actions'}, h('button', {type: 'button', id: 'plan-run', onclick: async () => {
        try {
          const plan = await api('POST', '/v1/apps/' + encodeURIComponent(name) + '/plan', planText.value, 'application/yaml');
          planOut.replaceChildren(h('p', {}, plan.strategy + ': ' + (plan.newRevision ? 'a new revision, from revision '
            + plan.fromRevision : 'no new revision (instances, routes or strategy only)') + ', ' + plan.instances + ' instances'),
            planSteps(plan.steps || []));
        } catch (e) {
          planOut.replaceChildren(h('div', {class: 'answer error', role: 'alert'}, 'Refused (' + e.status + '): ' + e.message));
        }
      }}, 'Plan')), planOut);
    function planner() {
      return plannerBox; // the same element each render: what was pasted, planned and opened stays
    }

    /** A plan's steps as a table, a column for each field a step has (a canary's steps have weights). */
    function planSteps(steps) {
      const keys = [...new Set(steps.flatMap(st => Object.keys(st)))];
      return h('div', {id: 'plan-steps'}, table(keys, steps.map(st => h('tr', {}, keys.map(k => h('td', {},
        st[k] === undefined || st[k] === null ? '' : typeof st[k] === 'object' ? JSON.stringify(st[k]) : st[k]))))));
    }

    const count = h('input', {type: 'number', min: 0, max: 1000, id: 'scale-count', 'aria-label': 'Instances'});
    function appActions(a) {
      if (!canChange()) return '';
      if (document.activeElement !== count) count.value = a.instances.desired; // never under the user's typing
      return h('div', {class: 'actions'}, count, h('button', {type: 'button', id: 'scale', onclick: () => confirmThen(
        'Scale ' + name + ' from ' + a.instances.desired + ' to ' + count.value + ' instances.',
        () => api('POST', '/v1/apps/' + encodeURIComponent(name) + '/scale', {instances: Number(count.value)}), answer)}, 'Scale'));
    }
    function maintenanceButton(r) {
      if (!canChange()) return '';
      const path = '/v1/routes/' + encodeURIComponent(r.host) + '/maintenance?wait=true';
      if (r.maintenance) {
        return h('button', {type: 'button', onclick: () => confirmThen('End maintenance on ' + r.host + ': requests reach ' + name + ' again.',
          () => api('DELETE', path), answer)}, 'End maintenance');
      }
      const message = h('input', {type: 'text', placeholder: 'Message', 'aria-label': 'Maintenance message for ' + r.host});
      return h('span', {}, message, ' ', h('button', {type: 'button', onclick: () => confirmThen('Put ' + r.host
        + ' in maintenance: every router answers every request on it with 503' + (message.value ? ' and "' + message.value + '"' : '') + '.',
        () => api('PUT', path, message.value ? {message: message.value} : {}), answer)}, 'Maintenance on'));
    }
    function deployment(d) {
      const ctl = (word, what, path) => h('button', {type: 'button', 'data-action': word, onclick: () => confirmThen(what,
        () => api('POST', '/v1/deployments/' + d.id + '/' + path), answer)}, word);
      const acts = d.status !== 'ACTIVE' || !canChange() ? [] : (d.canary || d.blueGreen || {}).actions || ['pause', 'cancel'];
      const buttons = acts.map(word => word === 'continue' ? ctl('continue', 'Continue deployment ' + d.id + ': the canary takes its next step.', 'continue')
        : word === 'promote --full' ? ctl('promote --full', 'Promote deployment ' + d.id + ' fully: every step left is skipped, all traffic goes to revision ' + d.toRevision + '.', 'promote?full=true')
        : word === 'promote' ? ctl('promote', d.blueGreen ? 'Switch every router to green (revision ' + d.toRevision + ').' : 'Promote deployment ' + d.id + ': the next step.', 'promote')
        : word === 'pause' ? ctl('pause', 'Pause deployment ' + d.id + ': it starts and stops nothing until resumed.', 'pause')
        : word === 'resume' ? ctl('resume', 'Resume deployment ' + d.id + '.', 'resume')
        : word === 'cancel' ? ctl('cancel', 'Cancel deployment ' + d.id + ': roll back to revision ' + d.fromRevision + '.', 'cancel') : '');
      if (d.status === 'ACTIVE' && canChange() && d.canary && d.canary.held && !acts.includes('resume')) buttons.push(ctl('resume', 'Resume deployment ' + d.id + '.', 'resume'));
      return h('section', {class: 'card', id: 'deployment', 'data-id': d.id},
        h('h2', {}, 'Deployment ' + d.id + ' · ' + d.strategy + ' · ' + d.fromRevision + ' → ' + d.toRevision),
        h('p', {}, h('span', {class: d.reason, id: 'deployment-reason'}, d.status + ' / ' + d.reason), ' · ', d.message || ''),
        d.failure ? h('p', {class: 'failed'}, d.failure) : '',
        h('div', {class: 'actions'}, buttons), timeline(d));
    }
    function timeline(d) {
      if (d.canary) {
        const c = d.canary;
        return h('div', {}, h('p', {}, 'Step ', h('span', {id: 'canary-step'}, c.step), ' of ', c.steps, ' · canary weight ',
            h('span', {id: 'canary-weight'}, c.weight), '%', c.pauseEndsAt ? ' · pause ends ' + new Date(c.pauseEndsAt).toLocaleTimeString() : ''),
          h('h2', {}, 'Analysis'), table(['Step', 'Verdict', 'Numbers', 'When'], (c.analysis || []).map(v =>
            h('tr', {class: 'analysis'}, h('td', {}, v.step + (v.background ? ' (background)' : '')),
              h('td', {class: 'verdict verdict-' + v.verdict}, v.verdict), h('td', {}, v.reason), h('td', {}, age(v.at) + ' ago')))));
      }
      if (d.blueGreen) {
        const b = d.blueGreen, phases = ['DEPLOYING', 'DUAL_RUNNING', 'SWITCHING', 'TEARDOWN', 'DONE'];
        const at = phases.indexOf(b.phase);
        return h('div', {}, h('ol', {class: 'timeline'}, phases.map((p, i) => h('li', {class: i < at ? 'done' : i === at ? 'current' : ''}, p))),
          h('p', {}, 'serving ', b.serving, b.preview ? ' · preview at ' + b.preview : ''),
          table(['Stage', 'Verdict', 'Numbers'], (b.analysis || []).map(v => h('tr', {}, h('td', {}, v.stage),
            h('td', {class: 'verdict-' + v.verdict}, v.verdict), h('td', {}, v.reason)))));
      }
      return h('p', {}, h('progress', {value: d.step || 0, max: d.steps || 1}), ' ', (d.step || 0) + ' of ' + (d.steps || 0) + ' new instances ready');
    }
    return {render, onEvent: e => { if (!e.app || e.app === name) refreshSoon(); }, dispose: () => traffic.stop()};
  }

  function events() {
    const {show, current} = screen();
    const FROM_KEY = 'cutover.events.from';
    const type = h('input', {type: 'search', id: 'event-type', placeholder: 'Type contains', 'aria-label': 'Event type filter', oninput: () => filter()});
    const appFilter = h('input', {type: 'search', id: 'event-app', placeholder: 'App', 'aria-label': 'App filter', oninput: () => filter()});
    const body = h('tbody', {id: 'events'});
    let shown = null, loading = null;
    function filter() {
      for (const row of body.children) {
        row.hidden = !row.dataset.type.includes(type.value.trim()) || (appFilter.value.trim() && row.dataset.app !== appFilter.value.trim());
      }
    }
    function add(e) {
      const row = h('tr', {'data-id': e.id, 'data-type': e.type, 'data-app': e.app || ''}, h('td', {}, e.id),
        h('td', {}, new Date(e.time).toLocaleTimeString()), h('td', {}, e.type), h('td', {}, e.app || ''),
        h('td', {class: 'wide'}, JSON.stringify(e.data)));
      body.append(row);
      while (body.children.length > MAX_EVENTS) body.firstElementChild.remove();
    }
    /** What came after the last row shown, from the log: a reload resumes where the page started, nothing twice. */
    async function more() {
      if (loading) return loading;
      loading = (async () => {
        for (;;) {
          const page = await api('GET', '/v1/events?limit=500&after=' + shown);
          page.forEach(e => { add(e); shown = e.id; });
          if (page.length < 500) break;
        }
        filter();
      })().finally(() => { loading = null; });
      return loading;
    }
    async function render() {
      let from = sessionStorage.getItem(FROM_KEY);
      if (from === null) {
        from = String(Math.max(0, await Cutover.latestEventId() - 50));
        sessionStorage.setItem(FROM_KEY, from);
      }
      shown = Number(from);
      body.replaceChildren();
      show('Events', h('div', {class: 'filters'}, type, appFilter),
        table(['Id', 'Time', 'Type', 'App', 'Data'], [body]));
      await more();
    }
    return {render, onEvent: () => { if (shown !== null) more().catch(() => {}); }};
  }

  function routers() {
    const {show, current} = screen();
    async function render() {
      const list = await api('GET', '/v1/routers');
      const keys = [...new Set(list.flatMap(r => Object.keys(r).filter(k => r[k] === null || typeof r[k] !== 'object')))];
      show('Routers', table(keys, list.map(r => h('tr', {}, keys.map(k => h('td', {}, r[k] === null || r[k] === undefined ? '' : String(r[k])))))));
    }
    return {render, onEvent: e => { if (e.type.startsWith('route')) refreshSoon(); }};
  }

  /** An instance's log: its last 500 lines, then every line it adds, as it adds them (follow=true). */
  function logs(name, instance) {
    const {show, current} = screen();
    const MAX_LINES = 2000;
    const pre = h('pre', {class: 'log', id: 'log', tabindex: 0, 'aria-label': 'Log of ' + instance});
    const state = h('p', {class: 'muted', id: 'log-state'}, 'connecting…');
    const reading = new AbortController();
    let lines = [];
    function append(more) {
      const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      lines = lines.concat(more);
      if (lines.length > MAX_LINES) lines = lines.slice(lines.length - MAX_LINES);
      pre.textContent = lines.join('\n');
      if (atEnd) pre.scrollTop = pre.scrollHeight; // follows unless the reader scrolled up
    }
    async function follow() {
      const res = await fetch('/v1/apps/' + encodeURIComponent(name) + '/logs?tail=500&follow=true&instance=' + encodeURIComponent(instance),
        {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('cutover.token')}, signal: reading.signal});
      if (res.status === 401) {
        Cutover.logout('Your token was refused (unknown, revoked or expired). Log in again.');
        return;
      }
      if (!res.ok || !res.body) {
        state.textContent = 'the log cannot be read (' + res.status + ')';
        return;
      }
      state.textContent = 'following';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let partial = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        const parts = (partial + value).split('\n');
        partial = parts.pop();
        if (parts.length) append(parts);
      }
      state.textContent = 'the log ended (the instance stopped, or the controller went away)';
    }
    async function render() {
      show('Log of ' + instance, h('p', {}, h('a', {href: '#/apps/' + encodeURIComponent(name)}, '← ' + name)), state, pre);
      if (!current()) return;
      follow().catch(e => { if (!reading.signal.aborted) state.textContent = 'the log cannot be read: ' + e.message; });
    }
    return {render, dispose: () => reading.abort()};
  }

  return {login, apps, app, events, routers, logs};
})();
