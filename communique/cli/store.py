"""Store commands: ingest, failures, search, show, actor, actors merge/split, stats, export, browse."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from communique import settings
from communique.cli import app
from communique.engines.base import cpu_count
from communique.errors import CommuniqueError
from communique.store import ActorRow, SearchFilters, Store, open_store
from communique.store.ingest import (
    IngestReport,
    PipelineExtractor,
    count_inputs,
    ingest_documents,
    read_stream,
)

out = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite path or postgresql://... URL.",
                                       envvar="COMMUNIQUE_DB")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]

actors_app = typer.Typer(help="List and correct cross-document actors.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")


@contextmanager
def opened(db: str) -> Iterator[Store]:
    """The store, with library errors turned into one line and exit status 2."""
    try:
        with open_store(db) as store:
            yield store
    except CommuniqueError as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# -- ingest -------------------------------------------------------------------------------------

def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6} docs/s"), TextColumn("ETA"), TimeRemainingColumn(),
        TextColumn("failures: {task.fields[failures]}"), TimeElapsedColumn(),
        console=err, transient=False, disable=not err.is_terminal and not _force_progress(),
    )


def _force_progress() -> bool:
    import os

    return os.environ.get("COMMUNIQUE_PROGRESS") == "1"


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs; '-' for stdin.")],
    db: DbOption = settings.DEFAULT_DB,
    reprocess: Annotated[bool, typer.Option(help="Re-extract records made by an older extractor.")] = False,
    batch_size: Annotated[int, typer.Option(help="Documents per transaction.")] = 32,
    n_process: Annotated[int, typer.Option(help="Worker processes (default: one per core).")] = cpu_count(),
    column_map: Annotated[list[str] | None, typer.Option(
        "--map", help="CSV/JSONL column for a field, FIELD=COLUMN (repeatable).")] = None,
    engine: Annotated[str, typer.Option(
        help="local: processes on this machine; ray: Ray Data, results bulk-loaded from Parquet shards.",
    )] = "local",
    address: Annotated[str | None, typer.Option(
        help="--engine ray: join this Ray cluster (e.g. auto, ray://host:10001); default a local one.",
    )] = None,
) -> None:
    """Extract and store documents: already stored ones are skipped, a killed run resumes."""
    from communique.cli.extract import parse_map

    if engine not in ("local", "ray"):
        err.print(f"unknown engine {engine!r}: local or ray", highlight=False)
        raise typer.Exit(2)
    if engine == "ray":  # issue 8: read, extract and shard on Ray, then bulk-load
        from communique.store.ingest import ingest as store_ingest

        with opened(db) as store:
            report = store_ingest(paths, store, reprocess=reprocess, n_process=n_process,
                                  column_map=parse_map(column_map), engine="ray", address=address)
        _summary(report, store)
        return
    mapping = parse_map(column_map)
    with opened(db) as store, _progress() as progress:
        task = progress.add_task("counting", total=None, rate="-", failures=0)
        report = IngestReport(total=count_inputs(paths, mapping) or 0)
        progress.update(task, total=report.total or None, description="ingesting")

        def tick(r: IngestReport) -> None:
            progress.update(task, total=r.total or None, completed=r.done, rate=f"{r.rate:.1f}",
                            failures=r.failed)

        with PipelineExtractor(n_process) as extractor:
            report = ingest_documents(read_stream(paths, mapping, None, report), store,
                                      extractor=extractor, reprocess=reprocess,
                                      batch_size=batch_size, report=report, progress=tick)
    _summary(report, store)


def _summary(report: IngestReport, store: Store) -> None:
    err.print(
        f"{report.extracted} extracted, {report.reprocessed} re-extracted, {report.skipped} already stored, "
        f"{report.duplicates} duplicate(s), {report.failed} failed in {report.seconds:.1f}s -> {store.url}",
        highlight=False,
    )
    if report.failed:
        err.print("see `communique failures` for the inputs that failed", highlight=False)


@app.command()
def failures(db: DbOption = settings.DEFAULT_DB, as_json: JsonOption = False) -> None:
    """List the inputs that could not be read or extracted, with the reason."""
    with opened(db) as store:
        rows = store.failures()
    if as_json:
        _print_json([vars(f) for f in rows])
        return
    if not rows:
        out.print("no failures")
        return
    table = Table("input", "reason", "when")
    for f in rows:
        table.add_row(escape(f.origin), escape(f.reason), f.failed_at)
    out.print(table)


# -- queries ------------------------------------------------------------------------------------

@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Full-text: all words must occur; "quote" phrases.')] = "",
    db: DbOption = settings.DEFAULT_DB,
    date_from: Annotated[str | None, typer.Option("--from", help="Published on or after YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Published on or before YYYY-MM-DD.")] = None,
    source: Annotated[str | None, typer.Option(help="Source name contains this.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Has an event of this type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Mentions this actor (name or id).")] = None,
    country: Annotated[str | None, typer.Option(help="Mentions an entity of this country.")] = None,
    limit: int = 20,
    as_json: JsonOption = False,
) -> None:
    """Search stored documents by text, with filters."""
    filters = SearchFilters(date_from, date_to, source, event_type, actor, country)
    with opened(db) as store:
        try:
            hits = store.search(query, filters, limit)
        except CommuniqueError as exc:
            err.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False)
            raise typer.Exit(2) from exc
    if as_json:
        _print_json([vars(h) for h in hits])
        return
    table = Table("published", "document", "title / snippet", show_lines=True)
    for h in hits:
        body = f"[bold]{escape(h.title or '')}[/bold]\n{escape(h.snippet)}"
        table.add_row(h.published or "", h.doc_id, body)
    out.print(table)
    out.print(f"{len(hits)} result(s)")


@app.command()
def show(doc: Annotated[str, typer.Argument(help="Document id, id prefix or origin.")],
         db: DbOption = settings.DEFAULT_DB) -> None:
    """Print a stored record as JSON, each entity with its cross-document actor id."""
    with opened(db) as store:
        try:
            record, actors = store.get_record(doc)
        except CommuniqueError as exc:
            err.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False)
            raise typer.Exit(1) from exc
    data = record.to_dict()
    for ent in data["entities"]:
        ent["actor"] = actors.get(ent["id"])
    _print_json(data)


@app.command()
def actor(name: Annotated[str, typer.Argument(help="A name as written, or an actor id.")],
          db: DbOption = settings.DEFAULT_DB, as_json: JsonOption = False) -> None:
    """One actor: roles over time, events in date order, statements, frequent counterparts."""
    with opened(db) as store:
        found = sorted(store.find_actors(name), key=lambda a: -a.documents)
        chosen = _pick_actor(name, found)
        profile = store.actor_profile(chosen.id)
    if as_json:
        _print_json({"actor": vars(profile.actor), "roles": profile.roles, "events": profile.events,
                     "statements": profile.statements, "counterparts": profile.counterparts})
        return
    a = profile.actor
    out.print(f"[bold]{escape(a.name)}[/bold]  {a.id}  {a.kind}  {a.country or ''}  "
              f"{a.documents} document(s) {a.first_seen or ''}..{a.last_seen or ''}")
    if a.aliases:
        out.print("also: " + escape(", ".join(a.aliases)))
    _table("roles", ["title", "country", "current", "first", "last", "docs"],
           [[r["title"], r["country"], r["current"], r["first"], r["last"], r["documents"]]
            for r in profile.roles])
    _table("events", ["date", "type", "as", "name / document", "document id"],
           [[e["date"], e["type"], ",".join(e["roles"]), e["name"] or e["title"], e["doc_id"]]
            for e in profile.events])
    _table("statements", ["date", "verb", "content"],
           [[s["date"], s["verb"], s["content"]] for s in profile.statements])
    _table("counterparts", ["actor", "kind", "country", "events", "id"],
           [[c["name"], c["kind"], c["country"], c["events"], c["actor_id"]] for c in profile.counterparts])


def _pick_actor(name: str, found: list[ActorRow]) -> ActorRow:
    """The one actor `name` means; else list the candidates and exit.

    A name that matches one actor of each kind (the extractor sometimes takes a person for an
    organization) means the best documented one, and the others are named on stderr.
    """
    if len(found) == 1:
        return found[0]
    if found and sum(a.kind == found[0].kind for a in found) == 1:
        others = ", ".join(f"{a.id} ({a.kind}, {a.documents} doc(s))" for a in found[1:])
        err.print(f"showing the {found[0].kind} {found[0].id}; {name!r} also names {others}",
                  highlight=False)
        return found[0]
    _ambiguous(name, found)
    raise AssertionError("unreachable")


def _ambiguous(name: str, found: list[Any]) -> None:
    if not found:
        err.print(f"no actor matches {name!r}", highlight=False)
        raise typer.Exit(1)
    err.print(f"{name!r} matches {len(found)} actors; give an id:", highlight=False)
    for a in found:
        err.print(f"  {a.id}  {a.name}  {a.kind}  {a.country or ''}  {a.documents} doc(s)", highlight=False)
    raise typer.Exit(1)


def _table(title: str, headers: list[str], rows: list[list[Any]]) -> None:
    if not rows:
        return
    table = Table(*headers, title=title, title_justify="left")
    for row in rows:
        table.add_row(*[escape("" if v is None else str(v)) for v in row])
    out.print(table)


@app.command()
def stats(db: DbOption = settings.DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Counts of what the store holds."""
    with opened(db) as store:
        data = store.stats()
    if as_json:
        _print_json(data)
        return
    table = Table("", "", title=str(store.url), title_justify="left")
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in list(value.items())[:12])
        table.add_row(key, escape(str(value)))
    out.print(table)


