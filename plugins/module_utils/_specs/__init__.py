# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: resource declarations for the engine.
