"""Exceptions from matcher and the service mapped to HTTP answers, in one place.

Routes raise the domain's own exceptions; the mapping here keeps the status codes
consistent: unknown ids 404, finished runs 409, bad uploads 422 with every error,
oversized uploads 413, no free job slot 429 with Retry-After.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from api.jobs.manager import Busy
from api.uploads import UploadTooLarge
from api.workflow import TransitionError
from api.workflow_db import SeatTaken
from matcher.io import InvalidInstanceError
from matcher.store import NotFoundError, RunStateError
from matcher.whatif import ScenarioError


def _detail(code: int, message: str, **extra) -> JSONResponse:
    return JSONResponse({"detail": message, **extra}, status_code=code)


def install(app: FastAPI) -> None:
    """Register every handler on `app`."""

    @app.exception_handler(NotFoundError)
    async def not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
        return _detail(status.HTTP_404_NOT_FOUND, str(exc))

    @app.exception_handler(RunStateError)
    async def run_state(_request: Request, exc: RunStateError) -> JSONResponse:
        return _detail(status.HTTP_409_CONFLICT, str(exc))

    @app.exception_handler(InvalidInstanceError)
    async def invalid(_request: Request, exc: InvalidInstanceError) -> JSONResponse:
        count = len(exc.errors)
        return _detail(422, f"{count} error{'s' if count != 1 else ''} in the upload; "
                       "nothing was stored", errors=[e.model_dump() for e in exc.errors])

    @app.exception_handler(UploadTooLarge)
    async def too_large(_request: Request, exc: UploadTooLarge) -> JSONResponse:
        return _detail(413, str(exc))

    @app.exception_handler(Busy)
    async def busy(_request: Request, exc: Busy) -> JSONResponse:
        response = _detail(status.HTTP_429_TOO_MANY_REQUESTS, str(exc),
                           retry_after_s=exc.retry_after_s)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response

    @app.exception_handler(TransitionError)
    async def transition(_request: Request, exc: TransitionError) -> JSONResponse:
        return _detail(status.HTTP_409_CONFLICT, str(exc))

    @app.exception_handler(SeatTaken)
    async def seat_taken(_request: Request, exc: SeatTaken) -> JSONResponse:
        return _detail(status.HTTP_409_CONFLICT, str(exc))

    @app.exception_handler(ScenarioError)
    async def scenarios(_request: Request, exc: ScenarioError) -> JSONResponse:
        return _detail(422, "the scenarios are not valid; nothing was started",
                       problems=exc.problems)

    @app.exception_handler(PermissionError)
    async def forbidden(_request: Request, exc: PermissionError) -> JSONResponse:
        return _detail(status.HTTP_403_FORBIDDEN, str(exc))
