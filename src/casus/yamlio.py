"""YAML reading for the data files: libyaml's C loader when present (10x faster), else Python's."""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML safely (no arbitrary objects), as fast as the installed PyYAML allows."""
    return yaml.load(text, Loader=_Loader)
