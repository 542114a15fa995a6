// mgate explore: the page's controls and its hand-drawn SVG charts. Every value goes to the
// server by its TOML path and is checked there exactly as a scenario file or `--set` would be.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
// Okabe-Ito colours, as in mgate's plots.
const ARM_COLOURS = ['#000000', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'];
const ENZYMES = [
  { name: 'CYP2R1 (makes 25(OH)D)', colour: '#0072B2' },
  { name: 'CYP27B1 (makes calcitriol)', colour: '#009E73' },
  { name: 'CYP24A1 (breaks both down)', colour: '#D55E00' },
];
const WIDTH = 520;
const HEIGHT = 300;
const MARGIN = { left: 58, right: 14, top: 28, bottom: 40 };

const state = {
  setup: null,
  controls: new Map(), // path -> { control, row, range, box, select, problem }
  values: new Map(), // path -> current value (text)
  results: null,
  baseline: null,
  requestSeq: 0,
  inflight: null,
  latencies: [],
};
// For tests and the curious: the state and each redraw's latency.
window.mgateExplore = state;

function el(tag, attrs = {}, parent = null, text = null) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS(SVG, tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

async function call(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  const type = response.headers.get('Content-Type') || '';
  const payload = type.startsWith('application/json') ? await response.json() : await response.text();
  return { status: response.status, payload };
}

// --- controls -----------------------------------------------------------------------------

function changedValues() {
  const values = {};
  for (const [path, entry] of state.controls) {
    const value = state.values.get(path);
    if (value !== entry.control.value) values[path] = value;
  }
  return values;
}

function buildControls() {
  const host = document.getElementById('control-groups');
  host.textContent = '';
  const groups = new Map();
  for (const control of state.setup.controls) {
    let group = groups.get(control.group);
    if (!group) {
      const section = el('section', { class: 'group' }, host);
      el('h2', {}, section, control.group);
      group = section;
      groups.set(control.group, group);
    }
    const id = 'c-' + control.path.replace(/[^a-z0-9_]/gi, '-');
    const row = el('div', { class: 'control', 'data-control': control.path }, group);
    el('label', { for: id }, row, control.label);
    const line = el('div', { class: 'row' }, row);
    const entry = { control, row };
    if (control.kind === 'choice') {
      entry.select = el('select', { id, 'data-path': control.path }, line);
      for (const option of control.options) el('option', { value: option }, entry.select, option);
      entry.select.value = control.value;
      entry.select.addEventListener('change', () => setValue(control.path, entry.select.value, true));
    } else {
      entry.range = el('input', {
        type: 'range', min: control.min, max: control.max, step: control.step,
        'data-path': control.path, 'aria-label': control.label,
      }, line);
      entry.box = el('input', { type: 'number', id, step: 'any', 'data-path': control.path }, line);
      entry.range.value = control.value;
      entry.box.value = control.value;
      entry.range.addEventListener('input', () => { entry.box.value = entry.range.value; });
      entry.range.addEventListener('change', () => setValue(control.path, entry.range.value, true));
      entry.box.addEventListener('change', () => setValue(control.path, entry.box.value.trim(), true));
    }
    el('span', { class: 'unit' }, line, control.unit);
    entry.problem = el('div', { class: 'problem', 'data-path': control.path, role: 'alert' }, row);
    state.controls.set(control.path, entry);
    state.values.set(control.path, control.value);
  }
  updateVisibility();
}

function setValue(path, value, run) {
  const entry = state.controls.get(path);
  state.values.set(path, value);
  if (entry.range && entry.range.value !== value) entry.range.value = value;
  if (entry.box && entry.box.value !== value) entry.box.value = value;
  if (entry.select) entry.select.value = value;
  entry.row.classList.toggle('changed', value !== entry.control.value);
  updateVisibility();
  if (run) simulate();
}

function updateVisibility() {
  for (const entry of state.controls.values()) {
    const when = entry.control.shown_when;
    if (when) entry.row.classList.toggle('hidden', state.values.get(when[0]) !== when[1]);
  }
}

function clearProblems() {
  for (const node of document.querySelectorAll('.problem')) node.textContent = '';
  for (const entry of state.controls.values()) entry.row.classList.remove('invalid');
  const box = document.getElementById('problems');
  box.hidden = true;
  box.textContent = '';
}

// Shows each problem beside its control (matched by path); the rest, and the whole report,
// above the charts.
function showProblems(payload) {
  clearProblems();
  const general = [];
  const problems = (payload && payload.problems) || [];
  for (const problem of problems) {
    const entry = state.controls.get(problem.path);
    const text = problem.message + (problem.location ? '\n  --> ' + problem.location : '');
    if (entry) {
      entry.problem.textContent += (entry.problem.textContent ? '\n' : '') + text;
      entry.row.classList.add('invalid');
    } else if (problem.path === 'name') {
      document.querySelector('.problem[data-path="name"]').textContent = text;
    } else {
      general.push(text);
    }
  }
  const report = typeof payload === 'string' ? payload : (payload && payload.report) || '';
  if (general.length || !problems.length) {
    const box = document.getElementById('problems');
    box.textContent = general.length ? general.join('\n\n') : report;
    box.hidden = !box.textContent;
  }
}

// --- simulation ---------------------------------------------------------------------------

function setStatus(text, busy) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.classList.toggle('busy', !!busy);
}

async function simulate() {
  const seq = ++state.requestSeq;
  const started = performance.now();
  setStatus('simulating', true);
  let reply;
  try {
    reply = await call('api/simulate', { values: changedValues() });
  } catch (error) {
    setStatus('the server does not answer: ' + error, false);
    return;
  }
  if (seq !== state.requestSeq) return; // a newer change is on its way
  const charts = document.getElementById('charts');
  if (reply.status === 200) {
    const answered = performance.now();
    clearProblems();
    state.results = reply.payload;
    charts.classList.remove('stale');
    drawAll();
    const drawn = performance.now();
    await new Promise(requestAnimationFrame);
    const ms = performance.now() - started;
    state.latencies.push(ms);
    state.timing = { answer: answered - started, draw: drawn - answered, frame: performance.now() - drawn };
    const r = reply.payload;
    setStatus(`${r.subjects} subjects x ${r.arms.length} arms simulated in ${Math.round(r.simulation_ms)} ms; redrawn ${Math.round(ms)} ms after the change`, false);
  } else {
    charts.classList.add('stale');
    showProblems(reply.payload);
    setStatus(reply.status === 422 ? 'not simulated: fix the values marked in red' : `not simulated (HTTP ${reply.status})`, false);
  }
  document.dispatchEvent(new CustomEvent('mgate:rendered', { detail: { seq, status: reply.status } }));
}

// --- drawing ------------------------------------------------------------------------------

function niceTicks(low, high, count) {
  if (!(high > low)) { high = low + 1; low -= 1; }
  const raw = (high - low) / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let i = Math.ceil(low / step); i * step <= high + step * 1e-9; i++) ticks.push(+(i * step).toPrecision(12));
  return ticks;
}

