"""Imports point one way (docs/architecture.md): the blueprints sit on the services, the
services on auth, everything on the models. Imports inside functions count too."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "portfolio_admin"

# Who may import each part of the app besides its own modules. ``portfolio_admin`` alone
# is create_app, which wires every part together.
ONLY_IMPORTED_BY = {
    "api": {"portfolio_admin"},
    "admin": {"portfolio_admin"},
    "cli": {"portfolio_admin"},
}
# What each part may not import.
NEVER_IMPORTS = {
    "models": {"auth", "services", "api", "admin", "activity", "cli"},
    "auth": {"services", "api", "admin", "cli"},
    "services": {"api", "admin", "cli"},
}


def module_name(path: Path) -> str:
    """``portfolio_admin/api/routing.py`` -> ``portfolio_admin.api.routing``."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, name: str, is_package: bool) -> set[str]:
    """Every module ``source`` (the module ``name``) imports, wherever the import is."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # ``from portfolio_admin import api`` imports the module portfolio_admin.api.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def part(name: str) -> str | None:
    """The part of the app a module belongs to (``api``, ``models``, ``errors`` ...)."""
    parts = name.split(".")
    if parts[0] != "portfolio_admin":
        return None
    return parts[1] if len(parts) > 1 else "portfolio_admin"


def broken_rules() -> list[str]:
    """``"<module> imports portfolio_admin.<part>"`` for each import the rules forbid."""
    problems = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        importer = part(name)
        source = path.read_text(encoding="utf-8")
        for imported in imported_modules(source, name, path.name == "__init__.py"):
            target = part(imported)
            if target is None or target == importer:
                continue
            allowed = ONLY_IMPORTED_BY.get(target, {importer})
            if importer not in allowed or target in NEVER_IMPORTS.get(importer, ()):
                problems.add(f"{name} imports portfolio_admin.{target}")
    return sorted(problems)


def test_imports_point_only_the_allowed_way():
    assert broken_rules() == []


# The optional extra ``bench`` (setup.cfg): the benchmark's DRF peer, never the app's.
BENCH_ONLY = ("django", "rest_framework")


def bench_only_imports() -> list[str]:
    """``"<module> imports <name>"`` for each app module that needs the bench extra."""
    return sorted(
        f"{module_name(path)} imports {imported}"
        for path in PACKAGE.rglob("*.py")
        for imported in imported_modules(
            path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py"
        )
        if imported.split(".")[0] in BENCH_ONLY
    )


def test_the_app_never_needs_the_benchmark_peers_libraries(tmp_path, monkeypatch):
    assert bench_only_imports() == []
    (tmp_path / "portfolio_admin").mkdir()
    (tmp_path / "portfolio_admin" / "x.py").write_text("from django.db import models\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "portfolio_admin")
    assert "portfolio_admin.x imports django.db" in bench_only_imports()


@pytest.mark.parametrize(
    ("source", "name", "is_package", "expected"),
    [
        ("def f():\n    from portfolio_admin.api import x\n", "m", False, "portfolio_admin.api.x"),
        ("from portfolio_admin import admin\n", "m", False, "portfolio_admin.admin"),
        ("import portfolio_admin.auth.tokens\n", "m", False, "portfolio_admin.auth.tokens"),
        ("from ..auth import passwords\n", "portfolio_admin.models.user", False,
         "portfolio_admin.auth.passwords"),
        ("from . import routing\n", "portfolio_admin.api", True, "portfolio_admin.api.routing"),
    ],
)  # fmt: skip
def test_every_kind_of_import_is_seen(source, name, is_package, expected):
    assert expected in imported_modules(source, name, is_package)


def test_a_model_importing_a_service_inside_a_function_is_caught(tmp_path, monkeypatch):
    models = tmp_path / "portfolio_admin" / "models"
    models.mkdir(parents=True)
    (models / "thing.py").write_text(
        "def late():\n    from portfolio_admin.services import tags\n", encoding="utf-8"
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "portfolio_admin")
    assert broken_rules() == ["portfolio_admin.models.thing imports portfolio_admin.services"]