# -- actors -------------------------------------------------------------------------------------

@actors_app.command("list")
def actors_list(db: DbOption = settings.DEFAULT_DB, kind: str | None = None, limit: int = 50,
                as_json: JsonOption = False) -> None:
    """Actors, the most documented first."""
    with opened(db) as store:
        rows = [a for a in store.iter_actors() if kind is None or a.kind == kind]
    rows.sort(key=lambda a: (-a.documents, a.name))
    if as_json:
        _print_json([vars(a) for a in rows[:limit]])
        return
    _table("actors", ["id", "name", "kind", "country", "docs", "first", "last"],
           [[a.id, a.name, a.kind, a.country, a.documents, a.first_seen, a.last_seen] for a in rows[:limit]])


@actors_app.command("merge")
def actors_merge(keep: Annotated[str, typer.Argument(help="Actor to keep (id or name).")],
                 other: Annotated[str, typer.Argument(help="Actor merged into it (id or name).")],
                 db: DbOption = settings.DEFAULT_DB) -> None:
    """Make two actors one; the correction is stored and survives re-ingest."""
    with opened(db) as store:
        row = store.merge_actors(keep, other)
    out.print(f"merged into {row.id} ({escape(row.name)}, {row.documents} document(s))")


@actors_app.command("split")
def actors_split(
    actor_ref: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor to split (id or name).")],
    name: Annotated[str | None, typer.Option(help="Move the entities written with this name.")] = None,
    doc: Annotated[str | None, typer.Option(help="Move this document's entity (id or prefix).")] = None,
    db: DbOption = settings.DEFAULT_DB,
) -> None:
    """Move part of an actor to a new actor; the correction is stored and survives re-ingest."""
    with opened(db) as store:
        row = store.split_actor(actor_ref, name=name, doc=doc)
    out.print(f"new actor {row.id} ({escape(row.name)}, {row.documents} document(s))")


