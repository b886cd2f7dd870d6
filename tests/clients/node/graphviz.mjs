// Draw DOT files with a current Graphviz (compiled to WebAssembly by @hpcc-js/wasm-graphviz), as
// a user with a recent Graphviz would: `dot -Tsvg FILE`.
//
// Usage: node graphviz.mjs FILE...
// Prints one JSON object: {"version": "<Graphviz version>", "svg": {FILE: "<svg…>", …}}. Fails
// (exit 1) when Graphviz rejects a file.

import { readFileSync } from 'node:fs';
import { Graphviz } from '@hpcc-js/wasm-graphviz';

const graphviz = await Graphviz.load();
const out = { version: graphviz.version(), svg: {} };
for (const path of process.argv.slice(2)) {
  try {
    out.svg[path] = graphviz.layout(readFileSync(path, 'utf8'), 'svg', 'dot');
  } catch (e) {
    console.error(`${path}: ${e.message ?? e}`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(out));
