"""The ``veille`` command line: a thin layer over the library."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import click

from .errors import InputError, VeilleError
from .settings import SETTINGS, Settings, load_settings

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
    rows: list[dict[str, Any]],
    as_json: bool,
    columns: Sequence[str],
    widths: dict[str, int] | None = None,
) -> None:
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    else:
        _table(rows, columns, widths or {})


def _open_store(settings: Settings) -> Any:
    from .store import open_store

    return open_store(settings.db)


def _settings_help() -> str:
    return "\n".join(f"  {s.name}: {s.help}" for s in SETTINGS)


@click.group(
    help="veille: news articles in, PLOVER events out, each tied to its sentence.\n\n"
    "Settings (packaged defaults < settings file < VEILLE_* environment < flags):\n\n"
    + _settings_help()
)
@click.option("--db", default=None, help="SQLite database file (default ./veille.db).")
@click.option("--config", default=None, type=click.Path(), help="A TOML settings file.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--verbose", "-v", is_flag=True, help="Log what the stages do.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config: str | None, quiet: bool, verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
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
    keep: bool = False,
) -> Any:
    from .ingest import ingest_documents
    from .pipeline import Pipeline
    from .readers import read_manifest, read_paths

    manifest = read_manifest(Path(manifest_path)) if manifest_path else None
    items = list(read_paths(paths, published=published, manifest=manifest))
    pipeline = Pipeline(settings)
    bar = None
    if (settings.progress and sys.stderr.isatty()) or (settings.progress and len(items) > 20):
        from tqdm import tqdm

        bar = tqdm(total=len(items), unit="doc", file=sys.stderr, disable=not settings.progress)

    def on_error(err: InputError) -> None:
        click.echo(f"error: {err.path}: {err.reason}", err=True)
        if bar:
            bar.update(1)

    def on_document(_doc: Any, _outcome: str) -> None:
        if bar:
            bar.update(1)

    with _open_store(settings) as store:
        report = ingest_documents(
            items, pipeline, store, on_error=on_error, on_document=on_document, keep_analyses=keep
        )
    if bar:
        bar.close()
    return report


@cli.command(
    help="Read articles (files, directories, .txt/.html/.jsonl, manifests) and store what they say."
)
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", default=None, help="Publication date for every input (YYYY-MM-DD).")
@click.option(
    "--manifest", default=None, help="CSV or JSON manifest with metadata per document id."
)
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[str, ...], published: str | None, manifest: str | None
) -> None:
    settings = _settings(ctx)
    try:
        report = _run_ingest(settings, list(paths), _date(published), manifest)
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
        report = _run_ingest(settings, [str(folder)], None, None)
    click.echo(f"{report.summary()} -> {settings.db}\n")
    with _open_store(settings) as store:
        for doc in sorted({r["doc"] for r in store.events()}):
            rec = store.document(doc) or {}
            click.echo(f"== {doc} ({rec.get('published')}): {rec.get('title', '')}")
            rows = store.events(doc=doc)
            for row in rows:
                row["amounts"] = "; ".join(
                    f"{_amount(q['value'])} {q['unit'] if q['unit'] != 'items' else q['what']}"
                    for q in store.event_quantities(doc, row["idx"])
                )
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
        info = store.entity(name)
    if info is None:
        raise click.ClickException(f"no entity named like {name!r}")
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
    with _open_store(_settings(ctx)) as store:
        rec = store.document(doc)
    if rec is None:
        raise click.ClickException(f"no document {doc!r} in {_settings(ctx).db}")
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
    from .export import write_csv, write_jsonl

    with _open_store(_settings(ctx)) as store:
        records = list(store.records())
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if output == "-":
        writer(records, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            writer(records, fh)
        click.echo(f"{len(records)} documents -> {output}", err=True)


@cli.command(
    name="eval",
    help=(
        "Score the pipeline against gold annotations (gold schema), one to one, per kind, "
        "language and event type. DOCS is a directory of texts or corpus articles, or a JSONL "
        "file. Never touches the database."
    ),
)
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--docs", "docs_path", required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="List missed and spurious items.")
@click.option(
    "--export",
    "export_path",
    default=None,
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the scored export records (JSONL) to this file.",
)
@click.pass_context
def evaluate(
    ctx: click.Context,
    gold_dir: str,
    docs_path: str,
    as_json: bool,
    details: bool,
    export_path: str | None,
) -> None:
    from .evaluation import evaluate as run_evaluation
    from .evaluation import format_report
    from .export import analysis_to_record, to_export
    from .pipeline import Pipeline

    settings = _settings(ctx)

    def analyze(documents: Sequence[Any]) -> list[dict[str, Any]]:
        pipeline = Pipeline(settings)
        return [to_export(analysis_to_record(a)) for a in pipeline.stream(documents)]

    try:
        report, exports = run_evaluation(Path(gold_dir), Path(docs_path), analyze)
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc
    if export_path:
        with open(export_path, "w", encoding="utf-8") as fh:
            for rec in exports:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
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