@actors_app.command("rebuild")
def actors_rebuild(db: DbOption = settings.DEFAULT_DB) -> None:
    """Resolve every stored entity again from scratch, applying the stored corrections."""
    with opened(db) as store:
        n = store.rebuild_actors()
    out.print(f"{n} actor(s)")


# -- export and browse --------------------------------------------------------------------------

@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    what: Annotated[str, typer.Option(help="records, events, statements, actors or plover.")] = "records",
    output: Annotated[str | None, typer.Option("--out", "-o", help="File to write (default stdout).")] = None,
    db: DbOption = settings.DEFAULT_DB,
) -> None:
    """Export the store: records, events, statements, actors, or PLOVER-style event-actor rows."""
    from communique.export import export as run_export

    with opened(db) as store:
        n = run_export(store, what=what, fmt=fmt, out=output)
    if output:
        err.print(f"{n} {what} row(s) written to {output}", highlight=False)


@app.command()
def browse(db: DbOption = settings.DEFAULT_DB,
           port: Annotated[int, typer.Option(help="Port for Datasette.")] = 8001) -> None:
    """Open the SQLite store in Datasette (the optional `browse` extra)."""
    if "://" in db and not db.startswith("sqlite"):
        err.print("browse works on a SQLite store; for PostgreSQL use its own tools", highlight=False)
        raise typer.Exit(2)
    exe = shutil.which("datasette")
    if exe is None:
        try:
            import datasette  # noqa: F401
        except ImportError as exc:
            err.print("Datasette is not installed: pip install 'communique[browse]' "
                      "(or pip install datasette)", markup=False, highlight=False)
            raise typer.Exit(1) from exc
        cmd = [sys.executable, "-m", "datasette"]
    else:
        cmd = [exe]
    path = db.removeprefix("sqlite:///")
    with opened(path):  # creates and migrates it, so Datasette shows the tables even when empty
        pass
    raise typer.Exit(subprocess.call([*cmd, "serve", path, "--port", str(port)]))
