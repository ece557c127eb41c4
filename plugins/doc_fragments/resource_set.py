# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Mirrors plugins/module_utils/_argspec.py SET_ARGSPEC (modules that manage a set of items).

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  purge:
    description:
      - Only with the list form of the module.
      - Delete the existing items of the parent that are not in the list, except
        the ones named in O(protected_names) and the ones the module always protects
        (see the module's notes).
      - The plan (creates, updates and deletions) is computed and validated for the
        whole list before the first change is made.
    type: bool
    default: false
  protected_names:
    description:
      - Names that O(purge=true) never deletes.
    type: list
    elements: str
    default: []
  owned_prefixes:
    description:
      - Limits O(purge=true) to the items an application owns.
      - When set, purge deletes only unlisted items whose name starts with one of these
        prefixes; every other unlisted item is left alone and not reported. The name matched
        is the topic name for topic permissions and topic quotas, and the user (else the
        client) for user/client quotas.
      - Unset, purge considers every item of the instance. An empty list owns nothing, so
        purge deletes nothing.
      - The instance's access user, internal C(__) topics and O(protected_names) stay
        protected whatever the prefixes.
    type: list
    elements: str
    version_added: 0.2.0
"""
