"""Exceptions from matcher and the service mapped to HTTP answers, in one place.

Routes raise the domain's own exceptions; the mapping here keeps the status codes
consistent: unknown ids 404, finished runs and workflow clashes 409, bad uploads 422
with every error, bad scenarios 422 with every problem, oversized uploads 413, no free
slot 429 with Retry-After.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.attempts import TooManyAttempts
from api.cap_exceptions import DecisionError
from api.jobs.manager import Busy
from api.living import StaleChange
from api.uploads import UploadTooLarge
from api.workflow_db import SeatTaken
from matcher.io import InvalidInstanceError
from matcher.living.edits import EditError, UnknownRow
from matcher.rules import RuleId
from matcher.store import NotFoundError, RunStateError
from matcher.whatif import ScenarioError
from matcher.workflow import TransitionError
from matcher.workflow.checks import StepRefused

PLAIN: dict[type[Exception], int] = {
    NotFoundError: 404,
    RunStateError: 409,
    TransitionError: 409,
    SeatTaken: 409,
    DecisionError: 409,
    StaleChange: 409,
    UnknownRow: 404,
    UploadTooLarge: 413,
    PermissionError: 403,
}
"""Exceptions whose message is the whole answer."""


def _detail(code: int, message: str, **extra) -> JSONResponse:
    return JSONResponse({"detail": message, **extra}, status_code=code)


def _plain(code: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handle(_request: Request, exc: Exception) -> JSONResponse:
        return _detail(code, str(exc))

    return handle


async def _invalid(_request: Request, exc: InvalidInstanceError) -> JSONResponse:
    """Every error up to the loader's cap (the first 1,000), and how many there were."""
    count, shown = exc.total, len(exc.errors)
    listed = f"; the first {shown} are listed" if shown < count else ""
    return _detail(
        422,
        f"{count} error{'s' if count != 1 else ''} in the upload{listed}; nothing was stored",
        errors=[e.model_dump() for e in exc.errors],
        error_count=count,
    )


async def _scenarios(_request: Request, exc: ScenarioError) -> JSONResponse:
    return _detail(422, "the scenarios are not valid; nothing was started", problems=exc.problems)


async def _attempts(_request: Request, exc: TooManyAttempts) -> JSONResponse:
    response = _detail(429, str(exc), retry_after_s=exc.retry_after_s)
    response.headers["Retry-After"] = str(exc.retry_after_s)
    return response


async def _refused(_request: Request, exc: StepRefused) -> JSONResponse:
    """422 naming each broken rule; an H4 excess may instead become a cap exception."""
    violations = [
        {
            "rule": v.rule,
            "message": v.message,
            "challenge_id": v.challenge_id,
            "seat_id": v.seat_id,
            "peer_id": v.peer_id,
        }
        for v in exc.violations
    ]
    extra = {}
    if any(v.rule == RuleId.H4 for v in exc.violations):
        extra["cap_exception"] = (
            "an H4 excess may be asked for as a cap exception: POST /cap-exceptions "
            "(member peers: approved by the director; officers: the employer's release)"
        )
    return _detail(422, str(exc), violations=violations, **extra)


async def _edit(_request: Request, exc: EditError) -> JSONResponse:
    count = len(exc.problems)
    return _detail(
        422,
        f"{count} problem{'s' if count != 1 else ''} with the change; nothing was changed",
        errors=[p.model_dump() for p in exc.problems],
    )


async def _busy(_request: Request, exc: Busy) -> JSONResponse:
    response = _detail(429, str(exc), retry_after_s=exc.retry_after_s)
    response.headers["Retry-After"] = str(exc.retry_after_s)
    return response


def install(app: FastAPI) -> None:
    """Register every handler on `app`."""
    for exc_type, code in PLAIN.items():
        app.add_exception_handler(exc_type, _plain(code))
    app.add_exception_handler(InvalidInstanceError, _invalid)
    app.add_exception_handler(ScenarioError, _scenarios)
    app.add_exception_handler(Busy, _busy)
    app.add_exception_handler(TooManyAttempts, _attempts)
    app.add_exception_handler(StepRefused, _refused)
    app.add_exception_handler(EditError, _edit)


def document_auth_limit(app: FastAPI) -> None:
    """Every operation that checks a key may answer 429 (api.attempts): say so in the
    OpenAPI schema (operations with a security requirement are exactly those)."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    if isinstance(operation, dict) and operation.get("security"):
                        operation["responses"].setdefault(
                            "429",
                            {
                                "description": "Too many failed attempts from this address, "
                                "or every slot is busy (see Retry-After).",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/BusyOut"}
                                    }
                                },
                            },
                        )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
