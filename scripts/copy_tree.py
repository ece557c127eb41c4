#!/usr/bin/env python
"""Copy this checkout's files into DEST, the way a fresh clone would have them.

Usage: python scripts/copy_tree.py DEST [--exclude PATTERN ...]

Copied: tracked files (``git ls-files``) plus untracked files that are not gitignored,
so work in progress is included but nothing a clone would lack.  Tracked files that were
deleted in the work tree are skipped.  ``.venv*/`` folders are never copied.

PATTERN: ``dir/`` excludes a folder; any other pattern is a glob matched against the whole
relative path, its ``*`` not crossing ``/``.  Prints the number of files copied.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import shutil
import subprocess
import sys

ALWAYS_EXCLUDED = (".venv", ".git/")


def repo_root() -> str:
    """The checkout this script belongs to."""
    return os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def list_files(root: str) -> list[str]:
    """Tracked plus untracked-not-ignored files, relative to root, without duplicates."""
    out = subprocess.run(
        ["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    names = sorted({os.fsdecode(item) for item in out.split(b"\0") if item})
    return [name for name in names if os.path.lexists(os.path.join(root, name))]


def is_excluded(name: str, patterns: list[str]) -> bool:
    """Whether name matches one of the patterns (see the module docstring)."""
    if name.startswith(ALWAYS_EXCLUDED):
        return True
    for pattern in patterns:
        if pattern.endswith("/"):
            if name.startswith(pattern):
                return True
        elif fnmatch.fnmatchcase(name, pattern) and name.count("/") == pattern.count("/"):
            return True
    return False


def main() -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest")
    parser.add_argument("--exclude", action="append", default=[], metavar="PATTERN")
    args = parser.parse_args()
    patterns = [p for value in args.exclude for p in value.split()]

    root = repo_root()
    count = 0
    for name in list_files(root):
        if is_excluded(name, patterns):
            continue
        source = os.path.join(root, name)
        target = os.path.join(args.dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
        count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
