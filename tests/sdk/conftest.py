"""Fixtures for driving the emulator with Huawei Cloud's official Python SDK.

The SDK (``huaweicloudsdkkafka``) is what Huawei ships to talk to the live service: its
request paths, methods, body models and signer are an independent statement of the API.
Every test here sends real SDK calls over HTTP to a real emulator process.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))

from emulator_harness import AK, PROJECT, SK, Api, start_server, stop_server  # noqa: E402

sdk_core = pytest.importorskip("huaweicloudsdkcore")

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkkafka.v2 import KafkaClient  # noqa: E402


@pytest.fixture(scope="session")
def server():
    srv = start_server()
    yield srv
    stop_server(srv)


def make_sdk(base_url, ak=AK, sk=SK, project_id=PROJECT):
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.retry_times = 0
    return (KafkaClient.new_builder()
            .with_http_config(config)
            .with_credentials(BasicCredentials(ak, sk, project_id))
            .with_endpoint(base_url)
            .build())


@pytest.fixture()
def api(server):
    """The harness client (test hooks, clock) on a freshly reset emulator."""
    client = Api(server.base_url)
    client.reset()
    yield client
    client.http.close()


@pytest.fixture()
def sdk(server, api):
    """An official SDK client signed with the emulator's credentials."""
    return make_sdk(server.base_url)


@pytest.fixture()
def instance_id(api):
    """A RUNNING instance (created through the harness)."""
    return api.create_instance()


@pytest.fixture()
def sasl_instance_id(api):
    """A RUNNING instance with SASL enabled (users and permissions need it)."""
    return api.create_instance(ssl_enable=True, access_user="sdkadmin", password="Sdk-Adm1n-Pass!",
                               kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])
