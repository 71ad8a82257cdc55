"""`peermatch serve`: the FastAPI service on uvicorn; `peermatch api-key create`: a key.

The command line sits above the service (imports run cli -> api -> matcher -> solver), so it
imports the service like any other package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from api import keys
from api.app import create_app
from api.settings import ServiceSettings
from cli.common import DataDirOption, console, err_console
from matcher.models import GroupOffice
from matcher.store import Store

GRACEFUL_SHUTDOWN_S = 5

HostOption = Annotated[str, typer.Option("--host", help="Address to bind (loopback by default).")]
PortOption = Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")]
DbUrlOption = Annotated[
    str | None,
    typer.Option(
        "--db-url",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user:pass@host/db "
        "(default: PEERMATCH_DB_URL, else SQLite under PEERMATCH_HOME).",
    ),
]
HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Folder of the embedded SQLite store (default: PEERMATCH_HOME, else the user data "
        "directory, see `peermatch runs`).",
    ),
]


def service_settings(
    host: str | None = None,
    port: int | None = None,
    db_url: str | None = None,
    data_dir: Path | None = None,
    home: Path | None = None,
    **extra: Any,
) -> Any:
    """ServiceSettings from the environment, with the command's options on top; a bad
    setting (e.g. a weak PEERMATCH_BOOTSTRAP_KEY) is a clean error, exit 2."""
    try:
        settings = ServiceSettings()
    except ValidationError as exc:
        for problem in exc.errors():
            err_console.print(f"[red]{problem['msg']}[/red]")
        raise typer.Exit(2) from None
    given = {
        "host": host,
        "port": port,
        "db_url": db_url,
        "data_dir": data_dir,
        "home": home,
        **extra,
    }
    return settings.model_copy(update={k: v for k, v in given.items() if v is not None})


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    db_url: DbUrlOption = None,
    data_dir: DataDirOption = None,
    home: HomeOption = None,
    max_jobs: Annotated[
        int | None,
        typer.Option(
            "--max-jobs", min=1, help="Solve jobs at once (default: PEERMATCH_MAX_JOBS or 2)."
        ),
    ] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Start the web service (OpenAPI docs at /docs)."""
    import uvicorn

    settings = service_settings(host, port, db_url, data_dir, home, max_jobs=max_jobs)
    app = create_app(settings)
    console.print(
        f"peermatch service on http://{settings.host}:{settings.port} "
        f"(docs: /docs, store: {settings.database_url.split('@')[-1]})"
    )
    # Bounded graceful shutdown: an open event stream would otherwise hold the server up
    # until its run ends, and runs end only when the service stops them.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )


api_key_app = typer.Typer(help="API keys of the service (stored hashed).", no_args_is_help=True)


@api_key_app.command("create")
def create_key(
    name: Annotated[str, typer.Option("--name", help="Who or what holds the key.")],
    role: Annotated[str, typer.Option("--role", help="manager, group_office, viewer or director.")],
    group_office: Annotated[
        GroupOffice | None, typer.Option("--group-office", help="Required for group_office keys.")
    ] = None,
    db_url: DbUrlOption = None,
    home: HomeOption = None,
) -> None:
    """Create a key and print its token once (store it safely: only its hash is kept)."""
    settings = service_settings(db_url=db_url, home=home)
    try:
        spec = keys.key_spec(name, role, group_office)
        with Store.open(settings.database_url) as store:
            key = keys.create_key(store, spec, keys.SYSTEM)
    except ValueError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"created {key.role.value} key {key.key_id} ({key.name}); token:")
    print(key.token)


def register(app: typer.Typer) -> None:
    """Add `serve` and `api-key` to the peermatch app (called by cli.main)."""
    app.command("serve")(serve)
    app.add_typer(api_key_app, name="api-key")
