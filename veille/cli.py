"""The ``veille`` command line: a thin layer over the library."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .errors import InputError, VeilleError
from .model import to_dict
from .resources import ResourceCache
from .settings import SETTINGS, Settings, load_settings

if TYPE_CHECKING:
    from .engine.base import Outcome
    from .ingest import IngestReport
    from .store import Store

__all__ = ["main"]

_EVENT_COLUMNS = (
    "date",
    "type",
    "mode",
    "source",
    "target",
    "location",
    "status",
    "doc",
    "evidence",
)


def _settings(ctx: click.Context) -> Settings:
    obj: Settings = ctx.obj
    return obj


def _cache(ctx: click.Context) -> ResourceCache:
    """The models of this run: given by the caller as ``obj`` (tests share theirs), else new."""
    cache: ResourceCache = ctx.meta["veille.resources"]
    return cache


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _short(text: Any, width: int) -> str:
    s = "" if text is None else str(text).replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


def _shown_date(row: dict[str, Any]) -> Any:
    """A date as precise as the text: "2025-06" for "en juin", "2024" for "en 2024"."""
    date, precision = row.get("date"), row.get("date_precision")
    if isinstance(date, str) and precision in ("month", "season"):
        return date[:7]
    if isinstance(date, str) and precision == "year":
        return date[:4]
    return date


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str], widths: dict[str, int]) -> None:
    rows = [{**r, "date": _shown_date(r)} if "date" in r else r for r in rows]
    if not rows:
        click.echo("(nothing found)")
        return
    sizes = {
        c: min(widths.get(c, 40), max(len(c), *(len(_short(r.get(c), 200)) for r in rows)))
        for c in columns
    }
    click.echo("  ".join(c.upper().ljust(sizes[c]) for c in columns))
    for r in rows:
        click.echo("  ".join(_short(r.get(c), sizes[c]).ljust(sizes[c]) for c in columns).rstrip())


def _amount(value: float) -> str:
    for scale, word in ((1e9, " bn"), (1e6, " m")):
        if abs(value) >= scale:
            return f"{value / scale:g}{word}"
    return f"{value:g}"


def _emit(
    records: Sequence[Any],
    as_json: bool,
    columns: Sequence[str],
    widths: dict[str, int] | None = None,
) -> None:
    rows = [to_dict(r) for r in records]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    else:
        _table(rows, columns, widths or {})


def _open_store(settings: Settings) -> Store:
    from .store import open_store

    try:
        return open_store(settings.db)
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc


def _settings_help() -> str:
    return "\n".join(f"  {s.name}: {s.help}" for s in SETTINGS)


@click.group(
    help="veille: news articles in, PLOVER events out, each tied to its sentence.\n\n"
    "Settings (packaged defaults < settings file < VEILLE_* environment < flags):\n\n"
    + _settings_help()
)
@click.option(
    "--db",
    default=None,
    help="Database: a SQLite file or sqlite:/// URL (default ./veille.db), or a "
    "postgresql://user@host/db URL.",
)
@click.option("--config", default=None, type=click.Path(), help="A TOML settings file.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--verbose", "-v", is_flag=True, help="Log what the stages do.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config: str | None, quiet: bool, verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    ctx.meta["veille.resources"] = (
        ctx.obj if isinstance(ctx.obj, ResourceCache) else ResourceCache()
    )
    try:
        ctx.obj = load_settings(config, db=db, progress=False if quiet else None)
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc


def _run_ingest(
    settings: Settings,
    paths: list[str],
    published: dt.date | None,
    manifest_path: str | None,
    cache: ResourceCache,
) -> IngestReport:
    from .engine import open_engine
    from .ingest import ingest_with
    from .readers import read_manifest, read_paths

    manifest = read_manifest(Path(manifest_path)) if manifest_path else None
    # read lazily: documents are read as the workers ask for them, never listed first
    items = read_paths(
        paths, published=published, manifest=manifest, max_chars=settings.max_document_chars
    )
    bar = None
    if settings.progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr)

    def on_error(err: InputError) -> None:
        click.echo(f"error: {err.path}: {err.reason}", err=True)
        if bar:
            bar.update(1)

    def on_document(_outcome: Outcome) -> None:
        if bar:
            bar.update(1)

    # the store is opened (and migrated) here, before any worker connects to it
    with _open_store(settings) as store, open_engine(settings, store=store, cache=cache) as engine:
        report = ingest_with(
            items,
            engine,
            batch_size=settings.batch_size,
            max_chars=settings.max_document_chars,
            on_error=on_error,
            on_document=on_document,
        )
    if bar:
        bar.close()
    return report


@cli.command(
    help="Read articles (files, directories, .txt/.html/.jsonl, each also .gz, manifests) and "
    "store what they say."
)
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", default=None, help="Publication date for every input (YYYY-MM-DD).")
@click.option(
    "--manifest", default=None, help="CSV or JSON manifest with metadata per document id."
)
@click.option(
    "--workers", type=int, default=None, help="Worker processes (or Ray actors); default 1."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default=None,
    help="local: worker processes on this machine (default); ray: a Ray actor pool.",
)
@click.option("--ray-address", default=None, help="Ray cluster to join (ray://head:10001, auto).")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    published: str | None,
    manifest: str | None,
    workers: int | None,
    engine: str | None,
    ray_address: str | None,
) -> None:
    try:
        settings = _settings(ctx).with_overrides(
            workers=workers, engine=engine, ray_address=ray_address
        )
        report = _run_ingest(settings, list(paths), _date(published), manifest, _cache(ctx))
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report.summary())
    ctx.exit(0 if report.ok else 1)


@cli.command(help="Analyse the bundled sample articles into the database and print their events.")
@click.pass_context
def demo(ctx: click.Context) -> None:
    settings = _settings(ctx)
    samples = resources.files("veille.resources").joinpath("samples")
    with resources.as_file(samples) as folder:
        report = _run_ingest(settings, [str(folder)], None, None, _cache(ctx))
    click.echo(f"{report.summary()} -> {settings.db}\n")
    with _open_store(settings) as store:
        for doc in sorted({r.doc for r in store.events()}):
            stored = store.document(doc)
            published = stored.published if stored else None
            click.echo(f"== {doc} ({published}): {stored.title if stored else ''}")
            rows = []
            for event in store.events(doc=doc):
                row = to_dict(event)
                row["amounts"] = "; ".join(
                    f"{_amount(q.value)} {q.unit if q.unit != 'items' else q.what}"
                    for q in store.event_quantities(doc, event.idx)
                )
                rows.append(row)
            _table(
                rows,
                (
                    "date",
                    "type",
                    "mode",
                    "source",
                    "target",
                    "location",
                    "status",
                    "amounts",
                    "evidence",
                ),
                {"evidence": 60, "source": 22, "target": 22, "location": 16, "amounts": 40},
            )
            click.echo("")
    click.echo(f"Query it: veille --db {settings.db} events --type ASSAULT | entities | quotes")
    ctx.exit(0 if report.ok else 1)


def _filters(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(f)
    f = click.option("--lang", default=None, help="Only documents in this language.")(f)
    f = click.option("--until", default=None, help="Up to this date (YYYY-MM-DD).")(f)
    f = click.option("--since", default=None, help="From this date (YYYY-MM-DD).")(f)
    return f


@cli.command(help="List stored events.")
@click.option("--type", "etype", default=None, help="PLOVER type, e.g. ASSAULT.")
@click.option("--actor", default=None, help="Source or target name contains this.")
@click.option("--doc", default=None, help="Only this document.")
@_filters
@click.pass_context
def events(
    ctx: click.Context,
    etype: str | None,
    actor: str | None,
    doc: str | None,
    since: str | None,
    until: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    with _open_store(_settings(ctx)) as store:
        rows = store.events(
            type=etype, actor=actor, since=_date(since), until=_date(until), lang=lang, doc=doc
        )
    _emit(rows, as_json, _EVENT_COLUMNS, {"evidence": 60, "doc": 22})


@cli.command(help="List canonical entities with mention counts and ids.")
@click.option("--type", "etype", default=None, help="PERSON, ORG, COUNTRY, PLACE or WEAPON.")
@click.option("--actor", "name", default=None, help="Name contains this.")
@click.option("--doc", default=None, help="Only this document.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def entities(
    ctx: click.Context, etype: str | None, name: str | None, doc: str | None, as_json: bool
) -> None:
    with _open_store(_settings(ctx)) as store:
        rows = store.entities(type=etype, name=name, doc=doc)
    _emit(rows, as_json, ("name", "type", "id", "country", "role", "mentions", "documents"))


@cli.command(help="Everything about one entity: surface forms, documents, events.")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def entity(ctx: click.Context, name: str, as_json: bool) -> None:
    with _open_store(_settings(ctx)) as store:
        profile = store.entity(name)
    if profile is None:
        raise click.ClickException(f"no entity named like {name!r}")
    info = to_dict(profile)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    click.echo(
        f"{info['name']} ({info['type']}, {info['id']}) country={info['country']} "
        f"role={info['role']}"
    )
    click.echo(
        "surface forms: " + ", ".join(f"{f['text']} ×{f['n']}" for f in info["surface_forms"])
    )
    click.echo("documents: " + ", ".join(info["docs"]))
    _table(
        info["events"],
        ("date", "type", "source", "target", "status", "doc", "evidence"),
        {"evidence": 60},
    )


@cli.command(help="List direct quotes with their speaker.")
@click.option("--speaker", default=None, help="Speaker name contains this.")
@click.option("--doc", default=None, help="Only this document.")
@_filters
@click.pass_context
def quotes(
    ctx: click.Context,
    speaker: str | None,
    doc: str | None,
    since: str | None,
    until: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    with _open_store(_settings(ctx)) as store:
        rows = store.quotes(
            speaker=speaker, doc=doc, since=_date(since), until=_date(until), lang=lang
        )
    _emit(rows, as_json, ("published", "speaker", "doc", "text"), {"text": 80})


@cli.command(help="Show one stored document: entities, events, quantities, quotes.")
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, doc: str, as_json: bool) -> None:
    from .export import document_record

    with _open_store(_settings(ctx)) as store:
        stored = store.document(doc)
    if stored is None:
        raise click.ClickException(f"no document {doc!r} in {_settings(ctx).db}")
    rec = document_record(stored)
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=1))
        return
    click.echo(f"{rec['doc']}  {rec['published']}  [{rec['language']}]  {rec['title']}\n")
    click.echo("Entities")
    _table(rec["entities"], ("name", "type", "id"), {})
    click.echo("\nEvents")
    _table(
        rec["events"],
        ("date", "type", "mode", "source", "target", "location", "status", "evidence"),
        {"evidence": 60},
    )
    click.echo("\nQuantities")
    _table(rec["quantities"], ("value", "unit", "what", "qualifier", "evidence"), {"evidence": 50})
    click.echo("\nQuotes")
    _table(rec["quotes"], ("speaker", "text"), {"text": 90})


@cli.command(help="Write every stored document as JSONL (one record per document) or CSV.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl")
@click.option("--output", "-o", default="-", help="File to write (default: standard output).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str) -> None:
    from .export import document_record, write_csv, write_jsonl

    writer = write_jsonl if fmt == "jsonl" else write_csv
    with _open_store(_settings(ctx)) as store:
        records = (document_record(d) for d in store.documents())
        if output == "-":
            writer(records, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = writer(records, fh)
            click.echo(f"{n} documents -> {output}", err=True)


@cli.command(name="eval", help="Score the pipeline against gold annotations (see the gold schema).")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--docs", "docs_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="List missed and spurious items.")
@click.pass_context
def evaluate(
    ctx: click.Context, gold_dir: str, docs_dir: str, as_json: bool, details: bool
) -> None:
    from .evaluation import evaluate_dirs, format_report

    try:
        report = evaluate_dirs(Path(gold_dir), Path(docs_dir), _settings(ctx))
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1))
    else:
        click.echo(format_report(report, details=details))


@cli.group(help="The actor knowledge base.")
def kb() -> None:
    pass


@kb.command(name="check", help="Validate the knowledge-base data files.")
@click.pass_context
def kb_check(ctx: click.Context) -> None:
    from .kbcheck import check_kb

    problems, summary = check_kb()
    click.echo(summary)
    for p in problems:
        click.echo(f"problem: {p}")
    ctx.exit(1 if problems else 0)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(
            args=list(argv) if argv is not None else None, prog_name="veille", standalone_mode=True
        )
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
