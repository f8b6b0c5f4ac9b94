"""``python -m kagami`` runs the CLI."""

from kagami.cli import main

main()
