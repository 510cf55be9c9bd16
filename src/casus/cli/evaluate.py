"""`casus evaluate`: score the coder against gold sentences."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from casus.cli.options import fail, stdout


def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold JSON Lines file (see shared gold README).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    errors: Annotated[
        int, typer.Option(help="Also list up to N sentences whose roots differ.")
    ] = 0,
) -> None:
    """Precision, recall and F1 of roots, codes and triples against gold sentences."""
    from casus.evaluate import GoldFormatError, evaluate, format_report, read_gold
    from casus.pipeline import Coder

    if not gold.is_file():
        fail(str(gold), "no such file")
        raise typer.Exit(2)
    try:
        sentences = list(read_gold(gold))
    except GoldFormatError as exc:
        fail(str(gold), str(exc))
        raise typer.Exit(2) from None
    report = evaluate(Coder(), sentences, keep_errors=errors)
    data = report.as_dict()
    if as_json:
        stdout.print_json(json.dumps(data))
    else:
        stdout.print(format_report(data), markup=False, highlight=False)
    for item in report.errors:
        stdout.print(json.dumps(item, ensure_ascii=False), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add `evaluate` to the casus CLI."""
    app.command("evaluate")(evaluate_command)
