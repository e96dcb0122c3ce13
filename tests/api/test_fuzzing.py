"""A bounded schema-driven fuzzer: no input gives a server error, every answer fits the schema.

Schemathesis reads the served OpenAPI schema and sends each of its operations generated
requests (valid and invalid), as the city administrator, to a live server over a small seeded
world. A fixed seed and a fixed number of examples per operation keep the run repeatable and
to a few minutes; any 5xx or any answer that does not match its documented schema fails it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SEED = 20261206
EXAMPLES_PER_OPERATION = 8
CHECKS = "not_a_server_error,response_schema_conformance"
# The coverage phase (boundary values of every parameter) takes about ten times as long: run it
# now and then with MINSHENG_FUZZ_PHASES=examples,coverage,fuzzing.
PHASES = os.environ.get("MINSHENG_FUZZ_PHASES", "examples,fuzzing")


def test_no_generated_request_gets_a_server_error_or_an_undocumented_answer(
    served_world, live_server, tmp_path
):  # type: ignore[no-untyped-def]
    token = Token.objects.create(user=served_world.cast.city_admin)
    # The schema the server serves, written here: generating it takes longer than a request may.
    schema = tmp_path / "schema.json"
    call_command("spectacular", "--file", str(schema), "--format", "openapi-json")
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        str(schema),
        "--url",
        live_server.url,
        "--checks",
        CHECKS,
        "--phases",
        PHASES,
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--no-shrink",
        "--request-timeout",
        "30",
        "--header",
        f"Authorization: Token {token.key}",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    log = tmp_path / "schemathesis.log"
    with log.open("w") as output:
        run = subprocess.run(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            timeout=900 if PHASES == "examples,fuzzing" else 3600,
            check=False,
        )
    assert run.returncode == 0, log.read_text()[-30_000:]
