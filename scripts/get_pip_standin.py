#!/usr/bin/env python
"""Offline stand-in for the ``get-pip.py`` bootstrap script that ansible-test downloads.

Usage:
  python scripts/get_pip_standin.py --install   copy this file to ~/.ansible/test/cache/get_pip_<ver>.py,
                                                 <ver> being the pip version pinned by the ansible-test
                                                 installed for this interpreter; prints the path
  python get_pip_<ver>.py [pip install args]     (what ansible-test does) bootstrap pip

ansible-test bootstraps pip into each empty venv it creates by running get-pip.py, fetched
from a host that is not reachable here.  As that script, this file runs ``ensurepip`` (the
pip wheel bundled with CPython, no network) and then ``python -m pip install`` with the
arguments it was given, minus ``--no-setuptools``, ``--no-wheel`` and ``--no-pip`` (get-pip
options that pip does not know).  The caller's environment (pip.conf, PIP_* variables) is kept,
so the pinned pip comes from the configured package index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = frozenset(("--no-setuptools", "--no-wheel", "--no-pip"))


def pinned_pip_version() -> str:
    """Read the pip version pinned in the installed ansible_test/_internal/python_requirements.py."""
    import ansible_test  # pylint: disable=import-outside-toplevel

    path = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    match = re.search(r"""default_packages\s*=\s*dict\(\s*pip\s*=\s*['"]([^'"]+)['"]""", text)
    if not match:
        raise SystemExit("error: cannot find the pinned pip version in %s" % path)
    return match.group(1)


def install() -> int:
    """Place this file where ansible-test looks for its cached bootstrap script."""
    version = pinned_pip_version()
    cache_dir = os.path.expanduser("~/.ansible/test/cache")
    target = os.path.join(cache_dir, "get_pip_%s.py" % version.replace(".", "_"))
    os.makedirs(cache_dir, exist_ok=True)
    source = os.path.abspath(__file__)
    with open(source, "rb") as handle:
        wanted = handle.read()
    current = None
    if os.path.exists(target):
        with open(target, "rb") as handle:
            current = handle.read()
    if current != wanted:
        tmp = target + ".tmp"
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    print(target)
    return 0


def bootstrap(args: list[str]) -> int:
    """Act as get-pip.py: bundled pip first, then the requested packages from the index."""
    import ensurepip  # pylint: disable=import-outside-toplevel

    # ensurepip.bootstrap() scrubs PIP_* from os.environ and points PIP_CONFIG_FILE at
    # os.devnull, in this process: snapshot the caller's environment before it runs.
    caller_env = os.environ.copy()
    ensurepip.bootstrap()
    pip_args = [arg for arg in args if arg not in GET_PIP_ONLY_OPTIONS]
    command = [sys.executable, "-m", "pip", "install"] + pip_args
    return subprocess.call(command, env=caller_env)


def main() -> int:
    """Entry point."""
    args = sys.argv[1:]
    if args[:1] == ["--install"]:
        return install()
    if args[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    return bootstrap(args)


if __name__ == "__main__":
    sys.exit(main())
