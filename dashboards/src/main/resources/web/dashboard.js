// The built-in dashboard: reads /api/dashboard once, then every panel's rows for the filters in
// the form (mirrored in the address, so a view can be shared) and redraws every 10 seconds.
'use strict';

const REFRESH_MS = 10000;
const TEXT = 14;
const charts = {};
const state = { meta: null, timer: null, rows: {} };

const num = (v) => (v === null || v === undefined ? null : Number(v));
const pct = (v) => (v === null || v === undefined ? 'n/a' : (Number(v) * 100).toFixed(1) + ' %');
const int = (v) => (v === null || v === undefined ? 'n/a' : Number(v).toLocaleString('en-US'));

function duration(seconds) {
  if (seconds === null || seconds === undefined) return 'n/a';
  const s = Number(seconds);
  if (s < 90) return s.toFixed(0) + ' s';
  if (s < 5400) return (s / 60).toFixed(1) + ' min';
  if (s < 172800) return (s / 3600).toFixed(1) + ' h';
  return (s / 86400).toFixed(1) + ' days';
}

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById('chart-' + id), null, { renderer: 'canvas' });
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

function base(extra) {
  return Object.assign({
    animation: false,
    textStyle: { fontSize: TEXT },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { fontSize: TEXT } },
    grid: { left: 70, right: 60, top: 40, bottom: 50 },
  }, extra);
}

function params() {
  const p = new URLSearchParams();
  const from = document.getElementById('f-from').value;
  const to = document.getElementById('f-to').value;
  if (from) p.set('from', from);
  if (to) p.set('to', to);
  for (const v of state.meta.variables) {
    const el = document.getElementById('f-' + v.name);
    if (el && el.value !== v.default) p.set(v.name, el.value);
  }
  return p;
}

function title(id, text, description) {
  const el = document.getElementById('title-' + id);
  if (el) {
    el.textContent = text;
    // What the figures mean, as the Grafana panel describes them: on hover.
    el.title = substitute(description || '');
  }
}

function substitute(text) {
  return text.replace(/\$\{?(\w+)\}?/g, (all, name) => {
    const el = document.getElementById('f-' + name);
    return el ? el.value : all;
  });
}

function delta(now, before) {
  if (before === 0 && now === 0) return '<span class="delta">no change</span>';
  if (before === 0) return '<span class="delta up">new (none before)</span>';
  const change = (now - before) / before;
  const cls = change >= 0 ? 'up' : 'down';
  return `<span class="delta ${cls}">${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)} % vs ${int(before)}</span>`;
}

function tiles(rows) {
  const names = { 'New leads': 'New leads', MQL: 'MQL', SAL: 'SAL', SQL: 'SQL', OPPORTUNITY: 'Opportunities', WON: 'Won' };
  document.getElementById('tiles').innerHTML = rows.map((r) => `
    <div class="tile" data-metric="${r.metric}">
      <div class="name">${names[r.metric] || r.metric}</div>
      <div class="value" data-period="today">${int(r.today)}</div>
      <div class="sub">today ${delta(num(r.today), num(r.today_before))}</div>
      <div class="sub">week to date <b data-period="week">${int(r.week_to_date)}</b> ${delta(num(r.week_to_date), num(r.week_before))}</div>
      <div class="sub">month to date <b data-period="month">${int(r.month_to_date)}</b> ${delta(num(r.month_to_date), num(r.month_before))}</div>
    </div>`).join('');
}

function funnel(rows) {
  const immature = rows.length ? num(rows[0].immature_leads) : 0;
  const leads = rows.length ? num(rows[0].reached) : 0;
  document.getElementById('note-2').textContent = immature > 0
    ? `${int(immature)} of ${int(leads)} leads are in immature cohorts (created less than ${document.getElementById('f-window').value} days before the newest event): their reach can still grow.`
    : 'Every cohort in the range is mature.';
  chart(2).setOption(base({
    tooltip: { trigger: 'item', formatter: (p) => `${p.name}: ${int(p.value)}` },
    legend: { show: false },
    series: [{
      type: 'funnel', sort: 'none', left: 10, width: '48%', top: 10, bottom: 10, minSize: '8%', gap: 2,
      labelLine: { show: true, length: 16 },
      label: {
        position: 'right', fontSize: TEXT, color: '#1d2733',
        rich: { b: { fontSize: 15, fontWeight: 'bold' }, s: { fontSize: 13, color: '#5b6b7c' } },
        formatter: (p) => {
          const r = rows[p.dataIndex];
          return `{b|${p.name} ${int(p.value)}}` + (p.dataIndex > 0 ? `\n{s|step ${pct(r.step_conversion)} · of leads ${pct(r.cumulative_conversion)}}` : '');
        },
      },
      data: rows.map((r) => ({ name: r.stage, value: num(r.reached) })),
    }],
  }), true);
}

