// Read mesograph's Cytoscape.js and Mermaid exports with the real libraries, as a user would.
//
// Usage: node read.mjs cytoscape|mermaid FILE...
// Prints one JSON object: for each file, the nodes and edges the library read (ids, names,
// kinds, years; for Mermaid, node labels and classes and edge labels in order), so that the Rust
// test can compare them with the library's own slices. Fails (exit 1) when a file is rejected.

import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');

function readCytoscape(cytoscape, path) {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  const cy = cytoscape({ headless: true, elements: doc.elements, data: doc.data });
  const nodes = {};
  cy.nodes().forEach((n) => {
    if (!n.hasClass(n.data('kind'))) throw new Error(`${path}: node ${n.id()} lacks its kind class`);
    nodes[n.id()] = { name: n.data('name'), kind: n.data('kind'), start: n.data('start'), end: n.data('end') };
  });
  const edges = {};
  cy.edges().forEach((e) => {
    edges[e.id()] = {
      source: e.source().id(),
      target: e.target().id(),
      kind: e.data('kind'),
      start: e.data('start'),
      end: e.data('end'),
    };
  });
  return { count: [cy.nodes().length, cy.edges().length], nodes, edges, data: cy.data() };
}

// What a reader sees in a label: Mermaid's own entity decoding (its parser stores `#quot;` as a
// placeholder that the renderer turns into `&quot;`), then the HTML parsing of the label, with
// `<br>` as a line break.
function labelText(text) {
  const html = text
    .replace(/ﬂ°°/g, '&#')
    .replace(/ﬂ°/g, '&')
    .replace(/¶ß/g, ';')
    .replace(/<br\s*\/?>/gi, '\n');
  if (/[<>]/.test(html)) throw new Error(`markup in a label: ${JSON.stringify(text)}`);
  const div = dom.window.document.createElement('div');
  div.innerHTML = html;
  return div.textContent;
}

async function readMermaid(mermaid, path) {
  const text = readFileSync(path, 'utf8');
  // Throws on a syntax error; `config` is what front matter and directives set: a name that
  // smuggled in a `%%{init: …}%%` directive would show here.
  const { config } = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const nodes = {};
  for (const [id, v] of diagram.db.getVertices()) {
    nodes[id] = { name: labelText(v.text), kind: v.classes.join(' ') };
  }
  const edges = diagram.db.getEdges().map((e) => ({
    source: e.start,
    target: e.end,
    label: labelText(e.text),
    dotted: e.stroke === 'dotted',
  }));
  return { count: [Object.keys(nodes).length, edges.length], nodes, edges, config };
}

const [format, ...paths] = process.argv.slice(2);
const out = {};
if (format === 'cytoscape') {
  const { default: cytoscape } = await import('cytoscape');
  for (const p of paths) out[p] = readCytoscape(cytoscape, p);
} else if (format === 'mermaid') {
  // Mermaid sanitises labels with DOMPurify, which needs a DOM: give it jsdom's.
  globalThis.window = dom.window;
  globalThis.document = dom.window.document;
  const { default: mermaid } = await import('mermaid');
  mermaid.initialize({ startOnLoad: false });
  for (const p of paths) {
    try {
      out[p] = await readMermaid(mermaid, p);
    } catch (e) {
      console.error(`${p}: ${e.message}`);
      process.exit(1);
    }
  }
} else {
  console.error(`unknown format ${format}`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(out));
