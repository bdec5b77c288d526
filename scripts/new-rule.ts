// `npm run new-rule -- NR215 my-rule-name`: scaffolds a rule file and its test, and registers the rule.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

const STAGE_DIRS = ['', 'stage1-data', 'stage2-skeleton', 'stage3-overfit', 'stage4-regularize', 'stage5-tune', 'stage6-squeeze'];
const [code, name] = process.argv.slice(2);
if (!code || !/^NR[1-6]\d\d$/.test(code) || !name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
  console.error('usage: npm run new-rule -- NR<stage><nn> kebab-case-name');
  process.exit(2);
}
const stage = Number(code[2]);
const root = join(__dirname, '..');
const dir = join(root, 'src/engine/rules', STAGE_DIRS[stage]);
const file = join(dir, `${code}-${name}.ts`);
const test = join(root, 'test/unit/rules', `${code}.test.ts`);
if (existsSync(file) || existsSync(test)) {
  console.error(`${code} exists already`);
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
writeFileSync(
  file,
  `import { defineRule } from '../rule';

export default defineRule({
  code: '${code}',
  name: '${name}',
  stage: ${stage},
  tip: '${stage}.1',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'none',
  docs: {
    summary: 'TODO: one sentence, what the rule reports.',
    why: 'TODO: why it matters, in the recipe\\'s terms.',
    bad: 'TODO = "code the rule reports"\\n',
    good: 'TODO = "the same code written well"\\n',
  },
  checkPython(ctx) {
    void ctx; // TODO: query ctx.module (the semantic layer) and ctx.report(...)
  },
});
`,
);
writeFileSync(
  test,
  `import { ruleTester } from '../../support/rule-tester';

ruleTester('${code}', {
  valid: [],
  invalid: [],
});
`,
);
const index = join(root, 'src/engine/rules/index.ts');
let src = readFileSync(index, 'utf8');
const importLine = `import ${code} from './${STAGE_DIRS[stage]}/${code}-${name}';\n`;
src = src.replace(/(\nexport const RULES)/, `${importLine}$1`).replace(/\]\.sort\(/, `, ${code}].sort(`);
writeFileSync(index, src);
console.log(`created ${file}\ncreated ${test}\nregistered ${code} in src/engine/rules/index.ts\nnext: write the check and the tests, then npm run docs`);