function trend(rows, previous) {
  const weeks = rows.map((r) => r.week);
  const immature = rows.filter((r) => Number(r.mature) === 0).length;
  document.getElementById('note-3').textContent =
    (immature ? `${immature} recent week(s) are not mature yet. ` : '') +
    'Dashed: the same weeks of the previous period, week by week.';
  const line = (name, data, dashed) => ({
    name, type: 'line', data, symbolSize: 6, connectNulls: false,
    lineStyle: dashed ? { type: 'dashed', width: 2 } : { width: 3 },
  });
  chart(3).setOption(base({
    tooltip: { trigger: 'axis', valueFormatter: pct },
    xAxis: { type: 'category', data: weeks, name: 'cohort week', nameLocation: 'middle', nameGap: 30, axisLabel: { fontSize: 12 } },
    yAxis: { type: 'value', name: 'conversion', axisLabel: { formatter: (v) => (v * 100).toFixed(0) + ' %' } },
    series: [
      line('to SQL', rows.map((r) => num(r.sql_rate)), false),
      line('to MQL', rows.map((r) => num(r.mql_rate)), false),
      line('to SQL, previous period', weeks.map((w, i) => (previous[i] ? num(previous[i].sql_rate) : null)), true),
      line('to MQL, previous period', weeks.map((w, i) => (previous[i] ? num(previous[i].mql_rate) : null)), true),
    ],
  }), true);
}

function flow(rows) {
  const days = rows.map((r) => r.day);
  const bar = (name, key, stack, sign) => ({ name, type: 'bar', stack, data: rows.map((r) => sign * num(r[key])) });
  chart(4).setOption(base({
    xAxis: { type: 'category', data: days, axisLabel: { fontSize: 12 } },
    yAxis: { type: 'value', name: 'leads per day' },
    series: [
      bar('entered', 'entered', 'in', 1),
      bar('advanced', 'advanced', 'out', -1),
      bar('lost', 'lost', 'out', -1),
      bar('recycled', 'recycled', 'out', -1),
      { name: 'balance', type: 'line', data: rows.map((r) => num(r.balance)), lineStyle: { width: 3 } },
    ],
  }), true);
}

function mqlExits(rows) {
  chart(12).setOption(base({
    legend: { show: false },
    grid: { left: 160, right: 60, top: 20, bottom: 40 },
    xAxis: { type: 'value', name: 'exits' },
    yAxis: { type: 'category', data: rows.map((r) => r.outcome), inverse: true },
    series: [{ name: 'exits', type: 'bar', data: rows.map((r) => num(r.exits)), label: { show: true, position: 'right' } }],
  }), true);
}

