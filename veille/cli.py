"""The ``veille`` command line: a thin layer over the library."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import shutil
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import InputError, VeilleError
from .model import ENTITY_TYPES, EVENT_STATUSES, EVENT_TYPES, Document, to_dict
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
    "amounts",
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


def _table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    widths: dict[str, int],
    *,
    wide: bool = False,
    stretch: str | None = None,
) -> None:
    """A plain-text table. Columns are cut at their width (``wide``: never); the ``stretch``
    column takes the room the terminal has left (``$COLUMNS``, else the terminal's width)."""
    rows = [{**r, "date": _shown_date(r)} if "date" in r else r for r in rows]
    if not rows:
        click.echo("(nothing found)")
        return
    longest = {c: max(len(c), *(len(_short(r.get(c), 10**6)) for r in rows)) for c in columns}
    if wide:
        sizes = longest
    else:
        sizes = {c: min(widths.get(c, 40), longest[c]) for c in columns}
        if stretch in sizes:
            room = shutil.get_terminal_size((160, 24)).columns - 2 * (len(columns) - 1)
            room -= sum(v for c, v in sizes.items() if c != stretch)
            sizes[stretch] = min(longest[stretch], max(30, room))
    click.echo("  ".join(c.upper().ljust(sizes[c]) for c in columns).rstrip())
    for r in rows:
        click.echo("  ".join(_short(r.get(c), sizes[c]).ljust(sizes[c]) for c in columns).rstrip())


def _emit(
    records: Sequence[Any],
    as_json: bool,
    columns: Sequence[str],
    widths: dict[str, int] | None = None,
    *,
    wide: bool = False,
    stretch: str | None = None,
) -> None:
    rows = [r if isinstance(r, dict) else to_dict(r) for r in records]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    else:
        _table(rows, columns, widths or {}, wide=wide, stretch=stretch)


def _vocabulary(
    values: Sequence[str], what: str
) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """A callback that accepts one of a closed list of values, in any case, and otherwise
    fails with the list of valid ones."""

    def check(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        found = {v.casefold(): v for v in values}.get(value.casefold())
        if found is None:
            raise click.BadParameter(
                f"{value!r} is not a known {what}; valid values: {', '.join(values)}"
            )
        return found

    return check


class _NoDatabase(click.ClickException):
    exit_code = 2


def _open_store(settings: Settings, *, existing: bool = False) -> Store:
    """The store of ``--db``; with ``existing``, a SQLite file that is not there is an error
    (exit 2) rather than a new empty database."""
    from .store import is_shared, open_store, sqlite_path

    try:
        if existing and not is_shared(settings.db):
            path = sqlite_path(settings.db)
            if path != ":memory:" and not Path(path).exists():
                raise _NoDatabase(
                    f"no database at {path}: run 'veille ingest PATH...' or 'veille demo' "
                    "first, or give --db"
                )
        return open_store(settings.db)
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc


def _query_store(ctx: click.Context) -> Store:
    return _open_store(_settings(ctx), existing=True)


def _amounts(store: Store, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Event rows with their amounts, as text (``amounts``) and as records (``quantities``)."""
    from .amounts import format_amounts

    out = []
    for event in rows:
        quantities = store.event_quantities(event.doc, event.idx)
        row = to_dict(event)
        row["amounts"] = format_amounts(quantities)
        row["quantities"] = [
            {k: q[k] for k in ("value", "unit", "what", "qualifier", "start", "end")}
            for q in map(to_dict, quantities)
        ]
        out.append(row)
    return out


def _check_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    settings = _settings(ctx)
    known = (*settings.languages, *settings.recognised_languages)
    if value.lower() not in known:
        raise click.BadParameter(
            f"{value!r} is not one of the configured languages: {', '.join(known)}"
        )
    return value.lower()


def _settings_help() -> str:
    """One entry per setting, its help wrapped under it (kept as written by click's ``\\b``)."""
    width = max(len(s.name) for s in SETTINGS) + 4
    lines = ["\b"]
    for s in SETTINGS:
        wrapped = textwrap.wrap(s.help, 78 - width) or [""]
        lines.append(f"  {s.name.ljust(width - 2)}{wrapped[0]}")
        lines.extend(" " * width + more for more in wrapped[1:])
    return "\n".join(lines)


_EXAMPLES = """\b
  veille demo                      (the sample articles, into ./veille.db)
  veille ingest articles/ --published 2025-08-06
  veille ingest https://example.org/rss.xml
  cat wire.jsonl | veille ingest -
  veille events --type ASSAULT --since 2025-08-01 --wide
  veille entity Putin
  veille show 003_2f2d85ce9e3b0e83
  veille export --format csv -o items.csv"""


@click.group(
    help="veille: news articles in, PLOVER events out, each tied to its sentence.\n\n"
    "Examples:\n\n" + _EXAMPLES + "\n\n"
    "Settings (packaged defaults < settings file < VEILLE_* environment < flags; "
    "each also as VEILLE_NAME):\n\n" + _settings_help()
)
@click.version_option(__version__, "--version", prog_name="veille", message="%(prog)s %(version)s")
@click.option(
    "--db",
    default=None,
    help="Database: a SQLite file or sqlite:/// URL (default ./veille.db), or a "
    "postgresql://user@host/db URL.",
)
@click.option("--config", default=None, type=click.Path(), help="A TOML settings file.")
@click.option("--quiet", "-q", is_flag=True, help="No progress.")
@click.option(
    "--verbose",
    "-v",
    count=True,
    help="Tell what each stage did (-vv: debug messages of every library too).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, config: str | None, quiet: bool, verbose: int) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose > 1 else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if verbose:
        _tell_what_happens(ctx, logging.DEBUG if verbose > 1 else logging.INFO)
    ctx.meta["veille.resources"] = (
        ctx.obj if isinstance(ctx.obj, ResourceCache) else ResourceCache()
    )
    try:
        ctx.obj = load_settings(config, db=db, progress=False if quiet else None)
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc


def _tell_what_happens(ctx: click.Context, level: int) -> None:
    """veille's log messages on standard error for this command, taken back when it ends."""
    logger = logging.getLogger("veille")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False

    def restore() -> None:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]

    ctx.call_on_close(restore)


def _noted(
    items: Iterable[Document | InputError], say: Callable[[str], None]
) -> Iterator[Document | InputError]:
    """Pass the inputs on, telling what a reader repaired in one ("3 NUL bytes read as spaces")."""
    for item in items:
        if isinstance(item, Document):
            for note in item.notes:
                say(f"warning: {item.path or item.id}: {note}")
        yield item


# how far ahead of the analysis inputs are read to count them for the progress display; a larger
# input is analysed as it is read, its progress shown without a share or a time left
_COUNT_AHEAD_DOCS = 10_000
_COUNT_AHEAD_CHARS = 20_000_000


def _read_ahead(
    items: Iterator[Document | InputError],
) -> tuple[list[Document | InputError], bool]:
    """The first inputs (up to the limits above), and whether they are all of them."""
    ahead: list[Document | InputError] = []
    chars = 0
    for item in items:
        ahead.append(item)
        if isinstance(item, Document):
            chars += len(item.text)
        if len(ahead) >= _COUNT_AHEAD_DOCS or chars >= _COUNT_AHEAD_CHARS:
            return ahead, False
    return ahead, True


def _run_ingest(
    settings: Settings,
    paths: list[str],
    published: dt.date | None,
    manifest_path: str | None,
    cache: ResourceCache,
    override_published: bool = False,
) -> IngestReport:
    from .engine import open_engine
    from .ingest import database_files, ingest_with
    from .progress import IngestProgress
    from .readers import read_manifest, read_paths

    manifest = read_manifest(Path(manifest_path)) if manifest_path else None
    # read lazily: documents are read as the workers ask for them, never all listed first
    items: Iterator[Document | InputError] = iter(
        read_paths(
            paths,
            published=published,
            override_published=override_published,
            manifest=manifest,
            max_chars=settings.max_document_chars,
            skip=database_files(settings.db),
        )
    )
    progress: IngestProgress | None = None

    def say(line: str) -> None:
        if progress:
            progress.echo(line)
        else:
            click.echo(line, err=True)

    def on_error(err: InputError) -> None:
        say(f"error: {err.path}: {err.reason}")
        if progress:
            progress.rejected()

    def on_document(outcome: Outcome) -> None:
        if progress:
            progress.finished(outcome.chars, outcome.outcome)

    warned: Counter[str] = Counter()

    def on_warning(where: str, message: str) -> None:
        # each kind of warning once, with the first document it concerns; the count at the end
        if not warned[message]:
            say(f"warning: {where}: {message}")
        warned[message] += 1

    # the store is opened (and migrated) here, before any worker connects to it; the workers
    # load their models while the first inputs are read
    with _open_store(settings) as store, open_engine(settings, store=store, cache=cache) as engine:
        if settings.progress:
            ahead, complete = _read_ahead(items)
            docs = [d for d in ahead if isinstance(d, Document)]
            progress = IngestProgress(
                len(ahead) if complete else None,
                sum(len(d.text) for d in docs) if complete else None,
                sys.stderr,
                bar=sys.stderr.isatty(),
            )
            items = itertools.chain(ahead, items)
        report = ingest_with(
            _noted(items, say),
            engine,
            batch_size=settings.batch_size,
            max_chars=settings.max_document_chars,
            on_error=on_error,
            on_document=on_document,
            on_warning=on_warning,
            on_progress=progress.tick if progress else None,
        )
    if progress:
        progress.close()
    for message, n in warned.items():
        if n > 1:
            click.echo(f"warning: {n} documents in all: {message}", err=True)
    return report


@cli.command(
    help="Read articles and store what they say. PATH is a file (.txt, .html, .htm, .jsonl, an "
    "RSS/Atom feed in .xml/.rss/.atom, a .txt list of URLs; each also gzip-compressed as .gz), "
    "a directory (with an optional manifest.csv or manifest.json), an http(s) URL of an article "
    "or a feed, or - for standard input (text, HTML, JSONL, a feed or URLs)."
)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--published",
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date of the documents that have none of their own.",
)
@click.option(
    "--override-published",
    is_flag=True,
    help="Use --published for every document, replacing the dates of records and manifests.",
)
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
    override_published: bool,
    manifest: str | None,
    workers: int | None,
    engine: str | None,
    ray_address: str | None,
) -> None:
    if override_published and not published:
        raise click.UsageError("--override-published needs --published DATE")
    try:
        settings = _settings(ctx).with_overrides(
            workers=workers, engine=engine, ray_address=ray_address
        )
        report = _run_ingest(
            settings,
            list(paths),
            _date(published),
            manifest,
            _cache(ctx),
            override_published=override_published,
        )
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
        _update_stories(ctx, store)  # so `veille serve` shows them too
        for doc in sorted({r.doc for r in store.events()}):
            stored = store.document(doc)
            published = stored.published if stored else None
            click.echo(f"== {doc} ({published}): {stored.title if stored else ''}")
            rows = _amounts(store, store.events(doc=doc))
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
    f = click.option(
        "--lang",
        default=None,
        callback=_check_lang,
        help="Only documents in this language (one of the configured languages).",
    )(f)
    f = click.option("--until", default=None, help="Up to this date (YYYY-MM-DD).")(f)
    f = click.option("--since", default=None, help="From this date (YYYY-MM-DD).")(f)
    return f


_WIDE = click.option(
    "--wide", "-w", is_flag=True, help="Print every column in full (evidence included)."
)


@cli.command(help="List stored events, with the amounts attached to them.")
@click.option(
    "--type",
    "etype",
    default=None,
    metavar="TYPE",
    callback=_vocabulary(EVENT_TYPES, "event type"),
    help="PLOVER type: " + ", ".join(EVENT_TYPES) + ".",
)
@click.option("--actor", default=None, help="Source or target name (words from their start).")
@click.option(
    "--status",
    default=None,
    metavar="STATUS",
    callback=_vocabulary(EVENT_STATUSES, "status"),
    help="Only events with this status: " + ", ".join(EVENT_STATUSES) + ".",
)
@click.option(
    "--min-confidence",
    default=None,
    type=click.FloatRange(0, 1),
    help="Only events at least this confident (0 to 1).",
)
@click.option("--doc", default=None, help="Only this document.")
@click.option("--limit", default=None, type=click.IntRange(min=1), help="At most this many.")
@_WIDE
@click.option(
    "--merged", is_flag=True, help="One row per story event, with report and source counts."
)
@_filters
@click.pass_context
def events(
    ctx: click.Context,
    etype: str | None,
    actor: str | None,
    status: str | None,
    min_confidence: float | None,
    doc: str | None,
    limit: int | None,
    wide: bool,
    merged: bool,
    since: str | None,
    until: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    if merged:
        _merged_events(ctx, etype, _date(since), _date(until), as_json)
        return
    with _query_store(ctx) as store:
        found = store.events(
            type=etype,
            actor=actor,
            since=_date(since),
            until=_date(until),
            lang=lang,
            doc=doc,
            status=status,
            min_confidence=min_confidence,
            limit=limit,
        )
        rows = _amounts(store, found)
    _emit(
        rows,
        as_json,
        _EVENT_COLUMNS,
        {"source": 24, "target": 24, "location": 18, "amounts": 30, "doc": 22},
        wide=wide,
        stretch="evidence",
    )


@cli.command(help="List canonical entities with mention counts and ids.")
@click.option(
    "--type",
    "etype",
    default=None,
    metavar="TYPE",
    callback=_vocabulary(ENTITY_TYPES, "entity type"),
    help="Entity type: " + ", ".join(ENTITY_TYPES) + ".",
)
@click.option("--actor", "name", default=None, help="Name (words from their start).")
@click.option("--doc", default=None, help="Only this document.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def entities(
    ctx: click.Context, etype: str | None, name: str | None, doc: str | None, as_json: bool
) -> None:
    with _query_store(ctx) as store:
        rows = store.entities(type=etype, name=name, doc=doc)
    _emit(rows, as_json, ("name", "type", "id", "country", "role", "mentions", "documents"))


@cli.command(
    help="Everything about one entity: surface forms, documents, events. NAME is a canonical "
    "name, an id, or words of a name; when several entities match, they are listed."
)
@click.argument("name")
@_WIDE
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def entity(ctx: click.Context, name: str, wide: bool, as_json: bool) -> None:
    from .text import fold

    with _query_store(ctx) as store:
        matches = store.entities(name=name)
        exact = [r for r in matches if r.id == name or fold(r.name) == fold(name)]
        if len(matches) > 1 and len(exact) != 1:
            click.echo(f"{len(matches)} entities match {name!r}; give a full name or an id:")
            _emit(matches, as_json, ("name", "type", "id", "mentions", "documents"))
            ctx.exit(1)
        profile = store.entity(exact[0].id if exact else name)
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
        {"doc": 22},
        wide=wide,
        stretch="evidence",
    )


@cli.command(help="List direct quotes with their speaker.")
@click.option("--speaker", default=None, help="Speaker name (words from their start).")
@click.option("--doc", default=None, help="Only this document.")
@_WIDE
@_filters
@click.pass_context
def quotes(
    ctx: click.Context,
    speaker: str | None,
    doc: str | None,
    wide: bool,
    since: str | None,
    until: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    with _query_store(ctx) as store:
        rows = store.quotes(
            speaker=speaker, doc=doc, since=_date(since), until=_date(until), lang=lang
        )
    _emit(
        rows,
        as_json,
        ("published", "speaker", "doc", "text"),
        {"doc": 22},
        wide=wide,
        stretch="text",
    )


@cli.command(help="Show one stored document: entities, events, amounts, quotes.")
@click.argument("doc")
@_WIDE
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, doc: str, wide: bool, as_json: bool) -> None:
    from .amounts import format_amount, grouped_amounts
    from .export import document_record

    with _query_store(ctx) as store:
        stored = store.document(doc)
    if stored is None:
        raise click.ClickException(f"no document {doc!r} in {_settings(ctx).db}")
    rec = document_record(stored)
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=1))
        return
    byline = " · ".join(x for x in (stored.source, stored.author, stored.url) if x)
    click.echo(f"{rec['doc']}  {rec['published']}  [{rec['language']}]  {rec['title'] or ''}")
    click.echo(f"{byline}\n" if byline else "")
    click.echo("Entities")
    _table(rec["entities"], ("name", "type", "id"), {})
    click.echo("\nEvents")
    _table(
        rec["events"],
        ("date", "type", "mode", "source", "target", "location", "status", "evidence"),
        {"source": 24, "target": 24, "location": 18},
        wide=wide,
        stretch="evidence",
    )
    click.echo("\nAmounts")
    amounts = []
    for text, q in grouped_amounts(stored.quantities):
        if q.equivalent_of is not None and 0 <= q.equivalent_of < len(stored.quantities):
            text += f" (restates {format_amount(stored.quantities[q.equivalent_of])})"
        amounts.append({"amount": text, "evidence": q.evidence})
    _table(amounts, ("amount", "evidence"), {"amount": 44}, wide=wide, stretch="evidence")
    click.echo("\nQuotes")
    _table(rec["quotes"], ("speaker", "text"), {}, wide=wide, stretch="text")


