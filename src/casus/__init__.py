"""casus: political event data from news text.

The coder (and with it spaCy and trafilatura) loads on first use of `Coder`, `code` or
`code_many`, so that `import casus` and the commands that only read a store start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casus.model import Actor, ActorRef, Article, Event, Evidence

if TYPE_CHECKING:
    from casus.pipeline import Coder, code, code_many

__all__ = ["Actor", "ActorRef", "Article", "Coder", "Event", "Evidence", "code", "code_many"]
__version__ = "0.1.0"

_LAZY = frozenset({"Coder", "code", "code_many"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from casus import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'casus' has no attribute {name!r}")
