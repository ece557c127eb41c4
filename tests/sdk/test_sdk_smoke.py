"""The official SDK's signer is accepted, and its error handling sees DMS error bodies."""

import pytest
from huaweicloudsdkcore.exceptions import exceptions as sdk_exc
from huaweicloudsdkkafka.v2.model import ListAvailableZonesRequest, ListInstancesRequest, ShowInstanceRequest

from conftest import make_sdk


def test_sdk_signature_is_accepted(sdk):
    zones = sdk.list_available_zones(ListAvailableZonesRequest())
    assert zones.region_id and len(zones.available_zones) >= 1


def test_sdk_with_a_wrong_secret_key_is_refused(server, api):
    bad = make_sdk(server.base_url, sk="not-the-secret")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        bad.list_instances(ListInstancesRequest(engine="kafka"))
    assert info.value.status_code == 401
    assert info.value.error_code == "DMS.10240101"


def test_sdk_reads_an_instance(sdk, instance_id):
    got = sdk.show_instance(ShowInstanceRequest(instance_id=instance_id))
    assert got.instance_id == instance_id and got.status == "RUNNING"
    assert isinstance(got.partition_num, str) and isinstance(got.storage_space, int)


def test_sdk_sees_missing_instance_as_dms_404(sdk):
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.show_instance(ShowInstanceRequest(instance_id="6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"))
    assert info.value.status_code == 404
    assert info.value.error_code == "DMS.00404022"
