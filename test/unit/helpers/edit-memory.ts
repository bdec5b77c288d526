// Run with --expose-gc (test/unit/memos.test.ts): an editor session on a generated script where every edit touches
// another statement (`lr=` made `lr =`, one place after the other) and the worker is idle in between
// (`prepareForEdits`). Prints the heap after the first `at` edits and after all of them, in bytes, as JSON.
import { Analyzer } from '../../../src/engine';
import { generateScript } from '../../../scripts/lib/generate';

const [lines, at, edits] = process.argv.slice(2).map(Number);
const text = generateScript(lines, lines);
const path = '/p/train.py';
const spots: number[] = [];
for (let i = text.indexOf('lr='); i >= 0; i = text.indexOf('lr=', i + 1)) spots.push(i);
const a = new Analyzer({ fastParse: true });
a.analyze({ path, text, stage: 2, editing: true });
a.prepareForEdits();
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
let t = text;
let first = 0;
let made = 0;
for (let k = 0; k < edits && k < spots.length; k++) {
  // the k-th place, moved by the spaces the edits before it inserted
  const j = spots[k] + k;
  t = t.slice(0, j) + 'lr =' + t.slice(j + 3);
  a.analyze({ path, text: t, stage: 2, editing: true });
  a.prepareForEdits();
  made++;
  if (made === at) first = heap();
}
console.log(JSON.stringify({ first, last: heap(), edits: made, textBytes: text.length * 2 }));
