# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Consistency of the collection's metadata with its modules.

* every module (``plugins/modules/*.py`` not starting with ``_``) is listed in
  ``meta/runtime.yml`` ``action_groups.dms_kafka`` by its short name
  (``dms_kafka_topic``, not ``hwcloud.dms.dms_kafka_topic``), and the group lists
  no module that does not exist;
* every module file has ``DOCUMENTATION``, ``EXAMPLES`` and ``RETURN``, and
  ``supports_check_mode=True`` appears in it or in one of the collection's module_utils
  files it imports, directly or through other module_utils (a text search: thin modules
  hand their argspec to a shared runner that builds the AnsibleModule);
* the ``galaxy.yml`` version is the newest release in ``changelogs/changelog.yaml``.

``find_problems(root)`` does the checking; the tests below run it on this checkout and
on doctored temporary copies to prove that it catches each kind of mismatch.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACTION_GROUP = "dms_kafka"
REQUIRED_BLOCKS = ("DOCUMENTATION", "EXAMPLES", "RETURN")
CHECK_MODE_RE = re.compile(r"\bsupports_check_mode\s*=\s*True\b")
MODULE_UTILS_IMPORT_RE = re.compile(
    r"^\s*(?:from\s+(?:ansible_collections\.hwcloud\.dms\.plugins\.module_utils|\.+module_utils)((?:\.\w+)*)\s+import\s+([\w\s,()]+)"
    r"|import\s+ansible_collections\.hwcloud\.dms\.plugins\.module_utils((?:\.\w+)+))",
    re.MULTILINE,
)


def _load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def module_names(root):
    """Short names of the modules in root/plugins/modules (files *.py not starting with _)."""
    directory = os.path.join(root, "plugins", "modules")
    if not os.path.isdir(directory):
        return []
    return sorted(
        name[:-3]
        for name in os.listdir(directory)
        if name.endswith(".py") and not name.startswith("_") and os.path.isfile(os.path.join(directory, name))
    )


def group_entries(root):
    """The entries of action_groups.dms_kafka in root/meta/runtime.yml (list, possibly with problems)."""
    runtime = _load_yaml(os.path.join(root, "meta", "runtime.yml")) or {}
    groups = runtime.get("action_groups") or {}
    if ACTION_GROUP not in groups:
        return None
    return groups[ACTION_GROUP] or []


def _version_key(version):
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$", str(version))
    if not match:
        return None
    major, minor, patch, pre = match.groups()
    # A pre-release sorts before its release.
    return (int(major), int(minor), int(patch), pre is None, pre or "")


def changelog_version(root):
    """Newest release version recorded in root/changelogs/changelog.yaml, or None."""
    path = os.path.join(root, "changelogs", "changelog.yaml")
    if not os.path.exists(path):
        return None
    releases = (_load_yaml(path) or {}).get("releases") or {}
    keyed = [(_version_key(v), str(v)) for v in releases]
    keyed = [item for item in keyed if item[0] is not None]
    return max(keyed)[1] if keyed else None


def check_action_group(root):
    """Problems with action_groups.dms_kafka against the module files."""
    entries = group_entries(root)
    if entries is None:
        return ["meta/runtime.yml: action_groups.%s is missing" % ACTION_GROUP]
    if not isinstance(entries, list):
        return ["meta/runtime.yml: action_groups.%s must be a list" % ACTION_GROUP]
    problems = []
    names = []
    for entry in entries:
        if isinstance(entry, dict):
            # {"metadata": {"extend_group": [...]}} is allowed by ansible-core.
            if set(entry) != {"metadata"}:
                problems.append("meta/runtime.yml: action_groups.%s: unexpected entry %r" % (ACTION_GROUP, entry))
            continue
        entry = str(entry)
        if "." in entry:
            problems.append(
                "meta/runtime.yml: action_groups.%s: %r must be the short name %r"
                % (ACTION_GROUP, entry, entry.rsplit(".", 1)[1])
            )
            entry = entry.rsplit(".", 1)[1]
        names.append(entry)
    duplicates = sorted({name for name in names if names.count(name) > 1})
    for name in duplicates:
        problems.append("meta/runtime.yml: action_groups.%s lists %s more than once" % (ACTION_GROUP, name))
    modules = set(module_names(root))
    for name in sorted(modules - set(names)):
        problems.append(
            "meta/runtime.yml: module %s (plugins/modules/%s.py) is missing from action_groups.%s"
            % (name, name, ACTION_GROUP)
        )
    for name in sorted(set(names) - modules):
        problems.append(
            "meta/runtime.yml: action_groups.%s lists %s, but plugins/modules/%s.py does not exist"
            % (ACTION_GROUP, name, name)
        )
    return problems


def _module_utils_files(root, text):
    """Paths of the collection module_utils files that text imports (modules or packages)."""
    base = os.path.join(root, "plugins", "module_utils")
    found = []
    for match in MODULE_UTILS_IMPORT_RE.finditer(text):
        dotted = match.group(1) if match.group(3) is None else match.group(3)
        parts = [p for p in (dotted or "").split(".") if p]
        candidates = [parts]
        if match.group(2):  # "from X import a, b": a and b may be submodules of package X
            for name in re.split(r"[\s,()]+", match.group(2)):
                if name and name != "as":
                    candidates.append(parts + [name])
        for candidate in candidates:
            path = os.path.join(base, *candidate)
            for option in (path + ".py", os.path.join(path, "__init__.py")):
                if candidate and os.path.isfile(option):
                    found.append(option)
    return found


def supports_check_mode(root, path):
    """Whether supports_check_mode=True is in path or in the module_utils it imports (transitively)."""
    seen = set()
    todo = [path]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        with open(current, encoding="utf-8") as handle:
            text = handle.read()
        if CHECK_MODE_RE.search(text):
            return True
        todo.extend(_module_utils_files(root, text))
    return False


def check_module_files(root):
    """Problems with the documentation blocks and check-mode support of each module file."""
    problems = []
    for name in module_names(root):
        rel = "plugins/modules/%s.py" % name
        with open(os.path.join(root, rel), encoding="utf-8") as handle:
            text = handle.read()
        for block in REQUIRED_BLOCKS:
            if not re.search(r"^%s\s*=" % block, text, re.MULTILINE):
                problems.append("%s: no %s" % (rel, block))
        if not supports_check_mode(root, os.path.join(root, rel)):
            problems.append("%s: no supports_check_mode=True (in it or the module_utils it imports)" % rel)
    return problems


def check_version(root):
    """Problems with galaxy.yml's version against the changelog."""
    galaxy_version = str((_load_yaml(os.path.join(root, "galaxy.yml")) or {}).get("version"))
    released = changelog_version(root)
    if released is None:
        return ["changelogs/changelog.yaml: no release recorded (galaxy.yml has %s); run scripts/changelog-release.sh"
                % galaxy_version]
    if released != galaxy_version:
        return ["galaxy.yml version %s differs from the newest changelog release %s; run scripts/changelog-release.sh"
                % (galaxy_version, released)]
    return []


def find_problems(root):
    """Every problem found in the collection at root."""
    return check_action_group(root) + check_module_files(root) + check_version(root)


# ----------------------------------------------------------------------------------------------
# This checkout


def test_checkout_metadata_is_consistent():
    problems = find_problems(REPO_ROOT)
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------------------------
# The checker itself, on doctored copies

GOOD_MODULE = '''#!/usr/bin/python
DOCUMENTATION = r"""
module: %(name)s
short_description: test
"""
EXAMPLES = r"""
- hwcloud.dms.%(name)s:
"""
RETURN = r"""
"""
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec={}, supports_check_mode=True)
    module.exit_json(changed=False)
'''


@pytest.fixture
def copy_root(tmp_path):
    """A copy of the metadata this checker reads, with no modules: consistent by construction."""
    root = tmp_path / "dms"
    for rel in ("galaxy.yml", "meta/runtime.yml", "changelogs/changelog.yaml"):
        source = os.path.join(REPO_ROOT, rel)
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if os.path.exists(source):
            shutil.copyfile(source, target)
    (root / "plugins" / "modules").mkdir(parents=True)
    runtime = _load_yaml(str(root / "meta" / "runtime.yml"))
    runtime["action_groups"][ACTION_GROUP] = []
    _write_yaml(root / "meta" / "runtime.yml", runtime)
    version = str(_load_yaml(str(root / "galaxy.yml"))["version"])
    _write_yaml(root / "changelogs" / "changelog.yaml", {"ancestor": None, "releases": {version: {"changes": {}}}})
    return root


def _write_yaml(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _set_group(root, entries):
    runtime = _load_yaml(str(root / "meta" / "runtime.yml"))
    runtime["action_groups"][ACTION_GROUP] = entries
    _write_yaml(root / "meta" / "runtime.yml", runtime)


def _add_module(root, name, text=None):
    path = root / "plugins" / "modules" / ("%s.py" % name)
    path.write_text(text if text is not None else GOOD_MODULE % {"name": name}, encoding="utf-8")


def test_checker_passes_a_consistent_copy(copy_root):
    _add_module(copy_root, "dms_kafka_topic")
    _add_module(copy_root, "dms_kafka_topic_info")
    _add_module(copy_root, "__init__", "")  # private/special files are not modules
    _add_module(copy_root, "_helper", "")
    _set_group(copy_root, ["dms_kafka_topic", "dms_kafka_topic_info"])
    assert find_problems(str(copy_root)) == []


def test_checker_detects_module_missing_from_group(copy_root):
    _add_module(copy_root, "dms_kafka_topic")
    _add_module(copy_root, "dms_kafka_topic_info")
    _set_group(copy_root, ["dms_kafka_topic"])
    assert find_problems(str(copy_root)) == [
        "meta/runtime.yml: module dms_kafka_topic_info (plugins/modules/dms_kafka_topic_info.py)"
        " is missing from action_groups.dms_kafka"
    ]


def test_checker_detects_group_entry_without_module(copy_root):
    _set_group(copy_root, ["dms_kafka_ghost"])
    assert find_problems(str(copy_root)) == [
        "meta/runtime.yml: action_groups.dms_kafka lists dms_kafka_ghost,"
        " but plugins/modules/dms_kafka_ghost.py does not exist"
    ]


def test_checker_wants_short_names(copy_root):
    _add_module(copy_root, "dms_kafka_topic")
    _set_group(copy_root, ["hwcloud.dms.dms_kafka_topic"])
    assert find_problems(str(copy_root)) == [
        "meta/runtime.yml: action_groups.dms_kafka: 'hwcloud.dms.dms_kafka_topic'"
        " must be the short name 'dms_kafka_topic'"
    ]


def test_checker_detects_missing_group(copy_root):
    runtime = _load_yaml(str(copy_root / "meta" / "runtime.yml"))
    del runtime["action_groups"]
    _write_yaml(copy_root / "meta" / "runtime.yml", runtime)
    assert find_problems(str(copy_root)) == ["meta/runtime.yml: action_groups.dms_kafka is missing"]


@pytest.mark.parametrize("drop", ["DOCUMENTATION", "EXAMPLES", "RETURN"])
def test_checker_detects_missing_doc_block(copy_root, drop):
    text = (GOOD_MODULE % {"name": "dms_kafka_user"}).replace("%s = r" % drop, "_%s = r" % drop)
    _add_module(copy_root, "dms_kafka_user", text)
    _set_group(copy_root, ["dms_kafka_user"])
    assert find_problems(str(copy_root)) == ["plugins/modules/dms_kafka_user.py: no %s" % drop]


def test_checker_detects_missing_check_mode(copy_root):
    text = (GOOD_MODULE % {"name": "dms_kafka_user"}).replace("supports_check_mode=True", "supports_check_mode=False")
    _add_module(copy_root, "dms_kafka_user", text)
    _set_group(copy_root, ["dms_kafka_user"])
    assert find_problems(str(copy_root)) == [
        "plugins/modules/dms_kafka_user.py: no supports_check_mode=True (in it or the module_utils it imports)"
    ]


def test_checker_follows_module_utils_imports(copy_root):
    utils = copy_root / "plugins" / "module_utils"
    (utils / "_specs").mkdir(parents=True)
    (utils / "_runner.py").write_text("def run(spec):\n    return Mod(supports_check_mode=True)\n", encoding="utf-8")
    (utils / "_specs" / "__init__.py").write_text("", encoding="utf-8")
    (utils / "_specs" / "user.py").write_text(
        "from ansible_collections.hwcloud.dms.plugins.module_utils._runner import run\n", encoding="utf-8")
    text = (GOOD_MODULE % {"name": "dms_kafka_user"}).replace("supports_check_mode=True", "")
    thin = text + "from ansible_collections.hwcloud.dms.plugins.module_utils._specs.user import run_user\n"
    _add_module(copy_root, "dms_kafka_user", thin)
    package_style = text + "from ansible_collections.hwcloud.dms.plugins.module_utils._specs import user\n"
    _add_module(copy_root, "dms_kafka_user_info", package_style)
    _set_group(copy_root, ["dms_kafka_user", "dms_kafka_user_info"])
    assert find_problems(str(copy_root)) == []
    (utils / "_runner.py").write_text("def run(spec):\n    return Mod()\n", encoding="utf-8")
    assert len(find_problems(str(copy_root))) == 2


def test_checker_detects_version_mismatch(copy_root):
    _write_yaml(copy_root / "changelogs" / "changelog.yaml",
                {"ancestor": None, "releases": {"0.0.9": {}, "0.1.0-rc1": {}, "9.0.0": {}}})
    problems = find_problems(str(copy_root))
    assert len(problems) == 1 and "newest changelog release 9.0.0" in problems[0]


def test_checker_detects_missing_release(copy_root):
    (copy_root / "changelogs" / "changelog.yaml").unlink()
    problems = find_problems(str(copy_root))
    assert len(problems) == 1 and "no release recorded" in problems[0]


def test_version_order():
    assert _version_key("0.1.0-rc1") < _version_key("0.1.0") < _version_key("0.1.1") < _version_key("0.10.0")
