"""The pages call the service's own HTTP API in-process, with the signed-in key.

Going through the API (rather than the store) keeps one set of role checks, privacy
rules and audit entries: a page can show nothing its user's key could not read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import Request

from api.attempts import INTERNAL_CLIENT
from api.deps import SESSION_HEADER
from api.web.session import Session
from matcher.io.cells import SAFE_ID

MAX_PAGE = 500


class ApiError(Exception):
    """An API answer other than success, kept for the page to show in plain words."""

    def __init__(self, response: httpx.Response):
        self.status = response.status_code
        try:
            self.body: dict[str, Any] = response.json()
        except ValueError:
            self.body = {"detail": response.text}
        super().__init__(str(self.body.get("detail")))


class BadId(ApiError):
    """An id from the page's own address that no API path may carry: a 404 in words."""

    def __init__(self, value: str):
        self.status = 404
        self.body = {"detail": f"no such item: {value[:80]!r} is not a peermatch id"}
        Exception.__init__(self, self.body["detail"])


def api_path(template: str, *ids: str | int) -> str:
    """An internal API path: `template`'s `{}` filled with validated, URL-encoded ids.

    Ids come from page addresses and form fields, so they are checked against the id
    character set (matcher.io.cells.SAFE_ID; whole numbers for programme and placement
    ids) and encoded as one path segment each: `../../api-keys` can never become a path.
    """
    parts = []
    for value in ids:
        text = str(value)
        if not (isinstance(value, int) or SAFE_ID.fullmatch(text)):
            raise BadId(text)
        parts.append(quote(text, safe=""))
    return template.format(*parts)


class Api:
    def __init__(self, client: httpx.AsyncClient):
        self.client = client

    async def call(self, method: str, path: str, **kwargs) -> Any:
        response = await self.client.request(method, path, **kwargs)
        if response.status_code >= 400:
            raise ApiError(response)
        return response.json() if response.content else None

    async def get(self, path: str, **params) -> Any:
        return await self.call("GET", path, params=params)

    async def post(self, path: str, json: Any = None, **kwargs) -> Any:
        return await self.call("POST", path, json=json, **kwargs)

    async def every(self, path: str, **params) -> list[dict]:
        """Every item of a paginated list, page by page."""
        items: list[dict] = []
        while True:
            page = await self.get(path, offset=len(items), limit=MAX_PAGE, **params)
            items.extend(page["items"])
            if not page["items"] or len(items) >= page["total"]:
                return items


@asynccontextmanager
async def api(request: Request, session: Session) -> AsyncIterator[Api]:
    transport = httpx.ASGITransport(app=request.app, client=(INTERNAL_CLIENT, 0))
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://peermatch.internal",
        headers={SESSION_HEADER: session.sid},
        timeout=120,
    ) as client:
        yield Api(client)
