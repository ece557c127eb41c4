# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Shared argument specs. Each dict mirrors a doc fragment option for option:

- ``CONNECTION_ARGSPEC``  <->  ``hwcloud.dms.connection``
- ``WAIT_ARGSPEC``        <->  ``hwcloud.dms.wait``
- ``TAGS_ARGSPEC``        <->  ``hwcloud.dms.tags``
- ``SET_ARGSPEC``         <->  ``hwcloud.dms.resource_set``

Use the functions (they return deep copies) rather than the constants.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible.module_utils.basic import env_fallback

CONNECTION_ARGSPEC = dict(
    access_key=dict(type="str", aliases=["ak"], no_log=False,
                    fallback=(env_fallback, ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"])),
    secret_key=dict(type="str", no_log=True,
                    fallback=(env_fallback, ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK"])),
    security_token=dict(type="str", no_log=True,
                        fallback=(env_fallback, ["HW_SECURITY_TOKEN"])),
    auth_token=dict(type="str", no_log=True, fallback=(env_fallback, ["HW_AUTH_TOKEN"])),
    iam_username=dict(type="str", fallback=(env_fallback, ["HW_USER_NAME"])),
    iam_password=dict(type="str", no_log=True, fallback=(env_fallback, ["HW_PASSWORD"])),
    domain_name=dict(type="str", fallback=(env_fallback, ["HW_DOMAIN_NAME"])),
    region=dict(type="str", fallback=(env_fallback, ["HW_REGION_NAME"])),
    project_id=dict(type="str", fallback=(env_fallback, ["HW_PROJECT_ID"])),
    endpoint=dict(type="str", fallback=(env_fallback, ["HW_DMS_ENDPOINT"])),
    iam_endpoint=dict(type="str", fallback=(env_fallback, ["HW_IAM_ENDPOINT"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["HW_VALIDATE_CERTS"])),
    ca_path=dict(type="path"),
    timeout=dict(type="float", default=30.0),
    max_retries=dict(type="int", default=5),
    deadline=dict(type="float", default=60.0),
)

#: options whose values are secrets (also registered in no_log_values)
SECRET_OPTIONS = ("secret_key", "security_token", "auth_token", "iam_password")

WAIT_ARGSPEC = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1800),
)

TAGS_ARGSPEC = dict(
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)

SET_ARGSPEC = dict(
    purge=dict(type="bool", default=False),
    protected_names=dict(type="list", elements="str", default=[]),
    owned_prefixes=dict(type="list", elements="str"),
)


def connection_argument_spec():
    return copy.deepcopy(CONNECTION_ARGSPEC)


def wait_argument_spec():
    return copy.deepcopy(WAIT_ARGSPEC)


def tags_argument_spec():
    return copy.deepcopy(TAGS_ARGSPEC)


def set_argument_spec():
    return copy.deepcopy(SET_ARGSPEC)
