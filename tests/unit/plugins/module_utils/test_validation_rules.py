# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Local validation refuses what the API refuses (issue 11): whole-value patterns, rules in
words, ASCII-exact passwords, documented numeric types, the flavor catalog, and field names
that a no_log value never hides."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
from ansible_collections.hwcloud.dms.tests.unit.compat.module_args import patch_module_args

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Field
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsValidationError
from ansible_collections.hwcloud.dms.plugins.module_utils._module import DmsKafkaModule
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import group, instance, quota, topic, user

AKSK = {"access_key": "AK", "secret_key": "SK-SECRET", "region": "r1", "project_id": "pid"}


def test_a_pattern_needs_its_rule_in_words():
    with pytest.raises(ValueError, match="rule in words"):
        Field("name", pattern=r"^a+\Z")


def test_topic_name_with_trailing_newline_is_refused_in_words():
    f = Field("name", type="str", pattern=topic.NAME_PATTERN, rule=topic.NAME_RULE)
    assert f.check("tnl\n", {}) == [
        "3 to 200 characters: letters, digits, '.', '_' and '-', starting with a letter"]
    assert f.check("tnl", {}) == []


@pytest.mark.parametrize("check, value", [
    (user.name_problem, "alice-user\n"),
    (lambda v: None if instance.NAME_RE.match(v) else "refused", "kafka-prod\n"),
    (lambda v: None if instance.ACCESS_USER_RE.match(v) else "refused", "admin\n"),
    (lambda v: None if __import__("re").match(group.NAME_PATTERN, v) else "refused", "billing\n"),
])
def test_every_name_pattern_refuses_a_trailing_newline(check, value):
    assert check(value) is not None
    assert check(value.rstrip("\n")) is None


@pytest.mark.parametrize("password", ["Äbcdefg1", "Passwörd12", "Pass\u00a0word1", "Ab1\u0661defgh"])
def test_instance_password_is_ascii_exact_and_never_echoed(password):
    message = instance.password_problem(password)
    assert message is not None and "not allowed" in message
    assert not any(c in message for c in password if ord(c) > 127)


def test_instance_password_classes_are_ascii():
    assert instance.password_problem("abcdefgh") is not None
    assert instance.password_problem("Abcdefg1") is None
    assert instance.password_problem("abc defg1") is None  # a space is a special character


@pytest.mark.parametrize("check, maximum", [(quota._rate_error, quota.LONG_MAX),
                                            (quota._topic_rate_error, quota.INTEGER_MAX)])
def test_byte_rates_follow_the_documented_types(check, maximum):
    assert check(maximum, {}) is None
    assert check(maximum + 1, {}) == "must be 0 to %d bytes per second" % maximum
    assert check(-1, {}) is not None and check(True, {}) is not None


PRODUCTS = [
    {"product_id": "c6.2u4g.cluster", "ios": [{"io_spec": "dms.physical.storage.high.v2"},
                                              {"io_spec": "dms.physical.storage.ultra.v2"}]},
    {"product_id": "c6.4u8g.cluster", "ios": [{"io_spec": "dms.physical.storage.ultra.v2"}]},
]


def test_unknown_flavor_names_the_valid_ones():
    assert instance.catalog_problems({"flavor_id": "c6.99u"}, PRODUCTS) == [
        "flavor_id: unknown flavor 'c6.99u' (valid: c6.2u4g.cluster, c6.4u8g.cluster)"]


def test_storage_class_not_offered_by_the_flavor():
    assert instance.catalog_problems(
        {"flavor_id": "c6.4u8g.cluster", "storage_spec_code": "dms.physical.storage.high.v2"}, PRODUCTS) == [
        "storage_spec_code: 'dms.physical.storage.high.v2' is not offered with flavor 'c6.4u8g.cluster' "
        "(valid: dms.physical.storage.ultra.v2)"]
    assert instance.catalog_problems(
        {"flavor_id": "c6.2u4g.cluster", "storage_spec_code": "dms.physical.storage.high.v2"}, PRODUCTS) == []


def test_catalog_not_available_checks_nothing():
    assert instance.catalog_problems({"flavor_id": "anything"}, []) == []


def test_a_no_log_value_that_is_a_word_of_the_message_does_not_hide_the_field(capsys):
    spec = {"password": {"type": "str", "no_log": True}, "users": {"type": "list", "elements": "dict",
            "options": {"name": {"type": "str"}, "password": {"type": "str", "no_log": True}}}}
    args = dict(AKSK, password="password", users=[{"name": "u", "password": "password"}])
    with patch_module_args(args):
        module = DmsKafkaModule(argument_spec=spec)
        with pytest.raises(SystemExit):
            module.fail_from_error(DmsValidationError(["password: must contain at least three of: ..."]))
    out = json.loads(capsys.readouterr().out)
    assert out["msg"].startswith("password: must contain")
    assert out["errors"] == ["password: must contain at least three of: ..."]
    if "invocation" not in out:  # ansible-core 2.21 adds it only when INJECT_INVOCATION is set
        return
    assert out["invocation"]["module_args"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert out["invocation"]["module_args"]["users"][0]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert out["invocation"]["module_args"]["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_a_secret_that_is_no_option_name_stays_masked(capsys):
    spec = {"password": {"type": "str", "no_log": True}}
    with patch_module_args(dict(AKSK, password="Secret-Pa55")):
        module = DmsKafkaModule(argument_spec=spec)
        with pytest.raises(SystemExit):
            module.fail_from_error(DmsValidationError(["name: mentions Secret-Pa55 by mistake"]))
    out = capsys.readouterr().out
    assert "Secret-Pa55" not in out and "SK-SECRET" not in out
