"""End-to-end tests of the connection layer, as a user of the collection sees it.

Every test runs the real ``ansible-playbook -vvv`` (a subprocess, as
``test_targets.py`` does) against a real emulator process, and then asserts on
three things: the task results (each playbook ends by dumping its registered
results to a JSON file), the emulator's request log (``/_emulator/requests``),
and the full ``-vvv`` output, which must never contain a secret key, an IAM
password or an IAM token (any emulator token has the form ``MII`` + 64
characters, so tokens the test never saw are caught too).

Covered: AK/SK from module options and from environment variables only;
project-id resolution through IAM (once per task); a ready ``auth_token`` and
IAM password authentication (one token per task); wrong secret key, unknown
project and missing credentials; TLS with a throwaway CA (``ca_path``,
untrusted, ``validate_certs: false``); and retries (503, dropped connections on
a read and on a create, 429 with ``Retry-After``).

Two emulator processes per module run (plain HTTP and HTTPS), one Kafka
instance on each, created through the emulator API.  Several scenarios share
one playbook run (module-scoped fixtures) to keep the file around a minute.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import re
import ssl
import subprocess
import sys
import time

import httpx
import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402

IAM_USER = "conn-user"
IAM_PASSWORD = "Conn-Iam-Pa55word-never-printed"
IAM_DOMAIN = "conn-domain"
WRONG_SK = "WRONG-secret-key-never-printed-42"
WRONG_IAM_PASSWORD = "Wrong-Iam-Pa55word-never-printed"
UNKNOWN_PROJECT = "f" * 32
INSTANCE = "conn-kafka"
#: every token the emulator issues (dms_emulator.auth.new_token: "MII" + token_urlsafe(48))
TOKEN_RE = re.compile(r"MII[A-Za-z0-9_-]{60,}")
#: connection environment variables (plugins/module_utils/_argspec.py), removed from every run
CONNECTION_ENV = ("HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK",
                  "HW_SECURITY_TOKEN", "HW_AUTH_TOKEN", "HW_USER_NAME", "HW_PASSWORD", "HW_DOMAIN_NAME",
                  "HW_REGION_NAME", "HW_PROJECT_ID", "HW_DMS_ENDPOINT", "HW_IAM_ENDPOINT", "HW_VALIDATE_CERTS")
LOG_DIR = os.path.join(ROOT, "tests", "output", "integration", "connection")


# --------------------------------------------------------------------------- helpers
class Emulator:
    """One emulator process with a RUNNING instance named ``INSTANCE``."""

    def __init__(self, server, api):
        self.server = server
        self.url = server.base_url
        self.api = api
        self.instance_id = api.create_instance(name=INSTANCE)

    def reset_log(self):
        """Forget the request log and the fault rules; keep the resources."""
        self.api.hook("POST", "reset", {"state": False})

    def log(self):
        return self.api.requests_log()

    def topic_names(self):
        body = self.api.get("/v2/{project_id}/instances/%s/topics" % self.instance_id).json()
        return [t["name"] for t in body["topics"]]


class Run:
    """The outcome of one ansible-playbook run."""

    def __init__(self, proc, results, elapsed, log_file):
        self.returncode = proc.returncode
        self.out = proc.stdout
        self.results = results
        self.elapsed = elapsed
        self.log_file = log_file

    def __getitem__(self, name):
        return self.results[name]

    def printed(self):
        """The task results as ``-vvv`` prints them (with ``invocation``), in order."""
        decoder = json.JSONDecoder()
        out = []
        for match in re.finditer(r"^(?:ok|changed|fatal): \[localhost\]: (?:FAILED! )?=> |"
                                 r"^(?:ok|changed): \[localhost\] => ", self.out, re.M):
            try:
                out.append(decoder.raw_decode(self.out, match.end())[0])
            except ValueError:
                pass
        return out

    def invocation(self, index):
        """``module_args`` of the ``index``-th printed result (secrets masked by Ansible)."""
        return self.printed()[index]["invocation"]["module_args"]


def requests_to(log, method, pattern):
    return [e for e in log if e["method"] == method and re.search(pattern, e["path"])]


def _write_yaml(path, data):
    with open(path, "w") as fh:
        yaml.safe_dump(data, fh, sort_keys=False)


def run_playbook(workdir, name, tasks, connection=None, env=None, secrets=()):
    """Run ``tasks`` with ``ansible-playbook -vvv``; return a ``Run``.

    ``connection`` goes to ``module_defaults`` of the collection's action
    group (None: no connection option at all in the playbook). ``env`` is
    added to a process environment cleaned of every connection variable.
    Every task with a ``register`` is dumped to a JSON file by a last task.
    Fails the test on a non-zero exit code or on any secret in the output.
    """
    workdir = os.path.join(str(workdir), name)
    os.makedirs(workdir)
    results_file = os.path.join(workdir, "results.json")
    registered = [t["register"] for t in tasks if "register" in t]
    dump = "{{ {%s} | to_json }}" % ", ".join("'%s': %s" % (r, r) for r in registered)
    play = {"name": "connection %s" % name, "hosts": "localhost", "gather_facts": False}
    if connection is not None:
        play["module_defaults"] = {"group/hwcloud.dms.dms_kafka": connection}
    play["tasks"] = list(tasks) + [{
        "name": "Dump the registered results",
        "ansible.builtin.copy": {"content": dump, "dest": results_file, "mode": "0600"},
    }]
    playbook = os.path.join(workdir, "playbook.yml")
    inventory = os.path.join(workdir, "inventory.yml")
    _write_yaml(playbook, [play])
    _write_yaml(inventory, {"all": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}})
    run_env = dict(os.environ)
    for var in CONNECTION_ENV:
        run_env.pop(var, None)
    run_env.update({
        "ANSIBLE_COLLECTIONS_PATH": _collections_path(),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_LOCAL_TEMP": os.path.join(workdir, "tmp"),
        "ANSIBLE_HOME": os.path.join(workdir, "home"),
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    })
    run_env.update(env or {})
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory, playbook, "-vvv"]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=workdir, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=300, check=False)
    elapsed = time.monotonic() - started
    os.makedirs(LOG_DIR, exist_ok=True)
    log_file = os.path.join(LOG_DIR, name + ".log")
    with open(log_file, "w") as fh:
        fh.write(proc.stdout)
    assert proc.returncode == 0, "ansible-playbook failed (full log: %s)\n%s" % (log_file, proc.stdout[-6000:])
    leaked = [s for s in (SK, WRONG_SK, IAM_PASSWORD, WRONG_IAM_PASSWORD) + tuple(secrets) if s and s in proc.stdout]
    assert not leaked, "a secret appears in the -vvv output (full log: %s)" % log_file
    token = TOKEN_RE.search(proc.stdout)
    assert token is None, "an IAM token appears in the -vvv output at offset %d (full log: %s)" % (
        token.start(), log_file)
    with open(results_file) as fh:
        results = json.load(fh)
    return Run(proc, results, elapsed, log_file)


_COLLECTIONS = {}


def _collections_path():
    """A collections tree holding this checkout as hwcloud.dms (made once per process)."""
    if "path" not in _COLLECTIONS:
        import atexit
        import shutil
        import tempfile
        base = tempfile.mkdtemp(prefix="conn-collections-")
        atexit.register(shutil.rmtree, base, True)
        os.makedirs(os.path.join(base, "ansible_collections", "hwcloud"))
        os.symlink(ROOT, os.path.join(base, "ansible_collections", "hwcloud", "dms"))
        _COLLECTIONS["path"] = base
    return _COLLECTIONS["path"]


def task(name, module, args, register, ignore_errors=False):
    out = {"name": name, module: args, "register": register}
    if ignore_errors:
        out["ignore_errors"] = True
    return out


def topic(name, register, partitions=1, **extra):
    args = {"instance": INSTANCE, "name": name, "partitions": partitions}
    args.update(extra)
    return task("Create topic %s" % name, "hwcloud.dms.dms_kafka_topic", args, register)


def topic_info(register, ignore_errors=False, **extra):
    args = {"instance": INSTANCE}
    args.update(extra)
    return task("Read the topics (%s)" % register, "hwcloud.dms.dms_kafka_topic_info", args, register,
                ignore_errors)


def fault(url, register, **spec):
    return task("Inject fault %s" % register, "ansible.builtin.uri",
                {"url": url + "/_emulator/faults", "method": "POST", "body_format": "json", "body": spec},
                register)


def aksk(emu, **extra):
    conn = {"endpoint": emu.url, "access_key": AK, "secret_key": SK, "project_id": PROJECT, "region": REGION}
    conn.update(extra)
    return conn


def assert_ok(result, what):
    assert not result.get("failed"), "%s failed: %s" % (what, result.get("msg"))


# --------------------------------------------------------------------------- fixtures
EMULATOR_ARGS = ["--delay-seconds", "1", "--iam-username", IAM_USER, "--iam-password", IAM_PASSWORD,
                 "--domain-name", IAM_DOMAIN]


@pytest.fixture(scope="module")
def emu():
    server = start_server(extra_args=EMULATOR_ARGS)
    api = Api(server.base_url)
    try:
        yield Emulator(server, api)
    finally:
        api.http.close()
        stop_server(server)


@pytest.fixture()
def clean(emu):
    emu.reset_log()
    return emu


def make_ca(directory):
    """A throwaway CA and a server certificate for 127.0.0.1 (IP SAN); returns the PEM paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    valid = dict(not_before=now - datetime.timedelta(minutes=5), not_after=now + datetime.timedelta(days=1))
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hwcloud.dms throwaway test CA")])
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(valid["not_before"]).not_valid_after(valid["not_after"])
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(valid["not_before"]).not_valid_after(valid["not_after"])
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256()))
    paths = {"ca": os.path.join(directory, "ca.pem"), "cert": os.path.join(directory, "server.pem"),
             "key": os.path.join(directory, "server.key")}
    with open(paths["ca"], "wb") as fh:
        fh.write(ca_cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["cert"], "wb") as fh:
        fh.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["key"], "wb") as fh:
        fh.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()))
    return paths


