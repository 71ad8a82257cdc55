"""Pages for peer challenge managers and group offices (issue 7): server-rendered
templates over the service's own API, signed-in with an API key. See docs/web.md."""

from fastapi import APIRouter

from api.web import pages_main, pages_reports, pages_work

router = APIRouter(include_in_schema=False)
for pages in (pages_main, pages_work, pages_reports):
    router.include_router(pages.router)
