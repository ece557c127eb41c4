# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Mirrors plugins/module_utils/_argspec.py CONNECTION_ARGSPEC option for option.

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Connection and authentication options shared by every hwcloud.dms module.
    DOCUMENTATION = r"""
options:
  access_key:
    description:
      - Access key ID (AK) used to sign requests with the AK/SK method.
      - If not set, the value of the E(HW_ACCESS_KEY) or E(HUAWEICLOUD_SDK_AK) environment
        variable is used.
      - AK/SK signing takes precedence over O(auth_token) and over the IAM password options.
    type: str
    aliases: [ak]
  secret_key:
    description:
      - Secret access key (SK) that goes with O(access_key).
      - If not set, the value of the E(HW_SECRET_KEY) or E(HUAWEICLOUD_SDK_SK) environment
        variable is used.
    type: str
  security_token:
    description:
      - Security token of temporary AK/SK credentials, sent as C(X-Security-Token).
      - If not set, the value of the E(HW_SECURITY_TOKEN) environment variable is used.
    type: str
  auth_token:
    description:
      - A ready IAM token, sent as C(X-Auth-Token). Used when O(access_key) is not set.
      - If not set, the value of the E(HW_AUTH_TOKEN) environment variable is used.
    type: str
  iam_username:
    description:
      - IAM user name. With O(iam_password) and O(domain_name), a token is obtained
        once from IAM (password method, scoped to the project of O(region)) and reused
        for the whole task.
      - The name is prefixed with C(iam_) because several modules have their own
        resource C(password) or C(username) options.
      - If not set, the value of the E(HW_USER_NAME) environment variable is used.
    type: str
  iam_password:
    description:
      - Password of O(iam_username).
      - Prefixed with C(iam_) so it cannot be confused with a resource C(password) option.
      - If not set, the value of the E(HW_PASSWORD) environment variable is used.
    type: str
  domain_name:
    description:
      - Account (domain) name that owns O(iam_username).
      - If not set, the value of the E(HW_DOMAIN_NAME) environment variable is used.
    type: str
  region:
    description:
      - Region name, for example V(ap-southeast-1).
      - Gives the default O(endpoint) C(https://dms.<region>.myhuaweicloud.com), the default
        O(iam_endpoint) C(https://iam.<region>.myhuaweicloud.com), and the project looked up
        when O(project_id) is not set.
      - If not set, the value of the E(HW_REGION_NAME) environment variable is used.
      - One of O(region) or O(endpoint) is required.
    type: str
  project_id:
    description:
      - Project ID. When not set it is resolved once from IAM by the name O(region).
      - If not set, the value of the E(HW_PROJECT_ID) environment variable is used.
    type: str
  endpoint:
    description:
      - DMS endpoint URL, overriding the one derived from O(region). C(http://) is
        accepted (for a local emulator); without a scheme C(https://) is assumed.
      - If not set, the value of the E(HW_DMS_ENDPOINT) environment variable is used.
    type: str
  iam_endpoint:
    description:
      - IAM endpoint URL, overriding the one derived from O(region).
      - If not set, the value of the E(HW_IAM_ENDPOINT) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificates of the endpoints.
      - If not set, the value of the E(HW_VALIDATE_CERTS) environment variable is used
        (C(true)/C(false), as an AWX credential injects it).
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle file (or a directory of CA certificates) to verify the endpoints with.
    type: path
  timeout:
    description:
      - Timeout of each HTTP request, in seconds (connecting never waits more than 10 s).
    type: float
    default: 30
  max_retries:
    description:
      - How many times a throttled or failed call is retried, with jittered exponential
        backoff (1 s doubling up to 15 s, or the server's C(Retry-After)).
      - Retried for every call are HTTP 429, flow control (HTTP 404 C(DMS.10240407)) and
        connections that could not be made (refused, DNS, connect timeout). Retried for
        reads only are HTTP 502, 503, 504, timeouts and dropped connections.
      - A write whose outcome is unknown (502, 503, 504, timeout or dropped connection after
        sending) is never sent again blindly; the item is read again and the module
        continues from what is there.
      - Each retry is listed in the C(retries) key of the result.
    type: int
    default: 5
  deadline:
    description:
      - Longest time, in seconds, one API call may take over all its attempts (each attempt's
        timeout and the pauses between retries count); after it the call fails, naming the
        method, host, path, attempts and time spent.
      - With the defaults an endpoint that accepts connections but never answers fails
        after about 60 s (two attempts); see the README for the worst cases.
      - Waiting for asynchronous jobs is bounded by the C(wait_timeout) option of the modules
        that wait, not by this option.
    type: float
    default: 60
    version_added: 0.2.0
notes:
  - Credentials are checked before any API call. One of these is required
    O(access_key) and O(secret_key); O(auth_token); or O(iam_username), O(iam_password)
    and O(domain_name).
requirements:
  - python >= 3.9
  - httpx >= 0.27
"""
