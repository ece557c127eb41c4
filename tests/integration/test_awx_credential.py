"""The AWX custom credential types in extensions/awx/credential_types/, used as AWX uses them.

AWX turns a credential into environment variables like this (awx credential injection):
the namespace holds each input the credential has a non-empty value for, plus every
boolean field the credential does not set, as False; each ``injectors.env`` template is
rendered with Jinja2's ImmutableSandboxedEnvironment over that namespace, so a missing
optional input renders as an empty string. When a credential type is saved, AWX also checks
its definition: field ids and types, ``required`` naming fields, no reserved variable names,
templates that render with every field defined.

Each case below builds a credential's input values, renders the injectors that way, and runs
``ansible-playbook -vvv`` with ONLY that environment (plus what any process needs: PATH, a
UTF-8 locale, the collections path an execution environment provides) against a real emulator.
The play creates a topic and reads it back with no connection option at all; the output must
not contain any secret input.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402

TYPES_DIR = os.path.join(ROOT, "extensions", "awx", "credential_types")
AKSK_TYPE = os.path.join(TYPES_DIR, "hwcloud_dms_aksk.yml")
PASSWORD_TYPE = os.path.join(TYPES_DIR, "hwcloud_dms_iam_password.yml")
IAM_USER = "awx-user"
IAM_PASSWORD = "Awx-Iam-Pa55word-never-printed"
IAM_DOMAIN = "awx-domain"
WRONG_SK = "WRONG-awx-secret-never-printed-77"
SECURITY_TOKEN = "awx-security-token-never-printed-0123456789"
INSTANCE = "awx-kafka"
#: environment variables AWX refuses to let a credential type set
AWX_RESERVED_ENV = {"VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID",
                    "INVENTORY_UPDATE_ID", "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN",
                    "MAX_EVENT_RES", "CALLBACK_QUEUE", "CALLBACK_CONNECTION", "CACHE", "JOB_CALLBACK_DEBUG",
                    "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH"}
#: every connection variable the modules read (plugins/module_utils/_argspec.py)
MODULE_ENV = {"HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "HW_SECURITY_TOKEN",
              "HW_AUTH_TOKEN", "HW_USER_NAME", "HW_PASSWORD", "HW_DOMAIN_NAME", "HW_REGION_NAME", "HW_PROJECT_ID",
              "HW_DMS_ENDPOINT", "HW_IAM_ENDPOINT", "HW_VALIDATE_CERTS"}


def load_type(path):
    with open(path) as fh:
        return yaml.safe_load(fh)


def check_definition(ctype):
    """What AWX checks when the credential type is saved; returns a list of problems."""
    problems = []
    if ctype.get("kind") not in ("cloud", "net"):
        problems.append("kind must be cloud or net for a custom type")
    fields = ctype["inputs"]["fields"]
    ids = [f.get("id") for f in fields]
    if len(set(ids)) != len(ids):
        problems.append("duplicate field ids")
    for field in fields:
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", str(field.get("id"))):
            problems.append("bad id %r" % field.get("id"))
        if field.get("type", "string") not in ("string", "boolean"):
            problems.append("%s: bad type" % field["id"])
        if not field.get("label"):
            problems.append("%s: no label" % field["id"])
        if "choices" in field and field.get("default") not in field["choices"]:
            problems.append("%s: default not among the choices" % field["id"])
    for name in ctype["inputs"].get("required", []):
        if name not in ids:
            problems.append("required names an unknown field %r" % name)
    sandbox = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    every_field = dict((i, "EXAMPLE") for i in ids)
    for var, template in ctype["injectors"].get("env", {}).items():
        if var in AWX_RESERVED_ENV or not re.match(r"^[A-Z_][A-Z0-9_]*$", var):
            problems.append("env var %s is not allowed" % var)
        try:
            sandbox.from_string(template).render(**every_field)
        except Exception as exc:  # an undefined name: a typo in the template
            problems.append("%s: %s" % (var, exc))
    return problems


def render_env(ctype, inputs):
    """The environment AWX injects for a credential of ``ctype`` holding ``inputs``."""
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or value:
            namespace[name] = value
    for field in ctype["inputs"]["fields"]:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    return dict((var, sandbox.from_string(template).render(**namespace))
                for var, template in ctype["injectors"]["env"].items())


@pytest.fixture(scope="module")
def emu(tmp_path_factory):
    server = start_server(extra_args=["--delay-seconds", "1", "--iam-username", IAM_USER,
                                      "--iam-password", IAM_PASSWORD, "--domain-name", IAM_DOMAIN])
    api = Api(server.base_url)
    api.create_instance(name=INSTANCE)
    base = tmp_path_factory.mktemp("awx")
    coll = base / "collections" / "ansible_collections" / "hwcloud"
    coll.mkdir(parents=True)
    os.symlink(ROOT, coll / "dms")
    yield {"url": server.base_url, "api": api, "base": base, "collections": str(base / "collections")}
    api.http.close()
    stop_server(server)


PLAY = [{
    "name": "Runs with the credential's environment only",
    "hosts": "localhost",
    "gather_facts": False,
    "tasks": [
        {"name": "Create a topic", "register": "created",
         "hwcloud.dms.dms_kafka_topic": {"instance": INSTANCE, "name": "{{ topic }}", "partitions": 3}},
        {"name": "Read the topics", "register": "info",
         "hwcloud.dms.dms_kafka_topic_info": {"instance": INSTANCE}},
        {"name": "The topic is there", "ansible.builtin.assert": {
            "that": ["created is changed", "topic in (info.topics | map(attribute='name'))"]}},
    ],
}]


def run_with(emu, name, injected, topic, secrets):
    """ansible-playbook -vvv with ``injected`` as the only connection setting; returns the process."""
    workdir = emu["base"] / name
    workdir.mkdir()
    playbook = workdir / "playbook.yml"
    playbook.write_text(yaml.safe_dump(PLAY, sort_keys=False))
    inventory = workdir / "hosts.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}}))
    # Nothing from the test's own environment: only what any process needs, the collections
    # path that the execution environment provides, and the credential's variables.
    env = {
        "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": str(workdir),
        "ANSIBLE_HOME": str(workdir / "ansible-home"),
        "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp"),
        "ANSIBLE_COLLECTIONS_PATH": emu["collections"],
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    assert not set(env) & set(injected)
    env.update(injected)
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory),
           str(playbook), "-vvv", "-e", "topic=%s" % topic]
    proc = subprocess.run(cmd, cwd=str(workdir), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=300, check=False)
    leaked = [s for s in secrets if s in proc.stdout]
    assert not leaked, "secret input values appear in the -vvv output:\n" + proc.stdout[-4000:]
    return proc


def topics(emu):
    iid = emu["api"].get("/v2/{project_id}/instances", params={"name": INSTANCE}).json()["instances"][0]
    body = emu["api"].get("/v2/{project_id}/instances/%s/topics" % iid["instance_id"]).json()
    return [t["name"] for t in body["topics"]]


@pytest.mark.parametrize("path", [AKSK_TYPE, PASSWORD_TYPE])
def test_definition_is_one_awx_accepts(path):
    ctype = load_type(path)
    assert check_definition(ctype) == []
    env = ctype["injectors"]["env"]
    assert set(env) <= MODULE_ENV, "injects a variable no module reads: %s" % (set(env) - MODULE_ENV)
    secret = set(f["id"] for f in ctype["inputs"]["fields"] if f.get("secret"))
    assert secret == ({"secret_key", "security_token"} if path == AKSK_TYPE else {"password"})


def test_definition_check_catches_mistakes():
    ctype = load_type(AKSK_TYPE)
    ctype["injectors"]["env"]["HW_REGION_NAME"] = "{{ regoin }}"
    ctype["injectors"]["env"]["PATH"] = "/tmp"
    ctype["inputs"]["required"].append("missing")
    problems = check_definition(ctype)
    assert any(p.startswith("HW_REGION_NAME:") for p in problems), problems
    assert "env var PATH is not allowed" in problems and "required names an unknown field 'missing'" in problems


def test_rendering_of_optional_and_choice_inputs():
    ctype = load_type(AKSK_TYPE)
    env = render_env(ctype, {"access_key": AK, "secret_key": SK, "region": REGION, "project_id": ""})
    assert env["HW_ACCESS_KEY"] == AK and env["HW_SECRET_KEY"] == SK and env["HW_REGION_NAME"] == REGION
    # Unset optional inputs are empty strings (the modules take them as unset); TLS stays verified.
    assert env["HW_PROJECT_ID"] == env["HW_SECURITY_TOKEN"] == env["HW_DMS_ENDPOINT"] == ""
    assert env["HW_VALIDATE_CERTS"] == "true"
    assert render_env(ctype, {"validate_certs": "false"})["HW_VALIDATE_CERTS"] == "false"


def test_aksk_credential_runs_a_module(emu):
    """Region, AK/SK and the endpoints; no project ID (looked up from IAM by region)."""
    inputs = {"access_key": AK, "secret_key": SK, "region": REGION, "dms_endpoint": emu["url"],
              "iam_endpoint": emu["url"], "validate_certs": "false"}
    injected = render_env(load_type(AKSK_TYPE), inputs)
    proc = run_with(emu, "aksk", injected, "awx-aksk", secrets=[SK])
    assert proc.returncode == 0, proc.stdout[-6000:]
    assert "awx-aksk" in topics(emu)
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in proc.stdout  # the SK was read, and masked


def test_aksk_credential_with_project_and_token(emu):
    """Project ID given, a security token (temporary AK/SK), validate_certs never set."""
    inputs = {"access_key": AK, "secret_key": SK, "security_token": SECURITY_TOKEN, "region": REGION,
              "project_id": PROJECT, "dms_endpoint": emu["url"]}
    injected = render_env(load_type(AKSK_TYPE), inputs)
    assert injected["HW_IAM_ENDPOINT"] == "" and injected["HW_VALIDATE_CERTS"] == "true"
    emu["api"].hook("POST", "reset", {"state": False})
    proc = run_with(emu, "aksk-token", injected, "awx-token", secrets=[SK, SECURITY_TOKEN])
    assert proc.returncode == 0, proc.stdout[-6000:]
    assert "awx-token" in topics(emu)
    log = emu["api"].requests_log()
    assert log and not [e for e in log if e["path"].startswith("/v3/")], "the given project ID is used"


def test_wrong_secret_fails_without_printing_it(emu):
    inputs = {"access_key": AK, "secret_key": WRONG_SK, "region": REGION, "project_id": PROJECT,
              "dms_endpoint": emu["url"]}
    proc = run_with(emu, "wrong-sk", render_env(load_type(AKSK_TYPE), inputs), "awx-wrong", secrets=[WRONG_SK])
    assert proc.returncode != 0
    assert "awx-wrong" not in topics(emu)


def test_iam_password_credential_runs_a_module(emu):
    inputs = {"username": IAM_USER, "password": IAM_PASSWORD, "domain_name": IAM_DOMAIN, "region": REGION,
              "dms_endpoint": emu["url"], "iam_endpoint": emu["url"]}
    injected = render_env(load_type(PASSWORD_TYPE), inputs)
    proc = run_with(emu, "password", injected, "awx-password", secrets=[IAM_PASSWORD])
    assert proc.returncode == 0, proc.stdout[-6000:]
    assert "awx-password" in topics(emu)
    assert re.search(r"MII[A-Za-z0-9_-]{60,}", proc.stdout) is None, "an IAM token was printed"



@pytest.mark.parametrize("kind", ["aksk", "password"])
def test_inventory_source_with_the_credential_only(emu, kind):
    """The dms_kafka inventory plugin as an AWX inventory source: the credential's variables
    only (no project ID: looked up from IAM), ansible-inventory --list as an inventory update."""
    if kind == "aksk":
        inputs = {"access_key": AK, "secret_key": SK, "region": REGION, "dms_endpoint": emu["url"],
                  "iam_endpoint": emu["url"], "validate_certs": "false"}
        injected, secrets = render_env(load_type(AKSK_TYPE), inputs), [SK]
    else:
        inputs = {"username": IAM_USER, "password": IAM_PASSWORD, "domain_name": IAM_DOMAIN,
                  "region": REGION, "dms_endpoint": emu["url"], "iam_endpoint": emu["url"]}
        injected, secrets = render_env(load_type(PASSWORD_TYPE), inputs), [IAM_PASSWORD]
    workdir = emu["base"] / ("inventory-" + kind)
    workdir.mkdir()
    source = workdir / "estate.dms_kafka.yml"
    source.write_text("plugin: hwcloud.dms.dms_kafka\n")
    env = {"PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin", "LANG": "C.UTF-8",
           "LC_ALL": "C.UTF-8", "HOME": str(workdir), "ANSIBLE_HOME": str(workdir / "ansible-home"),
           "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp"), "ANSIBLE_COLLECTIONS_PATH": emu["collections"],
           "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1", "NO_PROXY": "127.0.0.1,localhost"}
    env.update(injected)
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i",
                           str(source), "--host", INSTANCE, "-vvv"], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert not [s for s in secrets if s in proc.stdout], "a secret input was printed"
    assert '"dms_kafka_project_id": "%s"' % PROJECT in proc.stdout
    assert '"dms_kafka_endpoint": "%s"' % emu["url"] in proc.stdout
