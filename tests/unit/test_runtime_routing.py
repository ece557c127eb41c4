# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module is routed to the action plugin ``hwcloud.dms.dms_kafka`` (the controller path).

``routing_problems(root)`` checks ``meta/runtime.yml`` ``plugin_routing.modules`` against
``plugins/modules``; the tests run it on this checkout and on doctored copies, so that a
module added without its route (or a route left for a removed module) fails here.
"""

from __future__ import annotations

import os
import shutil

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACTION = "hwcloud.dms.dms_kafka"


def routing_problems(root):
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(root, "plugins", "modules"))
                     if name.endswith(".py") and not name.startswith("_"))
    with open(os.path.join(root, "meta", "runtime.yml"), encoding="utf-8") as handle:
        runtime = yaml.safe_load(handle) or {}
    routes = ((runtime.get("plugin_routing") or {}).get("modules")) or {}
    problems = []
    for name in modules:
        target = (routes.get(name) or {}).get("action_plugin")
        if target != ACTION:
            problems.append("module %s: plugin_routing.modules.%s.action_plugin is %r, not %s"
                            % (name, name, target, ACTION))
    for name, route in routes.items():
        if name not in modules and (route or {}).get("action_plugin"):
            problems.append("plugin_routing.modules.%s routes a module that does not exist" % name)
    if not os.path.isfile(os.path.join(root, "plugins", "action", ACTION.rsplit(".", 1)[1] + ".py")):
        problems.append("plugins/action/%s.py is missing" % ACTION.rsplit(".", 1)[1])
    return problems


def test_every_module_is_routed_to_the_action_plugin():
    assert routing_problems(REPO_ROOT) == []


def _copy(tmp_path):
    root = tmp_path / "coll"
    for sub in ("meta", os.path.join("plugins", "modules"), os.path.join("plugins", "action")):
        shutil.copytree(os.path.join(REPO_ROOT, sub), str(root / sub))
    return root


def test_a_new_module_without_route_is_reported(tmp_path):
    root = _copy(tmp_path)
    (root / "plugins" / "modules" / "dms_kafka_new_thing.py").write_text("# new\n")
    assert routing_problems(str(root)) == [
        "module dms_kafka_new_thing: plugin_routing.modules.dms_kafka_new_thing.action_plugin is None, "
        "not hwcloud.dms.dms_kafka"]


def test_a_route_without_module_and_a_missing_plugin_are_reported(tmp_path):
    root = _copy(tmp_path)
    os.remove(str(root / "plugins" / "modules" / "dms_kafka_topic.py"))
    os.remove(str(root / "plugins" / "action" / "dms_kafka.py"))
    assert routing_problems(str(root)) == [
        "plugin_routing.modules.dms_kafka_topic routes a module that does not exist",
        "plugins/action/dms_kafka.py is missing"]
