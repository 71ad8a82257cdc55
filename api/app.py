"""The FastAPI application: start-up (store, schema, interrupted runs, first key), routers.

`create_app()` reads ServiceSettings from the environment; `peermatch serve` builds the
settings from its options and hands the app to uvicorn. OpenAPI docs are at /docs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors, headers, web
from api.attempts import FailedAttempts
from api.jobs.manager import JobManager
from api.keys import bootstrap_manager
from api.messaging import Sweeper
from api.programmes import ProgrammeCache
from api.routers import ROUTERS
from api.settings import ServiceSettings
from api.shortlists import IndexCache
from api.state import Services
from matcher.store import Store

log = logging.getLogger("peermatch.api")

DESCRIPTION = """Team matching for LGA peer challenges: upload a programme, run batch
solves as jobs with live progress, read results, move proposed seats through the
placement workflow. Authenticate with an `X-API-Key` header (roles: manager,
group_office, viewer). Rules H1-H8 and S1-S8: `GET /rules`."""


def start_services(settings: ServiceSettings) -> Services:
    """Open the store, bring the schemas up to date, fail runs a dead server left behind.

    fail_interrupted_runs must run before any worker starts: at this point no job of
    ours exists, so every queued or running run in the store was killed with the
    previous process and would otherwise show `running` for ever.
    """
    store = Store.open(settings.database_url)
    interrupted = store.fail_interrupted_runs()
    if interrupted:
        log.warning("marked %d interrupted run(s) failed: %s", len(interrupted), interrupted)
    if settings.bootstrap_key is not None:
        if bootstrap_manager(store, settings.bootstrap_key.get_secret_value()):
            log.warning("created the first manager key from PEERMATCH_BOOTSTRAP_KEY")
    return Services(
        settings=settings,
        store=store,
        jobs=JobManager(store, settings.max_jobs, settings.retry_after_s),
        programmes=ProgrammeCache(store, settings.data_dir, settings.programme_cache_size),
        sync_slots=threading.BoundedSemaphore(settings.max_sync_solves),
        interrupted=interrupted,
        failed_attempts=FailedAttempts(store, settings.max_failed_auth),
        shortlist_indexes=IndexCache(),
    )


def stop_services(services: Services) -> None:
    services.jobs.shutdown()
    services.store.close()


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The service; the store is opened when the app starts (lifespan), not on import."""
    settings = settings or ServiceSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = start_services(settings)
        mail = Sweeper(app.state.services)  # messages due by the clock (issue 13)
        mail.start()
        try:
            yield
        finally:
            mail.stop()
            stop_services(app.state.services)

    app = FastAPI(title="peermatch", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    errors.install(app)
    headers.install(app)
    for router in ROUTERS:
        app.include_router(router)
    web.install(app)  # the pages for people: docs/web.md
    errors.document_auth_limit(app)
    return app
