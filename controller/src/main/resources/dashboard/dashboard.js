// Cutover's dashboard: the API and the event stream, with the user's token (docs/dashboard.md).
// No build step, no library: plain DOM. Every text from the API goes in as text, never as HTML.
'use strict';

const Cutover = (() => {
  const TOKEN_KEY = 'cutover.token';
  const main = () => document.getElementById('main');
  let session = null;
  let view = null;          // the view on screen: {render(), onEvent(event)}
  let stream = null;        // the event stream's AbortController
  let lastEventId = null;   // the last event the stream delivered
  let refreshTimer = null;
  let loginMessage = null;  // why the session ended, for the login page
  let viewSeq = 0;          // counts the views made: a render of an older one draws nothing

  /** An element: h('td', {class: 'x'}, 'text', child). Strings become text nodes. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  /** Calls the API with the token; a 401 ends the session and shows the login page. */
  async function api(method, path, body, contentType) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: Object.assign({Accept: 'application/json'}, token() ? {Authorization: 'Bearer ' + token()} : {},
          body !== undefined ? {'Content-Type': contentType || 'application/json'} : {}),
        body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
      });
    } catch (e) {
      unreachable();
      throw new ApiError(0, 'the controller cannot be reached');
    }
    reachable();
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
    if (res.status === 401) {
      logout('Your token was refused (' + (json && json.message || 'unauthorized') + '). Log in again.');
      throw new ApiError(401, json && json.message || 'unauthorized');
    }
    if (!res.ok) {
      throw new ApiError(res.status, json && json.message ? json.message : text || res.statusText);
    }
    return json;
  }

  function unreachable() {
    const banner = document.getElementById('banner');
    banner.textContent = 'The controller cannot be reached. Retrying…';
    banner.hidden = false;
  }

  function reachable() { document.getElementById('banner').hidden = true; }

  function canChange() { return session && (session.role === 'deployer' || session.role === 'admin'); }

  async function login(value) {
    sessionStorage.setItem(TOKEN_KEY, value.trim());
    session = await api('GET', '/v1/session');
    loginMessage = null;
    showSession();
    startStream();
  }

  function logout(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    session = null;
    if (stream) stream.abort();
    stream = null;
    showSession();
    loginMessage = message;
    viewSeq++; // a render still under way for the old session draws nothing over the login page
    if (view && view.dispose) view.dispose();
    view = null;
    location.hash = '#/login';
    Views.login(message);
  }

  function showSession() {
    document.getElementById('nav').hidden = !session;
    document.getElementById('logout').hidden = !session;
    document.getElementById('who').textContent = session
      ? (session.name || 'no token needed') + ' · ' + session.role : '';
  }

  /** Reads the event stream over fetch (an EventSource cannot send the token), resuming after lastEventId. */
  async function startStream() {
    if (stream) stream.abort();
    const controller = new AbortController();
    stream = controller;
    let wait = 1000;
    while (stream === controller && token()) {
      try {
        const headers = {Authorization: 'Bearer ' + token(), Accept: 'text/event-stream'};
        if (lastEventId === null) lastEventId = await latestEventId();
        headers['Last-Event-ID'] = String(lastEventId);
        const res = await fetch('/v1/events/stream', {headers, signal: controller.signal});
        if (res.status === 401) { logout('Your token was refused. Log in again.'); return; }
        if (!res.ok || !res.body) throw new Error('stream answered ' + res.status);
        const wasDown = !document.getElementById('banner').hidden;
        reachable();
        if (wasDown) refreshSoon(); // what the page shows may have changed while it could not hear
        wait = 1000;
        await readEvents(res.body, controller);
      } catch (e) {
        if (controller.signal.aborted) return;
        unreachable();
      }
      await new Promise(resolve => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 5000);
    }
  }

  /** A GET with the token, answered as it came (a 401 ends the session as for {@link api}). */
  async function raw(path) {
    let res;
    try {
      res = await fetch(path, {headers: {Authorization: 'Bearer ' + token()}});
    } catch (e) {
      unreachable();
      throw new ApiError(0, 'the controller cannot be reached');
    }
    reachable();
    if (res.status === 401) {
      logout('Your token was refused (unknown, revoked or expired). Log in again.');
      throw new ApiError(401, 'unauthorized');
    }
    return res;
  }

  /** The newest event's id, from the header every event list carries. */
  async function latestEventId() {
    const res = await raw('/v1/events?limit=1');
    return Number(res.headers.get('Cutover-Last-Event-ID') || 0);
  }

  async function readEvents(body, controller) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done || controller.signal.aborted) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let id = null, data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('id:')) id = line.slice(3).trim();
          else if (line.startsWith('data:')) data += line.slice(5).replace(/^ /, '');
        }
        if (id === null || !data) continue;
        lastEventId = Number(id);
        const event = JSON.parse(data);
        if (view && view.onEvent) view.onEvent(event);
      }
    }
  }

  /** Renders the current view again soon: many events in a burst make one refresh. */
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => { if (view) view.render().catch(show); }, 250);
  }

  function show(error) {
    if (error && error.status === 401) return;
    const m = main();
    m.prepend(h('div', {class: 'answer error', role: 'alert'}, error.message || String(error)));
  }

  async function route() {
    if (!token()) { Views.login(loginMessage); return; }
    if (!session) {
      try { session = await api('GET', '/v1/session'); } catch (e) { if (e.status !== 401) Views.login(e.message); return; }
      showSession();
      startStream();
    }
    const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/apps';
    const app = hash.match(/^\/apps\/([^/]+)$/);
    const logs = hash.match(/^\/apps\/([^/]+)\/logs\/([^/]+)$/);
    if (view && view.dispose) view.dispose();
    viewSeq++;
    view = app ? Views.app(app[1]) : logs ? Views.logs(logs[1], logs[2])
      : hash === '/events' ? Views.events() : hash === '/routers' ? Views.routers() : Views.apps();
    try { await view.render(); } catch (e) { show(e); }
    main().focus();
  }

  /** Asks before an action, naming what will happen; then shows the API's answer or error in {@code where}. */
  function confirmThen(text, action, where) {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-text').textContent = text;
    dialog.returnValue = '';
    dialog.onclose = async () => {
      if (dialog.returnValue !== 'ok') return;
      where.replaceChildren(h('div', {class: 'answer'}, 'Sending…'));
      try {
        const answer = await action();
        where.replaceChildren(h('div', {class: 'answer ok', role: 'status'}, 'Done: ' + describe(answer)));
        refreshSoon();
      } catch (e) {
        where.replaceChildren(h('div', {class: 'answer error', role: 'alert'}, 'Refused (' + e.status + '): ' + e.message));
      }
    };
    dialog.showModal();
    document.getElementById('confirm-ok').focus();
  }

  function describe(answer) {
    if (!answer) return 'accepted';
    if (answer.message) return answer.message;
    if (answer.deployment !== undefined) return 'deployment ' + answer.deployment;
    if (answer.status) return answer.status;
    return 'accepted';
  }

  window.addEventListener('hashchange', route);
  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('logout').addEventListener('click', () => logout('Logged out.'));
    route();
  });

  return {h, api, login, logout, canChange, confirmThen, refreshSoon, main, session: () => session,
    raw, latestEventId, lastEventId: () => lastEventId, viewSeq: () => viewSeq};
})();
