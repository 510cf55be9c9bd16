"""`python -m casus.cli`: the `casus` command."""

from casus.cli import main

main()
