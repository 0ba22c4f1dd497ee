"""`python -m bench.serve_app`: `baton serve` exactly, with the bench's floor routes added (bench/app.py)."""

from __future__ import annotations

import argparse
import logging

from baton import serving
from baton.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.serve_app", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-workers", action="store_true", help="no runner child (a baton worker runs elsewhere)")
    args = parser.parse_args()
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper())
    serving.run(
        settings,
        host=args.host,
        port=args.port,
        workers=args.workers,
        run_workers=not args.no_workers,
        factory="bench.app",
    )


if __name__ == "__main__":
    main()
