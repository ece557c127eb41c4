# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: dms_kafka
short_description: Huawei Cloud DMS for Kafka instances as inventory hosts
version_added: 0.2.0
description:
  - One host per Kafka instance, read from the instance listing of one or more regions and
    projects (every page).
  - Every host is in the group C(dms_kafka) and gets C(ansible_connection=local) and
    C(ansible_python_interpreter={{ ansible_playbook_python }}) (see O(local_connection)), so
    tasks about an instance run on the controller.
  - "Host variables, all prefixed with C(dms_kafka_): C(instance_id), C(name), C(description),
    C(status), C(engine), C(engine_version), C(type), C(specification), C(flavor_id),
    C(broker_num), C(storage_space), C(used_storage_space), C(storage_spec_code),
    C(available_zones), C(available_zone_names), C(connect_address), C(port),
    C(private_connect_address), C(public_connect_address), C(management_connect_address),
    C(ssl_enable), C(security_protocol), C(sasl_enabled_mechanisms), C(enterprise_project_id),
    C(created_at), C(tags) (a dict), and where the instance was found: C(region),
    C(project_id) and C(endpoint)."
  - Same connection options, environment variables and credentials as the modules. The
    inventory source file name must end with C(dms_kafka.yml) or C(dms_kafka.yaml).
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
notes:
  - The connection options fall back to the same environment variables as the modules
    (E(HW_ACCESS_KEY), E(HW_SECRET_KEY), E(HW_REGION_NAME), E(HW_PROJECT_ID), E(HW_DMS_ENDPOINT)
    and so on), which is how an AWX credential feeds it. Prefer them to secrets in the file.
  - The cache (O(cache)) holds the host variables only, never a credential. Its key includes the
    sources and the filters, so changing either reads the API again.
options:
  plugin:
    description: The name of this plugin; it makes the file a source of this plugin.
    type: str
    required: true
    choices: [hwcloud.dms.dms_kafka]
  regions:
    description:
      - Read the instances of each of these regions, in its default project (the project named
        as the region, looked up from IAM once per region).
      - With neither O(regions) nor O(projects), the one source is O(region) (or O(endpoint))
        and O(project_id).
    type: list
    elements: str
    default: []
  projects:
    description:
      - Read the instances of each of these projects. Each entry names one source; a key left
        out takes the value of the top-level option.
      - O(endpoint) and O(iam_endpoint) are inherited only by an entry whose region is the
        top-level O(region) (an endpoint belongs to one region).
    type: list
    elements: dict
    default: []
    suboptions:
      region:
        description: Region of the project.
        type: str
      project_id:
        description: Project ID (looked up from IAM by O(projects[].region) when not set).
        type: str
      endpoint:
        description: DMS endpoint of this project's region.
        type: str
      iam_endpoint:
        description: IAM endpoint of this project's region.
        type: str
  filters:
    description:
      - Only the instances that match every filter become hosts.
      - V(name) (part of the name, or the whole name with V(exact_match_name=true)), V(status)
        (one of the instance states, for example V(RUNNING)), V(enterprise_project_id) and
        V(include_failure) (V(true) also lists the instances whose creation failed) are sent to the
        listing, as M(hwcloud.dms.dms_kafka_instance_info) sends them.
      - V(tags) is a dict of tags the instance must carry; a tag given with an empty or null value
        matches any value.
      - An unknown key fails before any API call.
    type: dict
    default: {}
  hostnames:
    description:
      - Candidate host names, in order of preference. Each entry is a Jinja2 expression over the
        host variables (for example V(dms_kafka_name), or
        V(dms_kafka_name ~ "." ~ dms_kafka_region)).
      - The first one that gives a non-empty value not already taken by another instance is the
        host name; when there is none, the instance ID is. Instances with the same name in two
        projects therefore stay two hosts.
    type: list
    elements: str
    default: [dms_kafka_name]
  local_connection:
    description:
      - Give every host C(ansible_connection=local) and
        C(ansible_python_interpreter={{ ansible_playbook_python }}), so tasks run on the controller.
      - O(compose) may still override them.
    type: bool
    default: true
"""

EXAMPLES = r"""
# dms_kafka.yml: credentials from the environment (HW_ACCESS_KEY, HW_SECRET_KEY)
plugin: hwcloud.dms.dms_kafka
regions:
  - ap-southeast-1
  - ap-southeast-3
---
# prod.dms_kafka.yml: two projects, only running instances tagged env=prod, grouped by tags
plugin: hwcloud.dms.dms_kafka
projects:
  - region: ap-southeast-1
    project_id: 0123456789abcdef0123456789abcdef
  - region: ap-southeast-1
    project_id: fedcba9876543210fedcba9876543210
