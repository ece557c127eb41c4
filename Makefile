# hwcloud.dms: the two commands are `make demo` and `make test`.
# Both bootstrap .venv from the pinned requirement files first.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON_BOOT ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# ansible-test and ansible-playbook need the collection under ansible_collections/<ns>/<name>.
COLL_TREE := $(CURDIR)/build/collections
PYTEST := PYTHONPATH=$(COLL_TREE) $(PY) -m pytest --import-mode=importlib -p no:cacheprovider
# The emulator and integration tests import their own conftest/harness by file location.
PYTEST_HTTP := $(PY) -m pytest -p no:cacheprovider
JOBS ?= 2

.PHONY: help venv demo test test-fuzz test-sdk test-unit test-matrix ee molecule test-emulator test-integration sanity lint build changelog-lint \
        bench emulator clean collection-tree

help:
	@echo "make demo               start the emulator, provision an environment twice (idempotent), audit in check mode"
	@echo "make demo KEEP=1        the same, and leave the emulator running with its state (prints how to query it)"
	@echo "make test               everything CI runs: unit, emulator, integration, lint, sanity, build"
	@echo "make test-unit | test-emulator | test-fuzz | test-sdk | test-integration | lint | sanity | build | changelog-lint"
	@echo "make test-matrix | molecule | ee   ansible-core 2.16/2.18/2.21, the molecule scenario, the EE build context"
	@echo "make bench              print the performance benchmarks"
	@echo "make emulator           run the emulator in the foreground on 127.0.0.1:8080"

venv: $(STAMP)

$(STAMP): requirements/dev.txt requirements.txt emulator/pyproject.toml
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check -r requirements/dev.txt
	@# The emulator runs from its source folder: a .pth entry puts it on the venv's path.
	$(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' | \
	  xargs -I{} sh -c 'echo "$(CURDIR)/emulator" > "{}/dms_emulator_src.pth"'
	@touch $@

collection-tree:
	@mkdir -p $(COLL_TREE)/ansible_collections/hwcloud
	@ln -sfn $(CURDIR) $(COLL_TREE)/ansible_collections/hwcloud/dms

demo: venv collection-tree
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLL_TREE) KEEP=$(KEEP) bash scripts/demo.sh

test: venv collection-tree test-unit test-matrix test-emulator test-fuzz test-sdk test-integration \
      changelog-lint lint sanity build ee molecule
	@echo "make test: all suites passed"

test-unit: venv collection-tree
	$(PYTEST) -q tests/unit

# The unit tests and the end-to-end playbooks on the other claimed ansible-core versions,
# each in its own venv from requirements/dev-<core>.txt (2.19 is the main venv's).
CORE_MATRIX ?= 2.16 2.18 2.21
test-matrix: venv
	bash scripts/matrix.sh $(CORE_MATRIX)

test-emulator: venv collection-tree
	$(PYTEST_HTTP) -q -n $(JOBS) tests/emulator --ignore=tests/emulator/test_fuzz.py

# A bounded schemathesis fuzz of the emulator's OpenAPI document (fixed seed and examples).
test-fuzz: venv
	$(PYTEST_HTTP) -q tests/emulator/test_fuzz.py

# The emulator driven by Huawei's official Python SDK (an independent client of the real service).
test-sdk: venv
	$(PYTEST_HTTP) -q -n $(JOBS) tests/sdk

test-integration: venv collection-tree
	$(PYTEST_HTTP) -q -n $(JOBS) tests/integration --ignore=tests/integration/test_endpoint_coverage.py
	@# after the targets: reads their request logs, prints "endpoint coverage: N/74"
	$(PYTEST_HTTP) -q tests/integration/test_endpoint_coverage.py

lint: venv collection-tree
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash scripts/lint.sh

sanity: venv
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash scripts/ansible-test.sh sanity

build: venv
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash scripts/build.sh

# The execution environment's build context (ansible-builder create; no image is built).
ee: venv
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash scripts/ee.sh

# The molecule scenario extensions/molecule/default (roles against the emulator).
molecule: venv
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash scripts/molecule.sh default

changelog-lint: venv
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash scripts/changelog-lint.sh

bench: venv collection-tree
	$(PY) emulator/bench.py
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLL_TREE) $(PY) bench/bench_topics.py
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(PY) bench/bench_controller.py
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(PY) bench/bench_export.py
	@# B2 (issue 12): no-op audit of a 20-instance estate over the dms_kafka inventory, forks 1/5/10
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(PY) bench/bench_estate.py

emulator: venv
	$(PY) -m dms_emulator --host 127.0.0.1 --port 8080

clean:
	rm -rf build tests/output .pytest_cache
