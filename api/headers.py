"""Security headers on every answer: the pages must not be framed, sniffed, cached or
leak their addresses, and may only run the service's own script.

The Content-Security-Policy allows scripts and styles from the service itself only
(inline `style=` attributes, used for chart bars, are allowed; inline scripts are not).
FastAPI's own /docs and /redoc load Swagger UI from a CDN, so they keep their defaults
apart from the CSP. Static files (/web-static) may be cached; everything else, personal
data included, is `no-store`.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
ALWAYS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
DOCS = ("/docs", "/redoc", "/openapi.json")


class SecurityHeaders:
    """Pure ASGI middleware (streams such as server-sent events pass through untouched)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                if not path.startswith(DOCS):
                    headers.setdefault("Content-Security-Policy", CSP)
                if not path.startswith("/web-static"):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)
