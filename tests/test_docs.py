"""README keeps up with the code: every benchmark has its figures there and runs in
`make bench`, and the command lines it prints work outside an activated virtualenv."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def benchmarks() -> list[str]:
    return sorted(
        path.name
        for path in (ROOT / "bench").glob("*.py")
        if path.read_text(encoding="utf-8").startswith('"""Benchmark:')
    )


def test_every_benchmark_runs_in_make_bench_and_is_in_the_readme() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nbench:", 1)[1].split("\n\n", 1)[0]
    assert benchmarks()
    assert [name for name in benchmarks() if f"bench/{name}" not in target] == []
    assert [name for name in benchmarks() if f"bench/{name}" not in README] == []


def test_command_lines_use_the_virtualenv_python() -> None:
    # A plain `python bot.py …` fails with ModuleNotFoundError outside the venv.
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    bare = re.compile(r"(?<![/\w])python (?:bot|bench/)")
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in docs
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert found == []
