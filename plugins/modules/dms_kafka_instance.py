#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_instance
short_description: Create, update, restart and delete Huawei Cloud DMS for Kafka instances
version_added: 0.1.0
description:
  - Create a DMS for Kafka instance with every option of the create API, change it in place
    (settings, size, configuration parameters, tags, automatic topic creation, cross-VPC
    advertised addresses, passwords), restart it, or delete it.
  - Only the options you set are compared with the instance; unset options are left as they are.
  - Every rule the API reference states (name and password patterns, broker and storage
    ranges of the flavor, maintenance window format, tag rules, exclusive access modes,
    billing combinations) is checked before any API call, and the whole change (decreases,
    create-only options, extension limits from the service) is validated before the first write.
  - "Changes to an existing instance are applied in this order: modify (name, description,
    maintenance window, security group, retention policy, enterprise project), extend
    (brokers, then storage, then flavor; each waits for the instance to be C(RUNNING) again),
    configuration parameters, tags, automatic topic creation, cross-VPC advertised addresses,
    instance password, Kafka Manager password."
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.tags
  - hwcloud.dms.attributes
  - hwcloud.dms.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - The same reads and the same plan; no mutating request is sent.
      - When creating, server-generated values (ID, addresses, status) are not known, so the
        predicted RV(instance) lacks them.
  diff_mode:
    support: full
    details: Passwords and other write-only options never appear in the diff.
notes:
  - The instance is found by O(instance_id) when it is set, otherwise by O(name) (exact match).
    When several instances share the name the module fails and lists their IDs; set
    O(instance_id) then. With O(instance_id), O(name) renames the instance.
  - Options set only at creation (for example O(engine_version), O(vpc_id),
    O(availability_zones), O(ssl_enable), O(storage_spec_code)) fail with a message naming the
    option when they differ from the instance. O(broker_num), O(storage_space) and O(flavor_id)
    can only grow.
  - The service never returns O(password), O(security_protocol), O(enabled_mechanisms),
    O(arch_type), O(tenant_ips), O(public_ip_ids) and the billing options, so they are sent at
    creation and never compared afterwards (no drift is reported on them).
  - O(update_password=always) resets O(password) and O(manager_password) on every run and then
    always reports C(changed).
  - "Tag rules: at most 10 tags; keys 1 to 128 characters of letters, digits, spaces and
    C(_ . : = + - @), not starting with C(_sys_) or C(sys), no leading or trailing space;
    values up to 255 such characters."
