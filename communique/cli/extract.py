"""`communique extract` and `communique demo`: records from files, printed or written."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from communique import pipeline
from communique.cli import app
from communique.errors import CommuniqueError, InputError
from communique.records import Document, Record

err = Console(stderr=True)
# Below this many documents a progress bar is noise.
PROGRESS_AFTER = 3


def parse_map(pairs: list[str] | None) -> dict[str, str] | None:
    """`--map text=body --map title=headline` -> {"text": "body", "title": "headline"}."""
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field or not column:
            raise typer.BadParameter(f"expected FIELD=COLUMN, got {pair!r}", param_hint="--map")
        mapping[field.strip()] = column.strip()
    return mapping


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} docs/s"), TextColumn("failures: {task.fields[failures]}"),
               TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=False) as progress:
        yield progress


def output_name(record: Record, used: set[str]) -> str:
    name = record.name or record.id.removeprefix("sha256:")
    base, n = name, 1
    while name in used:  # two inputs with one stem must not overwrite each other
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


def run_extract(
    paths: list[str], column_map: dict[str, str] | None, n_process: int
) -> Iterator[Record | InputError]:
    """Records and input errors, as they come."""
    failures: list[InputError] = []

    def documents() -> Iterator[Document]:
        for item in pipeline.read(paths, column_map):
            if isinstance(item, InputError):
                failures.append(item)
            else:
                yield item

    for result in pipeline.process(documents(), n_process=n_process):
        yield from failures
        failures.clear()
        yield result
    yield from failures


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write NAME.json per input here.")] = None,
    pretty: Annotated[bool, typer.Option("--pretty", help="Indent the JSON.")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Always print JSON Lines.")] = False,
    column_map: Annotated[
        list[str] | None, typer.Option("--map", help="Column mapping for CSV/JSONL, FIELD=COLUMN.")
    ] = None,
    n_process: Annotated[int, typer.Option("--processes", "-j", help="Worker processes.")] = 1,
) -> None:
    """Extract the record of each document: JSON for one, JSON Lines for several."""
    mapping = parse_map(column_map)
    if out:
        out.mkdir(parents=True, exist_ok=True)
    ok = failed = 0
    used: set[str] = set()
    buffered: list[Record] = []  # one document prints as JSON, several as JSON Lines: wait for a second
    with progress_bar(sys.stderr.isatty() or out is not None or jsonl) as progress:
        task = progress.add_task("extracting", total=None, rate="0.0", failures=0) if progress else None
        try:
            for item in run_extract(paths, mapping, n_process):
                if isinstance(item, InputError):
                    failed += 1
                    err.print(f"[red]error[/red]: {item.origin}: {item.reason}", highlight=False)
                else:
                    ok += 1
                    if out:
                        name = output_name(item, used)
                        (out / f"{name}.json").write_text(dump(item, pretty=True) + "\n", encoding="utf-8")
                    elif jsonl or buffered:
                        for rec in [*buffered, item]:
                            print(dump(rec, pretty=False), flush=True)
                        buffered.clear()
                        jsonl = True
                    else:
                        buffered.append(item)
                if progress and task is not None and ok + failed > PROGRESS_AFTER:
                    elapsed = progress.tasks[0].elapsed or 1e-9
                    progress.update(task, completed=ok + failed, rate=f"{(ok + failed) / elapsed:.1f}",
                                    failures=failed)
        except CommuniqueError as exc:
            err.print(f"[red]error[/red]: {exc}", highlight=False)
            raise typer.Exit(2) from exc
    for rec in buffered:
        print(dump(rec, pretty=pretty))
    if out:
        err.print(f"{ok} record(s) written to {out}, {failed} input(s) failed", highlight=False)
    if ok == 0:
        raise typer.Exit(1)


def dump(record: Record, pretty: bool) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, indent=2 if pretty else None)


@app.command()
def demo(
    paths: Annotated[list[str], typer.Argument(help="Documents to run on.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Record folder.")] = Path("demo-output"),
) -> None:
    """Run the main job on the bundled samples and print a summary table."""
    out.mkdir(parents=True, exist_ok=True)
    table = Table(title="communique: records of the sample documents")
    for col in ("document", "source", "published", "people", "orgs", "countries", "events", "statements",
                "refs"):
        table.add_column(col, justify="left" if col in ("document", "source") else "right")
    used: set[str] = set()
    failed = 0
    for item in run_extract(paths, None, 1):
        if isinstance(item, InputError):
            failed += 1
            err.print(f"[red]error[/red]: {item.origin}: {item.reason}", highlight=False)
        else:
            name = output_name(item, used)
            (out / f"{name}.json").write_text(dump(item, pretty=True) + "\n", encoding="utf-8")
            kinds = [e.kind for e in item.entities]
            table.add_row(name, item.source.name or "", item.published or "", str(kinds.count("person")),
                          str(kinds.count("organization")), str(kinds.count("country")),
                          ", ".join(sorted({e.type for e in item.events})) or "-", str(len(item.statements)),
                          str(len(item.references)))
    Console().print(table)
    Console().print(f"records written to {out}/ ({failed} input(s) failed)")
