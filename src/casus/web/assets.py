"""The front-end libraries: copied from web/node_modules into a git-ignored vendor directory.

`npm ci --prefix web` installs them from the npm registry (versions pinned by
web/package-lock.json); `python -m casus.web.assets` copies the few built files the pages
load into `static/vendor/`, which the app serves itself: no CDN, no third-party code in git.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
NODE_MODULES = Path(__file__).resolve().parents[3] / "web" / "node_modules"

# served name → path inside node_modules
VENDOR_FILES: dict[str, str] = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
}


def missing_vendor_files(vendor: Path = VENDOR_DIR) -> list[str]:
    """The vendor files not installed yet (empty when the pages have everything)."""
    return [name for name in VENDOR_FILES if not (vendor / name).is_file()]


def install_vendor(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR_DIR) -> list[Path]:
    """Copy the built library files from node_modules into the vendor directory."""
    missing = [rel for rel in VENDOR_FILES.values() if not (node_modules / rel).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{node_modules}: missing {', '.join(missing)} (run `npm ci --prefix web`)"
        )
    vendor.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rel in VENDOR_FILES.items():
        target = vendor / name
        shutil.copyfile(node_modules / rel, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """`python -m casus.web.assets [NODE_MODULES [VENDOR_DIR]]`."""
    args = sys.argv[1:] if argv is None else argv
    node_modules = Path(args[0]) if args else NODE_MODULES
    vendor = Path(args[1]) if len(args) > 1 else VENDOR_DIR
    try:
        written = install_vendor(node_modules, vendor)
    except FileNotFoundError as exc:
        sys.stderr.write(f"casus: {exc}\n")
        return 1
    sys.stderr.write(f"casus: {len(written)} front-end files in {vendor}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
