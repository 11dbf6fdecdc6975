// jsalt dashboard: one file, no framework, no build step. It calls the master's JSON API (docs/api.md) with the
// session cookie the login set; every change carries the session's CSRF token. Text from the master is only ever put
// into the page as text (textContent), never as HTML.
'use strict';

const session = { csrf: null };
/** What the page on screen keeps running (streams, timers); all stopped when another page opens. */
let running = [];

// ---------- small helpers ----------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

function say(message) {
  const s = document.getElementById('status');
  s.textContent = message;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { s.textContent = ''; }, 6000);
}

function when(iso) {
  if (!iso) return '';
  const d = typeof iso === 'number' ? new Date(iso) : new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString();
}

function badge(text, kind) { return el('span', { class: 'badge ' + kind, text }); }

/** A table that turns into labelled cards on a phone (see app.css). */
function table(caption, headers, rows) {
  return el('table', { class: 'cards' },
    el('caption', { class: 'muted', text: caption }),
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map((c, i) =>
      el('td', { 'data-label': headers[i] }, c))))));
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(method, path, body) {
  const headers = {};
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = session.csrf;
  }
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) { location.assign('/ui/login'); throw new ApiError(401, 'logged out'); }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.error || res.statusText);
  return data;
}

/**
 * Follows an NDJSON stream, calling onLine with each document, until it ends (true) or the page changes (false: the
 * page's leaving aborts it, which is no error).
 */
async function follow(path, onLine) {
  const stop = new AbortController();
  running.push(() => stop.abort());
  try {
    const res = await fetch(path, { credentials: 'same-origin', signal: stop.signal });
    if (res.status === 401) { location.assign('/ui/login'); return false; }
    if (!res.ok) {
      const data = await res.json().catch(() => ({}));
      throw new ApiError(res.status, data.error || res.statusText);
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      buffered += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) onLine(JSON.parse(line));
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') return false;
    throw e;
  }
}

function every(ms, fn) {
  let busy = false;
  const t = setInterval(async () => {
    if (busy) return;
    busy = true;
    try { await fn(); } catch (e) { showError(e); } finally { busy = false; }
  }, ms);
  running.push(() => clearInterval(t));
}

/**
 * Replaces what a container shows, keeping the keyboard focus and the opened details where they were (matched by
 * data-key): pages refresh themselves, and a refresh must not throw a keyboard or screen-reader user back to the top.
 */
function redraw(container, ...children) {
  const active = document.activeElement;
  const focusKey = active && container.contains(active) ? active.dataset.key : undefined;
  const open = new Set([...container.querySelectorAll('details[open][data-key]')].map(d => d.dataset.key));
  container.replaceChildren(...children.flat(Infinity));
  container.querySelectorAll('details[data-key]').forEach(d => { if (open.has(d.dataset.key)) d.open = true; });
  if (focusKey) {
    const again = container.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    if (again) again.focus();
  }
}

function showError(e) {
  if (e && e.status === 401) return;
  say('Error: ' + (e && e.message ? e.message : e));
}

