"""`python bot.py enrich` and `python bot.py catalog review|link`: the job and the review
of matches from the command line, with exit codes 0 (done), 1 (failed) and 2 (usage)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from core.providers import ProviderName, ProviderRef, ShowProvider
from db.connection import Database
from db.enrichment import EnrichmentError, EnrichmentRepository
from render.enrich import review_lines, summary_lines
from services.enrich import EnrichJob, Notify, Outcome

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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


async def review(db: Database, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    items = await EnrichmentRepository(db).review()
    for line in review_lines(items):
        print(line, file=out)
    return EXIT_OK


async def link(db: Database, chart_title: str, ref_text: str, out: TextIO | None = None) -> int:
    """Settle one chart title: a provider show, or `none` (never match it)."""
    out = out or sys.stdout
    ref: ProviderRef | None = None
    if ref_text.strip().lower() != "none":
        try:
            ref = ProviderRef.parse(ref_text)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        result = await EnrichmentRepository(db).link(chart_title, ref)
    except EnrichmentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    what = "never to be matched" if ref is None else f"linked to {ref}"
    print(f"“{result.title}” is {what}; the next enrich run applies it.", file=out)
    return EXIT_OK
