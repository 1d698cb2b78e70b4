"""The workspace's modules import each other without a cycle, and nothing but the site
app (and the tests) imports the workspace."""

from __future__ import annotations

import ast
from pathlib import Path

import foretagsklimat

PACKAGE = "foretagsklimat.apps.workspace"
ROOT = Path(foretagsklimat.__file__).parent
WORKSPACE = ROOT / "apps" / "workspace"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The modules ``path`` imports (a name imported from a package counts as its submodule
    when there is one)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package
                for _level in range(node.level - 1):
                    base = base.rpartition(".")[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if _exists(candidate) else source)
    return found


def _exists(module: str) -> bool:
    path = ROOT.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_the_workspace_modules_have_no_import_cycle() -> None:
    graph = {
        _module_name(path): {m for m in _imports(path) if m.startswith(PACKAGE)}
        for path in WORKSPACE.rglob("*.py")
    }
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module) :], module]
            raise AssertionError("import cycle: " + " → ".join(cycle))
        if module in done:
            return
        for imported in sorted(graph.get(module, ())):
            visit(imported, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_only_the_site_app_imports_the_workspace() -> None:
    allowed = (WORKSPACE, ROOT / "apps" / "site")
    importers = sorted(
        _module_name(path)
        for path in ROOT.rglob("*.py")
        if not any(path.is_relative_to(folder) for folder in allowed)
        and any(m.startswith(PACKAGE) for m in _imports(path))
    )
    assert importers == []
