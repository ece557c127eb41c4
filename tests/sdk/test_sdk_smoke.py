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


def test_known_paths_come_from_the_sdk_and_the_reference():
    from api_paths import known_matchers, reference_pairs, sdk_pairs, unknown_requests
    assert ("GET", "/v2/{project_id}/instances") in reference_pairs()
    assert ("GET", "/v2/{project_id}/instances/{instance_id}/management/coordinators") in sdk_pairs()
    matchers = known_matchers()
    ok = {"method": "GET", "path": "/v2/p1/instances/8f1e/topics"}
    wrong_method = {"method": "DELETE", "path": "/v2/p1/instances/8f1e/topics"}
    unknown = {"method": "GET", "path": "/v2/p1/instances/8f1e/no-such-thing"}
    assert unknown_requests([ok, wrong_method, unknown], matchers) == [
        "DELETE /v2/p1/instances/8f1e/topics", "GET /v2/p1/instances/8f1e/no-such-thing"]
