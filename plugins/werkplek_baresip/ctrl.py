"""baresip's ctrl_tcp: JSON in netstrings (``LEN:JSON,``) over one TCP connection.

Commands carry a token and get a response with that token; events come in between.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

MAX_BERICHT = 1 << 20
"""A netstring longer than this is garbage, not a message."""


class Onleesbaar(Exception):
    """The peer sent something that is not a netstring of JSON."""


def netstring(bericht: dict[str, Any]) -> bytes:
    data = json.dumps(bericht).encode()
    return str(len(data)).encode() + b":" + data + b","


async def lees(lezer: asyncio.StreamReader) -> dict[str, Any]:
    """The next message; raises Onleesbaar for garbage, IncompleteReadError at the end."""
    kop = await _lengte(lezer)
    data = await lezer.readexactly(kop)
    if await lezer.readexactly(1) != b",":
        raise Onleesbaar("netstring zonder afsluitende komma")
    try:
        bericht = json.loads(data)
    except ValueError as e:
        raise Onleesbaar("geen JSON") from e
    if not isinstance(bericht, dict):
        raise Onleesbaar("geen JSON-object")
    return bericht


async def _lengte(lezer: asyncio.StreamReader) -> int:
    cijfers = b""
    while (teken := await lezer.readexactly(1)) != b":":
        if not teken.isdigit() or len(cijfers) >= len(str(MAX_BERICHT)):
            raise Onleesbaar("geen netstring-lengte")
        cijfers += teken
    if not cijfers or int(cijfers) > MAX_BERICHT:
        raise Onleesbaar("ongeldige netstring-lengte")
    return int(cijfers)
