#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_instance_info
short_description: Read Huawei Cloud DMS for Kafka instances
version_added: 0.1.0
description:
  - Lists the Kafka instances of the project (every page of the listing), optionally filtered
    by O(name), O(status), O(instance_id), O(enterprise_project_id) and O(include_failure).
  - With O(instance), reads that one instance in detail and, on request (O(include)), its
    configuration parameters, tags, cluster metadata, consumer group coordinators, topic disk
    usage, rebalance log, background tasks and monitoring dimensions. These extra reads run
    concurrently over one connection pool.
  - "Items have the same keys as RV(hwcloud.dms.dms_kafka_instance#module:instance) returned
    by M(hwcloud.dms.dms_kafka_instance): option names as keys, numbers as numbers."
  - Never fails because something is not found; an unknown instance gives an empty list.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
notes:
  - The cluster metadata, coordinators and topic disk usage are answered only by a C(RUNNING)
    instance whose Kafka Manager is enabled. For another instance they are returned empty
    with a warning.
  - The live service reports the topic disk usage only of partitions of at least 1 GB unless
    told otherwise; RV(instances[].disk_usage) is what it answers.
options:
  instance:
    description:
      - Read only this instance, by name or by ID (a value in UUID form is tried as an ID first),
        in detail.
      - A name must match exactly one instance; when several share it the module fails and lists
        their IDs.
      - Cannot be combined with the listing filters O(name), O(exact_match_name), O(status),
        O(instance_id), O(include_failure) and O(enterprise_project_id).
    type: str
  include:
    description:
      - Extra reads for the instance given in O(instance) (only valid with it). Each value may
        appear once.
      - V(configs) adds RV(instances[].configs) (name to current value) and
        RV(instances[].config_details).
      - V(tags) adds RV(instances[].tags) read from the tag API.
      - V(cluster) adds RV(instances[].cluster).
      - V(coordinators) adds RV(instances[].coordinators).
      - V(disk_usage) adds RV(instances[].disk_usage).
      - V(rebalance_log) adds RV(instances[].rebalance_log) (empty when rebalance logging is off).
      - V(tasks) adds RV(instances[].tasks), every background task (all pages).
      - V(monitoring_dimensions) adds RV(instances[].monitoring_dimensions).
    type: list
    elements: str
    choices: [configs, tags, cluster, coordinators, disk_usage, rebalance_log, tasks, monitoring_dimensions]
  name:
    description:
      - Only instances whose name contains this text (case-insensitive), or, with
        O(exact_match_name=true), whose name is exactly this.
    type: str
  exact_match_name:
    description:
      - Match O(name) exactly. Only valid with O(name). The service default is V(false).
    type: bool
  status:
    description:
      - Only instances in this state.
    type: str
    choices: [CREATING, CREATEFAILED, RUNNING, ERROR, RESTARTING, EXTENDING, EXTENDEDFAILED, DELETING]
  engine:
    description:
      - The message engine. Only V(kafka).
    type: str
    choices: [kafka]
    default: kafka
  instance_id:
    description:
      - Only the instance with this ID (UUID form). Unlike O(instance), gives the listing form
        of the instance and accepts the other filters.
    type: str
  include_failure:
    description:
      - Whether instances that failed to be created are listed. Not set, the service default applies.
    type: bool
  enterprise_project_id:
    description:
      - Only instances of this enterprise project (V(0) for the default project, or an ID in UUID form).
    type: str
"""

EXAMPLES = r"""
- name: Every Kafka instance of the project
  hwcloud.dms.dms_kafka_instance_info:
  register: all_instances

- name: The running instances whose name contains "orders"
  hwcloud.dms.dms_kafka_instance_info:
    name: orders
    status: RUNNING
  register: orders_instances

- name: One instance in detail, with its configuration, tags and background tasks
  hwcloud.dms.dms_kafka_instance_info:
    instance: orders-kafka
    include: [configs, tags, tasks]
  register: orders

- name: Fail when the retention of the instance is not 96 hours
  ansible.builtin.assert:
    that:
      - orders.instances | length == 1
      - orders.instances[0].configs['log.retention.hours'] == '96'