function format(value) {
  const a = Math.abs(value);
  if (a !== 0 && (a < 0.01 || a >= 1e5)) return value.toExponential(1);
  return String(+value.toPrecision(4));
}

// An empty chart with axes over [x0, x1] x [y0, y1]; returns the scales and the drawing layer.
function frame(svg, { title, xLabel, yLabel, x0, x1, y0, y1, zero }) {
  svg.textContent = '';
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const yTicks = niceTicks(y0, y1, 5);
  y0 = Math.min(y0, yTicks[0]);
  y1 = Math.max(y1, yTicks[yTicks.length - 1]);
  const x = (v) => left + ((v - x0) / (x1 - x0 || 1)) * (right - left);
  const y = (v) => bottom - ((v - y0) / (y1 - y0 || 1)) * (bottom - top);
  el('svg:text', { x: left, y: 16, class: 'title' }, svg, title);
  for (const t of yTicks) {
    el('svg:line', { x1: left, x2: right, y1: y(t), y2: y(t), class: 'grid' }, svg);
    el('svg:text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end' }, svg, format(t));
  }
  for (const t of niceTicks(x0, x1, 6)) {
    if (t < x0 - 1e-9 || t > x1 + 1e-9) continue;
    el('svg:line', { x1: x(t), x2: x(t), y1: bottom, y2: bottom + 4, class: 'axis' }, svg);
    el('svg:text', { x: x(t), y: bottom + 16, 'text-anchor': 'middle' }, svg, format(t));
  }
  el('svg:line', { x1: left, x2: right, y1: bottom, y2: bottom, class: 'axis' }, svg);
  el('svg:line', { x1: left, x2: left, y1: top, y2: bottom, class: 'axis' }, svg);
  if (zero && y0 < 0 && y1 > 0) {
    el('svg:line', { x1: left, x2: right, y1: y(0), y2: y(0), stroke: '#5f6368', 'stroke-width': 1.2 }, svg);
  }
  el('svg:text', { x: (left + right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'axis-label' }, svg, xLabel);
  el('svg:text', {
    x: -(top + bottom) / 2, y: 14, transform: 'rotate(-90)', 'text-anchor': 'middle', class: 'axis-label',
  }, svg, yLabel);
  // What is drawn stays inside the axes.
  const clip = svg.id + '-clip';
  const clipPath = el('svg:clipPath', { id: clip }, el('svg:defs', {}, svg));
  el('svg:rect', { x: left, y: top - 12, width: right - left, height: bottom - top + 12 }, clipPath);
  return { x, y, layer: el('svg:g', { 'clip-path': `url(#${clip})` }, svg) };
}