function table(id, rows, columns) {
  const head = columns.map((c) => `<th class="${c.text ? 'text' : ''}">${c.label}</th>`).join('');
  const body = rows.map((r) => '<tr>' + columns.map((c) =>
    `<td class="${c.text ? 'text' : ''}">${c.format ? c.format(r[c.key]) : escape(r[c.key])}</td>`).join('') + '</tr>').join('');
  document.getElementById('table-' + id).innerHTML = `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function escape(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

const money = (v) => (v === null || v === undefined ? 'n/a' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 }));

function sources(rows) {
  const first = rows.filter((r) => r.attribution === 'first_touch');
  const last = rows.filter((r) => r.attribution === 'last_touch');
  const names = first.map((r) => r.lead_source);
  const sqlOf = (list, name) => { const r = list.find((x) => x.lead_source === name); return r ? num(r.reached_sql) : 0; };
  chart(5).setOption(base({
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0, fontSize: 12 } },
    yAxis: [{ type: 'value', name: 'leads' }, { type: 'value', name: 'SQL' }],
    series: [
      { name: 'leads (first touch)', type: 'bar', data: first.map((r) => num(r.leads)) },
      { name: 'SQL, first touch', type: 'bar', yAxisIndex: 1, data: names.map((n) => sqlOf(first, n)) },
      { name: 'SQL, last touch', type: 'bar', yAxisIndex: 1, data: names.map((n) => sqlOf(last, n)) },
    ],
  }), true);
  table(5, first, [
    { key: 'lead_source', label: 'source (first touch)', text: true },
    { key: 'leads', label: 'leads', format: int },
    { key: 'reached_mql', label: 'MQL', format: int },
    { key: 'reached_sql', label: 'SQL', format: int },
    { key: 'won', label: 'won', format: int },
    { key: 'sql_rate', label: 'to SQL', format: pct },
    { key: 'spend', label: 'spend', format: money },
    { key: 'cost_per_lead', label: 'CPL', format: money },
    { key: 'cost_per_sql', label: 'cost / SQL', format: money },
    { key: 'roi', label: 'ROI', format: pct },
  ]);
}

function campaigns(rows) {
  table(6, rows, [
    { key: 'lead_source', label: 'source', text: true },
    { key: 'campaign', label: 'campaign', text: true },
    { key: 'leads', label: 'leads', format: int },
    { key: 'reached_sql', label: 'SQL', format: int },
    { key: 'won', label: 'won', format: int },
    { key: 'sql_rate', label: 'to SQL', format: pct },
    { key: 'spend', label: 'spend', format: money },
    { key: 'cost_per_lead', label: 'CPL', format: money },
    { key: 'cost_per_sql', label: 'cost / SQL', format: money },
  ]);
}

function stats(id, items) {
  document.getElementById('stats-' + id).innerHTML = items.map(([name, value, key]) =>
    `<div class="tile" data-key="${key}"><div class="name">${name}</div><div class="value">${value}</div></div>`).join('');
}

function speed(rows) {
  const r = rows[0] || {};
  stats(7, [
    ['median wait', duration(r.wait_p50_seconds), 'wait_p50_seconds'],
    ['90th percentile', duration(r.wait_p90_seconds), 'wait_p90_seconds'],
    ['within 5 min', pct(r.within_5m_share), 'within_5m_share'],
    ['within 1 hour', pct(r.within_1h_share), 'within_1h_share'],
    ['never contacted', int(r.never_contacted), 'never_contacted'],
  ]);
}

function owners(rows) {
  const top = rows.slice(0, 15);
  chart(8).setOption(base({
    tooltip: { trigger: 'axis', valueFormatter: (v) => duration(v * 3600) },
    grid: { left: 140, right: 60, top: 40, bottom: 40 },
    xAxis: { type: 'value', name: 'hours' },
    yAxis: { type: 'category', data: top.map((x) => x.owner || '(unassigned)'), inverse: true },
    series: [
      { name: 'median wait (h)', type: 'bar', data: top.map((x) => (x.wait_p50_seconds === null ? null : num(x.wait_p50_seconds) / 3600)) },
      { name: 'p90 wait (h)', type: 'bar', data: top.map((x) => (x.wait_p90_seconds === null ? null : num(x.wait_p90_seconds) / 3600)) },
    ],
  }), true);
  table(8, rows.slice(0, 12).map((x) => Object.assign({}, x, { owner: x.owner || '(unassigned)' })), [
    { key: 'owner', label: 'owner (top 12 by leads)', text: true },
    { key: 'team', label: 'team', text: true },
    { key: 'leads', label: 'leads', format: int },
    { key: 'never_contacted', label: 'never contacted', format: int },
    { key: 'within_1h_share', label: 'within 1 h', format: pct },
    { key: 'wait_p50_seconds', label: 'median wait', format: duration },
    { key: 'wait_p90_seconds', label: 'p90 wait', format: duration },
  ]);
}

function heatmap(rows) {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const hours = [...Array(24).keys()].map((h) => String(h).padStart(2, '0'));
  chart(9).setOption(base({
    tooltip: { trigger: 'item', formatter: (p) => `${days[p.value[1]]} ${hours[p.value[0]]}:00 UTC: ${pct(p.value[2])} of ${int(p.value[3])} leads` },
    grid: { left: 60, right: 30, top: 20, bottom: 90 },
    xAxis: { type: 'category', data: hours, name: 'hour (UTC)', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', data: days, inverse: true },
    visualMap: { dimension: 2, min: 0, max: 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, text: ['100 % within 1 h', '0 %'], inRange: { color: ['#b00020', '#ffd54f', '#1b7f3b'] } },
    series: [{ name: 'within 1 hour', type: 'heatmap', data: rows.map((r) => [num(r.hour), num(r.weekday) - 1, num(r.within_1h_share), num(r.leads)]) }],
  }), true);
}

function sla(rows) {
  const by = {};
  for (const r of rows) {
    const o = (by[r.owner] = by[r.owner] || { breached: 0, at_risk: 0, open: 0, met: 0 });
    o.breached += num(r.breached); o.at_risk += num(r.at_risk); o.open += num(r.open); o.met += num(r.met);
  }
  const names = Object.keys(by).sort((a, b) => by[b].breached - by[a].breached).slice(0, 15);
  chart(10).setOption(base({
    grid: { left: 140, right: 60, top: 40, bottom: 40 },
    xAxis: { type: 'value', name: 'clocks' },
    yAxis: { type: 'category', data: names.map((n) => n || '(unassigned)'), inverse: true },
    series: ['breached', 'at_risk', 'open', 'met'].map((k) => ({
      name: k.replace('_', ' '), type: 'bar', stack: 'all', data: names.map((n) => by[n][k]),
    })),
  }), true);
}

function acceptance(rows) {
  const r = rows[0] || {};
  stats(11, [
    ['MQL (in window)', int(r.mql), 'mql'],
    ['SAL (in window)', int(r.sal), 'sal'],
    ['MQL → SAL', pct(r.mql_to_sal_rate), 'mql_to_sal_rate'],
    ['median time to accept', duration(r.accept_p50_seconds), 'accept_p50_seconds'],
    ['p90 time to accept', duration(r.accept_p90_seconds), 'accept_p90_seconds'],
  ]);
}

function scores(rows) {
  const versions = [...new Set(rows.map((r) => r.model_version))];
  const bands = [...new Set(rows.map((r) => num(r.band_from)))].sort((a, b) => a - b);
  const cell = (v, b, key) => { const r = rows.find((x) => x.model_version === v && num(x.band_from) === b); return r ? num(r[key]) : null; };
  chart(13).setOption(base({
    xAxis: { type: 'category', data: bands.map((b) => `${b}–${b + 10}`), name: 'score band', nameLocation: 'middle', nameGap: 30 },
    yAxis: [{ type: 'value', name: 'leads' }, { type: 'value', name: 'reached SQL', max: 1, axisLabel: { formatter: (v) => (v * 100).toFixed(0) + ' %' } }],
    series: versions.flatMap((v) => [
      { name: `${v}: leads`, type: 'bar', data: bands.map((b) => cell(v, b, 'leads')) },
      { name: `${v}: reached SQL`, type: 'line', yAxisIndex: 1, lineStyle: { width: 3 }, data: bands.map((b) => cell(v, b, 'sql_rate')) },
    ]),
  }), true);
}

function freshness(rows) {
  const r = rows[0] || {};
  const el = document.getElementById('freshness');
  const age = num(r.event_age_seconds);
  el.textContent = r.newest_event && !String(r.newest_event).startsWith('0000')
    ? `as of ${r.newest_event} UTC, the newest event (${duration(age)} ago); figures written ${duration(num(r.written_age_seconds))} ago`
    : 'no events yet';
  el.classList.toggle('stale', age !== null && age > 3600);
}

const RENDER = { 1: tiles, 2: funnel, 3: trend, 4: flow, 5: sources, 6: campaigns, 7: speed, 8: owners, 9: heatmap, 10: sla, 11: acceptance, 12: mqlExits, 13: scores, 14: freshness };

async function refresh() {
  const p = params();
  history.replaceState(null, '', '?' + p.toString());
  const status = document.getElementById('status');
  const panels = state.meta.panels.filter((x) => !x.shifted && RENDER[x.id]);
  const results = await Promise.all(panels.map(async (panel) => {
    const res = await fetch(`/api/panels/${panel.id}?${p}`);
    const body = await res.json();
    return { panel, ok: res.ok, body };
  }));
  const errors = results.filter((r) => !r.ok).map((r) => r.body.error);
  status.textContent = errors.length ? errors[0] : '';
  for (const { panel, ok, body } of results) {
    if (!ok) continue;
    title(panel.id, substitute(panel.title), panel.description);
    state.rows[panel.id] = body.rows;
    RENDER[panel.id](body.rows, body.previous || []);
  }
  document.body.dataset.refreshed = String(Date.now());
}

function schedule() {
  clearTimeout(state.timer);
  refresh().catch((e) => { document.getElementById('status').textContent = String(e); })
    .finally(() => { state.timer = setTimeout(schedule, REFRESH_MS); });
}

async function start() {
  const url = new URLSearchParams(location.search);
  state.meta = await (await fetch('/api/dashboard')).json();
  document.getElementById('title').textContent = state.meta.title;
  document.getElementById('f-from').value = url.get('from') || state.meta.from;
  document.getElementById('f-to').value = url.get('to') || state.meta.to;
  const holder = document.getElementById('f-variables');
  for (const v of state.meta.variables) {
    const label = document.createElement('label');
    label.textContent = v.label + ' ';
    const select = document.createElement('select');
    select.id = 'f-' + v.name;
    select.name = v.name;
    const options = (v.includeAll ? [['__all__', 'All']] : []).concat(v.options.map((o) => [o, o || '(none)']));
    for (const [value, text] of options) {
      const o = document.createElement('option');
      o.value = value; o.textContent = text;
      select.appendChild(o);
    }
    select.value = url.get(v.name) || v.default;
    label.appendChild(select);
    holder.appendChild(label);
  }
  document.getElementById('filters').addEventListener('change', schedule);
  schedule();
}

window.leadflow = state;
start();
