"""Benchmark: chart-title matching on the labelled set of real Netflix titles.

Runs `core.title_match.decide` on every title of tests/matching/labelled_titles.json and
prints precision (correct matches / matches made), recall (correct matches / titles that
have a correct candidate), the matched / ambiguous / not found counts, every wrong match by
title, the titles missed, and the time per decision. Run: `python bench/matching.py`
(a few seconds).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.text import fold
from core.title_match import decide, search_query
from tests.matching.labelled import LabelledTitle, evaluate, load

PRECISION_TARGET = 0.99
RECALL_TARGET = 0.90
DISTRACTORS = 8


def with_distractors(cases: list[LabelledTitle], seed: int = 8) -> list[LabelledTitle]:
    """Each title's results padded with other titles' candidates, as a long search returns.

    A candidate whose name folds like one already in the list is left out: the same show
    under a second label would be a rival no real search returns.
    """
    pool = [c for case in cases for c in case.candidates]
    shuffler = random.Random(seed)
    padded = []
    for case in cases:
        names = {fold(c.name) for c in case.candidates} | {fold(case.title.show_title)}
        extra = [c for c in shuffler.sample(pool, DISTRACTORS * 3) if fold(c.name) not in names]
        candidates = list(case.candidates) + extra[:DISTRACTORS]
        shuffler.shuffle(candidates)
        padded.append(
            LabelledTitle(
                case.title, case.category, tuple(candidates), case.expected, case.trap, case.note
            )
        )
    return padded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=200, help="timed passes over the set")
    parser.add_argument("--missed", action="store_true", help="list the titles not matched")
    args = parser.parse_args()

    cases = load()
    scores = evaluate(cases)
    titles = {(c.title.show_title, c.title.season_title, c.category) for c in cases}
    print(f"labelled set: {len(cases)} cases, {len(titles)} distinct chart titles")
    print(
        f"  {scores.findable} with a correct candidate, "
        f"{len(cases) - scores.findable} where none should be linked"
    )
    print(
        f"decisions: {scores.count('matched')} matched, {scores.count('ambiguous')} ambiguous, "
        f"{scores.count('not_found')} not found"
    )
    target = "ok" if scores.precision >= PRECISION_TARGET else "BELOW TARGET"
    print(f"precision: {scores.precision:.2%} ({scores.correct}/{scores.matched}) [{target}]")
    target = "ok" if scores.recall >= RECALL_TARGET else "BELOW TARGET"
    print(f"recall:    {scores.recall:.2%} ({scores.correct}/{scores.findable}) [{target}]")
    print(f"wrong matches: {len(scores.wrong)}")
    for outcome in scores.wrong:
        print(f"  {outcome.case.label}: {outcome.decision.ref} ({outcome.decision.reason})")
    if args.missed:
        print(f"missed: {len(scores.missed)}")
        for outcome in scores.missed:
            print(f"  {outcome.case.label}: {outcome.decision.status} ({outcome.decision.reason})")

    padded = with_distractors(cases)
    noisy = evaluate(padded)
    print(
        f"with {DISTRACTORS} candidates of other titles added to each: precision "
        f"{noisy.precision:.2%}, recall {noisy.recall:.2%}, {len(noisy.wrong)} wrong"
    )
    for outcome in noisy.wrong:
        print(f"  {outcome.case.label}: {outcome.decision.ref} ({outcome.decision.reason})")

    per_pass = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for case in cases:
            decide(case.title, case.candidates)
        per_pass.append(time.perf_counter() - start)
    per_decision = [t / len(cases) * 1e6 for t in per_pass]
    candidates = sum(len(c.candidates) for c in cases) / len(cases)
    print(
        f"decide: {statistics.median(per_decision):.0f} µs per title "
        f"(median of {args.runs} passes; {candidates:.1f} candidates per title), "
        f"best {min(per_decision):.0f} µs"
    )
    start = time.perf_counter()
    for _ in range(args.runs // 4):
        for case in padded:
            decide(case.title, case.candidates)
    took = (time.perf_counter() - start) / (args.runs // 4 * len(padded)) * 1e6
    print(f"decide with {DISTRACTORS} more candidates: {took:.0f} µs per title")
    start = time.perf_counter()
    for _ in range(args.runs):
        for case in cases:
            search_query(case.title.show_title, case.title.season_title)
    took = (time.perf_counter() - start) / (args.runs * len(cases)) * 1e6
    print(f"search_query: {took:.1f} µs per title")


if __name__ == "__main__":
    main()
