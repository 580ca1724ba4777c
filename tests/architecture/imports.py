"""The import-layer contract: the layers in pyproject.toml point one way, with no cycles.

Reads every module of the project's top-level packages and modules with `ast` (imports
inside functions and `if TYPE_CHECKING:` blocks count too: they are still a dependency
of the code's shape), and reports:

- an upward import: a module importing a module of a higher layer;
- an import cycle between modules, or between top-level packages of one layer.

A name in the contract that does not exist (a package not written yet) is skipped.
Run `python -m tests.architecture.imports` to print what it finds.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Contract:
    #: Highest first; each layer is the top-level names (packages or modules) in it.
    layers: tuple[tuple[str, ...], ...]

    @classmethod
    def from_pyproject(cls, path: Path) -> Contract:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls.parse(config["tool"]["hallyu"]["import-layers"]["layers"])

    @classmethod
    def parse(cls, layers: Sequence[str]) -> Contract:
        return cls(tuple(tuple(n.strip() for n in layer.split("|")) for layer in layers))

    def layer_of(self, module: str) -> int | None:
        top = module.split(".", 1)[0]
        for index, names in enumerate(self.layers):
            if top in names:
                return index
        return None

    def describe(self, index: int) -> str:
        return " | ".join(self.layers[index])


@dataclass
class Graph:
    #: module → the project modules it imports, each with the line of the first import.
    imports: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def modules(self) -> set[str]:
        return set(self.imports)


def _module_files(root: Path, names: Iterable[str]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for name in names:
        package = root / name
        if (package / "__init__.py").is_file():
            for path in sorted(package.rglob("*.py")):
                parts = path.relative_to(root).with_suffix("").parts
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                found[".".join(parts)] = path
        elif (root / f"{name}.py").is_file():
            found[name] = root / f"{name}.py"
    return found


def _imported(node: ast.AST, module: str, is_package: bool, known: Container[str]) -> Iterable[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, node.module] if node.module else base)
        else:
            target = node.module or ""
        for alias in node.names:
            # `from pkg import sub` names the submodule; `from pkg import name`, the
            # package itself (as `import pkg.sub` does not count as importing `pkg`).
            submodule = f"{target}.{alias.name}"
            yield submodule if submodule in known else target


def build_graph(root: Path, contract: Contract) -> Graph:
    files = _module_files(root, (name for layer in contract.layers for name in layer))
    graph = Graph({module: {} for module in files})
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges = graph.imports[module]
        for node in ast.walk(tree):
            for target in _imported(node, module, is_package, files):
                if target in files and target != module:
                    line = getattr(node, "lineno", 0)
                    edges[target] = min(edges.get(target, line), line)
    return graph


def _cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(edges.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def check(root: Path, contract: Contract) -> list[str]:
    """Every violation of `contract` in the code under `root`, as readable lines."""
    graph = build_graph(root, contract)
    problems: list[str] = []
    for module, targets in sorted(graph.imports.items()):
        mine = contract.layer_of(module)
        for target, line in sorted(targets.items()):
            theirs = contract.layer_of(target)
            if mine is not None and theirs is not None and theirs < mine:
                problems.append(
                    f"upward import: {module} (line {line}) imports {target}; "
                    f"`{contract.describe(mine)}` is below `{contract.describe(theirs)}`"
                )
    for component in _cycles(graph.imports):
        problems.append("import cycle between modules: " + " ↔ ".join(component))
    packages: dict[str, set[str]] = {}
    for module, targets in graph.imports.items():
        top = module.split(".", 1)[0]
        packages.setdefault(top, set()).update(
            t.split(".", 1)[0] for t in targets if t.split(".", 1)[0] != top
        )
    for component in _cycles(packages):
        problems.append("import cycle between packages: " + " ↔ ".join(component))
    return problems


def main() -> int:
    problems = check(ROOT, Contract.from_pyproject(ROOT / "pyproject.toml"))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
