# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Mirrors plugins/module_utils/_argspec.py WAIT_ARGSPEC.

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Wait until asynchronous changes are finished (instance back to C(RUNNING),
        background tasks at C(SUCCESS), deleted objects gone) before returning.
      - With V(false) the module returns as soon as the API accepted the change; the
        returned state may then not show it yet.
      - Never waits in check mode.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, for each asynchronous change when O(wait=true).
      - Polling starts at 2 seconds and backs off to at most 15 seconds between polls.
      - The module fails, naming what it waited for and the last state seen, when the
        time runs out, and at once when a failure state (for example C(CREATEFAILED)) shows.
    type: int
    default: 1800
"""
