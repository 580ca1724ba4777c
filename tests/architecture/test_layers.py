"""The import-layer contract holds for the project, and the checker does catch violations."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.architecture.imports import ROOT, Contract, check

PYPROJECT = ROOT / "pyproject.toml"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# A small project of its own: entry module `app`, adapters `web | jobs`, services `svc`,
# pure rules `rules`; `absent` is in the contract but not written (like a future package).
TOY = Contract.parse(["app", "web | jobs", "svc | absent", "rules"])
CLEAN = {
    "app.py": "import web.views\nfrom jobs import nightly\n",
    "web/__init__.py": "",
    "web/views.py": "from svc.cards import card\nfrom jobs.nightly import run\n",
    "jobs/__init__.py": "",
    "jobs/nightly.py": "from . import helpers\nfrom svc import cards\n",
    "jobs/helpers.py": "from rules.text import fold\n",
    "svc/__init__.py": "",
    "svc/cards.py": "import rules.text\n\ndef card():\n    from rules import text\n",
    "rules/__init__.py": "",
    "rules/text.py": "import json\n\ndef fold(text):\n    return text\n",
}


def test_the_project_honours_its_contract() -> None:
    assert check(ROOT, Contract.from_pyproject(PYPROJECT)) == []


def test_every_package_the_project_ships_has_a_layer() -> None:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    shipped = {name.rstrip("*") for name in setuptools["packages"]["find"]["include"]}
    shipped |= set(setuptools["py-modules"])
    contract = Contract.from_pyproject(PYPROJECT)
    assert {name for name in shipped if contract.layer_of(name) is None} == set()


def test_a_clean_tree_with_a_missing_layer_passes(tmp_path: Path) -> None:
    assert check(write(tmp_path, CLEAN), TOY) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # rules → svc: pure rules reaching up into a service
        ("rules/text.py", "from svc.cards import card\n", "upward import: rules.text (line 1)"),
        # an adapter importing the entry module, only for type checking, still counts
        (
            "jobs/helpers.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app import App\n",
            "upward import: jobs.helpers (line 3) imports app",
        ),
        # a relative import is resolved before it is judged
        ("svc/cards.py", "from ..web import views\n", "upward import: svc.cards (line 1)"),
        # an import inside a function is a dependency too
        ("svc/cards.py", "def f():\n    import jobs.nightly\n", "imports jobs.nightly"),
    ],
)
def test_an_upward_import_is_reported(tmp_path: Path, name: str, text: str, expected: str) -> None:
    problems = check(write(tmp_path, {**CLEAN, name: text}), TOY)
    assert any(problem.startswith(expected) or expected in problem for problem in problems), (
        problems
    )


def test_a_package_that_re_exports_its_modules_is_no_cycle(tmp_path: Path) -> None:
    planted = {
        **CLEAN,
        "svc/__init__.py": "from svc.cards import card\n",
        "svc/cards.py": "from svc import parse\n",
        "svc/parse.py": "",
    }
    assert check(write(tmp_path, planted), TOY) == []
    # ...but a module that uses a name defined by its package's __init__ is one.
    planted["svc/__init__.py"] += "LIMIT = 3\n"
    planted["svc/parse.py"] = "from svc import LIMIT\n"
    assert check(write(tmp_path, planted), TOY) == [
        "import cycle between modules: svc ↔ svc.cards ↔ svc.parse"
    ]


def test_a_module_cycle_within_a_layer_is_reported(tmp_path: Path) -> None:
    planted = {
        **CLEAN,
        "rules/text.py": "from rules import more\n",
        "rules/more.py": "import rules.text\n",
    }
    assert check(write(tmp_path, planted), TOY) == [
        "import cycle between modules: rules.more ↔ rules.text"
    ]


def test_a_package_cycle_between_siblings_is_reported(tmp_path: Path) -> None:
    # jobs.nightly → web.other and web.views → jobs.nightly: no module cycle, but the two
    # adapter packages now lean on each other.
    planted = {**CLEAN, "jobs/nightly.py": "import web.other\n", "web/other.py": ""}
    assert check(write(tmp_path, planted), TOY) == ["import cycle between packages: jobs ↔ web"]


def test_the_entry_module_cycle_this_project_once_had_is_reported(tmp_path: Path) -> None:
    planted = {
        **CLEAN,
        "app.py": "import web.views\n",
        "web/views.py": "from app import App\n",
    }
    problems = check(write(tmp_path, planted), TOY)
    assert "import cycle between modules: app ↔ web.views" in problems
    assert any(p.startswith("upward import: web.views (line 1) imports app") for p in problems)
