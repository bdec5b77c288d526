// `npx tsx scripts/syntax-fuzz.ts <folders…> [--seed N] [--python PATH]`: what the analysis calls valid, CPython must call valid too.
// Files CPython parses are edited at random, one small edit each time (the characters and keywords typing produces:
// brackets, quotes, dots, keywords, number prefixes, f-string braces …); every edited text the analysis reports
// without a syntax error is handed to `python3` (its `ast.parse`, which parses and runs nothing), and those it rejects
// are printed with CPython's message, once per message and line, and whether the fast parser took the text or gave it
// to Lezer. A missed syntax error leaves the rules reading code that is not what the user will run (an argument at the
// wrong position); this found the fast parser taking `from import x` and `0x`, positional arguments after keyword
// arguments, and Lezer reading some errors without one (an unterminated string, an unexpected indent) where the fast
// parser gives up (now found by python/lexical.ts). And the other way: every error the analysis reports with
// CPython's message (python/lexical.ts) must be one CPython reports too. `--python` names the interpreter: the newest judges best (3.12
// reads f-strings 3.11 rejects). Prints figures; asserts nothing.
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { Analyzer } from '../src/engine';
import { fastParse } from '../src/engine/python/fastparse';
import { pythonFilesUnder } from './lib/python-files';
import { BREAKING_EDITS, seedArgument, seededRandom } from './lib/random-edits';

const args = process.argv.slice(2);
const rand = seededRandom(seedArgument(args));
// the newest Python judges best (3.12 reads f-strings that 3.11 rejects); `python3` by default
const pythonAt = args.indexOf('--python');
const python = pythonAt >= 0 ? args.splice(pythonAt, 2)[1] : 'python3';
// the edits of edit-stress.ts, and the keywords, operators and literal prefixes typing goes through
const EDITS = [...BREAKING_EDITS, '.', ',', '=', '*', '@', 'if ', 'else', 'lambda', 'not ', 'in ', 'import ', 'from ', 'as ', 'return', 'yield', 'await ', 'async ', 'f"', '{x', '}', ';', '->', ':=', '**', 'global ', 'del ', 'with ', 'for ', 'while ', 'try:', 'except', 'print ', '\t', '0x', '1.', '1e', 'j', 'b"', 'r"'];
const PER_FILE = 20;

/** Whether CPython parses each text (`python3`'s `ast.parse`), with its message where it does not. */
function cpython(texts: string[]): (string | null)[] {
  const script = 'import ast, json, sys, warnings\nwarnings.simplefilter("ignore")\nout = []\nfor t in json.load(sys.stdin):\n    try:\n        ast.parse(t)\n        out.append(None)\n    except SyntaxError as e:\n        out.append("%s | %s" % (e.msg, (t.splitlines()[e.lineno - 1].strip()[:100] if e.lineno and e.lineno <= len(t.splitlines()) else "")))\n    except Exception:\n        out.append(None)\nprint(json.dumps(out))\n';
  const r = spawnSync(python, ['-c', script], { input: JSON.stringify(texts), maxBuffer: 1 << 28, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${python} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as (string | null)[];
}

const candidates: string[] = [];
const byFast: boolean[] = [];
/** Texts the analysis reports an error in with CPython's message (python/lexical.ts, targets.ts): CPython must reject each. */
const claimed: { text: string; message: string }[] = [];
let files = 0;
for (const root of args) {
  const originals = [...pythonFilesUnder(root)].map((f) => readFileSync(f, 'utf8')).filter((t) => t.length <= 60_000);
  const valid = cpython(originals);
  originals.forEach((orig, i) => {
    if (valid[i] !== null) return;
    files++;
    for (let k = 0; k < PER_FILE; k++) {
      const at = rand(orig.length + 1);
      const text = orig.slice(0, at) + EDITS[rand(EDITS.length)] + orig.slice(at + rand(3));
      const { syntaxErrors } = new Analyzer({ fastParse: true }).analyze({ path: '/fuzz/x.py', text, stage: 2 });
      const named = syntaxErrors.find((e) => e.message !== 'syntax error');
      if (named) claimed.push({ text, message: named.message });
      if (syntaxErrors.length) continue;
      candidates.push(text);
      byFast.push(fastParse(text) !== undefined);
    }
  });
}
const verdicts = cpython(candidates);
const seen = new Set<string>();
const missed = { fast: 0, lezer: 0 };
verdicts.forEach((v, i) => {
  if (v === null) return;
  const by = byFast[i] ? 'fast' : 'lezer';
  missed[by]++;
  if (!seen.has(v)) {
    seen.add(v);
    console.log(`[${by}] ${v}`);
  }
});
console.log(`${files} files, ${files * PER_FILE} edits: ${candidates.length} without a syntax error in the analysis; rejected by CPython: ${missed.fast} the fast parser took, ${missed.lezer} Lezer read without an error`);
// the other way: an error said with CPython's message must be one CPython finds too
const accepted = cpython(claimed.map((c) => c.text))
  .map((v, i) => (v === null ? claimed[i].message : undefined))
  .filter((m) => m !== undefined);
for (const m of new Set(accepted)) console.log(`[false error] ${m}`);
console.log(`${claimed.length} edits reported with CPython's message; accepted by CPython: ${accepted.length}`);
