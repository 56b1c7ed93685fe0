"""The command line: thin wrappers over library functions.

Each command group lives in its own module and registers itself on `app`; errors from the
library (`communique.errors`) become one-line messages here, at the edge.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="communique",
    help="Turn diplomatic press releases and news into structured, searchable event data.",
    no_args_is_help=True,
    add_completion=False,
)

# Command modules register their commands on `app` when imported.
from communique.cli import extract as _extract  # noqa: E402,F401
from communique.cli import serve as _serve  # noqa: E402,F401
from communique.cli import store as _store  # noqa: E402,F401


def main() -> None:
    app()
