# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Mirrors plugins/module_utils/_instance_ref.py INSTANCE_OPTION (the parent instance of a
# sub-resource module), resolved by resolve_instance().

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  instance:
    description:
      - The Kafka instance, by name or by ID.
      - A value in UUID form is looked up as an instance ID first, then as a name.
      - A name must match exactly one instance of the project; when several instances
        share the name the module fails and lists their IDs; use the ID then.
    type: str
    required: true
"""

    # info modules of sub-resources: what happens when the instance does not exist
    # (mirrors _instance_ref.FAIL_ON_MISSING_OPTION)
    INFO = r"""
options:
  fail_on_missing:
    description:
      - What to do when the instance named by O(instance) does not exist.
      - V(false) returns an empty result with a warning that names the instance, so
        a misspelled name is visible in the output.
      - V(true) fails the task, e.g. in an audit that asserts "no unexpected items",
        which must not pass without having looked at anything.
    type: bool
    default: false
    version_added: 0.2.0
"""
