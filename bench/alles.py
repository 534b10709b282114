"""`make bench`: every benchmark, each figure beside its floor from the same run.

Writes docs/benchmarks.json (every measurement) and docs/benchmarks.md (the table, with
the machine, the date and the load), and prints the table. A benchmark module is a file in
bench/ with ``main() -> dict`` whose result holds ``rijen``: the rows of the table.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from omgeving import MAP, machine

MODULES = ("opstart", "zoeken", "haperingen", "verzenden", "supervisor")


def main() -> int:
    begin = time.monotonic()
    uitslagen: dict[str, Any] = {"machine": machine()}
    rijen: list[dict[str, Any]] = []
    for naam in MODULES:
        if not (MAP / "bench" / f"{naam}.py").exists():
            continue
        print(f"… {naam}", file=sys.stderr, flush=True)
        try:
            uitslag = importlib.import_module(naam).main()
        except Exception:
            traceback.print_exc()
            uitslag = {"fout": traceback.format_exc(limit=3),
                       "rijen": [{"wat": naam, "werkplek": "mislukt", "vloer": "—",
                                  "verhouding": "—", "doel": "—", "gehaald": False}]}
        uitslagen[naam] = uitslag
        rijen += uitslag.get("rijen", [])
    uitslagen["machine_na"] = machine()
    uitslagen["duur_s"] = round(time.monotonic() - begin)
    tabel = maak_tabel(rijen)
    (MAP / "docs" / "benchmarks.json").write_text(json.dumps(uitslagen, indent=2) + "\n")
    (MAP / "docs" / "benchmarks.md").write_text(document(uitslagen, tabel))
    print(tabel)
    gemist = [r["wat"] for r in rijen if not r["gehaald"]]
    print(f"\n{len(rijen) - len(gemist)} van {len(rijen)} doelen gehaald"
          + (f"; gemist: {', '.join(gemist)}" if gemist else "") + ".")
    return 0


def maak_tabel(rijen: list[dict[str, Any]]) -> str:
    regels = ["| wat | werkplek | vloer | verhouding | doel | gehaald |",
              "| --- | --- | --- | --- | --- | --- |"]
    regels += [f"| {r['wat']} | {r['werkplek']} | {r['vloer']} | {r['verhouding']} | "
               f"{r['doel']} | {'ja' if r['gehaald'] else '**nee**'} |" for r in rijen]
    return "\n".join(regels)


def document(uitslagen: dict[str, Any], tabel: str) -> str:
    m, na = uitslagen["machine"], uitslagen["machine_na"]
    return f"""# Benchmarks

Gemeten met `make bench` op {m['tijd']}: {m['machine']}, {m['systeem']}, {m['cpus']} cpu's,
Python {m['python']}; belasting (1, 5, 15 min) voor {fmt(m['belasting'])}, na
{fmt(na['belasting'])}; duur {uitslagen['duur_s']} s.

Elke meting staat naast een vloer uit dezelfde run: vloer en werkplek om en om, medianen
(de minima en maxima staan in [benchmarks.json](benchmarks.json)). werkplek draait op zijn
versleutelde opslag (SQLCipher) met het demoprofiel en de sleutel in een echte sleutelbos
(gnome-keyring op een eigen D-Bus-sessie): de start en de haperingen met gecompileerde
bytecode, zoeken en de outbox in het proces zelf, via de Secret Service-backend van keyring.

{tabel}
"""


def fmt(belasting: list[float]) -> str:
    return ", ".join(f"{b:.2f}" for b in belasting)


if __name__ == "__main__":
    sys.exit(main())
