"""`peermatch user create`: a person's account for the pages (local password and/or
single sign-on), with a role as for API keys. Audited like key creation."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from api import accounts, keys
from cli.common import console, err_console
from cli.serve import DbUrlOption, HomeOption, service_settings
from matcher.models import GroupOffice
from matcher.store import Store

user_app = typer.Typer(help="People's accounts for the pages.", no_args_is_help=True)


@user_app.command("create")
def create_user(
    username: Annotated[str, typer.Option("--username", help="Sign-in name (e.g. email).")],
    role: Annotated[str, typer.Option("--role", help="manager, group_office or viewer.")],
    group_office: Annotated[
        GroupOffice | None, typer.Option("--group-office", help="For group_office accounts.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Shown name.")] = None,
    sso_subject: Annotated[
        str | None, typer.Option("--sso-subject", help="The provider's subject (`sub`).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="Single sign-on only.")
    ] = False,
    db_url: DbUrlOption = None,
    home: HomeOption = None,
) -> None:
    """Create an account (asks for a password unless --password-stdin or --no-password)."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not no_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = service_settings(db_url=db_url, home=home)
    try:
        with Store.open(settings.database_url) as store:
            user_id = accounts.create_user(
                store,
                username,
                keys.Role(role),
                keys.SYSTEM,
                display_name=name,
                group_office=group_office,
                password=password,
                sso_subject=sso_subject,
            )
    except ValueError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"created {role} account {user_id} ({username})")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