# --------------------------------------------------------------------------- 1. AK/SK
def test_aksk_from_module_options(clean, tmp_path):
    run = run_playbook(tmp_path, "aksk-options", [
        topic("conn-options", "created", partitions=2),
        topic_info("info"),
    ], connection=aksk(clean))
    assert_ok(run["created"], "create")
    assert run["created"]["changed"] is True
    assert run["created"]["topic"]["partitions"] == 2
    assert "conn-options" in [t["name"] for t in run["info"]["topics"]]
    assert clean.topic_names().count("conn-options") == 1
    log = clean.log()
    assert [e for e in log if e["path"].startswith("/v3/")] == [], "project_id was given: no IAM call expected"
    assert all(e["status"] < 400 for e in log), log
    assert all(e["path"].startswith("/v2/%s/" % PROJECT) for e in log), log
    # the secret key option is masked in the returned invocation
    args = run.invocation(0)
    assert args["access_key"] == AK and args["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


@pytest.mark.parametrize("ak_var, sk_var", [("HW_ACCESS_KEY", "HW_SECRET_KEY"),
                                            ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK")])
def test_aksk_from_environment_only(clean, tmp_path, ak_var, sk_var):
    name = "conn-env-%s" % ak_var.split("_")[0].lower()
    env = {ak_var: AK, sk_var: SK, "HW_PROJECT_ID": PROJECT, "HW_REGION_NAME": REGION, "HW_DMS_ENDPOINT": clean.url}
    run = run_playbook(tmp_path, "env-%s" % ak_var.lower(), [topic(name, "created")], connection=None, env=env)
    assert_ok(run["created"], "create")
    assert run["created"]["changed"] is True
    args = run.invocation(0)
    assert args["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert args["endpoint"] == clean.url and args["project_id"] == PROJECT and args["access_key"] == AK
    assert clean.topic_names().count(name) == 1
    assert len(requests_to(clean.log(), "POST", r"/topics$")) == 1


# --------------------------------------------------------------------------- 2. project id from IAM
def test_project_id_resolved_once_from_iam(clean, tmp_path):
    conn = aksk(clean, iam_endpoint=clean.url)
    del conn["project_id"]
    run = run_playbook(tmp_path, "project-from-iam", [topic("conn-iam-project", "created")], connection=conn)
    assert_ok(run["created"], "create")
    assert run["created"]["changed"] is True
    log = clean.log()
    lookups = requests_to(log, "GET", r"^/v3/projects$")
    assert len(lookups) == 1, log
    assert lookups[0]["query"] == "name=%s" % REGION and lookups[0]["status"] == 200
    assert log[0]["path"] == "/v3/projects", "resolved before the first DMS call: %s" % log
    dms = [e for e in log if e["path"].startswith("/v2/")]
    assert len(dms) >= 4, "the task makes several DMS calls (lookup, list, create, re-read): %s" % dms
    assert all(e["path"].startswith("/v2/%s/" % PROJECT) and e["status"] < 400 for e in dms), dms
    assert requests_to(log, "POST", r"^/v3/auth/tokens$") == []


# --------------------------------------------------------------------------- 3. tokens
def _token_connection(emu, **auth):
    conn = {"endpoint": emu.url, "iam_endpoint": emu.url, "region": REGION}
    conn.update(auth)
    return conn


def test_auth_token_obtained_out_of_band(clean, tmp_path):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": IAM_USER, "password": IAM_PASSWORD, "domain": {"name": IAM_DOMAIN}}}},
        "scope": {"project": {"name": REGION}}}}
    answer = httpx.post(clean.url + "/v3/auth/tokens", json=body, timeout=10)
    assert answer.status_code == 201, answer.text
    token = answer.headers["X-Subject-Token"]
    assert TOKEN_RE.fullmatch(token), "the leak check's token pattern must match real tokens"
    clean.reset_log()
    run = run_playbook(tmp_path, "auth-token", [
        topic("conn-token", "created"),
        topic_info("info"),
    ], connection=_token_connection(clean, auth_token=token), secrets=(token,))
    assert_ok(run["created"], "create")
    assert run["created"]["changed"] is True
    assert "conn-token" in [t["name"] for t in run["info"]["topics"]]
    log = clean.log()
    assert requests_to(log, "POST", r"^/v3/auth/tokens$") == [], "a ready token is used as is"
    # no project_id given: resolved with the token, once per task (two tasks)
    assert len(requests_to(log, "GET", r"^/v3/projects$")) == 2, log
    assert all(e["status"] < 400 for e in log), log


def test_iam_password_one_token_per_task(clean, tmp_path):
    conn = _token_connection(clean, iam_username=IAM_USER, iam_password=IAM_PASSWORD, domain_name=IAM_DOMAIN)
    run = run_playbook(tmp_path, "iam-password", [
        topic("conn-password", "created"),
        topic_info("info"),
    ], connection=conn)
    assert_ok(run["created"], "create")
    assert run["created"]["changed"] is True
    assert "conn-password" in [t["name"] for t in run["info"]["topics"]]
    assert run.invocation(0)["iam_password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    log = clean.log()
    calls = [(e["method"], e["path"]) for e in log]
    tokens = [i for i, c in enumerate(calls) if c == ("POST", "/v3/auth/tokens")]
    assert len(tokens) == 2, "exactly one token per task (two tasks): %s" % calls
    assert tokens[0] == 0, "the first task starts by obtaining its token: %s" % calls
    creates = [i for i, c in enumerate(calls) if c[0] == "POST" and c[1].endswith("/topics")]
    assert len(creates) == 1 and tokens[0] < creates[0] < tokens[1], calls
    first_task = calls[tokens[0] + 1:tokens[1]]
    second_task = calls[tokens[1] + 1:]
    assert len(first_task) >= 4 and all(p.startswith("/v2/") for _m, p in first_task), first_task
    assert len(second_task) >= 2 and all(p.startswith("/v2/") for _m, p in second_task), second_task
    assert requests_to(log, "GET", r"^/v3/projects$") == [], "the token answer names the project"
    assert [e["status"] for e in log if e["path"] == "/v3/auth/tokens"] == [201, 201]
    assert all(e["status"] < 400 for e in log), log


# --------------------------------------------------------------------------- 4. failures
@pytest.fixture(scope="module")
def failures(emu, tmp_path_factory):
    """One run: missing credentials, half credentials, wrong SK, unknown project, wrong IAM password."""
    emu.reset_log()
    conn = {"endpoint": emu.url, "project_id": PROJECT, "region": REGION}
    run = run_playbook(tmp_path_factory.mktemp("failures"), "failures", [
        topic_info("missing", ignore_errors=True),
        topic_info("half", ignore_errors=True, access_key=AK),
        task("Read the request log", "ansible.builtin.uri",
             {"url": emu.url + "/_emulator/requests", "return_content": True}, "log_after_missing"),
        topic_info("wrong_sk", ignore_errors=True, access_key=AK, secret_key=WRONG_SK),
        topic_info("unknown_project", ignore_errors=True, access_key=AK, secret_key=SK,
                   project_id=UNKNOWN_PROJECT),
        topic_info("wrong_password", ignore_errors=True, iam_endpoint=emu.url, iam_username=IAM_USER,
                   iam_password=WRONG_IAM_PASSWORD, domain_name=IAM_DOMAIN),
    ], connection=conn)
    return run, emu.log()


def test_missing_credentials_fail_before_any_request(failures):
    run, _log = failures
    missing = run["missing"]
    assert missing["failed"] is True
    for option in ("access_key", "secret_key", "auth_token", "iam_username", "iam_password", "domain_name",
                   "HW_ACCESS_KEY", "HW_SECRET_KEY"):
        assert option in missing["msg"], missing["msg"]
    assert "access_key and secret_key must be set together" in run["half"]["msg"]
    assert run["half"]["failed"] is True
    assert run["log_after_missing"]["json"]["count"] == 0, run["log_after_missing"]["json"]


def test_wrong_secret_key(failures):
    run, log = failures
    result = run["wrong_sk"]
    assert result["failed"] is True
    assert "DMS.10240101" in result["msg"] and "HTTP 401" in result["msg"], result["msg"]
    assert "list instances '%s' failed" % INSTANCE in result["msg"], "names the operation: " + result["msg"]
    assert result["error_code"] == "DMS.10240101" and result["status"] == 401
    assert WRONG_SK not in json.dumps(result) and SK not in json.dumps(result)
    wrong = [e for e in log if PROJECT in e["path"]]
    assert [(e["method"], e["status"]) for e in wrong] == [("GET", 401)], "a 401 is not retried: %s" % wrong


def test_unknown_project(failures):
    run, log = failures
    result = run["unknown_project"]
    assert result["failed"] is True
    assert "DMS.10240104" in result["msg"] and "list instances" in result["msg"], result["msg"]
    assert result["error_code"] == "DMS.10240104"
    unknown = [e for e in log if UNKNOWN_PROJECT in e["path"]]
    assert [(e["method"], e["status"]) for e in unknown] == [("GET", 401)], unknown
    assert len(log) == 3, "only the wrong-SK, unknown-project and IAM tasks reached the emulator: %s" % log


def test_wrong_iam_password(failures):
    run, log = failures
    result = run["wrong_password"]
    assert result["failed"] is True
    assert "obtain IAM token '%s' failed: HTTP 401 IAM.0002" % IAM_USER in result["msg"], result["msg"]
    assert WRONG_IAM_PASSWORD not in json.dumps(result)
    tokens = requests_to(log, "POST", r"^/v3/auth/tokens$")
    assert [e["status"] for e in tokens] == [401], "one attempt, no DMS call after it: %s" % log
    assert log[-1]["path"] == "/v3/auth/tokens"


# --------------------------------------------------------------------------- 5. TLS
@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """An HTTPS emulator with a certificate from a throwaway CA, and one playbook run over it."""
    certs = make_ca(str(tmp_path_factory.mktemp("ca")))
    server = start_server(extra_args=EMULATOR_ARGS + ["--tls-cert", certs["cert"], "--tls-key", certs["key"]],
                          scheme="https")
    api = Api(server.base_url)
    api.http.close()
    api.http = httpx.Client(timeout=30, verify=ssl.create_default_context(cafile=certs["ca"]))
    try:
        emu = Emulator(server, api)
        emu.reset_log()
        conn = aksk(emu)
        run = run_playbook(tmp_path_factory.mktemp("tls"), "tls", [
            topic_info("with_ca", ignore_errors=True, validate_certs=True, ca_path=certs["ca"]),
            topic_info("untrusted", ignore_errors=True, validate_certs=True),
            topic_info("no_validation", ignore_errors=True, validate_certs=False),
        ], connection=conn)
        yield run, emu.log(), certs
    finally:
        api.http.close()
        stop_server(server)


def test_tls_with_ca_path(tls):
    run, log, _certs = tls
    assert_ok(run["with_ca"], "validate_certs with ca_path")
    assert run["with_ca"]["topics"] == []
    assert len(log) == 4 and all(e["status"] == 200 for e in log), "two tasks, two requests each: %s" % log


def test_tls_untrusted_certificate_fails_fast(tls):
    run, log, _certs = tls
    result = run["untrusted"]
    assert result["failed"] is True
    assert "certificate verify failed" in result["msg"], result["msg"]
    assert "ca_path" in result["msg"], "the message says how to fix it: " + result["msg"]
    # the handshake failed: nothing reached the API, and it was not retried (five retries of a
    # read sleep at least 0.5+1+2+4+7.5 = 15 s between the neighbouring tasks' requests)
    gap = log[2]["time"] - log[1]["time"]
    assert gap < 15, "the untrusted task took %.1f s: a certificate error must not be retried" % gap


def test_tls_validate_certs_false(tls):
    run, _log, _certs = tls
    assert_ok(run["no_validation"], "validate_certs false")
    assert run["no_validation"]["topics"] == []


# --------------------------------------------------------------------------- 6. retries
RETRY_AFTER = 2     # seconds, per injected 429
THROTTLES = 2       # how many 429 answers
LOST_TIMEOUT = 0.5  # client timeout of the lost-answer task ...
LOST_LATENCY = 0.8  # ... shorter than the delay of the create's answer (applied at once)


@pytest.fixture(scope="module")
def retries(emu, tmp_path_factory):
    """One run: 503 twice, a dropped GET, a dropped create POST, 429 with Retry-After twice."""
    emu.reset_log()
    url = emu.url
    run = run_playbook(tmp_path_factory.mktemp("retries"), "retries", [
        fault(url, "f503", method="GET", path="/topics$", status=503, count=2),
        topic_info("r503"),
        fault(url, "fdrop_get", method="GET", path="/instances$", drop=True, count=1),
        topic_info("rdrop_get"),
        fault(url, "fdrop_post", method="POST", path="/topics$", drop=True, count=1),
        topic("conn-dropped-create", "rdrop_post"),
        # the create is applied (after: true) but its answer comes after the client gave up,
        # and the first re-read times out too: the retried re-read finds the topic, so no
        # second POST
        fault(url, "flost", faults=[
            {"method": "GET", "path": "/topics$", "latency": 0.01, "count": 1},   # the plan's listing
            {"method": "POST", "path": "/topics$", "latency": LOST_LATENCY, "after": True, "count": 1},
            {"method": "GET", "path": "/topics$", "latency": 3, "count": 1},      # first re-read
        ]),
        topic("conn-lost-answer", "rlost", timeout=LOST_TIMEOUT),
        fault(url, "f429", method="GET", path="/topics$", status=429,
              headers={"Retry-After": str(RETRY_AFTER)}, count=THROTTLES),
        topic_info("r429"),
    ], connection=aksk(emu))
    rules = emu.api.hook("GET", "faults")["faults"]
    return run, emu.log(), rules


def _fault_id(run, name):
    return run[name]["json"]["faults"][0]["id"]


def _after(log, entry):
    return [e for e in log if e["seq"] > entry["seq"]]


def test_every_injected_fault_was_hit(retries):
    _run, _log, rules = retries
    assert [(r["applied"], r["count"]) for r in rules] == [(2, 2), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1),
                                                           (THROTTLES, THROTTLES)], rules


def test_retry_503_twice_then_success(retries):
    run, log, _rules = retries
    assert_ok(run["r503"], "info under 503")
    hit = [e for e in log if e.get("fault") == _fault_id(run, "f503")]
    assert [e["status"] for e in hit] == [503, 503]
    nxt = [e for e in _after(log, hit[-1]) if e["path"] == hit[-1]["path"]][0]
    assert nxt["method"] == "GET" and nxt["status"] == 200


def test_retry_dropped_read(retries):
    run, log, _rules = retries
    assert_ok(run["rdrop_get"], "info after a dropped GET")
    hit = [e for e in log if e.get("fault") == _fault_id(run, "fdrop_get")]
    assert len(hit) == 1 and hit[0]["method"] == "GET"
    again = _after(log, hit[0])[0]
    assert (again["method"], again["path"], again["query"], again["status"]) == (
        "GET", hit[0]["path"], hit[0]["query"], 200), "the same read is sent again"


def test_dropped_create_is_reread_not_duplicated(retries, emu):
    run, log, _rules = retries
    result = run["rdrop_post"]
    assert_ok(result, "create after a dropped POST")
    assert result["changed"] is True and result["topic"]["name"] == "conn-dropped-create"
    fid = _fault_id(run, "fdrop_post")
    # (the lost-answer scenario's single POST carries its own fault id)
    posts = [e for e in requests_to(log, "POST", r"/topics$") if e.get("fault") in (fid, None)]
    assert len(posts) == 2, "the dropped create, then one more after the re-read: %s" % posts
    assert posts[0].get("fault") == _fault_id(run, "fdrop_post") and posts[1].get("fault") is None
    between = [e for e in log if posts[0]["seq"] < e["seq"] < posts[1]["seq"]]
    assert [(e["method"], e["status"]) for e in between if e["path"].endswith("/topics")] == [("GET", 200)], \
        "the engine re-reads the topics before writing again: %s" % between
    assert emu.topic_names().count("conn-dropped-create") == 1


def test_retry_after_is_honoured(retries):
    run, log, _rules = retries
    assert_ok(run["r429"], "info under 429")
    hit = [e for e in log if e.get("fault") == _fault_id(run, "f429")]
    assert [e["status"] for e in hit] == [429] * THROTTLES
    ok = [e for e in _after(log, hit[-1]) if e["path"] == hit[-1]["path"]][0]
    assert ok["status"] == 200
    # Lower bound only: the client sleeps Retry-After after each 429 answer, so the successful
    # request arrives at least the sum of the Retry-After values after the first 429 arrived
    # (the exponential backoff alone would be at most 1 + 2 = 3 s). 50 ms of clock slack.
    waited = ok["time"] - hit[0]["time"]
    assert waited >= RETRY_AFTER * THROTTLES - 0.05, "waited %.2f s, Retry-After sum %d s" % (
        waited, RETRY_AFTER * THROTTLES)


def test_create_applied_but_answer_lost_is_not_repeated(retries, emu):
    run, log, _rules = retries
    result = run["rlost"]
    assert_ok(result, "create whose answer was lost")
    assert result["changed"] is True and result["topic"]["name"] == "conn-lost-answer"
    ids = [f["id"] for f in run["flost"]["json"]["faults"]]
    post = [e for e in log if e.get("fault") == ids[1]]
    assert len(post) == 1 and post[0]["method"] == "POST"
    later_posts = [e for e in _after(log, post[0]) if e["method"] == "POST" and e["path"].endswith("/topics")]
    assert later_posts == [], "the create was applied: it must not be sent again: %s" % later_posts
    rereads = [e for e in _after(log, post[0]) if e["method"] == "GET" and e["path"].endswith("/topics")]
    assert rereads and rereads[0].get("fault") == ids[2], "first re-read (timed out): %s" % rereads
    assert emu.topic_names().count("conn-lost-answer") == 1


# --------------------------------------------------------------------------- unreachable endpoints
class SilentListener(object):
    """A local socket that accepts connections (the kernel's backlog) and never answers."""

    def __init__(self):
        import socket
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]

    def close(self):
        self.sock.close()


def _closed_port():
    import socket
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more: connections are refused
    return port


@pytest.fixture(scope="module")
def unreachable(tmp_path_factory):
    """One run against a refusing port, an unresolvable host and a silent listener."""
    silent = SilentListener()
    refused_port = _closed_port()
    base = {"access_key": AK, "secret_key": SK, "project_id": PROJECT}

    def info(register, endpoint, **options):
        args = dict(base, endpoint=endpoint, instance=INSTANCE, **options)
        return task("Read from %s" % endpoint, "hwcloud.dms.dms_kafka_topic_info", args, register,
                    ignore_errors=True)

    try:
        run = run_playbook(tmp_path_factory.mktemp("unreachable"), "unreachable", [
            info("refused", "http://127.0.0.1:%d" % refused_port, max_retries=2, deadline=30),
            info("dns", "https://dms.eu-nowhere-9.invalid", max_retries=1, deadline=30),
            # each attempt's timeout (1 s) ends before the deadline: two attempts
            info("silent", "http://127.0.0.1:%d" % silent.port, timeout=1, max_retries=1, deadline=30),
            # the deadline (2 s) cuts the one attempt that the default timeout (30 s) would allow
            info("silent_deadline", "http://127.0.0.1:%d" % silent.port, deadline=2),
        ])
    finally:
        silent.close()
    return run, refused_port, silent.port


def test_refused_port_names_host_attempts_and_hint(unreachable):
    run, port, _silent = unreachable
    result = run["refused"]
    assert result["failed"]
    assert ("GET http://127.0.0.1:%d/v2/%s/instances" % (port, PROJECT)) in result["msg"]
    assert "connection refused (3 attempts in" in result["msg"]
    assert "check endpoint" in result["msg"]
    assert [r["attempt"] for r in result["retries"]] == [1, 2]


def test_unresolvable_host_names_the_host_and_hints_at_the_region(unreachable):
    run, _port, _silent = unreachable
    result = run["dns"]
    assert result["failed"]
    assert "https://dms.eu-nowhere-9.invalid/v2/" in result["msg"]
    assert "DNS lookup failed (2 attempts in" in result["msg"]
    assert result["msg"].endswith("check region or endpoint")


@pytest.mark.parametrize("name, attempts, retries", [
    ("silent", "2 attempts", 1),          # each attempt's timeout ends first
    ("silent_deadline", "1 attempt", 0),  # the deadline cuts the one attempt
])
def test_silent_listener_fails_within_its_deadline(unreachable, name, attempts, retries):
    run, _port, silent = unreachable
    result = run[name]
    assert result["failed"]
    assert "http://127.0.0.1:%d/v2/" % silent in result["msg"]
    assert "no answer in time (%s in" % attempts in result["msg"]
    assert len(result.get("retries") or []) == retries