options:
  name:
    description:
      - Instance name; 4 to 64 letters, digits, V(_) or V(-), starting with a letter.
      - Identifies the instance unless O(instance_id) is set; then it is the new name.
      - Required to create an instance.
    type: str
  instance_id:
    description:
      - ID of an existing instance. When set, the instance is found by ID (and O(name) renames it).
      - An instance is never created from an ID; with O(state=present) a missing ID fails.
    type: str
  state:
    description:
      - V(present) creates or updates the instance.
      - V(absent) deletes it and waits until it is gone (a missing instance is unchanged).
      - V(restarted) restarts an existing instance (always C(changed)) and waits until it is
        C(RUNNING) again; other options only identify it and are not applied.
      - V(manager_restarted) restarts only the instance's Kafka Manager (always C(changed)); the
        brokers keep running. It fails before any change when Kafka Manager is disabled. Other
        options only identify the instance and are not applied. Added in version 0.2.0.
    type: str
    choices: [present, absent, restarted, manager_restarted]
    default: present
  description:
    description: Description, up to 1024 characters.
    type: str
  engine_version:
    description: Kafka version. Set at creation only.
    type: str
    choices: ["1.1.0", "2.3.0", "2.7", "3.x"]
  broker_num:
    description:
      - Number of brokers; 3 to 30 for V(c6.2u4g.cluster) and V(c6.4u8g.cluster), 3 to 50 for the
        larger flavors.
      - Increasing it on an existing instance adds brokers (each keeps its storage, so the total
        storage grows); it cannot be decreased.
    type: int
  storage_space:
    description:
      - Total storage of all brokers, in GB; 300 to 300000 for V(c6.2u4g.cluster), to 600000 for
        V(c6.4u8g.cluster), to 1500000 for the larger flavors; at least 100 GB per broker.
      - Compared with the instance's total storage. Growing it extends each broker's disk by at
        least 100 GB; it cannot be decreased.
    type: int
  flavor_id:
    description:
      - Flavor (product ID), for example V(c6.2u4g.cluster).
      - Changing it on an existing instance scales the brokers up; it cannot be scaled down.
    type: str
    aliases: [product_id]
  storage_spec_code:
    description:
      - Disk type, for example V(dms.physical.storage.high.v2) or V(dms.physical.storage.ultra.v2).
        Set at creation only.
    type: str
  vpc_id:
    description: VPC ID. Set at creation only.
    type: str
  subnet_id:
    description: Subnet ID. Set at creation only.
    type: str
  security_group_id:
    description: Security group ID. Can be changed.
    type: str
  availability_zones:
    description:
      - Availability zones, by code (for example V(ap-southeast-1a)) or by ID; 1 zone or at
        least 3. Codes are resolved to IDs with the AZ listing. Set at creation only.
    type: list
    elements: str
  ssl_enable:
    description: Whether SASL authentication is enabled. Set at creation only.
    type: bool
  security_protocol:
    description:
      - SASL security protocol (sent as C(kafka_security_protocol)); needs O(ssl_enable=true).
      - Set at creation only; never returned by the service, so never compared.
    type: str
    choices: [SASL_SSL, SASL_PLAINTEXT]
  enabled_mechanisms:
    description:
      - SASL mechanisms (sent as C(sasl_enabled_mechanisms)); needs O(ssl_enable=true).
      - Set at creation only; never compared.
    type: list
    elements: str
    choices: [PLAIN, SCRAM-SHA-512]
  access_user:
    description:
      - SASL user name; 4 to 64 letters, digits, V(_) or V(-), starting with a letter.
      - Required with O(ssl_enable=true) at creation; only valid with it. Set at creation only.
    type: str
  password:
    description:
      - SASL password of O(access_user); 8 to 32 characters with at least three of lowercase
        letters, uppercase letters, digits and special characters, not starting with V(-).
      - Required with O(ssl_enable=true) at creation. Reset on an existing instance only with
        O(update_password=always).
    type: str
  manager_password:
    description:
      - Kafka Manager password (same rules as O(password)). Set once the instance is created, and
        reset on an existing instance only with O(update_password=always).
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) and O(manager_password) only when the instance is created.
      - V(always) resets them on every run; the module then always reports C(changed).
    type: str
    choices: [on_create, always]
    default: on_create
  port_protocol:
    description:
      - Access modes, set at creation only. Once enabled a mode cannot be disabled.
      - Only the flags you set are compared.
    type: dict
    suboptions:
      private_plain_enable:
        description: Private PLAINTEXT access (port 9092).
        type: bool
      private_sasl_ssl_enable:
        description: Private SASL_SSL access; excludes O(port_protocol.private_sasl_plaintext_enable).
        type: bool
      private_sasl_plaintext_enable:
        description: Private SASL_PLAINTEXT access (port 9093); excludes O(port_protocol.private_sasl_ssl_enable).
        type: bool
      public_plain_enable:
        description: Public PLAINTEXT access (port 9094); needs O(enable_publicip=true).
        type: bool
      public_sasl_ssl_enable:
        description:
          - Public SASL_SSL access (port 9095); needs O(enable_publicip=true); excludes
            O(port_protocol.public_sasl_plaintext_enable).
        type: bool
      public_sasl_plaintext_enable:
        description:
          - Public SASL_PLAINTEXT access (port 9095); needs O(enable_publicip=true); excludes
            O(port_protocol.public_sasl_ssl_enable).
        type: bool
  enable_publicip:
    description: Whether public access is enabled; needs O(public_ip_ids). Set at creation only.
    type: bool
  public_ip_ids:
    description:
      - EIP IDs for public access (sent comma-separated as C(publicip_id)), at most one per broker.
      - Also used, when brokers are added to an instance with public access, for the new brokers.
    type: list
    elements: str
  tenant_ips:
    description: Private IPv4 addresses for the brokers, at most O(broker_num). Creation only.
    type: list
    elements: str
  retention_policy:
    description: What happens when the disk is full. Can be changed.
    type: str
    choices: [produce_reject, time_base]
  ipv6_enable:
    description: Whether IPv6 is enabled. Set at creation only.
    type: bool
  disk_encrypted_enable:
    description: Whether disk encryption is enabled; needs O(disk_encrypted_key). Creation only.
    type: bool
  disk_encrypted_key:
    description: KMS key ID for disk encryption; only with O(disk_encrypted_enable=true).
    type: str
  connector_enable:
    description: Whether Smart Connect is enabled. Set at creation only.
    type: bool
  enable_auto_topic:
    description: Whether topics are created automatically when used. Can be changed.
    type: bool
  maintain_begin:
    description:
      - Start of the maintenance window, V(HH:mm) (V(HH:mm:ss) accepted); set with O(maintain_end).
      - Compared with the service's V(HH:mm:ss) form.
    type: str
  maintain_end:
    description: End of the maintenance window, V(HH:mm); set with O(maintain_begin).
    type: str
  enterprise_project_id:
    description: Enterprise project ID. Can be changed.
    type: str
  arch_type:
    description: CPU architecture. Set at creation only; never compared.
    type: str
    choices: [X86]
  vpc_client_plain:
    description: Whether private plaintext access inside the VPC is enabled. Creation only.
    type: bool
  charging_mode:
    description: Billing mode. Set at creation only.
    type: str
    choices: [postPaid, prePaid]
  period_unit:
    description: Subscription period unit; required with O(charging_mode=prePaid), only valid with it.
    type: str
    choices: [month, year]
  period:
    description:
      - Number of periods; 1 to 9 months or 1 to 3 years. Required with O(charging_mode=prePaid).
    type: int
  auto_renew:
    description: Whether the subscription renews automatically. Only with O(charging_mode=prePaid).
    type: bool
  auto_pay:
    description: Whether the order is paid automatically. Only with O(charging_mode=prePaid).
    type: bool
  configs:
    description:
      - Instance configuration parameters, as a name to value map (for example
        C(log.retention.hours)). Only the parameters you set are compared, and only the changed
        ones are sent. Names and values are checked against the instance's own parameter list
        (valid ranges and choices) before any change.
      - Changing a static parameter needs a restart; the module reports RV(restart_required)
        and restarts only with O(restart_on_static_change=true).
      - RV(restart_required) covers the changes of the current run only. The API does not expose
        pending static changes (the configuration listing gives each parameter's current value
        only), so a static change made by an earlier run and never applied by a restart is not
        reported by later runs.
      - At creation they are applied once the instance is C(RUNNING) (needs O(wait=true)).
    type: dict
  restart_on_static_change:
    description: Restart the instance after changing static O(configs) parameters.
    type: bool
    default: false
  rebalance_logging:
    description:
      - Whether consumer group rebalance logging is on. The current setting is read first and
        only a difference is changed; the module waits for the background task the change
        starts (with O(wait=true)).
      - At creation it is turned on once the instance is C(RUNNING) (needs O(wait=true)).
    type: bool
    version_added: 0.2.0
  kafka_manager:
    description:
      - V(disabled) turns Kafka Manager off. B(This is irreversible) - the API has no call to
        turn it on again, so asking for V(enabled) on an instance whose Kafka Manager is disabled
        fails before any change with a message saying so.
      - V(enabled) only checks that it is still on.
      - Kafka Manager counts as disabled when the instance has no Kafka Manager address.
      - At creation V(disabled) is applied once the instance is C(RUNNING) (needs O(wait=true)).
    type: str
    choices: [enabled, disabled]
    version_added: 0.2.0
  cross_vpc_advertised_ips:
    description:
      - Cross-VPC access, as a map of broker listener IP to advertised IP address or domain name.
        Only the brokers you set are compared; the others keep their current address.
      - For a new instance the broker IPs are only known in advance through O(tenant_ips).
    type: dict
  wait:
    description:
      - Wait until the change is finished (the instance C(RUNNING) and showing the new values,
        background tasks done, a deleted instance gone) before returning.
      - With V(false) the module returns as soon as the service accepted the change, with
        RV(job_id) when the service gave one. Several extensions in one run still wait for each
        other. Never waits in check mode.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait for each asynchronous change, in seconds.
      - When not set, 3000 for a creation, 3000 for an update or restart, 900 for a deletion.
      - Polling backs off from 2 to 15 seconds; the module fails at once when the instance reaches
        C(CREATEFAILED), C(ERROR) or C(EXTENDEDFAILED).
    type: int
