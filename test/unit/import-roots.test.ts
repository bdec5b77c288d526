// The folders a file adds to Python's import path, read from its code (python/import-roots.ts), and the linker
// finding project files there: HRNet's `import _init_paths`, `sys.path.insert(0, str(ROOT / "src"))`.
import { strict as assert } from 'assert';
import { Analyzer, type Finding } from '../../src/engine';
import { addedImportRoots } from '../../src/engine/python/import-roots';
import { NET, TRAIN, analyzeIn } from './helpers/projects';

function roots(text: string, path = '/p/tools/train.py'): string[] {
  return addedImportRoots(new Analyzer().pythonModule(path, text).module).sort();
}

describe('folders added to the import path', () => {
  const cases: [string, string, string[]][] = [
    ['os.path.join from __file__', "import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))\n", ['/p/lib']],
    ['osp alias and names assigned once', "import os.path as osp\nimport sys\nthis_dir = osp.dirname(osp.abspath(__file__))\nlib_path = osp.join(this_dir, '..', 'lib')\nsys.path.append(lib_path)\n", ['/p/lib']],
    ['from os.path import join, dirname', "import sys\nfrom os.path import join, dirname, realpath\nsys.path.append(join(dirname(realpath(__file__)), 'models'))\n", ['/p/tools/models']],
    ['pathlib: parents[1] / "src"', "from pathlib import Path\nimport sys\nPROJECT_ROOT = Path(__file__).resolve().parents[1]\nsys.path.insert(0, str(PROJECT_ROOT / 'src'))\n", ['/p/src']],
    ['pathlib: .parent.parent', "import sys\nimport pathlib\nsys.path.append(str(pathlib.Path(__file__).parent.parent / 'lib'))\n", ['/p/lib']],
    ['YOLOv5: inside `if ROOT not in sys.path`', "import sys\nfrom pathlib import Path\nFILE = Path(__file__).resolve()\nROOT = FILE.parents[0]\nif str(ROOT) not in sys.path:\n    sys.path.append(str(ROOT))\n", ['/p/tools']],
    ['a relative literal: the script folder or the one above', "import sys\nsys.path.append('lib')\n", ['/p/lib', '/p/tools/lib']],
    ["'..': the folder above, or the one above that", "import sys\nsys.path.insert(0, '..')\n", ['/', '/p']],
    ['an absolute literal', "import sys\nsys.path.append('/opt/code/lib')\n", ['/opt/code/lib']],
    ['site.addsitedir', "import site, os\nsite.addsitedir(os.path.join(os.path.dirname(__file__), 'third_party'))\n", ['/p/tools/third_party']],
    ['a module-level helper called with the folder', "import os.path as osp\nimport sys\n\ndef add_path(path):\n    if path not in sys.path:\n        sys.path.insert(0, path)\n\nthis_dir = osp.dirname(__file__)\nadd_path(osp.join(this_dir, '..', 'lib'))\n", ['/p/lib']],
    // hard negatives
    ['a name assigned twice: not known', "import os, sys\nd = 'a'\nif x:\n    d = 'b'\nsys.path.append(d)\n", []],
    ['an unpacked name: not known', "import sys\na, b = 'x', 'y'\nsys.path.append(a)\n", []],
    ['inside a function never called at module level: not run', "import os, sys\n\ndef setup():\n    sys.path.append(os.path.dirname(__file__))\n", []],
    ['a helper whose parameter is not what it adds', "import sys\n\ndef add(path):\n    sys.path.insert(0, 'vendor')\n\nadd('/elsewhere')\n", []],
    ['an argument read at run time', "import sys\nsys.path.append(sys.argv[1])\n", []],
    ['os.getcwd(): not known', "import os, sys\nsys.path.append(os.path.join(os.getcwd(), 'lib'))\n", []],
    ['`sys` bound to something else', "sys = Namespace()\nsys.path.append('lib')\n", []],
    ['a list append named like it', "import sys\npath = []\npath.append('lib')\n", []],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(roots(text), expected));
  }
});

