// The mesograph atlas. Every text from the data reaches the page through textContent or
// setAttribute, never as markup, so a name that looks like a tag shows as text.
(function () {
  'use strict';

  const SVG = 'http://www.w3.org/2000/svg';
  const data = JSON.parse(document.getElementById('atlas-data').textContent);
  const L = data.layout;
  const actors = new Map(data.graph.nodes.map((a) => [a.id, a]));
  const links = data.graph.edges;
  const linkById = new Map(links.map((l) => [l.id, l]));
  const actorKinds = new Map(data.actorKinds.map((k) => [k.id, k]));
  const linkKinds = new Map(data.linkKinds.map((k) => [k.id, k]));

  // The confidences present, in the order of the data format.
  const confidences = ['stated', 'inferred', 'proposed'].filter((c) => links.some((l) => l.confidence === c));
  const horizon = data.horizon === undefined ? null : data.horizon;

  // What the page shows: everything here is written to the address's fragment (see `stateHash`).
  const state = {
    year: data.year,
    shownActorKinds: new Set(actorKinds.keys()),
    shownLinkKinds: new Set(linkKinds.keys()),
    shownConfidence: new Set(confidences),
    hideIsolated: !!data.hideIsolated,
    selected: null, // { type: 'actor' | 'link', id }
    timer: null,
    zoom: 1,
  };

  // ---- helpers -------------------------------------------------------------------------

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function svgEl(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function clampYear(year) {
    return Math.max(data.span[0], Math.min(data.span[1], year));
  }

  function isProjection(year) {
    return horizon !== null && year > horizon;
  }

  function lifetime(start, end) {
    if (end === null || end === undefined) return start + '–';
    return end === start ? String(start) : start + '–' + end;
  }

  function nameIn(actor, year) {
    for (const n of actor.names || []) {
      if (n.start <= year && (n.end === null || n.end === undefined || year <= n.end)) return n.name;
    }
    return actor.name;
  }

  function cut(name) {
    const chars = Array.from(name);
    return chars.length <= L.label_chars ? name : chars.slice(0, L.label_chars - 1).join('') + '…';
  }

  function kindLabel(kind) {
    const k = actorKinds.get(kind) || linkKinds.get(kind);
    return k ? k.label : String(kind).replace(/_/g, ' ');
  }

  function actorActive(a, year) {
    return a.start <= year && (a.end === null || a.end === undefined || year <= a.end);
  }

  function linkActive(l, year) {
    const path = L.links[l.id];
    const act = path && path.active;
    return !!act && act[0] <= year && (act[1] === null || year <= act[1]);
  }

  // Only web addresses become links; anything else stays text.
  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
  }

  // Case, accents and punctuation do not matter when searching, as on the command line.
  function normalise(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  }

  // ---- drawing -------------------------------------------------------------------------

  const canvas = document.getElementById('canvas');
  const svg = svgEl('svg', {
    viewBox: `0 0 ${L.width} ${L.height}`, role: 'group', 'aria-label': 'Actors and links',
  });
  const defs = svgEl('defs');
  for (const k of data.linkKinds) {
    const marker = svgEl('marker', {
      id: 'arrow-' + k.id, viewBox: '0 0 10 10', refX: 9, refY: 5,
      markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
    });
    marker.appendChild(svgEl('path', { d: 'M0 0 L10 5 L0 10 z', fill: k.colour }));
    defs.appendChild(marker);
  }
  const hatch = svgEl('pattern', {
    id: 'projection-hatch', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)',
  });
  hatch.appendChild(svgEl('rect', { width: 8, height: 8, fill: '#f3f0e6' }));
  hatch.appendChild(svgEl('line', { x1: 0, y1: 0, x2: 0, y2: 8, stroke: '#e2dccb', 'stroke-width': 3 }));
  defs.appendChild(hatch);
  svg.appendChild(defs);

  const background = svgEl('g', { class: 'background' });
  // Lane titles and year ticks stay in view while the drawing scrolls (see `stick`).
  const laneTitles = svgEl('g', { class: 'lane-titles' });
  const ticks = svgEl('g', { class: 'ticks' });
  ticks.appendChild(svgEl('rect', { class: 'ticks-bg', x: 0, y: 0, width: L.width, height: L.top - 4 }));
  L.lanes.forEach((lane, i) => {
    background.appendChild(svgEl('rect', {
      class: i % 2 ? 'lane odd' : 'lane', x: 0, y: lane.y, width: L.width, height: lane.h,
    }));
    const title = svgEl('text', { class: 'lane-title', x: 8, y: lane.y + 14 }, kindLabel(lane.kind));
    laneTitles.appendChild(title);
  });
  for (const c of L.columns) {
    background.appendChild(svgEl('line', {
      class: 'tick-line', x1: c.x, x2: c.x, y1: L.top - 6, y2: L.height,
    }));
    ticks.appendChild(svgEl('text', { class: 'tick', x: c.x + 3, y: L.top - 12 }, c.year));
  }
  // The years after the dataset's horizon, which its sources do not observe.
  let projectionLabel = null;
  const projectionColumn = horizon === null ? null : L.columns.find((c) => c.year > horizon);
  if (projectionColumn) {
    const x = projectionColumn.x;
    background.appendChild(svgEl('rect', {
      class: 'projection', x, y: L.top - 6, width: Math.max(0, L.width - x), height: L.height - L.top + 6,
      fill: 'url(#projection-hatch)',
    }));
    // Written down the band's left edge, which stays in view when the drawing fits a year, over
    // the shade of the years to come.
    projectionLabel = svgEl('text', {
      class: 'projection-label', x: x + 6, y: L.top + 4, transform: `rotate(90 ${x + 6} ${L.top + 4})`,
    }, `projection: after ${horizon}`);
  }
  svg.appendChild(background);
  const future = svgEl('rect', { class: 'future', x: L.width, y: L.top, width: 0, height: L.height });
  const now = svgEl('line', { class: 'now', x1: 0, x2: 0, y1: L.top - 8, y2: L.height });

  const linkLayer = svgEl('g', { class: 'links' });
  const linkNodes = new Map();
  for (const l of links) {
    const path = L.links[l.id];
    if (!path) continue;
    const k = linkKinds.get(l.kind);
    const g = svgEl('g', { class: 'link', 'data-id': l.id, 'data-kind': l.kind });
    g.appendChild(svgEl('path', { class: 'hit', d: path.d }));
    const line = svgEl('path', {
      class: 'line', d: path.d, stroke: k ? k.colour : '#888', 'marker-end': `url(#arrow-${l.kind})`,
    });
    if (l.confidence === 'inferred') line.setAttribute('stroke-dasharray', '6 4');
    if (l.confidence === 'proposed') line.setAttribute('stroke-dasharray', '2 3');
    g.appendChild(line);
    g.addEventListener('click', () => select({ type: 'link', id: l.id }));
    g.addEventListener('mousemove', (ev) => showTooltip(linkSentence(l), kindLabel(l.kind), ev.clientX, ev.clientY));
    g.addEventListener('mouseleave', hideTooltip);
    linkLayer.appendChild(g);
    linkNodes.set(l.id, g);
  }
  svg.appendChild(linkLayer);
  svg.appendChild(future);
  svg.appendChild(now);
  if (projectionLabel) svg.appendChild(projectionLabel);

  const actorLayer = svgEl('g', { class: 'actors' });
  const actorNodes = new Map();
  for (const a of data.graph.nodes) {
    const box = L.actors[a.id];
    if (!box) continue;
    const k = actorKinds.get(a.kind);
    // A scenario's actor is a hypothesis: drawn with a dashed outline.
    const hypothesis = (data.scenarioActors || []).includes(a.id);
    const g = svgEl('g', {
      class: hypothesis ? 'actor hypothesis' : 'actor', 'data-id': a.id, 'data-kind': a.kind, tabindex: 0, role: 'button',
    });
    g.appendChild(svgEl('rect', {
      x: box.x, y: box.y, width: box.w, height: box.h, rx: 5, fill: k ? k.colour : '#eee',
    }));
    g.appendChild(svgEl('text', { x: box.x + 8, y: box.y + box.h / 2 }));
    g.addEventListener('click', () => select({ type: 'actor', id: a.id }));
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        select({ type: 'actor', id: a.id });
      }
    });
    g.addEventListener('mousemove', (ev) => showTooltip(nameIn(a, state.year), kindLabel(a.kind), ev.clientX, ev.clientY));
    g.addEventListener('mouseleave', hideTooltip);
    g.addEventListener('focus', () => {
      const r = g.getBoundingClientRect();
      showTooltip(nameIn(a, state.year), kindLabel(a.kind), r.left, r.bottom);
    });
    g.addEventListener('blur', hideTooltip);
    actorLayer.appendChild(g);
    actorNodes.set(a.id, g);
  }
  svg.appendChild(actorLayer);
  svg.appendChild(laneTitles);
  svg.appendChild(ticks);
  canvas.appendChild(svg);

  function stick() {
    const dx = canvas.scrollLeft / state.zoom;
    const dy = canvas.scrollTop / state.zoom;
    laneTitles.setAttribute('transform', `translate(${dx} 0)`);
    ticks.setAttribute('transform', `translate(0 ${dy})`);
  }
  canvas.addEventListener('scroll', stick, { passive: true });

  // ---- tooltip -------------------------------------------------------------------------

  const tooltip = document.getElementById('tooltip');
  function showTooltip(title, meta, x, y) {
    tooltip.replaceChildren(el('div', { class: 'name' }, title), el('div', { class: 'meta' }, meta));
    tooltip.hidden = false;
    const left = Math.min(x + 14, window.innerWidth - tooltip.offsetWidth - 8);
    tooltip.style.left = Math.max(4, left) + 'px';
    tooltip.style.top = Math.min(y + 14, window.innerHeight - tooltip.offsetHeight - 8) + 'px';
  }
  function hideTooltip() {
    tooltip.hidden = true;
  }

  function linkSentence(l) {
    const from = actors.get(l.source);
    const to = actors.get(l.target);
    return `${from ? nameIn(from, state.year) : l.source} ${kindLabel(l.kind)} ${to ? nameIn(to, state.year) : l.target}`;
  }

  // ---- year, filters -------------------------------------------------------------------

  const slider = document.getElementById('year');
  const yearValue = document.getElementById('year-value');
  const status = document.getElementById('status');
  const projectionBadge = document.getElementById('projection');
  slider.min = String(data.span[0]);
  slider.max = String(data.span[1]);

  function actorKept(a) {
    return actorActive(a, state.year) && state.shownActorKinds.has(a.kind);
  }

  // The ids of the actors and links shown in the current year with the current filters. A link
  // shows when its kind and confidence are kept and both its ends are; "hide actors without
  // links" then drops the actors that no shown link touches.
  function computeShown() {
    const shownLinks = new Set();
    const linked = new Set();
    for (const l of links) {
      const from = actors.get(l.source);
      const to = actors.get(l.target);
      if (linkActive(l, state.year) && state.shownLinkKinds.has(l.kind) && state.shownConfidence.has(l.confidence) &&
        !!from && !!to && actorKept(from) && actorKept(to)) {
        shownLinks.add(l.id);
        linked.add(l.source);
        linked.add(l.target);
      }
    }
    const shownActors = new Set();
    for (const a of data.graph.nodes) {
      if (actorKept(a) && (!state.hideIsolated || linked.has(a.id))) shownActors.add(a.id);
    }
    return { actors: shownActors, links: shownLinks };
  }

  // The width of what is drawn: the boxes shown and the edge of time.
  function drawnWidth(shown) {
    const next = L.columns.find((c) => c.year > state.year);
    let right = next ? next.x : L.width;
    for (const id of shown.actors) right = Math.max(right, L.actors[id].x + L.actors[id].w);
    return Math.min(L.width, Math.ceil(right + 12));
  }

  const fitted = new Set();
  const toFit = [];

  let lastShown = { actors: new Set(), links: new Set() };

  // Draws the state; `what` changed ('year', 'filter', 'select') goes into the history, nothing
  // when the state was read from the address.
  function update(what) {
    const year = state.year;
    slider.value = String(year);
    yearValue.textContent = String(year);
    projectionBadge.hidden = !isProjection(year);
    const visible = computeShown();
    lastShown = visible;
    for (const [id, g] of actorNodes) {
      const a = actors.get(id);
      const shown = visible.actors.has(id);
      if (shown) {
        g.removeAttribute('display');
        g.setAttribute('tabindex', '0');
      } else {
        g.setAttribute('display', 'none');
        g.setAttribute('tabindex', '-1');
      }
      const name = nameIn(a, year);
      const text = g.lastChild;
      if (text.textContent !== cut(name)) {
        g.setAttribute('aria-label', `${name} (${kindLabel(a.kind)})`);
        text.textContent = cut(name);
        text.removeAttribute('textLength');
        text.removeAttribute('lengthAdjust');
        fitted.delete(id);
      }
      if (shown && !fitted.has(id)) toFit.push(id);
    }
    // The layout estimated the widths; squeeze a text that came out wider than its box. Measured
    // once per label, after all changes, so that the page lays out only once.
    for (const id of toFit.splice(0)) {
      const text = actorNodes.get(id).lastChild;
      const room = L.actors[id].w - 14;
      if (text.getComputedTextLength() > room) {
        text.setAttribute('textLength', String(room));
        text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
      }
      fitted.add(id);
    }
    for (const [id, g] of linkNodes) {
      if (visible.links.has(id)) {
        g.removeAttribute('display');
      } else {
        g.setAttribute('display', 'none');
      }
    }
    // Shade the years to come: columns of actors not yet created.
    const next = L.columns.find((c) => c.year > year);
    const x = next ? next.x : L.width;
    future.setAttribute('x', String(x));
    future.setAttribute('width', String(Math.max(0, L.width - x)));
    now.setAttribute('x1', String(x));
    now.setAttribute('x2', String(x));
    // Keep the edge of time in view when it leaves it (the newest actors sit just left of it).
    const edge = x * state.zoom;
    if (edge > canvas.scrollLeft + canvas.clientWidth || edge < canvas.scrollLeft) {
      canvas.scrollLeft = Math.max(0, edge - canvas.clientWidth + 60);
    }
    const when = isProjection(year) ? `${year} (projection)` : String(year);
    status.textContent = `${when}: ${visible.actors.size} actors, ${visible.links.size} links`;
    status.setAttribute('data-actors', String(visible.actors.size));
    status.setAttribute('data-links', String(visible.links.size));
    highlight();
    renderDetails();
    if (what) record(what);
  }

  function setYear(year) {
    state.year = clampYear(year);
    update('year');
  }

  slider.addEventListener('input', () => {
    stop();
    setYear(Number(slider.value));
  });

  const play = document.getElementById('play');
  function stop() {
    if (state.timer !== null) {
      clearInterval(state.timer);
      state.timer = null;
    }
    play.textContent = '▶ Play';
    play.setAttribute('aria-pressed', 'false');
  }
  function start() {
    if (state.year >= data.span[1]) setYear(data.span[0]);
    play.textContent = '❚❚ Pause';
    play.setAttribute('aria-pressed', 'true');
    state.timer = setInterval(() => {
      if (state.year >= data.span[1]) stop();
      else setYear(state.year + 1);
    }, 700);
  }
  play.addEventListener('click', () => (state.timer === null ? start() : stop()));

  function filterBox(container, kinds, shown, swatchClass, colourProp) {
    for (const k of kinds) {
      const id = `filter-${swatchClass}-${k.id}`;
      const input = el('input', { type: 'checkbox', id, 'data-kind': k.id });
      input.checked = true;
      const swatch = el('span', { class: `swatch ${swatchClass}`, 'aria-hidden': 'true' });
      swatch.style[colourProp] = k.colour;
      const label = el('label', { for: id });
      label.append(input, swatch, document.createTextNode(k.label));
      input.addEventListener('change', () => {
        if (input.checked) shown.add(k.id);
        else shown.delete(k.id);
        update('filter');
      });
      container.appendChild(label);
    }
  }
  filterBox(document.getElementById('actor-filters'), data.actorKinds, state.shownActorKinds, 'fill', 'backgroundColor');
  filterBox(document.getElementById('link-filters'), data.linkKinds, state.shownLinkKinds, 'line', 'borderTopColor');
  const confidenceFilters = document.getElementById('confidence-filters');
  for (const c of confidences) {
    const input = el('input', { type: 'checkbox', id: `filter-confidence-${c}`, 'data-confidence': c });
    input.addEventListener('change', () => {
      if (input.checked) state.shownConfidence.add(c);
      else state.shownConfidence.delete(c);
      update('filter');
    });
    const label = el('label', { for: input.id });
    label.append(input, el('span', { class: `swatch line ${c}`, 'aria-hidden': 'true' }), document.createTextNode(c));
    confidenceFilters.appendChild(label);
  }
  const hideIsolated = document.getElementById('hide-isolated');
  hideIsolated.addEventListener('change', () => {
    state.hideIsolated = hideIsolated.checked;
    update('filter');
  });

  // The filter controls show the state (after it was read from the address).
  function syncControls() {
    for (const k of actorKinds.keys()) document.getElementById(`filter-fill-${k}`).checked = state.shownActorKinds.has(k);
    for (const k of linkKinds.keys()) document.getElementById(`filter-line-${k}`).checked = state.shownLinkKinds.has(k);
    for (const c of confidences) document.getElementById(`filter-confidence-${c}`).checked = state.shownConfidence.has(c);
    hideIsolated.checked = state.hideIsolated;
  }

  // ---- selection and details -----------------------------------------------------------

  function highlight() {
    for (const g of actorNodes.values()) g.classList.remove('selected', 'hl');
    for (const g of linkNodes.values()) g.classList.remove('selected', 'hl');
    svg.classList.remove('dim');
    const sel = state.selected;
    if (!sel) return;
    if (sel.type === 'actor') {
      const node = actorNodes.get(sel.id);
      if (node) node.classList.add('selected');
      for (const l of links) {
        if ((l.source === sel.id || l.target === sel.id) && linkNodes.get(l.id)) {
          linkNodes.get(l.id).classList.add('hl');
          const other = actorNodes.get(l.source === sel.id ? l.target : l.source);
          if (other) other.classList.add('hl');
        }
      }
    } else {
      const l = linkById.get(sel.id);
      const g = linkNodes.get(sel.id);
      if (g) g.classList.add('selected');
      if (l) {
        for (const end of [l.source, l.target]) {
          const node = actorNodes.get(end);
          if (node) node.classList.add('hl');
        }
      }
    }
    svg.classList.add('dim');
  }

  function select(sel, focus) {
    state.selected = sel;
    if (sel.type === 'actor') {
      const a = actors.get(sel.id);
      if (!a) return;
      if (!state.shownActorKinds.has(a.kind)) {
        state.shownActorKinds.add(a.kind);
        const box = document.getElementById(`filter-fill-${a.kind}`);
        if (box) box.checked = true;
      }
      if (!actorActive(a, state.year)) {
        state.year = clampYear(state.year < a.start ? a.start : a.end);
      }
    }
    update('select');
    if (sel.type === 'actor' && focus) {
      const node = actorNodes.get(sel.id);
      if (node) {
        node.scrollIntoView({ block: 'center', inline: 'center' });
        node.focus({ preventScroll: true });
      }
    }
  }

  const details = document.getElementById('details');
  const hint = details.querySelector('.hint');

  function citationList(citations) {
    const ul = el('ul', { class: 'citations' });
    for (const c of citations || []) {
      const li = el('li');
      const title = c.title || c.source;
      const url = safeUrl(c.url);
      if (url) {
        li.appendChild(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title));
      } else {
        li.appendChild(el('cite', {}, title));
      }
      if (c.locator) li.appendChild(document.createTextNode(` — ${c.locator}`));
      ul.appendChild(li);
    }
    return ul;
  }

  function refButton(text, sel) {
    const b = el('button', { type: 'button', class: 'ref' }, text);
    b.addEventListener('click', () => select(sel, sel.type === 'actor'));
    return b;
  }

  function section(title, content) {
    return [el('h3', {}, title), content];
  }

  function renderActor(a) {
    const year = state.year;
    const parts = [
      el('h2', {}, nameIn(a, year)),
      el('p', { class: 'kind' }, `${kindLabel(a.kind)} · ${lifetime(a.start, a.end)}`),
    ];
    if (a.full_name) parts.push(el('p', { class: 'full-name' }, a.full_name));
    if (a.aliases && a.aliases.length) parts.push(el('p', { class: 'aliases' }, 'Also: ' + a.aliases.join(', ')));
    if (a.names && a.names.length) {
      const ul = el('ul', { class: 'names' });
      for (const n of a.names) ul.appendChild(el('li', {}, `${n.name} (${lifetime(n.start, n.end)})`));
      parts.push(...section('Earlier names', ul));
    }
    if (a.note) parts.push(el('p', { class: 'note' }, a.note));

    const own = links.filter((l) => (l.source === a.id || l.target === a.id) && linkActive(l, year));
    const ul = el('ul', { class: 'links' });
    for (const l of own) {
      const li = el('li');
      li.appendChild(refButton(linkSentence(l), { type: 'link', id: l.id }));
      ul.appendChild(li);
    }
    if (!own.length) ul.appendChild(el('li', {}, 'none this year'));
    parts.push(...section(`Links in ${year}`, ul));

    const milestones = a.milestones || [];
    if (milestones.length) {
      const list = el('ul', { class: 'milestones' });
      for (const m of milestones) {
        const li = el('li', { 'data-year': m.year });
        li.appendChild(el('strong', {}, String(m.year)));
        li.appendChild(document.createTextNode(` ${m.title}${m.place ? ' (' + m.place + ')' : ''}`));
        if (m.figures && m.figures.length) {
          const figs = el('ul', { class: 'figures' });
          for (const f of m.figures) {
            const value = Number(f.value).toLocaleString('en');
            figs.appendChild(el('li', { class: 'figure' }, `${f.name.replace(/_/g, ' ')}: ${value}${f.unit ? ' ' + f.unit : ''}`));
          }
          li.appendChild(figs);
        }
        if (m.related && m.related.length) {
          const names = m.related.map((id) => (actors.get(id) ? nameIn(actors.get(id), m.year) : id));
          li.appendChild(el('div', { class: 'related' }, 'With: ' + names.join(', ')));
        }
        if (m.note) li.appendChild(el('div', { class: 'note' }, m.note));
        li.appendChild(citationList(m.citations));
        list.appendChild(li);
      }
      parts.push(...section('Milestones and figures', list));
    }
    parts.push(...section('Sources', citationList(a.citations)));
    return parts;
  }

  function renderLink(l) {
    const from = actors.get(l.source);
    const to = actors.get(l.target);
    const parts = [
      el('h2', {}, linkSentence(l)),
      el('p', { class: 'kind' }, `${kindLabel(l.kind)} · ${lifetime(l.start, l.end)} · ${l.confidence}`),
    ];
    if (l.note) parts.push(el('p', { class: 'note' }, l.note));
    const ends = el('ul', { class: 'ends' });
    for (const [role, a] of [['from', from], ['to', to]]) {
      if (!a) continue;
      const li = el('li', {}, `${role}: `);
      li.appendChild(refButton(nameIn(a, state.year), { type: 'actor', id: a.id }));
      ends.appendChild(li);
    }
    parts.push(ends);
    parts.push(...section('Sources', citationList(l.citations)));
    return parts;
  }

  function renderDetails() {
    const sel = state.selected;
    let parts = [hint];
    if (sel && sel.type === 'actor' && actors.get(sel.id)) parts = renderActor(actors.get(sel.id));
    if (sel && sel.type === 'link' && linkById.get(sel.id)) parts = renderLink(linkById.get(sel.id));
    details.replaceChildren(...parts);
    details.setAttribute('data-selected', sel ? sel.id : '');
  }

  // ---- search --------------------------------------------------------------------------

  const search = document.getElementById('search');
  const results = document.getElementById('results');
  const resultsCount = document.getElementById('results-count');
  const index = data.graph.nodes.map((a) => ({
    id: a.id,
    keys: [a.id, a.name, a.full_name || '', ...(a.aliases || []), ...(a.names || []).map((n) => n.name)]
      .filter(Boolean).map(normalise),
  }));

  function matches(query) {
    const q = normalise(query);
    if (!q) return [];
    const scored = [];
    for (const entry of index) {
      let best = 9;
      for (const k of entry.keys) {
        if (k === q) best = Math.min(best, 0);
        else if (k.startsWith(q)) best = Math.min(best, 1);
        else if (k.includes(q)) best = Math.min(best, 2);
      }
      if (best < 9) scored.push([best, actors.get(entry.id).name.toLowerCase(), entry.id]);
    }
    scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
    return scored.slice(0, 12).map((s) => s[2]);
  }

  function choose(id) {
    results.replaceChildren();
    resultsCount.textContent = '';
    select({ type: 'actor', id }, true);
  }

  function showResults() {
    const ids = matches(search.value);
    results.replaceChildren(...ids.map((id) => {
      const a = actors.get(id);
      const li = el('li');
      const b = el('button', { type: 'button', 'data-id': id }, nameIn(a, state.year));
      b.appendChild(el('span', { class: 'meta' }, ` ${kindLabel(a.kind)}, ${lifetime(a.start, a.end)}`));
      b.addEventListener('click', () => choose(id));
      b.addEventListener('keydown', (ev) => {
        const items = [...results.querySelectorAll('button')];
        const i = items.indexOf(b);
        if (ev.key === 'ArrowDown' && i + 1 < items.length) { ev.preventDefault(); items[i + 1].focus(); }
        if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? items[i - 1] : search).focus(); }
        if (ev.key === 'Escape') { results.replaceChildren(); search.focus(); }
      });
      li.appendChild(b);
      return li;
    }));
    resultsCount.textContent = search.value ? `${ids.length} matching actors` : '';
  }

  search.addEventListener('input', showResults);
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      const first = matches(search.value)[0];
      if (first) choose(first);
    } else if (ev.key === 'ArrowDown') {
      const b = results.querySelector('button');
      if (b) { ev.preventDefault(); b.focus(); }
    } else if (ev.key === 'Escape') {
      search.value = '';
      results.replaceChildren();
    }
  });

  // ---- zoom and shortcuts --------------------------------------------------------------

  function setZoom(z) {
    state.zoom = Math.max(0.3, Math.min(3, z));
    svg.setAttribute('width', String(Math.round(L.width * state.zoom)));
    svg.setAttribute('height', String(Math.round(L.height * state.zoom)));
    stick();
  }
  // Fit: what is drawn in the year shown fills the width of the canvas, from its left edge (at
  // most twice its size, for the early years with a handful of actors).
  function fit() {
    setZoom(Math.min(2, canvas.clientWidth / drawnWidth(computeShown())));
    canvas.scrollLeft = 0;
    canvas.scrollTop = 0;
    stick();
  }
  document.getElementById('zoom-in').addEventListener('click', () => setZoom(state.zoom * 1.25));
  document.getElementById('zoom-out').addEventListener('click', () => setZoom(state.zoom / 1.25));
  document.getElementById('zoom-fit').addEventListener('click', fit);

  // ---- the address: the view in the fragment, the back button through views -------------

  // `#year=2012&actor=genci&without-actor-kind=person,report&confidence=stated`: the year, the
  // selection (`actor` or `link`) and the filters that differ from the page's defaults. Values
  // are percent-encoded but for the commas between list items.
  function stateHash() {
    const parts = [['year', String(state.year)]];
    if (state.selected) parts.push([state.selected.type, state.selected.id]);
    const hidden = (all, shown) => [...all].filter((k) => !shown.has(k));
    const actorKindsOut = hidden(actorKinds.keys(), state.shownActorKinds);
    if (actorKindsOut.length) parts.push(['without-actor-kind', actorKindsOut.join(',')]);
    const linkKindsOut = hidden(linkKinds.keys(), state.shownLinkKinds);
    if (linkKindsOut.length) parts.push(['without-link-kind', linkKindsOut.join(',')]);
    if (state.shownConfidence.size < confidences.length) {
      parts.push(['confidence', confidences.filter((c) => state.shownConfidence.has(c)).join(',')]);
    }
    if (state.hideIsolated !== !!data.hideIsolated) parts.push(['hide-isolated', state.hideIsolated ? 'yes' : 'no']);
    const encode = (v) => encodeURIComponent(v).replace(/%2C/g, ',');
    return '#' + parts.map(([k, v]) => `${k}=${encode(v)}`).join('&');
  }

  // Sets the state from a fragment; what it does not name takes the page's default, and what
  // the data does not hold (an unknown actor or kind, a year outside the slider) is ignored.
  function applyHash(hash) {
    const params = new Map();
    for (const part of hash.replace(/^#/, '').split('&')) {
      const i = part.indexOf('=');
      if (i <= 0) continue;
      try {
        params.set(part.slice(0, i), decodeURIComponent(part.slice(i + 1)));
      } catch (e) {
        // A malformed escape: the parameter is left out.
      }
    }
    const list = (key) => (params.get(key) || '').split(',').filter(Boolean);
    const year = Number(params.get('year'));
    state.year = params.has('year') && Number.isInteger(year) ? clampYear(year) : data.year;
    const reset = (set, all, out) => {
      set.clear();
      for (const k of all) if (!out.includes(k)) set.add(k);
    };
    reset(state.shownActorKinds, actorKinds.keys(), list('without-actor-kind'));
    reset(state.shownLinkKinds, linkKinds.keys(), list('without-link-kind'));
    const kept = params.has('confidence') ? list('confidence') : confidences;
    reset(state.shownConfidence, confidences, confidences.filter((c) => !kept.includes(c)));
    state.hideIsolated = params.has('hide-isolated') ? params.get('hide-isolated') === 'yes' : !!data.hideIsolated;
    if (params.has('actor') && actors.has(params.get('actor'))) {
      state.selected = { type: 'actor', id: params.get('actor') };
    } else if (params.has('link') && linkById.has(params.get('link'))) {
      state.selected = { type: 'link', id: params.get('link') };
    } else {
      state.selected = null;
    }
    syncControls();
  }

  // A new history entry per view; steps of the year less than a second apart (dragging the
  // slider, holding an arrow key, playing) make one.
  let lastRecord = { what: '', at: 0 };
  function record(what) {
    const hash = stateHash();
    const now = Date.now();
    if (hash !== location.hash) {
      const same = what === 'year' && lastRecord.what === 'year' && now - lastRecord.at < 1000;
      if (same) history.replaceState(null, '', hash);
      else history.pushState(null, '', hash);
    }
    lastRecord = { what, at: now };
  }

  // The back and forward buttons, and an address edited by hand.
  function restore() {
    if (location.hash === stateHash()) return;
    stop();
    applyHash(location.hash);
    lastRecord = { what: '', at: 0 };
    update();
  }
  window.addEventListener('popstate', restore);
  window.addEventListener('hashchange', restore);

  // ---- saving the view -----------------------------------------------------------------

  function fileName(ext) {
    const base = normalise(data.title).replace(/ /g, '-') || 'atlas';
    return `${base}-${state.year}.${ext}`;
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  // The view as a standalone SVG document: what is shown this year, cropped to what is drawn,
  // under a heading with the title and the year, styled by a copy of the page's rules.
  function viewSvg() {
    const head = 40;
    const width = drawnWidth(lastShown);
    const height = L.height + head;
    const out = svg.cloneNode(true);
    for (const e of out.querySelectorAll('[display="none"], .hit, .future')) e.remove();
    for (const e of out.querySelectorAll('[tabindex]')) e.removeAttribute('tabindex');
    for (const e of out.querySelectorAll('.lane-titles, .ticks')) e.removeAttribute('transform');
    out.setAttribute('xmlns', SVG);
    out.setAttribute('viewBox', `0 ${-head} ${width} ${height}`);
    out.setAttribute('width', String(width));
    out.setAttribute('height', String(height));
    const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText));
    const style = svgEl('style', {}, rules.join('\n'));
    const paper = svgEl('rect', { x: 0, y: -head, width, height, fill: '#ffffff' });
    const heading = isProjection(state.year) ? `${data.title} — ${state.year} (projection)` : `${data.title} — ${state.year}`;
    const title = svgEl('text', { class: 'view-title', x: 12, y: -head + 26 }, heading);
    out.insertBefore(title, out.firstChild);
    out.insertBefore(paper, out.firstChild);
    out.insertBefore(style, out.firstChild);
    const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out) + '\n';
    return { text, width, height };
  }

  document.getElementById('save-svg').addEventListener('click', () => {
    download(new Blob([viewSvg().text], { type: 'image/svg+xml' }), fileName('svg'));
  });

  // The PNG is the SVG drawn on a canvas at twice its size, for slides.
  document.getElementById('save-png').addEventListener('click', async () => {
    const { text, width, height } = viewSvg();
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
    await img.decode();
    const scale = 2;
    const picture = document.createElement('canvas');
    picture.width = width * scale;
    picture.height = height * scale;
    const ctx = picture.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, picture.width, picture.height);
    ctx.drawImage(img, 0, 0, picture.width, picture.height);
    picture.toBlob((blob) => download(blob, fileName('png')), 'image/png');
  });

  document.addEventListener('keydown', (ev) => {
    const typing = ev.target instanceof HTMLInputElement && ev.target.type === 'search';
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === '/') {
      ev.preventDefault();
      search.focus();
    } else if (ev.key === 'p' || ev.key === 'P') {
      state.timer === null ? start() : stop();
    }
  });

  document.title = `${data.title} — mesograph atlas`;
  document.getElementById('title').textContent = data.title;
  if (location.hash.length > 1) applyHash(location.hash);
  else syncControls();
  update();
  fit();
  history.replaceState(null, '', stateHash());
})();
