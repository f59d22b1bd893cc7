// The ckan-sync console: one page over the admin API (/console/api/*, routes/console.camel.yaml).
// Everything shown comes from CKAN or the state database and is untrusted: it only ever reaches the page as
// text (textContent, text nodes, setAttribute): no string is ever parsed as HTML here.
'use strict';

(() => {
  const main = document.getElementById('main');
  const notice = document.getElementById('notice');
  const ACTIONS = ['created', 'updated', 'merged', 'deleted', 'purged', 'tombstoned'];
  const REASONS = ['conflict', 'rejected', 'clash', 'unavailable', 'error'];
  const STATES = ['open', 'resolved', 'discarded'];
  const UNSET = Symbol('unchanged');
  const FLOW_MARK = {sync: 'S', reconcile: 'R', retry: '↻'};
  const SVG = 'http://www.w3.org/2000/svg';
  let csrf = null;
  let renderCount = 0;

  // --- building the page: text only ---------------------------------------------------------------------

  /** An element; string children become text nodes, attribute values go through setAttribute. */
  function el(tag, attrs, ...children) {
    return build(document.createElement(tag), attrs, children);
  }

  function svg(tag, attrs, ...children) {
    return build(document.createElementNS(SVG, tag), attrs, children);
  }

  function build(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k.startsWith('on') && typeof v === 'function') {
        node.addEventListener(k.slice(2), v);
      } else if (k === 'href') {
        node.setAttribute('href', safeHref(String(v)));
      } else {
        node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat(Infinity)) {
      if (c !== null && c !== undefined && c !== false) {
        node.append(c instanceof Node ? c : String(c));   // append(string) adds a text node
      }
    }
    return node;
  }

  /** Links go to this console's pages or to a portal over http(s); anything else (javascript:, data:) goes nowhere. */
  function safeHref(href) {
    return /^(#|\/console(\/|$)|https?:\/\/)/i.test(href) ? href : '#';
  }

  function hash(page, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && v !== '') {
        q.set(k, v);
      }
    }
    const s = q.toString();
    return '#/' + page + (s ? '?' + s : '');
  }

  function query(params) {
    const h = hash('', params);
    const i = h.indexOf('?');
    return i < 0 ? '' : h.slice(i);
  }

  // --- talking to the server ----------------------------------------------------------------------------

  async function api(path, method) {
    const options = {method: method || 'GET', credentials: 'same-origin', headers: {'Accept': 'application/json'}};
    if (options.method !== 'GET') {
      options.headers['X-CSRF-Token'] = csrf;
    }
    const response = await fetch('/console/api' + path, options);
    if (response.status === 401) {
      location.assign('/console/login');
      throw new Error('not logged in');
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const error = new Error((body && body.message) || ('HTTP ' + response.status));
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function say(text, kind) {
    notice.textContent = text;
    notice.className = kind || 'info';
    notice.hidden = false;
  }

  function quiet() {
    notice.hidden = true;
    notice.textContent = '';
  }

  async function logout() {
    try {
      await fetch('/console/logout', {method: 'POST', credentials: 'same-origin', headers: {'X-CSRF-Token': csrf}});
    } finally {
      location.assign('/console/login');
    }
  }

  // --- formatting -----------------------------------------------------------------------------------------

  function time(iso) {
    if (!iso) {
      return '—';
    }
    const d = new Date(iso);
    const pad = n => String(n).padStart(2, '0');
    return el('time', {datetime: iso, title: iso},
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`);
  }

  function seconds(s) {
    if (s === null || s === undefined) {
      return '—';
    }
    if (s < 1) {
      return Math.round(s * 1000) + ' ms';
    }
    if (s < 10) {
      return s.toFixed(1) + ' s';
    }
    if (s < 120) {
      return Math.round(s) + ' s';
    }
    if (s < 7200) {
      return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
    }
    if (s < 172800) {
      return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
    }
    return Math.round(s / 86400) + ' days';
  }

  function duration(run) {
    if (!run || !run.started || !run.finished) {
      return null;
    }
    return Math.max(0, (Date.parse(run.finished) - Date.parse(run.started)) / 1000);
  }

  function written(run) {
    return ACTIONS.reduce((sum, a) => sum + (run.counters[a] || 0), 0);
  }

  function counters(run) {
    const parts = Object.entries(run.counters || {}).filter(([k, v]) => v && k !== 'seen').map(([k, v]) => k.replace('_', ' ') + ' ' + v);
    return ['seen ' + ((run.counters || {}).seen || 0)].concat(parts).join(' · ');
  }

  function outcome(status) {
    return el('span', {class: 'badge o-' + status}, status);
  }

  function value(v) {
    if (v === UNSET) {
      return el('span', {class: 'muted'}, 'unchanged');
    }
    if (v === null || v === undefined) {
      return el('span', {class: 'null'}, 'none');
    }
    if (typeof v === 'string') {
      return el('span', {class: 'text'}, v);
    }
    return el('pre', {class: 'json'}, JSON.stringify(v, null, 2));
  }

  function table(cls, headings, rows) {
    return el('table', {class: cls},
      el('thead', null, el('tr', null, headings.map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', null, rows));
  }

  function facts(pairs) {
    return el('dl', {class: 'facts'}, pairs.filter(Boolean).map(([k, v]) => [el('dt', null, k), el('dd', null, v)]));
  }

  function select(name, label, options, current) {
    return el('label', null, label, ' ',
      el('select', {name, id: 'filter-' + name},
        options.map(([v, text]) => el('option', {value: v, selected: v === current}, text))));
  }

  // --- pages ----------------------------------------------------------------------------------------------

  const views = {};

  views.pairs = async () => {
    const status = await api('/status');
    return el('div', null,
      el('h1', null, 'Pairs'),
      status.pairs.length ? status.pairs.map(pairCard) : el('p', {class: 'muted'}, 'No pairs are configured (ckan-sync.pairs).'));
  };

  function pairCard(p) {
    const held = [p.lastSync, p.lastReconcile].filter(r => r && r.status === 'held' && !r.dryRun);
    const dead = Object.entries(p.deadLetters || {});
    const pol = p.policies || {};
    const runs = [p.lastSync, p.lastReconcile].filter(Boolean)
      .concat((p.running || []).map(r => Object.assign({running: true}, r)));
    return el('section', {class: 'card pair', 'data-pair': p.id},
      el('h2', null, p.id, ' ', el('span', {class: 'direction'}, p.direction === 'two-way' ? 'A ⇄ B' : 'A → B')),
      el('p', {class: 'urls'}, el('a', {href: p.source, rel: 'noreferrer'}, p.source), ' → ',
        el('a', {href: p.target, rel: 'noreferrer'}, p.target)),
      held.map(r => el('div', {class: 'held', 'data-run': r.id},
        el('strong', null, `Held: ${r.flow} run #${r.id}`), ' ', el('span', {class: 'message'}, r.message || ''),
        el('button', {type: 'button', class: 'approve', onclick: e => approve(p.id, e.target)}, 'Approve'))),
      facts([
        ['Direction', p.direction || 'one-way'],
        ['Schedules', [el('span', null, 'sync ', el('code', null, p.schedule)), ' · ',
          el('span', null, 'reconcile ', el('code', null, p.reconcileSchedule))]],
        ['Policies', [`conflict ${pol.conflict || p.conflictPolicy}`, `name clash ${pol.nameClash}`, `private ${pol.private}`,
          `source purge ${pol.onSourcePurge}`, `delete threshold ${Math.round((pol.deleteThreshold || 0) * 100)} %`].join(' · ')],
        ['Lag', el('span', {class: 'lag'}, p.lag
          ? ['at most ', p.lag.seconds < 1 ? 'a second' : seconds(p.lag.seconds), ' (the last complete sync started ',
            time(p.lag.since), ')']
          : 'no complete sync yet')],
        ['Watermark', p.watermark ? el('code', null, p.watermark) : 'none yet'],
        ['Packages', Object.entries(p.packages || {}).map(([k, v]) => `${k} ${v}`).join(' · ') || 'none yet'],
        ['Open dead letters', dead.length
          ? dead.map(([reason, n], i) => [i ? ' · ' : '',
            el('a', {href: hash('dead-letters', {pair: p.id, reason}), class: 'dead'}, `${reason} ${n}`)])
          : el('span', {class: 'muted'}, 'none')],
      ]),
      runs.length ? table('runs', ['Flow', 'Run', 'Outcome', 'Started', 'Duration', 'Counters', 'Message'], runs.map(r =>
        el('tr', {'data-flow': r.flow, 'data-run': r.id},
          el('td', null, r.flow + (r.dryRun ? ' (dry run)' : '')),
          el('td', null, '#' + r.id),
          el('td', null, outcome(r.status)),
          el('td', null, time(r.started)),
          el('td', null, r.running ? 'running' : seconds(duration(r))),
          el('td', {class: 'counters'}, counters(r)),
          el('td', {class: 'message'}, r.message || ''))))
        : el('p', {class: 'muted'}, 'No runs yet.'),
      el('p', null, el('a', {href: hash('runs', {pair: p.id})}, 'Run history of ' + p.id)));
  }

  async function approve(pairId, button) {
    button.disabled = true;
    say(`Approving the held run of ${pairId}…`, 'info');
    try {
      await api('/pairs/' + encodeURIComponent(pairId) + '/approve', 'POST');
      say(`The held run of ${pairId} is approved.`, 'ok');
      await render();
    } catch (e) {
      say(`Approve refused (HTTP ${e.status || '?'}): ${e.message}`, 'error');
      button.disabled = false;
    }
  }

  views.runs = async (route) => {
    const status = await api('/status');
    const wanted = route.params.get('pair');
    const ids = status.pairs.map(p => p.id).filter(id => !wanted || id === wanted);
    const sections = [];
    for (const id of ids) {
      const history = await api('/runs' + query({pair: id, limit: 40}));
      sections.push(el('section', {class: 'card', 'data-pair': id},
        el('h2', null, id),
        chart(id, history.runs),
        legend(),
        el('details', null, el('summary', null, `The last ${history.runs.length} runs as a table`),
          table('runs', ['Run', 'Flow', 'Outcome', 'Started', 'Duration', 'Counters', 'Message'], history.runs.map(r =>
            el('tr', {'data-run': r.id},
              el('td', null, '#' + r.id), el('td', null, r.flow + (r.dryRun ? ' (dry run)' : '')),
              el('td', null, outcome(r.status)), el('td', null, time(r.started)), el('td', null, seconds(duration(r))),
              el('td', {class: 'counters'}, counters(r)), el('td', {class: 'message'}, r.message || '')))))));
    }
    return el('div', null, el('h1', null, 'Run history'),
      wanted ? el('p', null, el('a', {href: '#/runs'}, 'All pairs')) : null,
      sections.length ? sections : el('p', {class: 'muted'}, 'No pairs.'));
  };

  /** 1, 2, 5, 10, 20, 50 …: the smallest of these at or above n. */
  function niceCeiling(n) {
    let step = 1;
    for (;;) {
      for (const m of [1, 2, 5]) {
        if (m * step >= n) {
          return m * step;
        }
      }
      step *= 10;
    }
  }

  /**
   * One bar per run (oldest left): packages written, stacked by action, a red bar of failures beside it, the
   * duration as a line on the right-hand axis, the outcome as a coloured mark under the bar. Dry runs wrote
   * nothing and are left out.
   */
  function chart(pairId, runs) {
    const list = runs.filter(r => !r.dryRun).slice().reverse();
    if (!list.length) {
      return el('p', {class: 'muted'}, 'No runs yet.');
    }
    const W = 760, H = 260, left = 48, right = 60, top = 26, bottom = 46;
    const plotW = W - left - right, plotH = H - top - bottom;
    const slot = plotW / Math.max(list.length, 12);
    const maxCount = niceCeiling(Math.max(1, ...list.map(r => Math.max(written(r), r.counters.failed || 0))));
    const durations = list.map(duration);
    const maxDuration = niceCeiling(Math.max(1, ...durations.filter(d => d !== null)));
    const y = n => top + plotH - (n / maxCount) * plotH;
    const yDuration = s => top + plotH - (s / maxDuration) * plotH;
    const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img',
      'aria-label': `The last ${list.length} runs of ${pairId}: packages written by action, failures and duration`});
    for (const f of [0, 0.5, 1]) {
      const yy = top + plotH - f * plotH;
      root.append(svg('line', {x1: left, x2: W - right, y1: yy, y2: yy, class: 'grid'}),
        svg('text', {x: left - 6, y: yy + 4, class: 'axis', 'text-anchor': 'end'}, String(Math.round(f * maxCount))),
        svg('text', {x: W - right + 6, y: yy + 4, class: 'axis duration-axis'}, seconds(f * maxDuration)));
    }
    root.append(svg('text', {x: 2, y: 10, class: 'axis'}, 'packages'),
      svg('text', {x: W - right + 6, y: 10, class: 'axis duration-axis'}, 'duration'));
    const points = [];
    list.forEach((r, i) => {
      const x = left + i * slot + slot * 0.1;
      const barW = slot * 0.55;
      const bar = svg('g', {class: 'run', 'data-run': r.id},
        svg('title', null, `#${r.id} ${r.flow} ${r.status}, ${seconds(durations[i])}: ${counters(r)}${r.message ? ' — ' + r.message : ''}`));
      let base = 0;
      for (const a of ACTIONS) {
        const n = r.counters[a] || 0;
        if (n > 0) {
          bar.append(svg('rect', {x, width: barW, y: y(base + n), height: y(base) - y(base + n), class: 'a-' + a}));
          base += n;
        }
      }
      const failed = r.counters.failed || 0;
      if (failed > 0) {
        bar.append(svg('rect', {x: x + barW + 1, width: slot * 0.2, y: y(failed), height: y(0) - y(failed), class: 'a-failed'}));
      }
      bar.append(svg('rect', {x, width: barW, y: top + plotH + 4, height: 6, class: 'o-' + r.status}),
        svg('text', {x: x + barW / 2, y: top + plotH + 22, class: 'axis', 'text-anchor': 'middle'}, FLOW_MARK[r.flow] || '?'));
      if (i === 0 || i === list.length - 1 || i % 5 === 0) {
        bar.append(svg('text', {x: x + barW / 2, y: top + plotH + 36, class: 'axis', 'text-anchor': 'middle'}, '#' + r.id));
      }
      root.append(bar);
      if (durations[i] !== null) {
        points.push([x + barW / 2, yDuration(durations[i])]);
      }
    });
    if (points.length) {
      root.append(svg('polyline', {points: points.map(p => p.join(',')).join(' '), class: 'duration'}),
        ...points.map(([cx, cy]) => svg('circle', {cx, cy, r: 3, class: 'duration'})));
    }
    root.append(svg('line', {x1: left, x2: W - right, y1: top + plotH, y2: top + plotH, class: 'baseline'}));
    return el('figure', {class: 'chart'}, root);
  }

  function legend() {
    const key = (cls, text) => el('span', {class: 'key'}, el('i', {class: 'swatch ' + cls}), text);
    return el('div', {class: 'legend'},
      el('p', null, 'Packages written: ', ACTIONS.map(a => key('a-' + a, a)), key('a-failed', 'failed (beside the bar)'),
        key('line duration', 'duration (right-hand axis)')),
      el('p', null, 'Under each bar, the outcome: ', key('o-ok', 'ok'), key('o-failed', 'failed'), key('o-held', 'held'),
        'and the flow: S sync, R reconcile, ↻ retry. Dry runs are left out.'));
  }

  views['dead-letters'] = async (route) => {
    if (route.id) {
      return deadLetter(route.id);
    }
    const pair = route.params.get('pair') || '';
    const reason = route.params.get('reason') || '';
    const state = route.params.get('state') || 'open';
    const [status, list] = await Promise.all([api('/status'), api('/dead-letters' + query({pair, reason, state}))]);
    const form = el('form', {class: 'filters', id: 'dead-letter-filters'},
      select('pair', 'Pair', [['', 'all']].concat(status.pairs.map(p => [p.id, p.id])), pair),
      select('reason', 'Reason', [['', 'all']].concat(REASONS.map(r => [r, r])), reason),
      select('state', 'State', STATES.map(s => [s, s]), state));
    form.addEventListener('change', () => {
      const f = new FormData(form);
      location.hash = hash('dead-letters', {pair: f.get('pair'), reason: f.get('reason'), state: f.get('state')});
    });
    form.addEventListener('submit', e => e.preventDefault());
    const retryAll = state === 'open' && list.count > 0
      ? el('button', {type: 'button', id: 'retry-all', onclick: e => retryAllOf(pair, reason, e.target)},
        `Retry all ${list.count} in this filter`)
      : null;
    return el('div', null,
      el('h1', null, 'Dead letters'),
      form,
      el('p', {class: 'summary'}, `${list.count} ${state}`,
        Object.entries(list.byReason || {}).map(([r, n]) => ` · ${r} ${n}`), ' ', retryAll),
      list.count ? table('dead-letters', ['#', 'Pair', 'Package', 'Operation', 'Reason', 'HTTP', 'Attempts', 'First seen',
        'Last seen', "CKAN's answer"], list.deadLetters.map(d =>
        el('tr', {'data-id': d.id},
          el('td', null, el('a', {href: '#/dead-letters/' + d.id, class: 'open'}, '#' + d.id)),
          el('td', null, d.pair),
          el('td', null, el('span', {class: 'name'}, d.packageName || ''), el('br'), el('code', {class: 'id'}, d.packageId || '')),
          el('td', null, d.operation), el('td', null, d.reason), el('td', null, d.httpStatus === null ? '—' : String(d.httpStatus)),
          el('td', null, String(d.attempts)), el('td', null, time(d.firstSeen)), el('td', null, time(d.lastSeen)),
          el('td', {class: 'detail'}, (d.detail || '').length > 160 ? d.detail.slice(0, 160) + '…' : (d.detail || '')))))
        : el('p', {class: 'muted', id: 'no-dead-letters'}, 'Nothing here.'));
  };

  async function retryAllOf(pair, reason, button) {
    button.disabled = true;
    say('Retrying…', 'info');
    try {
      const r = await api('/dead-letters/retry' + query({pair, reason}), 'POST');
      say(`Retried ${r.count}: ${r.resolved} resolved, ${r.open} still open.`, r.open ? 'error' : 'ok');
    } catch (e) {
      say(`Retry all refused (HTTP ${e.status || '?'}): ${e.message}`, 'error');
    }
    await render();
  }

  async function deadLetter(id) {
    const d = await api('/dead-letters/' + encodeURIComponent(id));
    const open = d.state === 'open';
    const actions = open ? el('p', {class: 'actions'},
      el('button', {type: 'button', id: 'retry', onclick: e => act(d, 'retry', e.target)}, 'Retry'), ' ',
      el('button', {type: 'button', id: 'discard', class: 'danger', onclick: e => confirmDiscard(d, e.target)}, 'Discard'))
      : null;
    return el('div', {class: 'dead-letter', 'data-id': d.id},
      el('p', null, el('a', {href: hash('dead-letters', {pair: d.pair})}, '← Dead letters of ' + d.pair)),
      el('h1', null, `Dead letter #${d.id} `, outcome(d.state)),
      facts([
        ['Package', [el('span', {class: 'name'}, d.packageName || ''), ' ', el('code', {class: 'id'}, d.packageId || '')]],
        ['Pair', d.pair],
        ['Operation', d.operation],
        ['Reason', d.reason],
        ['HTTP status', d.httpStatus === null ? 'none' : String(d.httpStatus)],
        ['Attempts', String(d.attempts)],
        ['First seen', time(d.firstSeen)],
        ['Last seen', time(d.lastSeen)],
      ]),
      el('h2', null, d.httpStatus === null ? 'Why it is here' : `CKAN's answer (HTTP ${d.httpStatus})`),
      el('pre', {class: 'detail', id: 'detail'}, d.detail || '(none)'),
      actions,
      el('h2', null, 'Field-level diff'),
      diff(d.payload || {}),
      d.payload && d.payload.content ? el('details', null, el('summary', null, 'The package ckan-sync would write to B'),
        el('pre', {class: 'json', id: 'content'}, JSON.stringify(d.payload.content, null, 2))) : null);
  }

  /**
   * Side by side: each field A or B changed since the last sync, with the base (what both agreed on), A's and
   * B's values, and what happens to it; a conflict carries its resolution (parked: nothing written).
   */
  function diff(payload) {
    const rows = new Map();
    const row = path => {
      if (!rows.has(path)) {
        rows.set(path, {path, base: UNSET, a: UNSET, b: UNSET, resolution: null});
      }
      return rows.get(path);
    };
    for (const c of payload.sourceChanges || []) {
      const r = row(c.path);
      r.base = c.before === undefined ? null : c.before;
      r.a = c.after === undefined ? null : c.after;
    }
    for (const c of payload.targetChanges || []) {
      const r = row(c.path);
      if (r.base === UNSET) {
        r.base = c.before === undefined ? null : c.before;
      }
      r.b = c.after === undefined ? null : c.after;
    }
    for (const c of payload.conflicts || []) {
      Object.assign(row(c.path), {base: c.base, a: c.source, b: c.target, resolution: c.resolution, conflict: true});
    }
    if (!rows.size) {
      return el('p', {class: 'muted', id: 'no-diff'}, 'No field-level changes were recorded for this entry (a new package, or the failure came before the comparison).');
    }
    return table('diff', ['Field', 'Base', 'A (source)', 'B (target)', 'Resolution'], [...rows.values()].map(r =>
      el('tr', {'data-path': r.path, class: r.conflict ? 'conflict' : null},
        el('th', {scope: 'row'}, el('code', null, r.path)),
        el('td', {class: 'base'}, value(r.base)),
        el('td', {class: 'a'}, value(r.a)),
        el('td', {class: 'b'}, value(r.b)),
        el('td', {class: 'resolution'}, r.resolution || resolution(r)))));
  }

  function resolution(r) {
    if (r.b === UNSET) {
      return "A's change goes to B";
    }
    if (r.a === UNSET) {
      return "B's edit is kept";
    }
    return JSON.stringify(r.a) === JSON.stringify(r.b) ? 'same change on both sides' : 'merged';
  }

  function confirmDiscard(d, button) {
    const sure = el('span', {class: 'confirm'}, ' Discard this change of A for good? ',
      el('button', {type: 'button', id: 'confirm-discard', class: 'danger', onclick: e => act(d, 'discard', e.target)}, 'Discard'),
      ' ', el('button', {type: 'button', class: 'quiet', onclick: () => sure.remove()}, 'Cancel'));
    button.after(sure);
  }

  async function act(d, what, button) {
    button.disabled = true;
    say(what === 'retry' ? `Retrying dead letter #${d.id}…` : `Discarding dead letter #${d.id}…`, 'info');
    try {
      const r = await api(`/dead-letters/${encodeURIComponent(d.id)}/${what}`, 'POST');
      const state = r.deadLetter.state;
      say(what === 'retry'
        ? (r.done ? `Retried: dead letter #${d.id} is ${state}.` : `Retried: dead letter #${d.id} is still open — ${r.deadLetter.detail || ''}`)
        : `Dead letter #${d.id} is discarded.`, r.done === false ? 'error' : 'ok');
    } catch (e) {
      say(`${what} refused (HTTP ${e.status || '?'}): ${e.message}`, 'error');
    }
    await render();
  }

  views.conflicts = async (route) => {
    const pair = route.params.get('pair') || '';
    const pkg = route.params.get('package') || '';
    const [status, log] = await Promise.all([api('/status'), api('/conflicts' + query({pair, package: pkg, limit: 200}))]);
    const form = el('form', {class: 'filters', id: 'conflict-filters'},
      select('pair', 'Pair', [['', 'all']].concat(status.pairs.map(p => [p.id, p.id])), pair),
      el('label', null, 'Package id ', el('input', {name: 'package', id: 'filter-package', value: pkg, size: 38})),
      el('button', {type: 'submit'}, 'Filter'));
    form.addEventListener('submit', e => {
      e.preventDefault();
      const f = new FormData(form);
      location.hash = hash('conflicts', {pair: f.get('pair'), package: String(f.get('package') || '').trim()});
    });
    return el('div', null,
      el('h1', null, 'Conflict log'),
      form,
      el('p', {class: 'summary'}, `${log.count} conflicts, newest first`),
      log.count ? table('conflicts', ['When', 'Pair', 'Package', 'Field', 'Base', 'A (source)', 'B (target)', 'Resolution'],
        log.conflicts.map(c => el('tr', {'data-id': c.id},
          el('td', null, time(c.at)), el('td', null, c.pair),
          el('td', null, el('a', {href: hash('conflicts', {pair: c.pair, package: c.packageId})}, el('code', null, c.packageId))),
          el('td', null, el('code', null, c.field)),
          el('td', {class: 'base'}, value(c.base)), el('td', {class: 'a'}, value(c.source)), el('td', {class: 'b'}, value(c.target)),
          el('td', {class: 'resolution'}, c.resolution))))
        : el('p', {class: 'muted'}, 'No conflicts.'));
  };

  // --- navigation -----------------------------------------------------------------------------------------

  function current() {
    const h = location.hash.replace(/^#\/?/, '');
    const i = h.indexOf('?');
    const parts = (i < 0 ? h : h.slice(0, i)).split('/').filter(Boolean).map(decodeURIComponent);
    return {page: views[parts[0]] ? parts[0] : 'pairs', id: parts[1] || null, params: new URLSearchParams(i < 0 ? '' : h.slice(i + 1))};
  }

  async function render() {
    const route = current();
    const mine = ++renderCount;
    for (const a of document.querySelectorAll('nav a')) {
      a.classList.toggle('current', a.dataset.page === route.page);
    }
    let content;
    try {
      content = await views[route.page](route);
    } catch (e) {
      content = el('p', {class: 'error'}, 'Could not load this page: ' + e.message);
    }
    if (mine === renderCount) {        // a later navigation wins over a slow answer
      main.replaceChildren(content);
      main.dataset.page = route.page;
      main.dataset.ready = String(mine);
    }
  }

  async function start() {
    const session = await api('/session');
    csrf = session.csrf;
    document.getElementById('logout').addEventListener('click', logout);
    window.addEventListener('hashchange', () => {
      quiet();
      render();
    });
    if (!location.hash) {
      history.replaceState(null, '', '#/pairs');
    }
    await render();
  }

  start().catch(e => say('The console could not start: ' + e.message, 'error'));
})();