seealso:
  - name: Huawei Cloud DMS for Kafka API reference
    description: The create, modify and extend APIs this module calls.
    link: https://support.huaweicloud.com/intl/en-us/api-kafka/kafka-api-180514001.html
"""

EXAMPLES = r"""
- name: Create a 3-broker instance with SASL
  hwcloud.dms.dms_kafka_instance:
    name: orders-kafka
    engine_version: "3.x"
    flavor_id: c6.2u4g.cluster
    broker_num: 3
    storage_space: 300
    storage_spec_code: dms.physical.storage.ultra.v2
    vpc_id: "{{ vpc_id }}"
    subnet_id: "{{ subnet_id }}"
    security_group_id: "{{ security_group_id }}"
    availability_zones: [ap-southeast-1a]
    ssl_enable: true
    security_protocol: SASL_SSL
    enabled_mechanisms: [SCRAM-SHA-512]
    access_user: admin_user
    password: "{{ kafka_password }}"
    maintain_begin: "02:00"
    maintain_end: "06:00"
    tags:
      team: payments
  register: created

- name: Grow it to 4 brokers and 800 GB, and tune two parameters
  hwcloud.dms.dms_kafka_instance:
    name: orders-kafka
    broker_num: 4
    storage_space: 800
    configs:
      log.retention.hours: 96
      max.connections.per.ip: 2000
    restart_on_static_change: true

