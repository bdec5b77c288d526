"""Runs snippet test programs for test/unit/snippets.test.ts, all in this one process.

Reads a JSON list of {"name", "source"} from stdin; writes a JSON list of {"name", "ok", "output"} to stdout.
Each program runs in a fresh namespace, in its own temporary working directory, with torch's global state
reset, and passes when it raises nothing.
"""

import contextlib
import io
import json
import linecache
import os
import sys
import tempfile
import traceback

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def reset_torch() -> None:
    torch.use_deterministic_algorithms(False)
    torch.backends.cudnn.deterministic = False
    torch.backends.cudnn.benchmark = False
    torch.manual_seed(0)


def run(name: str, source: str) -> dict:
    reset_torch()
    linecache.cache[name] = (len(source), None, source.splitlines(keepends=True), name)  # source lines in tracebacks
    output = io.StringIO()
    ok = True
    with tempfile.TemporaryDirectory() as workdir:
        os.chdir(workdir)
        try:
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                exec(compile(source, name, "exec"), {"__name__": "__main__"})
        except BaseException:  # noqa: BLE001 - report every failure, SystemExit included
            ok = False
            output.write(traceback.format_exc())
        finally:
            os.chdir(HERE)
    return {"name": name, "ok": ok, "output": output.getvalue()}


def main() -> None:
    torch.set_num_threads(1)
    sys.path.insert(0, HERE)
    cases = json.load(sys.stdin)
    json.dump([run(case["name"], case["source"]) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