"""

RETURN = r"""
instances:
  description:
    - The instances, in listing order; at most one with O(instance). Empty when nothing matches.
    - The keys are those of RV(hwcloud.dms.dms_kafka_instance#module:instance); passwords and
      other write-only values never appear. The most useful ones are listed here.
  returned: always
  type: list
  elements: dict
  contains:
    instance_id:
      description: Instance ID.
      type: str
      sample: 6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e
    name:
      description: Instance name.
      type: str
      sample: orders-kafka
    status:
      description: Instance status.
      type: str
      sample: RUNNING
    engine_version:
      description: Kafka version.
      type: str
      sample: "3.x"
    flavor_id:
      description: Flavor (the API's C(product_id)).
      type: str
      sample: c6.2u4g.cluster
    broker_num:
      description: Number of brokers.
      type: int
      sample: 3
    storage_space:
      description: Total storage in GB (the API's C(total_storage_space)).
      type: int
      sample: 300
    partition_num:
      description: Maximum number of partitions.
      type: int
      sample: 750
    connect_address:
      description: Broker addresses, comma-separated.
      type: str
      sample: 192.168.0.100,192.168.0.61,192.168.0.72
    tags:
      description:
        - Tags as a dict. From the listing when it carries them (V(null) otherwise), or from the
          tag API with O(include=tags).
      type: dict
      sample: {team: payments}
    configs:
      description:
        - The configuration parameters, name to current value (as strings, as the API returns them),
          with O(include=configs); V(null) otherwise.
      type: dict
      sample: {log.retention.hours: "72", min.insync.replicas: "1"}
    config_details:
      description: The configuration parameters as the API returns them (every field a string).
      returned: when O(include) contains V(configs)
      type: list
      elements: dict
      sample:
        - {name: log.retention.hours, valid_values: "1~168", default_value: "72", config_type: static,
           value: "72", value_type: integer}
    cluster:
      description: Cluster metadata; C(controller), C(brokers[].broker_id) as numbers.
      returned: when O(include) contains V(cluster)
      type: dict
      sample:
        controller: 0
        brokers: [{host: 192.168.0.100, port: 9092, broker_id: 0, is_controller: true, version: "3.x",
                   register_time: 1588754647872, is_health: true}]
        topics_count: 2
        partitions_count: 6
        online_partitions_count: 6
        replicas_count: 18
        isr_replicas_count: 18
        consumers_count: 1
    coordinators:
      description: The coordinator broker of each consumer group.
      returned: when O(include) contains V(coordinators)
      type: list
      elements: dict
      sample: [{group_id: orders-app, id: 1, host: 192.168.0.61, port: 9092}]
    disk_usage:
      description: Disk usage per broker, with the partitions on it (C(topic_partition) as a number).
      returned: when O(include) contains V(disk_usage)
      type: list
      elements: dict
      sample:
        - broker_name: broker-0
          data_disk_size: 66G
          data_disk_use: 53M
          data_disk_free: 63G
          data_disk_use_percentage: 1
          status: Success get info
          topic_list: [{size: 12K, topic_name: orders, topic_partition: 2, percentage: 1.7e-05}]
    rebalance_log:
      description: The rebalance log settings (camelCase keys as the API answers); empty when logging is off.
      returned: when O(include) contains V(rebalance_log)
      type: dict
      sample: {id: 8a2c259182ab0e9d0182ab1882560009, instanceId: 6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e,
               status: OPEN, logStreamId: 1b2c, logGroupId: 3d4e, dashboardId: null,
               createAt: 1724918488060, updateAt: 1724918488060}
    tasks:
      description: Every background task, newest first; C(params) decoded from its JSON text.
      returned: when O(include) contains V(tasks)
      type: list
      elements: dict
      sample:
        - {id: 8abfa7b372160bfd0172165864064079, name: modifyAutoTopic, user_name: paas_dms,
           user_id: 3df5acbc24a54fadb62a043c9000a307,
           params: {old_auto_status: true, new_auto_status: false}, status: SUCCESS,
           created_at: "2020-05-15T03:19:51.046Z", updated_at: "2020-05-15T03:19:51.065Z"}
    monitoring_dimensions:
      description: The Cloud Eye monitoring dimensions of the instance, as the API returns them.
      returned: when O(include) contains V(monitoring_dimensions)
      type: dict
      sample:
        dimensions: [{name: kafka_broker, metrics: [broker_data_size], key_name: [nodes],
                      dim_router: [kafka_instance_id, kafka_broker]}]
        instance_ids: [{name: 6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e}]
        nodes: [{name: broker-0}]
        queues: [{name: orders, partitions: [{name: "0"}]}]
        groups: []
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.instance_info import (
    run_instance_info_module,
)


def main():
    run_instance_info_module()


if __name__ == "__main__":
    main()