filters:
  status: RUNNING
  tags:
    env: prod
keyed_groups:
  - key: dms_kafka_tags.team | default('none')
    prefix: team
  - key: dms_kafka_engine_version
    prefix: kafka
groups:
  big: dms_kafka_broker_num >= 6
compose:
  kafka_bootstrap: dms_kafka_private_connect_address
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: /tmp/dms_kafka_inventory
cache_timeout: 600
"""

import hashlib
import json
import os

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

try:  # ansible-core >= 2.19: templates in inventory variables must be trusted explicitly
    from ansible.template import trust_as_template
except ImportError:  # older cores template every inventory string
    def trust_as_template(value):
        return value

from ansible_collections.hwcloud.dms.plugins.module_utils._argspec import CONNECTION_ARGSPEC
from ansible_collections.hwcloud.dms.plugins.module_utils._client import HAS_HTTPX, DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Context
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsError
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.instance_info import (
    STATUSES,
    instance_view,
    list_instances,
)

PREFIX = "dms_kafka_"
GROUP = "dms_kafka"
SUFFIXES = ("dms_kafka.yml", "dms_kafka.yaml")
#: filters sent to the 5.1.2 listing (as dms_kafka_instance_info sends them)
API_FILTERS = ("name", "exact_match_name", "status", "enterprise_project_id", "include_failure")
#: instance view key -> host variable (without the prefix)
HOSTVAR_KEYS = (
    ("instance_id", "instance_id"), ("name", "name"), ("description", "description"),
    ("status", "status"), ("engine", "engine"), ("engine_version", "engine_version"),
    ("type", "type"), ("specification", "specification"), ("flavor_id", "flavor_id"),
    ("broker_num", "broker_num"), ("storage_space", "storage_space"),
    ("used_storage_space", "used_storage_space"), ("storage_spec_code", "storage_spec_code"),
    ("availability_zones", "available_zones"), ("available_zone_names", "available_zone_names"),
    ("connect_address", "connect_address"), ("port", "port"),
    ("kafka_private_connect_address", "private_connect_address"),
    ("public_connect_address", "public_connect_address"),
    ("management_connect_address", "management_connect_address"),
    ("ssl_enable", "ssl_enable"), ("kafka_security_protocol", "security_protocol"),
    ("sasl_enabled_mechanisms", "sasl_enabled_mechanisms"),
    ("enterprise_project_id", "enterprise_project_id"), ("created_at", "created_at"),
    ("tags", "tags"),
)
SOURCE_KEYS = ("region", "project_id", "endpoint", "iam_endpoint")


def _typed(value, kind, var):
    """An environment value as the option's type (the modules' argspec converts it the same way)."""
    try:
        if kind == "bool":
            return boolean(value, strict=True)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except (TypeError, ValueError):
        raise ValueError("environment variable %s: %r is not a valid %s" % (var, value, kind))
    return value


def connection_options(get_option_and_origin, environ=None):
    """The connection options as the modules see them: the plugin option set in the source
    file, else the environment variables of the module's ``fallback``
    (``_argspec.CONNECTION_ARGSPEC``), else the option's default."""
    environ = os.environ if environ is None else environ
    out = {}
    for name, spec in CONNECTION_ARGSPEC.items():
        value, origin = get_option_and_origin(name)
        fallback = spec.get("fallback")
        if fallback and (value in (None, "") or origin == "default"):
            for var in fallback[1]:
                if environ.get(var):
                    value = _typed(environ[var], spec.get("type"), var)
                    break
        if value not in (None, ""):
            out[name] = value
    return out


def build_sources(options, regions, projects):
    """Each source: the connection options for one (region, project) listing."""
    top_region = options.get("region")
    entries = [dict(region=r) for r in regions or []] + [dict(p or {}) for p in projects or []]
    if not entries:
        return [dict(options)]
    sources = []
    for entry in entries:
        source = dict(options)
        own_region = entry.get("region")
        if own_region and own_region != top_region:
            # an endpoint belongs to one region: not inherited by another region
            for key in ("endpoint", "iam_endpoint", "project_id"):
                source.pop(key, None)
        for key in SOURCE_KEYS:
            if entry.get(key):
                source[key] = entry[key]
        sources.append(source)
    return sources


