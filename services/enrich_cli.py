"""`python bot.py enrich` and `python bot.py catalog review|link`: the job and the review
of matches from the command line, with exit codes 0 (done), 1 (failed) and 2 (usage)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from core.providers import PROVIDERS, ProviderError, ProviderName, ProviderRef, ShowProvider
from db.connection import Database
from db.enrichment import EnrichmentError, EnrichmentRepository
from render.enrich import PROVIDER_NAMES, review_lines, summary_lines
from services.enrich import EnrichJob, Notify, Outcome

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_enrichment_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`enrich` and `catalog review|link` on the entry point's command line."""
    enrich = sub.add_parser(
        "enrich",
        help="match chart titles to TVmaze/TMDB shows and store what they say",
        description="Works through the backlog (newest and highest-charting titles first) "
        "within each provider's rate limit; safe to stop and run again.",
    )
    enrich.add_argument(
        "--limit", type=_at_least_one, metavar="N", help="at most N titles per provider"
    )
    enrich.add_argument("--provider", choices=PROVIDERS, help="only this provider")
    catalog = sub.add_parser("catalog", help="review and settle matches to provider shows")
    actions = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    review_cmd = actions.add_parser(
        "review", help="list ambiguous and unmatched titles with candidates"
    )
    review_cmd.add_argument(
        "--all",
        dest="show_all",
        action="store_true",
        help="also list the titles no provider offered a candidate for",
    )
    link = actions.add_parser(
        "link",
        help="settle a chart title: tvmaze:ID, tmdb:ID or none",
        description="The decision persists across re-imports; the next enrich run applies it.",
    )
    link.add_argument(
        "title", metavar="CHART_TITLE", help="the title as `catalog review` prints it"
    )
    link.add_argument("ref", metavar="tvmaze:ID|tmdb:ID|none")


async def run_enrich(
    db: Database,
    providers: Sequence[ShowProvider],
    *,
    limit: int | None = None,
    only: ProviderName | None = None,
    notify: Notify | None = None,
    out: TextIO | None = None,
) -> int:
    """Work through the backlog with a progress bar (on a terminal) and print a summary."""
    out = out or sys.stdout
    if only is not None and all(p.name != only for p in providers):
        print(f"error: {only} is not configured (see .env.example)", file=sys.stderr)
        return EXIT_USAGE
    job = EnrichJob(db, providers, notify=notify)
    total = await job.pending(limit=limit, only=only)
    if total == 0:
        print("Nothing to enrich: every title is settled or waiting for its retry time.", file=out)
        return EXIT_OK
    # Imported here: the bot builds this command line at every start, and rich is needed
    # only by this command's progress bar.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(file=out)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    # On a pipe or a file the bar would be noise: rich then prints nothing until the end.
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task("enriching", total=total)

        def advance(provider: ProviderName, outcome: Outcome) -> None:
            bar.advance(task)

        summary = await job.run(limit=limit, only=only, progress=advance)
    stopped = summary.stopped()
    lines = summary_lines(
        summary.counts(), summary.requests, summary.throttled, summary.seconds, stopped
    )
    for line in lines:
        print(line, file=out)
    # Partial progress is progress; a run that reached no provider at all is a failure.
    return EXIT_FAILED if stopped and summary.count("matched") == 0 else EXIT_OK


async def review(db: Database, out: TextIO | None = None, *, show_all: bool = False) -> int:
    out = out or sys.stdout
    items = await EnrichmentRepository(db).review()
    for line in review_lines(items, show_all=show_all):
        print(line, file=out)
    return EXIT_OK


async def link(
    db: Database,
    chart_title: str,
    ref_text: str,
    out: TextIO | None = None,
    providers: Sequence[ShowProvider] = (),
) -> int:
    """Settle one chart title: a provider show, or `none` (never match it). A show ref is
    checked with one request when its provider is reachable, so a mistyped id is refused
    now rather than lost at the next enrich run."""
    out = out or sys.stdout
    ref: ProviderRef | None = None
    if ref_text.strip().lower() != "none":
        try:
            ref = ProviderRef.parse(ref_text)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    checked = await _check_ref(ref, providers) if ref is not None else None
    if checked is False and ref is not None:
        who = PROVIDER_NAMES.get(ref.provider, ref.provider)
        print(f"error: {who} does not know {ref}; nothing was changed", file=sys.stderr)
        return EXIT_FAILED
    try:
        result = await EnrichmentRepository(db).link(chart_title, ref)
    except EnrichmentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    what = "never to be matched" if ref is None else f"linked to {ref}"
    print(f"“{result.title}” is {what}; the next enrich run applies it.", file=out)
    if ref is not None and checked is None:
        who = PROVIDER_NAMES.get(ref.provider, ref.provider)
        print(
            f"{who} could not be asked now: the next enrich run checks {ref}, and "
            "`catalog review` lists it if it does not exist.",
            file=out,
        )
    return EXIT_OK


async def _check_ref(ref: ProviderRef, providers: Sequence[ShowProvider]) -> bool | None:
    """True: the provider knows the show; False: it answered "no such show"; None: it
    could not be asked (not configured, offline, throttled)."""
    provider = next((p for p in providers if p.name == ref.provider), None)
    if provider is None:
        return None
    try:
        return await provider.show(ref.id) is not None
    except ProviderError:
        return None