function path(points, x, y) {
  return points.map(([a, b], i) => `${i ? 'L' : 'M'}${x(a).toFixed(1)},${y(b).toFixed(1)}`).join('');
}

function armColour(index) {
  return ARM_COLOURS[index % ARM_COLOURS.length];
}

function drawTimeCourse(k) {
  const r = state.results;
  const [name, label, unit] = r.observables[k];
  const svg = document.getElementById('chart-' + name);
  const runs = [r];
  if (state.baseline) runs.push(state.baseline.results);
  let low = Infinity;
  let high = -Infinity;
  for (const run of runs) {
    for (const arm of run.arms) {
      for (const [q1, , q3] of arm.quartiles[k]) { low = Math.min(low, q1); high = Math.max(high, q3); }
    }
  }
  const pad = (high - low) * 0.08 || Math.abs(high) * 0.05 || 1;
  const days = r.days;
  const lastDay = Math.max(days[days.length - 1], state.baseline ? state.baseline.results.days.slice(-1)[0] : 0);
  const { x, y, layer } = frame(svg, {
    title: `${label}: median and interquartile band per arm`,
    xLabel: 'day', yLabel: `${label} (${unit})`, x0: 0, x1: lastDay, y0: low - pad, y1: high + pad,
  });
  if (state.baseline) {
    const b = state.baseline.results;
    b.arms.forEach((arm, a) => {
      const median = arm.quartiles[k].map((q, i) => [b.days[i], q[1]]);
      el('svg:path', {
        d: path(median, x, y), fill: 'none', stroke: armColour(a), 'stroke-width': 2,
        'stroke-dasharray': '6 4', opacity: 0.7, class: 'baseline',
      }, layer);
    });
  }
  r.arms.forEach((arm, a) => {
    const q = arm.quartiles[k];
    const upper = q.map((v, i) => [days[i], v[2]]);
    const lower = q.map((v, i) => [days[i], v[0]]).reverse();
    el('svg:path', { d: path(upper.concat(lower), x, y) + 'Z', fill: armColour(a), opacity: 0.14 }, layer);
    el('svg:path', {
      d: path(q.map((v, i) => [days[i], v[1]]), x, y), fill: 'none', stroke: armColour(a), 'stroke-width': 2.4,
      'data-arm': arm.name,
    }, layer);
  });
}

