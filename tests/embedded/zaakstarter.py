"""A workstation that starts zaken, for the test of several at once on one PostgreSQL.

    python -m tests.embedded.zaakstarter URL AANTAL STARTSEIN [--demo]

Opens the embedded plugin on URL (``--demo`` fills the catalogue), prints {"klaar": true},
waits until the file STARTSEIN exists (so every process starts at the same moment), starts
AANTAL zaken for Bert (none: it only opens), and prints {"zaken": [...], "fouten": [...]}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import uuid
from pathlib import Path

from werkplek_embedded import create_plugin
from werkplek_embedded.demo import BERT_BSN

from werkplek.domain.model import KlantRef, Medewerker, Rol, Zaakaanvraag
from werkplek.ports import GeheugenOpslag, PluginContext


class GeenGeheimen:
    def geheim(self, naam: str) -> str | None:
        return None


async def draai(url: str, aantal: int, startsein: Path, demo: bool) -> None:
    with tempfile.TemporaryDirectory() as map_:
        context = PluginContext("ingebouwd", "test", Path(map_),
                                Medewerker("t", "Test", Rol.BALIE), GeenGeheimen(),
                                GeheugenOpslag())
        plugin = create_plugin({"url": url, "demo": demo}, context)
        try:
            await plugin.zaaktypen()  # opened (and migrated) before the start signal
            print(json.dumps({"klaar": True}), flush=True)
            while aantal and not await asyncio.to_thread(startsein.exists):
                await asyncio.sleep(0.005)

            async def start() -> str:
                try:
                    zaak = await plugin.start_zaak(Zaakaanvraag(
                        str(uuid.uuid4()), "PASPOORT", KlantRef.persoon(BERT_BSN),
                        "Paspoort"))
                except Exception as e:  # as the plugin host would report it to the agent
                    return f"fout: {type(e).__name__}"
                return zaak.identificatie

            uitkomsten = await asyncio.gather(*(start() for _ in range(aantal)))
            print(json.dumps({
                "zaken": [u for u in uitkomsten if not u.startswith("fout: ")],
                "fouten": [u for u in uitkomsten if u.startswith("fout: ")]}), flush=True)
        finally:
            await plugin.aclose()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("aantal", type=int)
    p.add_argument("startsein", type=Path)
    p.add_argument("--demo", action="store_true")
    a = p.parse_args()
    asyncio.run(draai(a.url, a.aantal, a.startsein, a.demo))


if __name__ == "__main__":
    main()
