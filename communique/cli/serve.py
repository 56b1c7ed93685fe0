"""`communique serve`: the web app and JSON API over a store."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from communique import settings
from communique.cli import app
from communique.errors import CommuniqueError

err = Console(stderr=True)


@app.command()
def serve(
    db: Annotated[
        str, typer.Option("--db", help="Store: a SQLite path or a postgresql:// URL.")
    ] = settings.DEFAULT_DB,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (keep 127.0.0.1 unless you mean it).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app and the JSON API (read-only; uploads need COMMUNIQUE_UPLOAD_TOKEN)."""
    import uvicorn

    from communique.serve.app import create_app, upload_token_from_env

    token = upload_token_from_env()
    try:
        web = create_app(db, upload_token=token, freeze_heap=True)
    except CommuniqueError as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        raise typer.Exit(1) from exc
    err.print(
        f"serving {db} on http://{host}:{port}/ (uploads {'enabled' if token else 'disabled'})",
        highlight=False,
    )
    uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