def check_filters(filters):
    """Problems with the ``filters`` option (each names the key), before any API call."""
    problems = []
    if not isinstance(filters, dict):
        return ["filters: must be a dict"]
    for key in sorted(filters):
        if key not in API_FILTERS and key != "tags":
            problems.append("filters.%s: unknown filter (known: %s)"
                            % (key, ", ".join(API_FILTERS + ("tags",))))
    tags = filters.get("tags")
    if tags is not None and not isinstance(tags, dict):
        problems.append("filters.tags: must be a dict of tag keys to values")
    for key in ("exact_match_name", "include_failure"):
        if filters.get(key) is not None and not isinstance(filters[key], bool):
            problems.append("filters.%s: must be true or false" % key)
    status = filters.get("status")
    if status is not None and status not in STATUSES:
        problems.append("filters.status: must be one of %s, not %r" % (", ".join(STATUSES), status))
    if filters.get("exact_match_name") is not None and filters.get("name") is None:
        problems.append("filters.exact_match_name: needs filters.name")
    return problems


def tags_match(have, want):
    have = have or {}
    for key, value in (want or {}).items():
        if str(key) not in have:
            return False
        if value not in (None, "") and have[str(key)] != str(value):
            return False
    return True


def host_record(view, source, endpoint, project_id):
    record = {}
    for key, var in HOSTVAR_KEYS:
        record[PREFIX + var] = view.get(key)
    if record[PREFIX + "tags"] is None:
        record[PREFIX + "tags"] = {}
    record[PREFIX + "region"] = source.get("region")
    record[PREFIX + "project_id"] = project_id
    record[PREFIX + "endpoint"] = endpoint
    return record


def fetch(sources, filters, client_factory=None):
    """Host records of every source, in listing order (one client per source)."""
    client_factory = client_factory or DmsClient.from_params
    params = dict(engine="kafka")
    for key in API_FILTERS:
        if filters.get(key) is not None:
            params[key] = filters[key]
    records = []
    for source in sources:
        client = client_factory(source)
        try:
            objs = list_instances(Context(client, params))
            project_id = client.project_id
            for obj in objs:
                view = instance_view(obj)
                if not tags_match(view.get("tags"), filters.get("tags")):
                    continue
                records.append(host_record(view, source, client.endpoint, project_id))
        finally:
            client.close()
    return records


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "hwcloud.dms.dms_kafka"

    def verify_file(self, path):
        return (super(InventoryModule, self).verify_file(path)
                and os.path.basename(path).endswith(SUFFIXES))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        if not HAS_HTTPX:
            raise AnsibleParserError("%s needs the python library httpx" % self.NAME)
        filters = self.get_option("filters") or {}
        problems = check_filters(filters)
        if problems:
            raise AnsibleParserError("; ".join(problems))
        try:
            options = connection_options(self.get_option_and_origin)
        except ValueError as err:
            raise AnsibleParserError(to_native(err))
        sources = build_sources(options, self.get_option("regions"), self.get_option("projects"))

        cache_key = self._cache_key(path, sources, filters)
        use_cache = self.get_option("cache")
        records = None
        if use_cache and cache:
            try:
                records = self._cache[cache_key]
            except KeyError:
                records = None
        if records is None:
            try:
                records = fetch(sources, filters)
            except DmsError as err:
                raise AnsibleParserError("%s: %s" % (self.NAME, to_native(err)))
            if use_cache:
                self._cache[cache_key] = records
        self._populate(records)

    def _cache_key(self, path, sources, filters):
        """The path's key plus a digest of what decides the listing (no credential in it)."""
        shape = dict(sources=[dict((k, s.get(k)) for k in SOURCE_KEYS) for s in sources],
                     filters=filters)
        digest = hashlib.sha256(json.dumps(shape, sort_keys=True, default=str).encode("utf-8"))
        return "%s_%s" % (self.get_cache_key(path), digest.hexdigest()[:16])

    def _populate(self, records):
        strict = self.get_option("strict")
        self.inventory.add_group(GROUP)
        taken = set()
        for record in records:
            host = self._hostname(record, taken)
            taken.add(host)
            self.inventory.add_host(host, group=GROUP)
            if self.get_option("local_connection"):
                self.inventory.set_variable(host, "ansible_connection", "local")
                self.inventory.set_variable(host, "ansible_python_interpreter",
                                            trust_as_template("{{ ansible_playbook_python }}"))
            for key, value in record.items():
                self.inventory.set_variable(host, key, value)
            variables = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, host,
                                              strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host,
                                           strict=strict)

    def _hostname(self, record, taken):
        for expression in self.get_option("hostnames") or []:
            if expression in record:
                value = record[expression]
            else:
                try:
                    value = self._compose(expression, record)
                except Exception:  # a candidate that does not render is skipped
                    value = None
            if value not in (None, "") and str(value) not in taken:
                return str(value)
        return record[PREFIX + "instance_id"]