function drawEffect() {
  const r = state.results;
  const svg = document.getElementById('chart-effect');
  const width = r.bin_width;
  const sets = [{ run: r, pinned: false }];
  if (state.baseline) sets.push({ run: state.baseline.results, pinned: true });
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = 0;
  let y1 = 0;
  for (const { run } of sets) {
    for (const arm of run.effects) {
      for (const bin of arm.bins) {
        x0 = Math.min(x0, bin.low);
        x1 = Math.max(x1, bin.low + width);
        y0 = Math.min(y0, bin.effect);
        y1 = Math.max(y1, bin.effect);
      }
    }
  }
  if (!isFinite(x0)) { x0 = 0; x1 = 50; }
  const pad = (y1 - y0) * 0.1 || 0.5;
  const reference = r.arms.find((a) => a.name === r.reference_arm);
  const { x, y, layer } = frame(svg, {
    title: `Effect on 25(OH)D by baseline (P1): arm minus ${reference ? reference.label : r.reference_arm}`,
    xLabel: `baseline 25(OH)D (ng/mL), bins of ${width}`,
    yLabel: 'difference in mean change (ng/mL)', x0, x1, y0: y0 - pad, y1: y1 + pad, zero: true,
  });
  const arms = r.effects.length || 1;
  for (const { run, pinned } of sets) {
    run.effects.forEach((arm, e) => {
      const a = r.arms.findIndex((c) => c.name === arm.name);
      for (const bin of arm.bins) {
        const slot = (x(bin.low + width) - x(bin.low)) / arms;
        const left = x(bin.low) + e * slot + slot * 0.12;
        const top = y(Math.max(bin.effect, 0));
        const height = Math.max(Math.abs(y(bin.effect) - y(0)), 0.5);
        const faint = Math.min(bin.n, bin.n_reference) < 5;
        const attrs = {
          x: left.toFixed(1), y: top.toFixed(1), width: (slot * 0.76).toFixed(1), height: height.toFixed(1),
          'data-arm': arm.name, 'data-low': bin.low, 'data-effect': bin.effect, 'data-n': bin.n,
        };
        if (pinned) {
          Object.assign(attrs, { fill: 'none', stroke: armColour(a), 'stroke-dasharray': '4 3', 'stroke-width': 1.5, class: 'baseline' });
        } else {
          Object.assign(attrs, { fill: armColour(a), opacity: faint ? 0.35 : 0.85, class: 'bin' });
        }
        const bar = el('svg:rect', attrs, layer);
        if (!pinned) el('svg:title', {}, bar, `${arm.label}, baseline ${bin.low}-${bin.low + width} ng/mL: ${format(bin.effect)} ng/mL (n = ${bin.n}, reference n = ${bin.n_reference})`);
        if (!pinned && e === 0) el('svg:text', { x: x(bin.low + width / 2), y: MARGIN.top + 10, 'text-anchor': 'middle', class: 'axis-label' }, layer, `n=${bin.n}`);
      }
    });
  }
}

function gate(m, k, n) {
  const mn = Math.pow(m, n);
  const kn = Math.pow(k, n);
  return ((1 + kn) * mn) / (kn + mn);
}

