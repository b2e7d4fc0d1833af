"""Checks the CI templates: valid YAML, and every modbuild command line they
run is accepted by the modbuild executable: run for real on a copy of a
workspace, it may find problems (exit 1) but never a usage error (exit 2).

    python3 tests/ci_templates_test.py <modbuild executable> <templates/ci> <workspace>
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml


def command_lines(node):
    """Every string in the document that runs modbuild."""
    if isinstance(node, dict):
        for value in node.values():
            yield from command_lines(value)
    elif isinstance(node, list):
        for value in node:
            yield from command_lines(value)
    elif isinstance(node, str):
        for line in node.splitlines():
            if re.match(r"\s*modbuild\s", line):
                yield line.strip()


def main():
    executable, directory, workspace = sys.argv[1], sys.argv[2], sys.argv[3]
    checked = 0
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, "workspace")
        shutil.copytree(workspace, copy)
        for name in sorted(os.listdir(directory)):
            with open(os.path.join(directory, name)) as f:
                document = yaml.safe_load(f)
            for line in command_lines(document):
                command = line.split("||")[0].split(" > ")[0].replace('"$WORKSPACE_DIR"', copy)
                args = shlex.split(command)[1:]
                result = subprocess.run([executable] + args, capture_output=True, text=True, cwd=scratch)
                if result.returncode not in (0, 1):
                    print(f"{name}: '{line}' exits with {result.returncode}: {result.stderr.strip()}")
                    return 1
                checked += 1
    if checked == 0:
        print("no modbuild command found in the templates")
        return 1
    print(f"{checked} command lines accepted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
