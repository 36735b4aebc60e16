"""``marsad serve``: the HTTP API and the page over a database (FastAPI and uvicorn, from the
``web`` extra: ``pip install 'marsad[web]'``).

The database is checked before the server starts: a missing, locked or foreign one is one line
and exit status 1. The server binds to 127.0.0.1 unless told otherwise; on any other host ``POST
/api/extract`` needs an API key (``--api-key`` or ``$MARSAD_API_KEY``) in the ``X-API-Key``
header, and is refused without one.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from marsad.cli_common import add_db, say
from marsad.errors import MarsadError

#: Where the key comes from when ``--api-key`` is not given.
API_KEY_ENV = "MARSAD_API_KEY"


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {value!r} (expected 1 to 65535)")
    return int(value)


def add_commands(subparsers: Any) -> None:
    """Register ``serve`` on ``subparsers`` (what ``add_subparsers`` returns)."""
    serve = subparsers.add_parser(
        "serve",
        help="serve the HTTP API and the web page over a database",
        description="Serve a database read-only: the HTTP API under /api (OpenAPI at /docs) and the page at /. "
        "Binds to 127.0.0.1 by default; on any other host POST /api/extract needs an API key.",
    )
    add_db(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--api-key", metavar="KEY", default=None,
        help=f"key POST requests must send in X-API-Key (default: ${API_KEY_ENV}); needed on a non-local host",
    )  # fmt: skip
    serve.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from marsad.web.app import create_app
        from marsad.web.security import post_policy
    except ImportError as exc:
        raise MarsadError(f"marsad serve needs fastapi and uvicorn: pip install 'marsad[web]' ({exc.name})") from None
    host: str = args.host
    key, allow_post = post_policy(host, args.api_key or os.environ.get(API_KEY_ENV))
    app = create_app(args.db, api_key=key, allow_post=allow_post)
    shown = f"[{host}]" if ":" in host else host
    say(f"serving {args.db or 'marsad.db'} on http://{shown}:{args.port}")
    if not allow_post:
        say(f"warning: POST /api/extract is off: {host} is not this machine alone and no API key was given "
            f"(--api-key or ${API_KEY_ENV})")  # fmt: skip
    uvicorn.run(app, host=host, port=args.port, log_level="warning", server_header=False)
    return 0