function drawGates() {
  const r = state.results;
  const svg = document.getElementById('chart-gates');
  const g = r.gates;
  const m0 = 0.3;
  const m1 = 1.6;
  const curve = (gates, k) => {
    const points = [];
    for (let i = 0; i <= 60; i++) {
      const m = m0 + (i * (m1 - m0)) / 60;
      points.push([m, gate(m, gates.k[k], gates.n_gate)]);
    }
    return points;
  };
  // Up to 2.5: CYP24A1 keeps rising far above normal Mg, and the story is near m = 1.
  let high = 1;
  const all = [g];
  if (state.baseline) all.push(state.baseline.results.gates);
  for (const gates of all) for (let k = 0; k < 3; k++) for (const [, v] of curve(gates, k)) high = Math.max(high, v);
  high = Math.min(high, 2.5 / 1.05);
  const { x, y, layer } = frame(svg, {
    title: 'Mg gates: enzyme activity against cellular Mg, and the cohort',
    xLabel: 'cellular Mg status m (tissue Mg / reference)', yLabel: 'activity relative to m = 1',
    x0: m0, x1: m1, y0: 0, y1: high * 1.05,
  });
  const clamp = (v) => Math.min(Math.max(v, m0), m1);
  const [p5, p50, p95] = g.baseline_m;
  el('svg:rect', {
    x: x(clamp(p5)), y: y(high * 1.05), width: Math.max(x(clamp(p95)) - x(clamp(p5)), 1), height: y(0) - y(high * 1.05),
    fill: '#5f6368', opacity: 0.13, 'data-m-low': p5, 'data-m-high': p95,
  }, layer);
  el('svg:line', { x1: x(clamp(p50)), x2: x(clamp(p50)), y1: y(0), y2: y(high * 1.05), stroke: '#5f6368', 'stroke-width': 1.5 }, layer);
  el('svg:line', { x1: x(1), x2: x(1), y1: y(0), y2: y(high * 1.05), stroke: '#9aa0a6', 'stroke-dasharray': '3 3' }, layer);
  g.end_m.forEach((q, a) => {
    const cx = x(clamp(q[1]));
    el('svg:path', { d: `M${cx - 5},${MARGIN.top + 2}L${cx + 5},${MARGIN.top + 2}L${cx},${MARGIN.top + 11}Z`, fill: armColour(a) }, layer);
  });
  if (state.baseline) {
    const b = state.baseline.results.gates;
    for (let k = 0; k < 3; k++) {
      el('svg:path', { d: path(curve(b, k), x, y), fill: 'none', stroke: ENZYMES[k].colour, 'stroke-width': 2, 'stroke-dasharray': '6 4', opacity: 0.7, class: 'baseline' }, layer);
    }
  }
  for (let k = 0; k < 3; k++) {
    el('svg:path', { d: path(curve(g, k), x, y), fill: 'none', stroke: ENZYMES[k].colour, 'stroke-width': 2.6 }, layer);
  }
}

function swatch(parent, colour, kind) {
  const svg = el('svg:svg', { width: 26, height: 12, viewBox: '0 0 26 12' }, parent);
  if (kind === 'band') el('svg:rect', { x: 0, y: 1, width: 26, height: 10, fill: colour, opacity: 0.2 }, svg);
  else if (kind === 'dashed') el('svg:line', { x1: 0, x2: 26, y1: 6, y2: 6, stroke: colour, 'stroke-width': 2, 'stroke-dasharray': '6 4' }, svg);
  else el('svg:line', { x1: 0, x2: 26, y1: 6, y2: 6, stroke: colour, 'stroke-width': 2.6 }, svg);
}

function drawLegend() {
  const r = state.results;
  const host = document.getElementById('legend');
  host.textContent = '';
  el('h3', {}, host, 'Arms (line: median; band: 25th to 75th percentile; triangle: median m at the end)');
  const arms = el('ul', {}, host);
  r.arms.forEach((arm, a) => {
    const item = el('li', {}, arms);
    swatch(item, armColour(a), 'line');
    const change = arm.mean_change_ohd25.toFixed(2).replace(/^-0\.00$/, '0.00');
    el('span', {}, item, `${arm.label}: mean change of 25(OH)D ${change.startsWith('-') ? '' : '+'}${change} ng/mL`);
  });
  el('h3', {}, host, 'Gates');
  const gates = el('ul', {}, host);
  ENZYMES.forEach((enzyme, k) => {
    const item = el('li', {}, gates);
    swatch(item, enzyme.colour, 'line');
    el('span', {}, item, `${enzyme.name}, K = ${format(r.gates.k[k])}, n = ${format(r.gates.n_gate)}`);
  });
  const band = el('li', {}, gates);
  swatch(band, '#5f6368', 'band');
  el('span', {}, band, `the cohort's m at baseline: 5th to 95th percentile (${format(r.gates.baseline_m[0])} to ${format(r.gates.baseline_m[2])}), median line`);
  el('h3', {}, host, 'Effect chart');
  el('p', { class: 'hint' }, host, 'Faint bars: fewer than 5 subjects in the bin.');
  if (state.baseline) {
    el('h3', {}, host, 'Pinned baseline');
    const item = el('li', {}, el('ul', {}, host));
    swatch(item, '#5f6368', 'dashed');
    el('span', {}, item, state.baseline.label);
  }
}