@cli.command(help="Remove stored documents and everything extracted from them.")
@click.argument("docs", nargs=-1, required=True, metavar="DOC...")
@click.pass_context
def delete(ctx: click.Context, docs: tuple[str, ...]) -> None:
    from .store import TABLES

    missing = 0
    with _query_store(ctx) as store:
        for doc in docs:
            counts = {t: store.count(t, doc=doc) for t in TABLES if t != "documents"}
            if not store.delete(doc):
                click.echo(f"error: no document {doc!r} in {_settings(ctx).db}", err=True)
                missing += 1
                continue
            rows = ", ".join(f"{n} {t}" for t, n in counts.items())
            click.echo(f"deleted {doc} ({rows})")
    ctx.exit(1 if missing else 0)


# export formats beside the per-document records, written by _export_extra
_EXTRA_FORMATS = ("parquet", "plover")


@cli.command(
    help="Write every stored document as JSONL (one record per document), CSV (one row per "
    "entity, event, amount and quote), Parquet (one file per table in the --output folder) or "
    "PLOVER records (JSONL, one per event)."
)
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    metavar="FORMAT",
    callback=_vocabulary(("jsonl", "csv", *_EXTRA_FORMATS), "format"),
    help="jsonl (default), csv, parquet or plover.",
)
@click.option(
    "--output",
    "-o",
    default="-",
    help="File to write (default: standard output); for parquet a folder (default veille-parquet).",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str) -> None:
    from .export import document_record, write_csv, write_jsonl

    if fmt in _EXTRA_FORMATS:
        _export_extra(_settings(ctx), fmt, output)
        return
    writer = write_jsonl if fmt == "jsonl" else write_csv
    with _query_store(ctx) as store:
        records = (document_record(d) for d in store.documents())
        if output == "-":
            writer(records, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = writer(records, fh)
            click.echo(f"{n} documents -> {output}", err=True)


def _export_extra(settings: Settings, fmt: str, output: str) -> None:
    """``veille export --format parquet|plover``."""
    if fmt == "parquet":
        from .tables import write_parquet_store

        folder = "veille-parquet" if output == "-" else output
        with _open_store(settings) as store:
            counts = write_parquet_store(store, folder)
        click.echo(
            ", ".join(f"{n} {table}" for table, n in counts.items()) + f" -> {folder}/", err=True
        )
        return
    from .geo import Geocoder
    from .plover import write_plover

    geocoder = Geocoder.load()
    with _open_store(settings) as store:
        if output == "-":
            write_plover(store.documents(), sys.stdout, geocoder)
        else:
            with open(output, "w", encoding="utf-8") as fh:
                n = write_plover(store.documents(), fh, geocoder)
            click.echo(f"{n} events -> {output}", err=True)


@cli.command(
    help="Serve the HTTP API (/api, /openapi.json, /docs) and the web application over the "
    "database. Read-only unless a token is set (VEILLE_TOKEN or the token setting)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    _serve(_settings(ctx), _cache(ctx), host, port)


def _serve(settings: Settings, cache: ResourceCache, host: str, port: int) -> None:
    import uvicorn

    from .web import create_app

    try:
        app = create_app(settings, cache=cache)
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc
    mode = "read and write (token set)" if settings.token else "read-only"
    click.echo(
        f"veille: {settings.db} on http://{host}:{port}/ ({mode}); API docs at /docs", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command(
    name="eval",
    help=(
        "Score the pipeline against gold annotations (gold schema), one to one, per kind, "
        "language and event type. DOCS is a directory of texts or corpus articles, or a JSONL "
        "file. Never touches the database."
    ),
)
@click.option("--gold", "gold_dir", default=None, type=click.Path(exists=True, file_okay=False))
@click.option("--docs", "docs_path", default=None, type=click.Path(exists=True))
@click.option(
    "--stories",
    "stories_dir",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    help="Score stories, copies and merged events on a story test set (articles.jsonl, "
    "gold.json) instead.",
)
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
    gold_dir: str | None,
    docs_path: str | None,
    stories_dir: str | None,
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

    if stories_dir is not None:
        _evaluate_stories(ctx, Path(stories_dir), as_json, details)
        return
    if gold_dir is None or docs_path is None:
        raise click.UsageError("eval needs --gold and --docs (or --stories)")

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


# ------------------------------------------------------------------------------ stories


def _update_stories(ctx: click.Context, store: Store) -> None:
    from .stories import update_stories

    update = update_stories(store, _settings(ctx))
    if update.clustered:
        click.echo(update.summary(), err=True)


def _story_line(overview: Any) -> dict[str, Any]:
    st = overview.story
    span = st.first_day.isoformat()
    if st.last_day != st.first_day:
        span += " … " + st.last_day.isoformat()
    main = "; ".join(
        f"{e.type} {e.source or '?'} → {e.target or '?'} ×{e.originals}"
        for e in overview.main_events
    )
    return {
        "story": st.id,
        "days": span,
        "languages": ", ".join(st.languages),
        "outlets": len(st.outlets),
        "originals": st.originals,
        "documents": st.documents,
        "title": st.title,
        "main events": main,
    }


@cli.command(
    help="List stories (documents about one happening, across outlets and languages), "
    "clustering the documents stored since the last run first."
)
@click.option("--limit", default=None, type=int, help="At most this many stories.")
@click.option("--no-update", is_flag=True, help="Do not cluster new documents first.")
@click.option("--jsonl", is_flag=True, help="Write one story record a line (export shape).")
@_filters
@click.pass_context
def stories(
    ctx: click.Context,
    limit: int | None,
    no_update: bool,
    jsonl: bool,
    since: str | None,
    until: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    from .stories import list_stories, story_detail, story_record

    with _open_store(_settings(ctx)) as store:
        if not no_update:
            _update_stories(ctx, store)
        found = list_stories(store, since=_date(since), until=_date(until), lang=lang, limit=limit)
        if jsonl:
            for o in found:
                detail = story_detail(store, o.story.id)
                if detail is not None:
                    click.echo(json.dumps(story_record(detail), ensure_ascii=False))
            return
    if as_json:
        click.echo(json.dumps([to_dict(o) for o in found], ensure_ascii=False, indent=1))
        return
    _table(
        [_story_line(o) for o in found],
        ("story", "days", "languages", "outlets", "originals", "documents", "title", "main events"),
        {"title": 40, "main events": 60, "story": 24},
    )


def _show_story(detail: Any) -> None:
    from .stories import format_claim

    st = detail.story
    span = st.first_day.isoformat()
    if st.last_day != st.first_day:
        span += " … " + st.last_day.isoformat()
    click.echo(f"{st.id}  {span}  {st.title or ''}")
    click.echo(
        f"{st.documents} documents, {st.originals} original reports, "
        f"{len(st.outlets)} outlets, {len(st.languages)} languages ({', '.join(st.languages)})\n"
    )
    click.echo("Documents")
    _table(
        [
            {**to_dict(d), "copy of": d.copy_of if d.copy_of != d.doc else ""}
            for d in detail.documents
        ],
        ("day", "outlet", "language", "doc", "copy of", "title"),
        {"title": 60},
    )
    click.echo("\nEvents")
    for ev in detail.events:
        e = ev.event
        parties = f"{e.source or '?'} → {e.target or '?'}"
        where = f" in {e.location}" if e.location else ""
        when = f" on {e.date.isoformat()}" if e.date else ""
        click.echo(
            f"[{e.idx}] {e.type} {parties}{where}{when}: {e.reports} reports, "
            f"{e.originals} originals, {e.outlets} outlets, {len(e.languages)} languages"
        )
        differ: dict[str, list[str]] = {}
        for attr, value, n in ev.variants:
            differ.setdefault(attr, []).append(f"{value} ×{n}")
        for attr, values in differ.items():
            click.echo(f"    reports differ on {attr}: {', '.join(values)}")
        for claim in ev.claims:
            click.echo(f"    {'history' if claim.history else 'figures'}: {format_claim(claim)}")
        for r in ev.reports:
            extra = "".join(
                f", {label} {value}"
                for label, value in (("date", r.date_text), ("per", r.claimant))
                if value
            )
            click.echo(
                f"    - {r.doc} {r.outlet or ''} [{r.language}] {r.day or ''}"
                f" ({r.start}-{r.end}{extra}): {_short(r.evidence, 110)}"
            )


@cli.command(help="One story: its merged events with every report and claim, its documents.")
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def story(ctx: click.Context, story_id: str, as_json: bool) -> None:
    from .stories import story_detail

    with _open_store(_settings(ctx)) as store:
        _update_stories(ctx, store)
        detail = story_detail(store, story_id)
        if detail is None:  # a document id names its story too
            of = store.story_of(story_id)
            detail = story_detail(store, of) if of else None
    if detail is None:
        raise click.ClickException(f"no story {story_id!r} in {_settings(ctx).db}")
    if as_json:
        click.echo(json.dumps(to_dict(detail), ensure_ascii=False, indent=1))
        return
    _show_story(detail)


def _merged_events(
    ctx: click.Context,
    etype: str | None,
    since: dt.date | None,
    until: dt.date | None,
    as_json: bool,
) -> None:
    from .stories import merged_events

    with _open_store(_settings(ctx)) as store:
        _update_stories(ctx, store)
        rows = merged_events(store, type=etype, since=since, until=until)
    if as_json:
        click.echo(json.dumps([to_dict(r) for r in rows], ensure_ascii=False, indent=1))
        return
    _table(
        [
            {
                **to_dict(r),
                "date": r.date or r.first_day,
                "story": r.story_id,
                "languages": ", ".join(r.languages),
            }
            for r in rows
        ],
        (
            "date",
            "type",
            "mode",
            "source",
            "target",
            "location",
            "reports",
            "originals",
            "outlets",
            "languages",
            "story",
        ),
        {"story": 24},
    )


def _evaluate_stories(ctx: click.Context, directory: Path, as_json: bool, details: bool) -> None:
    from .pipeline import Pipeline
    from .stories.scoring import evaluate_story_set, format_story_scores

    settings = _settings(ctx)
    try:
        scores = evaluate_story_set(directory, settings, Pipeline(settings, cache=_cache(ctx)))
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=1))
    else:
        click.echo(format_story_scores(scores, details=details))


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
