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

  const state = {
    year: data.year,
    shownActorKinds: new Set(actorKinds.keys()),
    shownLinkKinds: new Set(linkKinds.keys()),
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

  const actorLayer = svgEl('g', { class: 'actors' });
  const actorNodes = new Map();
  for (const a of data.graph.nodes) {
    const box = L.actors[a.id];
    if (!box) continue;
    const k = actorKinds.get(a.kind);
    const g = svgEl('g', {
      class: 'actor', 'data-id': a.id, 'data-kind': a.kind, tabindex: 0, role: 'button',
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
  slider.min = String(data.span[0]);
  slider.max = String(data.span[1]);

  function actorShown(a) {
    return actorActive(a, state.year) && state.shownActorKinds.has(a.kind);
  }

  const fitted = new Set();
  const toFit = [];

  function update() {
    const year = state.year;
    slider.value = String(year);
    yearValue.textContent = String(year);
    let shownActors = 0;
    let shownLinks = 0;
    for (const [id, g] of actorNodes) {
      const a = actors.get(id);
      const shown = actorShown(a);
      if (shown) {
        shownActors++;
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
    for (const l of links) {
      const g = linkNodes.get(l.id);
      if (!g) continue;
      const from = actors.get(l.source);
      const to = actors.get(l.target);
      const shown = linkActive(l, year) && state.shownLinkKinds.has(l.kind) &&
        !!from && !!to && actorShown(from) && actorShown(to);
      if (shown) {
        shownLinks++;
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
    // Keep the edge of time in view: the newest actors sit just left of it.
    const right = canvas.scrollLeft + canvas.clientWidth;
    const edge = x * state.zoom;
    if (edge > right - 40 || edge < canvas.scrollLeft + 200) {
      canvas.scrollLeft = Math.max(0, edge - canvas.clientWidth + 60);
    }
    status.textContent = `${year}: ${shownActors} actors, ${shownLinks} links`;
    status.setAttribute('data-actors', String(shownActors));
    status.setAttribute('data-links', String(shownLinks));
    highlight();
    if (state.selected) renderDetails();
  }

  function setYear(year) {
    state.year = Math.max(data.span[0], Math.min(data.span[1], year));
    update();
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
        update();
      });
      container.appendChild(label);
    }
  }
  filterBox(document.getElementById('actor-filters'), data.actorKinds, state.shownActorKinds, 'fill', 'backgroundColor');
  filterBox(document.getElementById('link-filters'), data.linkKinds, state.shownLinkKinds, 'line', 'borderTopColor');

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
        setYear(state.year < a.start ? a.start : a.end);
      }
    }
    update();
    if (sel.type === 'actor' && focus) {
      const node = actorNodes.get(sel.id);
      if (node) {
        node.scrollIntoView({ block: 'center', inline: 'center' });
        node.focus({ preventScroll: true });
      }
    }
  }

  const details = document.getElementById('details');

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
    let parts = [];
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
  document.getElementById('zoom-in').addEventListener('click', () => setZoom(state.zoom * 1.25));
  document.getElementById('zoom-out').addEventListener('click', () => setZoom(state.zoom / 1.25));
  document.getElementById('zoom-fit').addEventListener('click', () => setZoom(canvas.clientWidth / L.width));

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

  document.title = `${data.graph.graph.dataset} — mesograph atlas`;
  document.getElementById('title').textContent = `${data.graph.graph.dataset} — atlas`;
  setZoom(1);
  update();
})();
