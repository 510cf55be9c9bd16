"""Actors: dictionaries, mentions and their resolution to CAMEO-style codes."""

from casus.actors.dictionary import ActorDictionary, ActorEntry, load_actor_dictionary
from casus.actors.memory import DocumentMemory
from casus.actors.mentions import ActorResolver

__all__ = [
    "ActorDictionary",
    "ActorEntry",
    "ActorResolver",
    "DocumentMemory",
    "load_actor_dictionary",
]
