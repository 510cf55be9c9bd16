"""`casus info`: the sizes of the ontology and dictionaries in use."""

from __future__ import annotations

import typer

from casus.cli.options import stdout


def info_command() -> None:
    """Sizes of the ontology and dictionaries in use."""
    from casus.actors.dictionary import load_actor_dictionary
    from casus.events.patterns import load_event_dictionary
    from casus.ontology import default_ontology

    ontology = default_ontology()
    actors = load_actor_dictionary()
    events = load_event_dictionary(known_codes=ontology.event_types)
    kinds: dict[str, int] = {}
    for entries in actors.phrases.values():
        for entry in entries:
            kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    stdout.print(f"CAMEO event codes: {len(ontology.event_types)}")
    by_kind = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    stdout.print(f"actor phrases: {len(actors.phrases)} ({by_kind})")
    stdout.print(f"sector nouns: {len(actors.sector_nouns)}, role nouns: {len(actors.role_nouns)}")
    triggers = f"{len(events.verbs)} verb and {len(events.nouns)} noun triggers"
    stdout.print(f"event patterns: {events.size} ({triggers})")


def register(app: typer.Typer) -> None:
    """Add `info` to the casus CLI."""
    app.command("info")(info_command)
