"""`casus serve` registration and options, and the front-end asset installer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from casus.cli.serve import _loopback, register
from casus.web import assets

TEMPLATES = Path(assets.__file__).parent / "templates"


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command, so typer keeps "serve" as a subcommand
        """Nothing."""

    return app


def test_serve_is_registered_with_its_options() -> None:
    result = CliRunner().invoke(_app(), ["serve", "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for option in ("--db", "--host", "--port", "--allow-write"):
        assert option in result.output
    assert "127.0.0.1" in result.output and "8000" in result.output


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "cannot open the database" in result.output


def test_loopback_hosts() -> None:
    assert _loopback("127.0.0.1") and _loopback("::1") and _loopback("localhost")
    assert not _loopback("0.0.0.0") and not _loopback("192.168.1.4")


def test_install_vendor_copies_exactly_the_listed_files(tmp_path: Path) -> None:
    node_modules = tmp_path / "node_modules"
    for rel in assets.VENDOR_FILES.values():
        (node_modules / rel).parent.mkdir(parents=True, exist_ok=True)
        (node_modules / rel).write_text(f"/* {rel} */", encoding="utf-8")
    vendor = tmp_path / "vendor"
    written = assets.install_vendor(node_modules, vendor)
    assert sorted(p.name for p in written) == sorted(assets.VENDOR_FILES)
    assert assets.missing_vendor_files(vendor) == []
    (node_modules / assets.VENDOR_FILES["htmx.min.js"]).unlink()
    with pytest.raises(FileNotFoundError, match="npm ci"):
        assets.install_vendor(node_modules, tmp_path / "other")


def test_templates_load_scripts_only_from_this_server() -> None:
    sources = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text, f"{template.name}: inline script (the CSP forbids it)"
        assert not re.search(r"\son[a-z]+=", text), f"{template.name}: inline handler"
        assert "//" not in "".join(re.findall(r'src="([^"]*)"', text)), template.name
        sources.update(re.findall(r'src="/static/vendor/([^"]+)"', text))
    assert sources and sources <= set(assets.VENDOR_FILES)
