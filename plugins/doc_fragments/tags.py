# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Mirrors plugins/module_utils/_argspec.py TAGS_ARGSPEC.

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  tags:
    description:
      - Tags as a dictionary of key/value pairs.
      - When not set, tags are not managed.
    type: dict
  purge_tags:
    description:
      - Remove tags that are not in O(tags).
      - Has no effect when O(tags) is not set.
    type: bool
    default: true
"""