- name: Rename an instance found by ID
  hwcloud.dms.dms_kafka_instance:
    instance_id: "{{ created.instance.instance_id }}"
    name: orders-kafka-v2

- name: Reset the SASL password (always reports changed)
  hwcloud.dms.dms_kafka_instance:
    name: orders-kafka-v2
    password: "{{ new_kafka_password }}"
    update_password: always

- name: Restart it
  hwcloud.dms.dms_kafka_instance:
    name: orders-kafka-v2
    state: restarted

- name: Turn consumer group rebalance logging on
  hwcloud.dms.dms_kafka_instance:
    name: orders-kafka-v2
    rebalance_logging: true

- name: Restart Kafka Manager only (not the brokers)
  hwcloud.dms.dms_kafka_instance:
    name: orders-kafka-v2
    state: manager_restarted

- name: Turn Kafka Manager off for good (irreversible)
  hwcloud.dms.dms_kafka_instance:
    name: orders-kafka-v2
    kafka_manager: disabled

- name: Delete it
  hwcloud.dms.dms_kafka_instance:
    name: orders-kafka-v2
    state: absent
"""

RETURN = r"""
instance:
  description:
    - The instance after the change (predicted in check mode), with option names as keys,
      numbers as numbers and C(cross_vpc_info) parsed. Secrets and write-only options never appear.
    - Empty after a deletion.
  returned: always
  type: dict
  sample:
    instance_id: 6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e
    name: orders-kafka
    status: RUNNING
    engine: kafka
    engine_version: "3.x"
    flavor_id: c6.2u4g.cluster
    broker_num: 3
    storage_space: 300
    storage_spec_code: dms.physical.storage.ultra.v2
    availability_zones: [38b0f7a602344246bcb0da47b5d548e7]
    ssl_enable: true
    access_user: admin_user
    maintain_begin: "02:00:00"
    maintain_end: "06:00:00"
    enable_auto_topic: false
    retention_policy: time_base
    tags: {team: payments}
    partition_num: 750
    created_at: 1585618587087
    connect_address: 192.168.0.100,192.168.0.61,192.168.0.72
    port: 9092
    cross_vpc_info:
      192.168.0.100: {advertised_ip: 192.168.0.100, port: 9011, port_id: 0c2e1d1a-5a44-4d7e-9d46-1b3b5e2e8f10}
    cross_vpc_advertised_ips: {192.168.0.100: 192.168.0.100}
    configs: {log.retention.hours: "96"}
changes:
  description: What was done (or would be done), by instance name or ID.
  returned: always
  type: dict
  contains:
    created:
      description: Instances created.
      type: list
      elements: str
    updated:
      description: Instances updated.
      type: list
      elements: str
    deleted:
      description: Instances deleted.
      type: list
      elements: str
    unchanged:
      description: Instances left as they were.
      type: list
      elements: str
    restarted:
      description: Instances restarted.
      type: list
      elements: str
    manager_restarted:
      description: Instances whose Kafka Manager was restarted.
      type: list
      elements: str
      version_added: 0.2.0
  sample:
    created: []
    updated: [orders-kafka]
    deleted: []
    unchanged: []
    restarted: []
restart_required:
  description:
    - Whether changed static O(configs) parameters only take effect after a restart that was not done
      (see O(restart_on_static_change)).
    - Covers the changes of this run only; the API does not expose static changes still pending
      from earlier runs.
  returned: always
  type: bool
  sample: false
restarted:
  description: True when the module restarted the instance because of static O(configs) changes.
  returned: when O(restart_on_static_change=true) caused a restart
  type: bool
  sample: true
job_id:
  description: ID of the last background task the service started (extension, configuration change,
    rebalance logging switch).
  returned: when the service returned one
  type: str
  sample: 93b94287-728d-4bb1-a158-cb66cb0854e7
