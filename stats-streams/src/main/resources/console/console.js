// The ops console: polls stats-streams' /v1/stats/** every POLL_MS with the token the operator pasted, and shows the
// status counts, the latest windows' percentiles and the pipeline's lag. No framework, no build step.
'use strict';

const TOKEN_KEY = 'threadline.console.token';
const POLL_MS = 2000;
const METRICS = [
  { path: 'first-response-time', label: 'First response' },
  { path: 'resolution-time', label: 'Resolution' },
  { path: 'sentiment', label: 'Sentiment' },
];

/** An answer other than 2xx, with the problem's detail when the body is problem+json. */
class CallError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

const $ = (id) => document.getElementById(id);
let windows = null;
let lastUpdated = null;
let timer = null;

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function call(path) {
  let answer;
  try {
    answer = await fetch(path, {
      headers: { Authorization: `Bearer ${token()}`, Accept: 'application/json' },
      cache: 'no-store',
    });
  } catch (e) {
    throw new CallError(0, 'stats-streams does not answer');
  }
  if (!answer.ok) {
    let detail = null;
    try {
      const problem = await answer.json();
      detail = problem.detail || problem.title;
    } catch (e) {
      // not problem+json
    }
    throw new CallError(answer.status, detail);
  }
  return answer.json();
}

function setState(kind, label, message, tone) {
  const state = $('state');
  state.className = `state state-${kind}`;
  state.textContent = label;
  const line = $('message');
  line.textContent = message || '';
  line.className = `message ${tone || ''}`;
}

function showUpdated() {
  $('updated').textContent = lastUpdated
    ? `last updated ${lastUpdated.toLocaleTimeString()} (${Math.round((Date.now() - lastUpdated) / 1000)} s ago)`
    : 'never updated';
}

function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (unit === 'compound') return value.toFixed(3);
  const ms = Math.abs(value);
  if (ms < 1000) return `${Math.round(value)} ms`;
  if (ms < 60_000) return `${(value / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(value / 60_000).toFixed(1)} min`;
  if (ms < 86_400_000) return `${(value / 3_600_000).toFixed(1)} h`;
  return `${(value / 86_400_000).toFixed(1)} d`;
}

function formatRate(rate) {
  return rate === null || rate === undefined ? '–' : rate.toFixed(rate < 10 ? 1 : 0);
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function showCounts(view) {
  const total = { open: 0, pending: 0, resolved: 0 };
  for (const group of view.groups) {
    total.open += group.open;
    total.pending += group.pending;
    total.resolved += group.resolved;
  }
  $('count-open').textContent = total.open;
  $('count-pending').textContent = total.pending;
  $('count-resolved').textContent = total.resolved;
}

function showPipeline(view) {
  $('pipeline-rate').textContent = formatRate(view.inputRate);
  $('pipeline-topic').textContent = view.topic;
  $('pipeline-partitions').textContent = view.partitions;
  $('pipeline-end').textContent = view.endOffsets;
  const body = $('pipeline').tBodies[0];
  body.replaceChildren();
  for (const group of view.groups) {
    const row = body.insertRow();
    row.dataset.group = group.group;
    cell(row, group.group);
    cell(row, group.state);
    cell(row, String(group.members), 'num');
    const lag = cell(row, group.lag === null ? '–' : String(group.lag), 'num lag');
    if (group.error) lag.title = group.error;
    const behind = group.secondsBehind;
    cell(row, behind === null ? '–' : `${behind.toFixed(1)} s`, `num behind${behind > 2 ? ' lagging' : ''}`);
    cell(row, formatRate(group.consumeRate), 'num');
  }
}

/** One row per metric and window size: the newest window that holds observations. */
function showPercentiles(answers) {
  const body = $('percentiles').tBodies[0];
  body.replaceChildren();
  for (const { metric, window, view, error } of answers) {
    const row = body.insertRow();
    row.dataset.metric = metric.path;
    row.dataset.window = window.name;
    cell(row, metric.label);
    cell(row, window.name);
    if (error) {
      const td = cell(row, `unavailable: ${error.message}`, 'empty');
      td.colSpan = 6;
      continue;
    }
    const latest = [...view.windows].reverse().find((w) => w.count > 0);
    if (!latest) {
      const td = cell(row, 'no observations in the recent windows', 'empty');
      td.colSpan = 6;
      continue;
    }
    cell(row, new Date(latest.start).toLocaleString());
    cell(row, String(latest.count), 'num count');
    cell(row, formatValue(latest.mean, view.unit), 'num mean');
    cell(row, formatValue(latest.p50, view.unit), 'num p50');
    cell(row, formatValue(latest.p90, view.unit), 'num p90');
    cell(row, formatValue(latest.p99, view.unit), 'num p99');
  }
}

async function refresh() {
  if (!token()) {
    setState('none', 'no token', 'Paste an ops or admin token to start.', 'warn');
    return;
  }
  try {
    if (!windows) windows = (await call('/v1/stats/windows')).windows;
    const pairs = METRICS.flatMap((metric) => windows.map((window) => ({ metric, window })));
    const [counts, pipeline, ...series] = await Promise.allSettled([
      call('/v1/stats/status-counts'),
      call('/v1/stats/pipeline'),
      ...pairs.map(({ metric, window }) => call(`/v1/stats/${metric.path}?window=${encodeURIComponent(window.name)}`)),
    ]);
    const failures = [counts, pipeline, ...series].filter((s) => s.status === 'rejected').map((s) => s.reason);
    const refused = failures.find((e) => e.status === 401 || e.status === 403);
    if (refused) throw refused;
    if (failures.length === series.length + 2 && failures.every((e) => e.status === 0)) throw failures[0];
    if (counts.status === 'fulfilled') showCounts(counts.value);
    if (pipeline.status === 'fulfilled') showPipeline(pipeline.value);
    showPercentiles(pairs.map((pair, i) => ({ ...pair,
      view: series[i].status === 'fulfilled' ? series[i].value : null,
      error: series[i].status === 'rejected' ? series[i].reason : null })));
    if (failures.length === 0) {
      lastUpdated = new Date();
      setState('live', 'live', '');
    } else {
      setState('partial', 'partly updated', `${failures.length} of ${series.length + 2} queries failed: `
        + `${failures[0].status ? `${failures[0].status} ` : ''}${failures[0].message}`, 'warn');
    }
  } catch (e) {
    if (e.status === 401) {
      setState('refused', '401', `The token was refused (401): ${e.message}. Paste a valid one.`, 'bad');
    } else if (e.status === 403) {
      setState('refused', '403', `The token may not read the stats (403): it needs the ops or admin role.`, 'bad');
    } else if (e.status === 0) {
      setState('unreachable', 'unreachable', 'stats-streams does not answer; retrying.', 'bad');
    } else {
      setState('stale', 'stale', `${e.status ? `${e.status} ` : ''}${e.message}; retrying.`, 'warn');
    }
  } finally {
    showUpdated();
  }
}

async function loop() {
  clearTimeout(timer);
  await refresh();
  timer = setTimeout(loop, POLL_MS);
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('token').value.trim().replace(/^Bearer\s+/i, '');
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    windows = null;
    loop();
  });
  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    windows = null;
    loop();
  });
  loop();
});
