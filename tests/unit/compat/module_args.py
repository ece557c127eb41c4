# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``patch_module_args`` on every ansible-core the collection supports.

ansible-core 2.19 added ``ansible.module_utils.testing.patch_module_args`` (and refuses the
old way of setting ``basic._ANSIBLE_ARGS`` alone). Older cores (2.16, 2.18) have no such
module: there, the arguments are handed over through ``basic._ANSIBLE_ARGS``, as their own
unit tests do.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

__all__ = ["patch_module_args"]  # ansible-core >= 2.19 has its own, older cores get the one below

try:
    from ansible.module_utils.testing import patch_module_args  # noqa: F401  pylint: disable=unused-import
except ImportError:
    import contextlib
    import json

    from ansible.module_utils import basic
    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Make the next AnsibleModule read ``args`` as its module arguments."""
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved
