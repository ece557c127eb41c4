"""Fixtures for the emulator's HTTP tests (the harness lives in tests/lib/emulator_harness.py)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))

from emulator_harness import (  # noqa: E402,F401  (re-exported for the tests)
    AK, PROJECT, REGION, SK, Api, Server, assert_error, encode_query, sign_request, start_server, stop_server,
    api, instance_id, server,
)
