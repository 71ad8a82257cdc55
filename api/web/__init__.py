"""Pages for peer challenge managers and group offices (issue 7): server-rendered
templates over the service's own API, signed-in with an API key. See docs/web.md."""

from fastapi import APIRouter, FastAPI, Request

from api.web import (
    pages_living,
    pages_main,
    pages_peer,
    pages_reports,
    pages_signin,
    pages_work,
    pages_year,
)
from api.web.client import ApiError
from api.web.render import refuse
from api.web.session import current

router = APIRouter(include_in_schema=False)
for pages in (
    pages_signin,
    pages_main,
    pages_work,
    pages_reports,
    pages_year,
    pages_peer,
    pages_living,
):
    router.include_router(pages.router)


async def _api_error_page(request: Request, exc: ApiError):
    """An API refusal a page did not handle itself, in words with its status (never 500)."""
    return refuse(request, current(request), str(exc), status_code=exc.status)


def install(app: FastAPI) -> None:
    """The pages and their error page."""
    app.include_router(router)
    app.add_exception_handler(ApiError, _api_error_page)
