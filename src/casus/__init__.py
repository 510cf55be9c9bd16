"""casus: political event data from news text."""

from casus.model import Actor, ActorRef, Article, Event, Evidence
from casus.pipeline import Coder, code, code_many

__all__ = ["Actor", "ActorRef", "Article", "Coder", "Event", "Evidence", "code", "code_many"]
__version__ = "0.1.0"
