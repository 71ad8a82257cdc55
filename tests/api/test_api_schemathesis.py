"""Property-based calls against the OpenAPI schema (schemathesis): no server errors, and
every response matches its documented status codes and schema.

Excluded: schemathesis' "schema-valid data is accepted" check, because uploads and
what-if scenarios are schema-valid bytes or JSON that matcher then validates in full
(a zip that is not a programme is rightly a 422 with every error listed).

Bounded for the default test run: a handful of examples per operation with a manager
key, on a store holding the tiny programme (id 1). Run it wider with
PEERMATCH_SCHEMATHESIS_EXAMPLES=100.
"""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from service_helpers import MANAGER_TOKEN, make_keys, make_settings, upload

from api.app import create_app

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.python import asgi  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

EXAMPLES = int(os.environ.get("PEERMATCH_SCHEMATHESIS_EXAMPLES", "4"))


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, data_zips):
    home = tmp_path_factory.mktemp("schemathesis") / "home"
    app = create_app(make_settings(home, max_jobs=1))
    with TestClient(app) as client:  # seed the store, then let schemathesis run the app
        upload(client, data_zips["tiny"], make_keys(client)["manager"])
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    asgi.shutdown_lifespans()  # stops the service and any job it started


def check_operation(operation) -> None:
    """Hypothesis over one operation (the schemathesis pytest plugin does not load under
    this pytest, so the loop over operations is ours)."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        case.call_and_validate(
            headers={"X-API-Key": MANAGER_TOKEN}, excluded_checks=[positive_data_acceptance]
        )

    check()


def test_no_server_errors_and_the_schema_holds(api_schema):
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            check_operation(operation)
        except (Exception, BaseExceptionGroup) as exc:  # collect all, report together
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