function ask(question, okLabel, destructive) {
  const dialog = document.getElementById('confirm');
  const ok = document.getElementById('confirm-ok');
  document.getElementById('confirm-text').textContent = question;
  ok.textContent = okLabel;
  ok.className = destructive ? 'danger' : '';
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

// ---------- results in the highstate layout ----------

function diffBlock(text) {
  return el('pre', { class: 'diff', 'aria-label': 'diff' }, String(text).split('\n').map(line => {
    const kind = line.startsWith('+++') || line.startsWith('---') ? 'file'
      : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
    return el('span', { class: kind }, line);
  }));
}

const OUTCOME_TEXT = {
  CHANGED: ['True (changed)', 'ok'], UNCHANGED: ['True', 'ok'], WOULD_CHANGE: ['None (would change)', 'warn'],
  FAILED: ['False', 'bad'], SKIPPED: ['False (not run)', 'warn'],
};

function stateBlock(r) {
  const [resultText, kind] = OUTCOME_TEXT[r.outcome] || [String(r.outcome), ''];
  if (r.outcome === 'UNCHANGED') {
    return el('div', { class: 'state terse' }, badge('ok', 'ok'), ' ', r.function + ' ' + r.name + '  ', r.comment || '');
  }
  const changes = Object.assign({}, r.changes || {});
  const diff = changes.diff;
  delete changes.diff;
  const dl = el('dl', { class: 'facts' },
    el('dt', { text: 'ID' }), el('dd', { text: r.id }),
    el('dt', { text: 'Function' }), el('dd', { text: r.function }),
    el('dt', { text: 'Name' }), el('dd', { text: r.name }),
    el('dt', { text: 'Result' }), el('dd', {}, badge(resultText, kind)),
    el('dt', { text: 'Comment' }), el('dd', { text: r.comment || '' }),
    el('dt', { text: 'Duration' }), el('dd', { text: (r.durationMillis || 0).toFixed(1) + ' ms' }));
  if (diff !== undefined || Object.keys(changes).length) {
    dl.append(el('dt', { text: 'Changes' }), el('dd', {},
      diff !== undefined ? diffBlock(diff) : null,
      Object.keys(changes).length ? el('pre', { text: JSON.stringify(changes, null, 2) }) : null));
  }
  return el('div', { class: 'state' }, dl);
}

/** One minion's part of a job: its status, then its states (state.apply), steps (orchestrate) or return value. */
function minionResult(job, r, open) {
  const counts = { changed: 0, failed: 0, ok: 0 };
  let body;
  if (job.fun === 'state.apply' && Array.isArray(r.result)) {
    for (const s of r.result) {
      if (s.outcome === 'FAILED' || s.outcome === 'SKIPPED') counts.failed++;
      else counts.ok++;
      if (s.outcome === 'CHANGED' || s.outcome === 'WOULD_CHANGE') counts.changed++;
    }
    body = [r.result.map(stateBlock), el('p', { class: 'summary' },
      `Succeeded: ${counts.ok} (changed=${counts.changed}) · Failed: ${counts.failed} · Total states run: ${r.result.length}`)];
  } else if (job.fun === 'orchestrate' && r.result && Array.isArray(r.result.steps)) {
    body = orchestrationSteps(r.result);
  } else {
    body = el('pre', { text: typeof r.result === 'string' ? r.result : JSON.stringify(r.result, null, 2) });
  }
  const good = r.status === 'RETURNED' && counts.failed === 0;
  const summaryText = job.fun === 'state.apply' && Array.isArray(r.result)
    ? `${counts.changed} changed, ${counts.failed} failed` : (r.retcode === null || r.retcode === undefined ? '' : 'retcode ' + r.retcode);
  return el('details', { class: 'minion-result', open: open, 'data-minion': r.minion, 'data-key': 'result-' + r.minion },
    el('summary', { 'data-key': 'result-summary-' + r.minion }, r.minion + ' ', badge(r.status, good ? 'ok' : 'bad'), ' ', el('span', { class: 'muted', text: summaryText })),
    body);
}

/**
 * A running orchestration's steps, live: the run's events from its start, then as they come
 * (GET /v1/orchestrate/JID/events); when the run ends, its result's table (every step) takes their place.
 */
function followSteps(jid, box, onFinishedSteps) {
  const steps = new Map();
  const row = name => {
    if (!steps.has(name)) steps.set(name, { step: name, state: 'running', target: '', ok: 0, bad: 0 });
    return steps.get(name);
  };
  const drawSteps = () => redraw(box,
    table('Steps of this run so far (live)', ['Step', 'State', 'Target', 'Minions'], [...steps.values()].map(s => [
      s.step, badge(s.state, s.state === 'succeeded' ? 'ok' : s.state === 'failed' ? 'bad' : 'warn'), s.target,
      `${s.ok} ok` + (s.bad ? `, ${s.bad} failed` : '')])));
  follow('/v1/orchestrate/' + jid + '/events', d => {
    if (d.event === 'run_started') d.steps.forEach(name => { row(name).state = 'not started'; });
    if (d.event === 'step_started') Object.assign(row(d.step), { state: 'running', target: d.target });
    if (d.event === 'minion') { if (d.ok) row(d.step).ok++; else row(d.step).bad++; }
    if (d.event === 'waiting') row(d.step).state = `waiting (check ${d.attempt})`;
    if (d.event === 'step_finished') {
      row(d.step).state = d.outcome.result;
      onFinishedSteps([...steps.values()].filter(s => ['succeeded', 'failed', 'skipped'].includes(s.state)).length);
    }
    drawSteps();
  }).catch(e => { if (e.status !== 404) showError(e); }); // 404: a run the master no longer keeps; its result will do
  drawSteps();
}

function waiting(r) {
  return el('details', { class: 'minion-result', 'data-minion': r.minion, 'data-key': 'result-' + r.minion },
    el('summary', { 'data-key': 'result-summary-' + r.minion }, r.minion + ' ', badge('WAITING', 'warn')), el('p', { class: 'muted', text: 'No return yet.' }));
}

function orchestrationSteps(result) {
  return [
    el('p', {}, badge(result.success ? 'succeeded' : 'failed', result.success ? 'ok' : 'bad'), ' ', result.comment || ''),
    table('Steps of this orchestration run', ['Step', 'Outcome', 'Comment', 'Jobs'], result.steps.map(s => [
      s.step, badge(s.result, s.result === 'succeeded' ? 'ok' : s.result === 'failed' ? 'bad' : 'warn'),
      (s.minion ? s.minion + ': ' : '') + (s.comment || ''),
      el('span', {}, (s.jids || []).map(j => el('a', { href: '#/jobs/' + j, class: 'mono', text: j + ' ' })))])),
  ];
}

// ---------- pages ----------

async function fleetPage(main) {
  main.replaceChildren(el('h1', { text: 'Fleet' }), el('p', { class: 'muted', text: 'Loading minions…' }));
  let count = 0;
  const render = async () => {
    const minions = await api('GET', '/v1/minions');
    count = minions.length;
    const rows = minions.sort((a, b) => a.id.localeCompare(b.id)).map(m => [
      el('strong', { text: m.id }),
      m.connected ? badge('connected', 'ok') : badge('disconnected', 'bad'),
      lastApply(m),
      drift(m),
      el('span', { text: when(m.last_seen) }),
      grains(m.id, m.grains || {}),
    ]);
    const drifted = minions.filter(m => m.drift && m.drift.drifted).length;
    redraw(main, el('h1', { text: 'Fleet' }),
      el('p', { class: 'muted', id: 'fleet-count',
        text: `${minions.length} minion(s), ${minions.filter(m => m.connected).length} connected, ${drifted} drifted` }),
      table('Minions with accepted keys', ['Minion', 'Connection', 'Last apply', 'Drift', 'Last seen', 'Grains'], rows));
  };
  await render();
  // The list carries every minion's grains (about 4 MB per 1,000 minions): a large fleet is refreshed less often.
  every(count > 200 ? 30000 : 5000, render);
}

/** The minion's last real state run since the master started (the master keeps it: docs/api.md, last_apply). */
function lastApply(m) {
  const a = m.last_apply;
  if (!a) return el('span', { class: 'muted', text: 'none since the master started' });
  const outcome = !a.ok ? `${a.failed} failed` : a.changed ? `ok, ${a.changed} changed` : 'ok';
  return el('span', {}, el('a', { href: '#/jobs/' + a.jid, 'data-key': 'last-' + m.id, text: when(a.ended_at) }), ' ',
    badge(outcome, a.ok ? 'ok' : 'bad'));
}

/** The minion's last drift check (a test run of its whole highstate): what would change if it were applied now. */
function drift(m) {
  const d = m.drift;
  if (!d) return el('span', { class: 'muted', text: 'not checked' });
  const link = el('a', { href: '#/jobs/' + d.jid, 'data-key': 'drift-' + m.id, text: when(d.checked_at) });
  if (!d.drifted) return el('span', {}, link, ' ', badge('no drift', 'ok'));
  const what = `drifted: ${d.would_change} would change` + (d.failed ? `, ${d.failed} failed` : '');
  return el('span', {}, link, ' ', badge(what, 'warn'),
    d.states.length ? el('details', { 'data-key': 'drift-states-' + m.id },
      el('summary', { 'data-key': 'drift-summary-' + m.id, text: 'which' }), el('ul', {}, d.states.map(id => el('li', { class: 'mono', text: id }))))
      : null);
}

/** A summary line; the whole set only when opened (a thousand minions' grains would be a heavy page). */
function grains(id, g) {
  const brief = ['os', 'osrelease', 'role', 'kernel'].filter(k => g[k] !== undefined).map(k => `${k}=${g[k]}`).join(' ');
  const d = el('details', { 'data-key': 'grains-' + id }, el('summary', { 'data-key': 'grains-summary-' + id, text: brief || 'grains' }));
  d.addEventListener('toggle', () => {
    if (d.open && !d.querySelector('pre')) d.append(el('pre', { text: JSON.stringify(g, null, 2) }));
  });
  return d;
}

async function keysPage(main) {
  const render = async () => {
    const keys = await api('GET', '/v1/keys');
    const order = { pending: 0, accepted: 1, rejected: 2 };
    keys.sort((a, b) => (order[a.state] - order[b.state]) || a.id.localeCompare(b.id));
    const rows = keys.map(k => [
      el('strong', { text: k.id }),
      badge(k.state, k.state === 'accepted' ? 'ok' : k.state === 'pending' ? 'warn' : 'bad'),
      el('span', { class: 'fp mono', text: k.fingerprint }),
      k.state === 'accepted' ? (k.connected ? 'yes' : 'no') : '',
      el('div', { class: 'actions' },
        k.state !== 'accepted' ? keyButton('accept', k) : null,
        k.state !== 'rejected' ? keyButton('reject', k) : null,
        keyButton('delete', k)),
    ]);
    const pending = keys.filter(k => k.state === 'pending').length;
    redraw(main, el('h1', { text: 'Keys' }),
      el('p', { class: 'muted', text: `${keys.length} key(s), ${pending} pending` }),
      table('Minion keys', ['Minion', 'State', 'Fingerprint', 'Connected', 'Actions'], rows));
  };
  const keyButton = (action, k) => el('button', {
    type: 'button', class: action === 'accept' ? '' : action === 'delete' ? 'danger' : 'quiet',
    'data-action': action, 'data-minion': k.id, 'data-key': action + '-' + k.id, 'aria-label': `${action} the key of ${k.id}`,
    onclick: async () => {
      const verb = action[0].toUpperCase() + action.slice(1);
      if (!await ask(`${verb} the key of minion ${k.id}? Fingerprint ${k.fingerprint}.`, verb, action !== 'accept')) return;
      try {
        await api('POST', '/v1/keys/' + action, { ids: [k.id] });
        say(`${action === 'delete' ? 'Deleted' : verb + 'ed'} the key of ${k.id}`);
        await render();
      } catch (e) { showError(e); }
    },
  }, action);
  main.replaceChildren(el('h1', { text: 'Keys' }), el('p', { class: 'muted', text: 'Loading keys…' }));
  await render();
  every(5000, render);
}

async function jobsPage(main) {
  const target = el('input', { type: 'text', id: 'apply-target', name: 'target', required: true, value: '*', autocomplete: 'off' });
  const sls = el('input', { type: 'text', id: 'apply-sls', name: 'sls', placeholder: 'highstate', autocomplete: 'off' });
  const test = el('input', { type: 'checkbox', id: 'apply-test', name: 'test' });
  const start = el('form', {
    class: 'panel', 'aria-labelledby': 'apply-title',
    onsubmit: async ev => {
      ev.preventDefault();
      const button = start.querySelector('button');
      button.disabled = true;
      try {
        const list = sls.value.split(',').map(s => s.trim()).filter(Boolean);
        const r = await api('POST', '/v1/apply', { target: target.value.trim(), sls: list, test: test.checked, async: true, user: 'dashboard' });
        location.hash = '#/jobs/' + r.jid;
      } catch (e) { showError(e); button.disabled = false; }
    },
  }, el('h2', { id: 'apply-title', text: 'Start a state run' }),
  el('div', { class: 'row' },
    el('div', {}, el('label', { for: 'apply-target', text: 'Target' }), target),
    el('div', {}, el('label', { for: 'apply-sls', text: 'SLS (comma-separated; empty: highstate)' }), sls),
    el('label', { class: 'inline', for: 'apply-test' }, test, 'Test only (show what would change)'),
    el('button', { type: 'submit', id: 'apply-start', text: 'Start' })));

  const filter = el('input', { type: 'search', id: 'job-filter', placeholder: 'job id, target, minion, user', autocomplete: 'off' });
  const fun = el('select', { id: 'job-fun' }, el('option', { value: '', text: 'all functions' }));
  const list = el('div', {}, el('p', { class: 'muted', text: 'Loading jobs…' }));
  let jobs = [];
  const show = () => {
    const q = filter.value.trim().toLowerCase();
    const shown = jobs.filter(j => (!fun.value || j.fun === fun.value)
      && (!q || [j.jid, j.target, j.user, j.fun, ...j.minions].some(v => String(v || '').toLowerCase().includes(q))));
    redraw(list, table(`${shown.length} of ${jobs.length} recent jobs`, ['Job', 'Function', 'Target', 'Minions', 'Started', 'User'],
      shown.map(j => [el('a', { href: '#/jobs/' + j.jid, class: 'mono', 'data-key': 'job-' + j.jid, text: j.jid }), j.fun + (j.options && j.options.test ? ' (test)' : ''),
        j.target, String(j.minions.length), when(j.startedAt), j.user || ''])));
  };
  filter.addEventListener('input', show);
  fun.addEventListener('change', show);
  main.replaceChildren(el('h1', { text: 'Jobs' }), start,
    el('div', { class: 'row', role: 'search' },
      el('div', {}, el('label', { for: 'job-filter', text: 'Filter' }), filter),
      el('div', {}, el('label', { for: 'job-fun', text: 'Function' }), fun)),
    list);
  const load = async () => {
    jobs = await api('GET', '/v1/jobs?limit=200');
    const funs = [...new Set(jobs.map(j => j.fun))].sort();
    const chosen = fun.value;
    fun.replaceChildren(el('option', { value: '', text: 'all functions' }), ...funs.map(f => el('option', { value: f, text: f })));
    fun.value = funs.includes(chosen) ? chosen : '';
    show();
  };
  await load();
  every(10000, load);
}

async function jobPage(main, jid) {
  main.replaceChildren(el('h1', {}, 'Job ', el('span', { class: 'mono', text: jid })), el('p', { class: 'muted', text: 'Loading…' }));
  const view = await api('GET', '/v1/jobs/' + jid);
  const job = view.job;
  const results = new Map(view.results.map(r => [r.minion, r]));
  const progress = el('progress', { id: 'job-progress', max: String(Math.max(job.minions.length, 1)), value: '0', 'aria-labelledby': 'job-progress-label' });
  const progressText = el('p', { id: 'job-progress-label', role: 'status', 'aria-live': 'polite' });
  const resultsBox = el('div', { id: 'job-results' });
  const live = el('div', { id: 'orchestration-live' });
  const steps = { finished: 0 };
  const draw = done => {
    // A running job lists every targeted minion, those not heard from yet as WAITING.
    const settled = [...results.values()].filter(r => r.status !== 'WAITING').length;
    const ok = [...results.values()].filter(r => r.status === 'RETURNED').length;
    if (job.fun === 'orchestrate') { // its one "minion" is the master: count its steps instead
      const total = (job.options && job.options.steps) || steps.finished;
      progress.max = Math.max(total, 1);
      progress.value = done ? progress.max : steps.finished;
      progressText.textContent = done ? `${total} of ${total} step(s) — done` : `${steps.finished} of ${total} step(s) finished — running…`;
    } else {
      progress.value = settled;
      progressText.textContent = `${settled} of ${job.minions.length} minion(s) settled, ${ok} returned — ${done ? 'done' : 'running…'}`;
    }
    progressText.dataset.done = done ? 'true' : 'false';
    redraw(resultsBox, [...results.values()].sort((a, b) => a.minion.localeCompare(b.minion))
      .map(r => r.status === 'WAITING' ? waiting(r) : minionResult(job, r, results.size === 1)));
  };
  main.replaceChildren(
    el('h1', {}, 'Job ', el('span', { class: 'mono', text: jid })),
    el('dl', { class: 'panel facts' },
      el('dt', { text: 'Function' }), el('dd', { text: job.fun + (job.options && job.options.test ? ' (test)' : '') }),
      el('dt', { text: 'Target' }), el('dd', { text: job.target }),
      el('dt', { text: 'Arguments' }), el('dd', { class: 'mono', text: JSON.stringify(job.args) }),
      el('dt', { text: 'Started' }), el('dd', { text: when(job.startedAt) + (job.user ? ' by ' + job.user : '') }),
      job.source ? el('dt', { text: 'States from' }) : null, job.source ? el('dd', { class: 'mono', text: job.source }) : null),
    el('h2', { text: 'Progress' }), progress, progressText,
    el('h2', { text: job.fun === 'orchestrate' ? 'Steps' : 'Results per minion' }), live, resultsBox);
  draw(view.done);
  if (!view.done) {
    let over = false; // two streams: a late line of one must not undo the other's end
    if (job.fun === 'orchestrate') followSteps(jid, live, n => { steps.finished = n; if (!over) draw(false); });
    follow('/v1/jobs/' + jid + '/events', e => {
      if (e.event === 'result' && !over) { results.set(e.result.minion, e.result); draw(false); }
      if (e.event === 'done') {
        over = true;
        for (const r of e.results) results.set(r.minion, r);
        live.remove(); // the run's own result lists every step
        draw(true);
      }
    }).catch(showError);
  }
}

async function eventsPage(main) {
  const tag = el('input', { type: 'text', id: 'event-tag', value: '*', autocomplete: 'off' });
  const pause = el('input', { type: 'checkbox', id: 'event-pause' });
  const list = el('ol', { class: 'events', id: 'event-list', reversed: true });
  const count = el('p', { class: 'muted', id: 'event-count', text: 'Listening…' });
  let seen = 0;
  const start = () => {
    running.forEach(stop => stop());
    running = [];
    list.replaceChildren();
    seen = 0;
    follow('/v1/events?tag=' + encodeURIComponent(tag.value.trim() || '*'), e => {
      seen++;
      count.textContent = `${seen} event(s) since this page opened`;
      if (pause.checked) return;
      list.prepend(el('li', {},
        el('span', { class: 'muted', text: when(e.time) + ' ' }), el('span', { class: 'tag', text: e.tag }),
        el('details', {}, el('summary', { text: 'data' }), el('pre', { text: JSON.stringify(e.data, null, 2) }))));
      while (list.children.length > 200) list.lastElementChild.remove();
    }).then(ended => {
      if (ended) count.textContent += ' — the stream ended (the master restarted?); Follow starts it again';
    }).catch(showError);
  };
  main.replaceChildren(el('h1', { text: 'Event bus' }),
    el('form', { class: 'row', onsubmit: ev => { ev.preventDefault(); start(); } },
      el('div', {}, el('label', { for: 'event-tag', text: 'Tag (glob)' }), tag),
      el('button', { type: 'submit', text: 'Follow' }),
      el('label', { class: 'inline', for: 'event-pause' }, pause, 'Pause the list')),
    count, list);
  start();
}

// ---------- routing ----------

const PAGES = { fleet: fleetPage, keys: keysPage, jobs: jobsPage, events: eventsPage };

async function route() {
  running.forEach(stop => stop());
  running = [];
  document.getElementById('status').textContent = ''; // a message belongs to the page it was said on
  const parts = (location.hash || '#/fleet').replace(/^#\//, '').split('/');
  const page = PAGES[parts[0]] ? parts[0] : 'fleet';
  document.querySelectorAll('nav a').forEach(a => {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  const main = document.getElementById('main');
  delete main.dataset.page; // set again once the page is drawn: tests (and scripts) wait for it
  document.title = page[0].toUpperCase() + page.slice(1) + ' · jsalt dashboard';
  const oneJob = page === 'jobs' && /^\d{20}$/.test(parts[1] || '');
  try {
    if (oneJob) await jobPage(main, parts[1]);
    else await PAGES[page](main);
  } catch (e) {
    showError(e);
  }
  main.dataset.page = oneJob ? 'job' : page;
}

async function startDashboard() {
  const res = await fetch('/ui/session', { credentials: 'same-origin' });
  if (!res.ok) { location.assign('/ui/login'); return; }
  session.csrf = (await res.json()).csrf;
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('POST', '/ui/logout'); } catch (e) { /* already logged out */ }
    location.assign('/ui/login');
  });
  window.addEventListener('hashchange', () => { route(); document.getElementById('main').focus(); });
  await route();
}

startDashboard().catch(showError);
