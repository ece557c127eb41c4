"""A bounded fuzz of the emulator with schemathesis (issue 11, emulator hardening).

Runs by ``make test-fuzz`` (``make test-emulator`` leaves this file out). One emulator
process, one SASL instance with a topic, a user and a consumer group; schemathesis
reads ``/_emulator/openapi.json`` (which leaves the ``/_emulator/*`` hooks out),
authenticates with an IAM token from ``POST /v3/auth/tokens`` and runs its coverage
and fuzzing phases with a fixed seed and a fixed number of examples per operation.
The operations that delete the instance itself are left out so that the rest keep
something to work on. It must find no 5xx answer and no answer that breaks the
document (status code, content type, schema).
"""

import os
import re
import subprocess
import sys

from conftest import PROJECT, REGION, Api, start_server, stop_server

SCHEMATHESIS = os.path.join(os.path.dirname(sys.executable), "schemathesis")
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "5")
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance,response_headers_conformance")
# Deleting the instance would leave every later operation a 404.
KEEP_INSTANCE = (
    "DELETE /v2/{project_id}/instances/{instance_id}",
    "POST /v2/{project_id}/instances/action",
    "DELETE /v1.0/{project_id}/instances/{instance_id}",
    "POST /v1.0/{project_id}/instances/action",
)
TOPIC, USER, GROUP = "fuzz-topic", "fuzz-user", "fuzz-group"


def _token(api):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "emulator", "password": "emulator-password", "domain": {"name": "emulator-domain"}}}},
        "scope": {"project": {"name": REGION}}}}
    r = api.http.post(api.base_url + "/v3/auth/tokens", json=body)
    assert r.status_code == 201, r.text
    return r.headers["X-Subject-Token"]


def test_fuzz_finds_no_server_error_and_no_schema_violation(tmp_path):
    srv = start_server(extra_args=["--log-level", "error"])
    try:
        api = Api(srv.base_url)
        iid = api.create_instance(ssl_enable=True, access_user="fuzz-admin", password="Admin@2024x",
                                  kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])
        base = "/v2/{project_id}/instances/%s" % iid
        assert api.post(base + "/topics", json={"id": TOPIC, "partition": 3}).status_code == 200
        assert api.post(base + "/users", json={"user_name": USER, "user_passwd": "Fuzz@2024pw"}).status_code == 204
        r = api.post("/v2/{project_id}/kafka/instances/%s/group" % iid, json={"group_name": GROUP})
        assert r.status_code == 200, r.text
        config = tmp_path / "schemathesis.toml"
        config.write_text("\n".join([
            "[parameters]",
            '"path.project_id" = "%s"' % PROJECT,
            '"path.instance_id" = "%s"' % iid,
            '"path.engine" = "kafka"',
            '"path.topic" = "%s"' % TOPIC,
            '"path.topic_name" = "%s"' % TOPIC,
            '"path.user_name" = "%s"' % USER,
            '"path.group" = "%s"' % GROUP,
            "",
        ]))
        cmd = [SCHEMATHESIS, "--no-color", "--config-file", str(config), "run", srv.base_url + "/_emulator/openapi.json",
               "--header", "X-Auth-Token: " + _token(api), "--checks", CHECKS, "--phases", "coverage,fuzzing",
               "--max-examples", MAX_EXAMPLES, "--seed", "20261207", "--workers", "1", "--request-timeout", "30",
               "--max-failures", "20", "--suppress-health-check", "all"]
        for name in KEEP_INSTANCE:
            cmd += ["--exclude-name", name]
        # A guard against a hang, not a timed assertion: the run takes about a minute.
        run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1200,
                             cwd=str(tmp_path))
        assert run.returncode == 0, run.stdout[-20000:]
        tested = re.search(r"Tested: (\d+)", run.stdout)
        assert tested and int(tested.group(1)) >= 80, run.stdout[-5000:]  # every operation but the 4 left out
        # the hooks were never called: the fault list and the instance are still there
        assert api.get(base).status_code == 200
    finally:
        stop_server(srv)