msg:
  description:
    - "One line summing up RV(changes), for example C(instances: 1 created (orders-kafka), 1 unchanged)."
  returned: always
  type: str
  sample: "instances: 1 created (orders-kafka)"
differences:
  description:
    - One entry per instance created, updated or deleted (or that would be, in check mode), with the
      fields that differ and their values before and after. Secrets read C(********); write-only
      options never appear.
  returned: always
  type: list
  elements: dict
  version_added: 0.2.0
  contains:
    kind:
      description: The resource kind.
      type: str
      sample: instance
    item:
      description: The item's name.
      type: str
      sample: "orders-kafka"
    action:
      description: What happens to the item.
      type: str
      sample: create
    fields:
      description: Per field, C(before) (current) and C(after) (declared or predicted) values.
      type: dict
      sample: {}
diff:
  description:
    - The instance before and after (in diff mode), secrets and write-only options left out, with the
      headers C(before_header)/C(after_header) (C(instance 'name' (update)) and the like).
  returned: in diff mode
  type: dict
  sample:
    before: {name: orders-kafka, broker_num: 3}
    after: {name: orders-kafka, broker_num: 4}
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_module
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.instance import build_spec

ITEM_OPTIONS = dict(
    name=dict(type="str"),
    instance_id=dict(type="str"),
    description=dict(type="str"),
    engine_version=dict(type="str", choices=["1.1.0", "2.3.0", "2.7", "3.x"]),
    broker_num=dict(type="int"),
    storage_space=dict(type="int"),
    flavor_id=dict(type="str", aliases=["product_id"]),
    storage_spec_code=dict(type="str"),
    vpc_id=dict(type="str"),
    subnet_id=dict(type="str"),
    security_group_id=dict(type="str"),
    availability_zones=dict(type="list", elements="str"),
    ssl_enable=dict(type="bool"),
    security_protocol=dict(type="str", choices=["SASL_SSL", "SASL_PLAINTEXT"]),
    enabled_mechanisms=dict(type="list", elements="str", choices=["PLAIN", "SCRAM-SHA-512"]),
    access_user=dict(type="str"),
    password=dict(type="str", no_log=True),
    manager_password=dict(type="str", no_log=True),
    update_password=dict(type="str", choices=["on_create", "always"], default="on_create",
                         no_log=False),
    port_protocol=dict(type="dict", options=dict(
        private_plain_enable=dict(type="bool"),
        private_sasl_ssl_enable=dict(type="bool"),
        private_sasl_plaintext_enable=dict(type="bool"),
        public_plain_enable=dict(type="bool"),
        public_sasl_ssl_enable=dict(type="bool"),
        public_sasl_plaintext_enable=dict(type="bool"),
    )),
    enable_publicip=dict(type="bool"),
    public_ip_ids=dict(type="list", elements="str"),
    tenant_ips=dict(type="list", elements="str"),
    retention_policy=dict(type="str", choices=["produce_reject", "time_base"]),
    ipv6_enable=dict(type="bool"),
    disk_encrypted_enable=dict(type="bool"),
    disk_encrypted_key=dict(type="str", no_log=False),
    connector_enable=dict(type="bool"),
    enable_auto_topic=dict(type="bool"),
    maintain_begin=dict(type="str"),
    maintain_end=dict(type="str"),
    enterprise_project_id=dict(type="str"),
    tags=dict(type="dict"),
    arch_type=dict(type="str", choices=["X86"]),
    vpc_client_plain=dict(type="bool"),
    charging_mode=dict(type="str", choices=["postPaid", "prePaid"]),
    period_unit=dict(type="str", choices=["month", "year"]),
    period=dict(type="int"),
    auto_renew=dict(type="bool"),
    auto_pay=dict(type="bool"),
    configs=dict(type="dict"),
    cross_vpc_advertised_ips=dict(type="dict"),
    rebalance_logging=dict(type="bool"),
    kafka_manager=dict(type="str", choices=["enabled", "disabled"]),
)

ARGUMENT_SPEC = dict(
    purge_tags=dict(type="bool", default=True),
    restart_on_static_change=dict(type="bool", default=False),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int"),
)


def main():
    run_module(build_spec, ITEM_OPTIONS, ARGUMENT_SPEC, single=True, multi=False,
               state_choices=("present", "absent", "restarted", "manager_restarted"),
               required_one_of=[["name", "instance_id"]],
               required_together=[["maintain_begin", "maintain_end"]])


if __name__ == "__main__":
    main()
