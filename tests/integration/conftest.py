"""Fixtures shared by the integration test files."""

from __future__ import annotations

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    """A folder holding ``ansible_collections/hwcloud/dms`` (a link to the repository)."""
    base = tmp_path_factory.mktemp("collections")
    ns = base / "ansible_collections" / "hwcloud"
    ns.mkdir(parents=True)
    os.symlink(ROOT, ns / "dms")
    return str(base)
