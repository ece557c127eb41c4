# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Descriptions only: each module states its own support (and details).
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
"""

    # Every module of the collection belongs to the dms_kafka action group.
    ACTION_GROUP = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/hwcloud.dms.dms_kafka) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - hwcloud.dms.dms_kafka
"""

    # For read-only *_info modules: use together with ACTION_GROUP.
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module only reads; it behaves the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
    details: This module never changes anything, so there is nothing to diff.
"""