const codes = (fs: Finding[]): string[] => fs.map((f) => f.code);
const SOFTMAX = NET('return F.softmax(self.fc(x), dim=1)');
const INIT_PATHS = "import os.path as osp\nimport sys\n\n\ndef add_path(path):\n    if path not in sys.path:\n        sys.path.insert(0, path)\n\n\nthis_dir = osp.dirname(__file__)\nlib_path = osp.join(this_dir, '..', 'lib')\nadd_path(lib_path)\n";

describe('imports found in the folders a file adds to the import path', () => {
  it('HRNet: tools/train.py imports _init_paths, then models from lib/ (NR208 through lib/models/net.py)', () => {
    const project = { 'tools/_init_paths.py': INIT_PATHS, 'tools/train.py': TRAIN('import _init_paths\nfrom models.net import Net'), 'lib/models/net.py': SOFTMAX };
    const found = analyzeIn(project, 'tools/train.py');
    assert.deepEqual(codes(found), ['NR208']);
    assert.equal(found[0].related[0].path, '/project/lib/models/net.py');
  });

  it('without `import _init_paths` lib/ is not on the path: the model is not known, nothing is reported', () => {
    const project = { 'tools/_init_paths.py': INIT_PATHS, 'tools/train.py': TRAIN('from models.net import Net'), 'lib/models/net.py': SOFTMAX };
    assert.deepEqual(codes(analyzeIn(project, 'tools/train.py')), []);
  });

  it('a model in lib/ that returns logits: quiet', () => {
    const project = { 'tools/_init_paths.py': INIT_PATHS, 'tools/train.py': TRAIN('import _init_paths\nfrom models.net import Net'), 'lib/models/net.py': NET('return self.fc(x)') };
    assert.deepEqual(codes(analyzeIn(project, 'tools/train.py')), []);
  });

  it('src layout: scripts/train.py inserts PROJECT_ROOT / "src"', () => {
    const imp = "import sys\nfrom pathlib import Path\nPROJECT_ROOT = Path(__file__).resolve().parents[1]\nsys.path.insert(0, str(PROJECT_ROOT / 'src'))\nfrom mypkg.model import Net";
    const project = { 'scripts/train.py': TRAIN(imp), 'src/mypkg/__init__.py': '', 'src/mypkg/model.py': SOFTMAX };
    const found = analyzeIn(project, 'scripts/train.py');
    assert.deepEqual(codes(found), ['NR208']);
    assert.equal(found[0].related[0].path, '/project/src/mypkg/model.py');
  });

  it('`os` itself from a star import of a project module (`from helpers import *`), read without linking in circles', () => {
    const imp = "from helpers import *\nimport sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))\nfrom models.net import Net";
    const project = { 'tools/helpers.py': 'import os\n\n\ndef log(x):\n    print(x)\n', 'tools/train.py': TRAIN(imp), 'lib/models/net.py': SOFTMAX };
    assert.deepEqual(codes(analyzeIn(project, 'tools/train.py')), ['NR208']);
  });

  it('the editor sees _init_paths.py change: the folder it adds goes, and with it the finding', () => {
    const files: Record<string, string> = { '/project/tools/_init_paths.py': INIT_PATHS, '/project/lib/models/net.py': SOFTMAX };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const text = TRAIN('import _init_paths\nfrom models.net import Net');
    assert.deepEqual(codes(a.analyze({ path: '/project/tools/train.py', text }).findings), ['NR208']);
    files['/project/tools/_init_paths.py'] = INIT_PATHS.replace("'..', 'lib'", "'..', 'src'");
    assert.deepEqual(codes(a.analyze({ path: '/project/tools/train.py', text }).findings), []);
    assert.ok(a.dependencies('/project/tools/train.py')?.has('/project/tools/_init_paths.py'));
  });
});
