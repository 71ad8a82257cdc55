"""One router per resource (FastAPI full-stack template style)."""

from api.routers import (
    admin,
    calendar,
    challenges,
    feedback,
    freshness,
    health,
    history,
    outbox,
    peer_links,
    peers,
    placements,
    programmes,
    results,
    runs,
    shortlists,
    usage,
)

ROUTERS = (
    health.router,
    admin.router,
    programmes.router,
    peers.router,
    challenges.router,
    runs.router,
    results.router,
    outbox.router,
    feedback.router,
    freshness.router,
    peer_links.router,
    history.router,
    calendar.router,
    placements.router,
    shortlists.router,
    usage.router,
)