function drawAll() {
  if (!state.results) return;
  state.results.observables.forEach((_, k) => drawTimeCourse(k));
  drawEffect();
  drawGates();
  drawLegend();
}

// --- what if, download, save --------------------------------------------------------------

function describeChanges(values) {
  const entries = Object.entries(values);
  if (!entries.length) return 'the file as written';
  return entries.map(([p, v]) => `${p} = ${v}`).join(', ');
}

function pin() {
  if (!state.results) return;
  const label = describeChanges(changedValues());
  state.baseline = { results: state.results, label: 'dashed: ' + label };
  document.getElementById('unpin').disabled = false;
  document.getElementById('pinned').textContent = 'Pinned: ' + label;
  drawAll();
}

function unpin() {
  state.baseline = null;
  document.getElementById('unpin').disabled = true;
  document.getElementById('pinned').textContent = '';
  drawAll();
}

function reset() {
  for (const [path, entry] of state.controls) setValue(path, entry.control.value, false);
  simulate();
}

function runName() {
  return document.getElementById('run-name').value.trim();
}

async function download() {
  const name = runName();
  const reply = await call('api/scenario', { values: changedValues(), name });
  if (reply.status !== 200) {
    showProblems(reply.payload);
    return;
  }
  clearProblems();
  const blob = new Blob([reply.payload], { type: 'application/toml' });
  const link = el('a', { href: URL.createObjectURL(blob), download: `${name || state.setup.scenario.name}.toml` }, document.body);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

async function save() {
  const name = runName();
  const saved = document.getElementById('saved');
  saved.textContent = 'saving…';
  const reply = await call('api/save', { values: changedValues(), name });
  if (reply.status === 200) {
    clearProblems();
    saved.textContent = `wrote ${reply.payload.folder}/ (the folder \`mgate run\` writes)`;
  } else {
    saved.textContent = '';
    showProblems(reply.payload);
    const report = typeof reply.payload === 'string' ? reply.payload : reply.payload.report;
    if (!(reply.payload.problems || []).length) document.querySelector('.problem[data-path="name"]').textContent = report;
  }
}

async function init() {
  const reply = await call('api/setup');
  if (reply.status !== 200) {
    setStatus('cannot load the scenario: ' + (reply.payload.report || reply.payload), false);
    return;
  }
  const setup = reply.payload;
  state.setup = setup;
  document.getElementById('title').textContent = setup.scenario.title;
  document.title = `mgate explore: ${setup.scenario.name}`;
  document.getElementById('subtitle').textContent =
    `${setup.file}${setup.scenario.reference ? ' · ' + setup.scenario.reference : ''} · ${setup.scenario.duration_days} days · runs are saved to ${setup.out_dir}/NAME`;
  document.getElementById('description').textContent = setup.scenario.description || '';
  document.getElementById('look-for').textContent = setup.scenario.look_for ? 'Look for: ' + setup.scenario.look_for : '';
  document.getElementById('run-name').value = setup.default_name;
  buildControls();
  document.getElementById('pin').addEventListener('click', pin);
  document.getElementById('unpin').addEventListener('click', unpin);
  document.getElementById('reset').addEventListener('click', reset);
  document.getElementById('download').addEventListener('click', download);
  document.getElementById('save').addEventListener('click', save);
  await simulate();
}

init();
