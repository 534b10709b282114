"""A loopback HTTP server that plays one government API, checked against its official spec.

Every request a plugin sends and every response a test serves is validated with openapi-core
against the OpenAPI file in ../shared/specs/. A request or fixture that does not match is
recorded in ``Contractserver.afwijkingen`` and answered with HTTP 599, and the fixture that
made the server fails the test at teardown, so a test server can never drift from the API.

Only the ``servers`` entry of the spec is replaced, by the spec's own base path (relative,
so any loopback port matches), and a nullable reference (``nullable: true`` beside ``allOf``,
as drf-spectacular writes it) admits null, as the servers do; nothing else is changed.

Handlers are plain functions ``(Verzoek) -> Antwoord`` registered per method and path
pattern (``/zaken/{uuid}``); they run in the server's threads, so one may sleep to play a
slow backoffice. Each request is recorded with its arrival and end time, so a test can show
that requests overlapped.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SPECS = Path(os.environ.get("WERKPLEK_SPECS")
             or Path(__file__).resolve().parents[2].parent / "shared" / "specs")
"""The official specifications: ../shared/specs beside the checkout (or $WERKPLEK_SPECS)."""
ONGELDIG = 599
"""The status a request gets that does not match the spec (no real API uses it)."""


@functools.cache
def spec_tekst(bestand: str) -> dict[str, Any]:
    """One official spec as a dict, read once per test run. A missing file fails the test:
    a contract test without its specification would prove nothing."""
    if not (SPECS / bestand).is_file():
        pytest.fail(f"De specificatie {bestand} staat niet in {SPECS}; de contracttests "
                    "toetsen aan ../shared/specs naast de checkout (of zet WERKPLEK_SPECS).")
    with (SPECS / bestand).open(encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # type: ignore[no-any-return]


@functools.cache
def _gecontroleerd(bestand: str) -> tuple[OpenAPI, str, _StrengeSchemas]:
    """The spec as openapi-core checks it, once per file for the whole test run.

    The server entry becomes the spec's own base path, relative, so one checker serves
    every port a Contractserver gets.
    """
    tekst = dict(spec_tekst(bestand))
    tekst["servers"] = [{"url": basispad(bestand)}]
    tekst = _nullbaar(tekst)
    # openapi-core reads only plain JSON; KvK answers errors as HAL, problem answers are
    # RFC 7807: both are JSON documents.
    api = OpenAPI.from_dict(tekst, config=Config(extra_media_type_deserializers={
        "application/hal+json": json.loads, "application/problem+json": json.loads}))
    return api, _json_soort(tekst), _StrengeSchemas(tekst)


def _nullbaar(doc: Any) -> Any:
    """``{allOf: [...], nullable: true}`` without ``type`` also admits null: OAS 3.0.3 ties
    nullable to ``type``, so openapi-core would refuse the null a DRF server accepts."""
    if isinstance(doc, list):
        return [_nullbaar(d) for d in doc]
    if not isinstance(doc, dict):
        return doc
    doc = {k: _nullbaar(w) for k, w in doc.items()}
    if doc.get("nullable") is True and "allOf" in doc and "type" not in doc:
        rest = {k: w for k, w in doc.items() if k not in ("allOf", "nullable")}
        return {**rest, "anyOf": [{"allOf": doc["allOf"]}, {"enum": [None]}]}
    return doc


def basispad(bestand: str) -> str:
    """The path part of the spec's first server URL ("/api/v1", "/haalcentraal/api/brp")."""
    servers = spec_tekst(bestand).get("servers") or [{"url": "/"}]
    return "/" + urlsplit(servers[0]["url"]).path.strip("/")


@dataclass(frozen=True)
class Verzoek:
    """A request as the handler sees it."""

    methode: str
    pad: str
    """Below the base path, e.g. "/zaken/abc"."""
    query: Mapping[str, list[str]]
    kop: Mapping[str, str]
    """Header names in lower case."""
    inhoud: bytes
    parameters: Mapping[str, str]
    """The values of the path pattern's {placeholders}."""

    def json(self) -> Any:
        return json.loads(self.inhoud) if self.inhoud else None

    def een(self, naam: str, standaard: str = "") -> str:
        waarden = self.query.get(naam)
        return waarden[0] if waarden else standaard


@dataclass(frozen=True)
class Antwoord:
    status: int = 200
    json: Any = None
    ruw: bytes | None = None
    """A body sent as is (malformed JSON, say); it is not validated against the spec."""
    kop: Mapping[str, str] = field(default_factory=dict)
    soort: str = ""
    """The Content-Type; empty: the JSON media type the spec names."""
    vertraging: float = 0.0
    """Seconds to wait before answering: a slow backoffice."""


@dataclass(frozen=True)
class Opgenomen:
    methode: str
    pad: str
    query: Mapping[str, list[str]]
    kop: Mapping[str, str]
    inhoud: bytes
    status: int
    aankomst: float
    klaar: float
    """time.monotonic() when the request arrived and when its answer was sent."""

    def json(self) -> Any:
        return json.loads(self.inhoud) if self.inhoud else None


Handler = Callable[[Verzoek], Antwoord]


class Contractserver:
    """One API on 127.0.0.1 on a free port; ``url`` is its base URL (with the base path)."""

    def __init__(self, spec_bestand: str) -> None:
        self.bestand = spec_bestand
        self.basis = basispad(spec_bestand)
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.verzoeken: list[Opgenomen] = []
        self.afwijkingen: list[str] = []
        self._slot = threading.Lock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_klasse())
        self._http.daemon_threads = True
        self.poort = self._http.server_address[1]
        self.host_url = f"http://127.0.0.1:{self.poort}"
        self.url = self.host_url + self.basis
        self.api, self.json_soort, self._streng = _gecontroleerd(spec_bestand)
        self._draad = threading.Thread(target=self._http.serve_forever, args=(0.02,), daemon=True,
                                       name=f"contractserver-{spec_bestand}")

    def __enter__(self) -> Contractserver:
        self._draad.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._draad.join(timeout=5)

    def route(self, methode: str, patroon: str, handler: Handler) -> None:
        """Serve ``methode patroon`` (below the base path, {name} for a path parameter);
        a later route for the same request wins, so a test can replace a fixture."""
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(patroon))
        self.routes.insert(0, (methode.upper(), re.compile(f"^{regex}/?$"), handler))

    def van(self, methode: str, pad: str) -> list[Opgenomen]:
        """The recorded requests of one method whose path starts with ``pad``."""
        return [v for v in self.verzoeken if v.methode == methode and v.pad.startswith(pad)]

    def controleer(self) -> None:
        """Fail when any request or response did not match the spec."""
        assert not self.afwijkingen, "Afwijkingen van de specificatie:\n" + "\n".join(
            self.afwijkingen)

    # -- serving ---------------------------------------------------------------------------

    def _handler_klasse(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: object) -> None:
                pass

            def _doe(self) -> None:
                server._verwerk(self)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _doe  # noqa: N815

        return H

    def _verwerk(self, h: BaseHTTPRequestHandler) -> None:
        aankomst = time.monotonic()
        delen = urlsplit(h.path)
        lengte = int(h.headers.get("Content-Length") or 0)
        inhoud = h.rfile.read(lengte) if lengte else b""
        kop = {k.lower(): v for k, v in h.headers.items()}
        query = parse_qs(delen.query, keep_blank_values=True)
        pad = delen.path[len(self.basis):] if delen.path.startswith(self.basis) else delen.path
        methode = h.command.upper()
        verzoek_mock = MockRequest(
            self.host_url, methode.lower(), delen.path, args=_args(query),
            headers=dict(h.headers.items()), data=inhoud or None,
            content_type=kop.get("content-type") or "application/json")
        antwoord = self._antwoord(methode, pad, query, kop, inhoud, verzoek_mock)
        if antwoord.vertraging:
            time.sleep(antwoord.vertraging)
        if not antwoord.soort:
            antwoord = replace(antwoord, soort=self.json_soort)
        data = antwoord.ruw if antwoord.ruw is not None else (
            b"" if antwoord.json is None else json.dumps(antwoord.json).encode())
        if antwoord.ruw is None and antwoord.status != ONGELDIG:
            self._valideer_antwoord(verzoek_mock, antwoord, data, methode, pad)
        # Recorded as the answer goes out, so a client that has its answer finds the record.
        with self._slot:
            self.verzoeken.append(Opgenomen(methode, pad, query, kop, inhoud, antwoord.status,
                                            aankomst, time.monotonic()))
        try:
            h.send_response(antwoord.status)
            for naam, waarde in antwoord.kop.items():
                h.send_header(naam, waarde)
            if data:
                h.send_header("Content-Type", antwoord.soort)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); the request is recorded all the same

    def _antwoord(self, methode: str, pad: str, query: Mapping[str, list[str]],  # noqa: PLR0917
                  kop: Mapping[str, str], inhoud: bytes, mock: MockRequest) -> Antwoord:
        try:
            self.api.validate_request(mock)
        except Exception as e:
            return self._afwijking(f"verzoek {methode} {pad}: {_uitleg(e)}")
        if inhoud and (fouten := self._streng.fouten(pad, methode, None, inhoud)):
            return self._afwijking(f"verzoek {methode} {pad}: " + "; ".join(fouten))
        if verouderd := self._streng.verouderd(pad, methode, query):
            return self._afwijking(f"verzoek {methode} {pad} stuurt verouderde parameters: "
                                   f"{', '.join(verouderd)}")
        for m, regex, handler in self.routes:
            if m == methode and (gevonden := regex.match(pad)):
                verzoek = Verzoek(methode, pad, query, kop, inhoud, gevonden.groupdict())
                return handler(verzoek)
        return self._afwijking(f"geen fixture voor {methode} {pad}")

    def _valideer_antwoord(self, mock: MockRequest, antwoord: Antwoord, data: bytes,
                           methode: str, pad: str) -> None:
        kop = {"Content-Type": antwoord.soort, **antwoord.kop}
        try:
            self.api.validate_response(mock, MockResponse(
                data, status_code=antwoord.status, headers=kop,
                content_type=antwoord.soort if data else ""))
        except Exception as e:
            self._afwijking(f"antwoord op {methode} {pad} ({antwoord.status}): {_uitleg(e)}")
            return
        if data and (fouten := self._streng.fouten(pad, methode, antwoord.status, data)):
            self._afwijking(f"antwoord op {methode} {pad} ({antwoord.status}): "
                            + "; ".join(fouten))

    def _afwijking(self, tekst: str) -> Antwoord:
        with self._slot:
            self.afwijkingen.append(tekst)
        return Antwoord(ONGELDIG, {"title": "afwijking van de specificatie"})


_BEZIG = threading.local()


def _discriminator(validator: Any, disc: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """A discriminator without oneOf (BRP, ZGW's Rol): the object must also match the
    schema its ``propertyName`` value maps to. The mapped schema usually includes the base
    schema again (allOf), so a schema already being checked for this object is skipped."""
    if "oneOf" in schema or "anyOf" in schema or not isinstance(instance, dict):
        return
    doel = (disc.get("mapping") or {}).get(instance.get(disc.get("propertyName")))
    if not isinstance(doel, str):
        return
    bezig: set[tuple[int, str]] = _BEZIG.__dict__.setdefault("bezig", set())
    sleutel = (id(instance), doel)
    if sleutel in bezig:
        return
    bezig.add(sleutel)
    try:
        yield from validator.descend(instance, {"$ref": doel})
    finally:
        bezig.discard(sleutel)


class _StrengeSchemas:
    """A second check of JSON bodies that follows discriminator mappings.

    openapi-core treats a discriminator without oneOf as a mere annotation, so a BRP person
    or a ZGW rol would be checked only against its abstract base. This check validates the
    body against the operation's schema with the mapping applied, through the whole body.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        from jsonschema import validators
        from openapi_schema_validator import OAS30Validator, OAS31Validator

        self.spec = spec
        basis = OAS31Validator if str(spec.get("openapi", "")).startswith("3.1") else (
            OAS30Validator)
        self.validator = validators.extend(basis, {"discriminator": _discriminator})
        self.paden = [(re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(p)) + "/?$"), p)
                      for p in spec.get("paths", {})]

    def _operatie(self, pad: str, methode: str) -> tuple[str, dict[str, Any]] | None:
        sjabloon = next((p for regex, p in self.paden if regex.match(pad)), None)
        if sjabloon is None:
            return None
        return sjabloon, self.spec["paths"][sjabloon].get(methode.lower()) or {}

    def verouderd(self, pad: str, methode: str, query: Mapping[str, Any]) -> list[str]:
        """The query parameters sent that the spec marks deprecated (openapi-core only warns
        that an operation declares them, sent or not; pyproject.toml silences that)."""
        gevonden = self._operatie(pad, methode)
        if gevonden is None:
            return []
        parameters = [*self.spec["paths"][gevonden[0]].get("parameters", []),
                      *gevonden[1].get("parameters", [])]
        return sorted(p["name"] for p in parameters if isinstance(p, dict)
                      and p.get("in") == "query" and p.get("deprecated") and p["name"] in query)

    def fouten(self, pad: str, methode: str, status: int | None, data: bytes) -> list[str]:
        gevonden = self._operatie(pad, methode)
        if gevonden is None:
            return []
        sjabloon, operatie = gevonden
        if status is None:
            deel = ["requestBody"]
            inhoud = (operatie.get("requestBody") or {}).get("content") or {}
        else:
            sleutel = str(status) if str(status) in operatie.get("responses", {}) else "default"
            deel = ["responses", sleutel]
            inhoud = ((operatie.get("responses") or {}).get(sleutel) or {}).get("content") or {}
        soort = next((s for s in inhoud if "json" in s), None)
        if soort is None or "schema" not in inhoud[soort]:
            return []
        wijzer = "/".join(["#", "paths", sjabloon.replace("~", "~0").replace("/", "~1"),
                           methode.lower(), *deel, "content",
                           soort.replace("~", "~0").replace("/", "~1"), "schema"])
        try:
            document = json.loads(data)
        except ValueError:
            return ["geen JSON"]
        v = self.validator({**self.spec, "$ref": wijzer})
        return [f"{'/'.join(map(str, f.absolute_path))}: {f.message}"
                for f in v.iter_errors(document)][:10]


def _json_soort(spec: Mapping[str, Any]) -> str:
    """The JSON media type the spec's responses use (BRP says it with a charset)."""
    for pad in spec.get("paths", {}).values():
        for operatie in pad.values():
            for antwoord in (operatie.get("responses") or {}).values() if isinstance(
                    operatie, dict) else ():
                for soort in (antwoord.get("content") or {}) if isinstance(antwoord, dict) else ():
                    if soort.startswith("application/json"):
                        return str(soort)
    return "application/json"


def _args(query: Mapping[str, list[str]]) -> Any:
    """Repeated query parameters as openapi-core's MockRequest takes them (a pair list)."""
    return [(k, v) for k, waarden in query.items() for v in waarden]


def _uitleg(fout: Exception) -> str:
    delen = [f"{type(fout).__name__}: {fout}"]
    oorzaak = [fout.__cause__] if fout.__cause__ is not None else []
    for sub in getattr(fout, "schema_errors", None) or oorzaak:
        delen.append(f"  - {getattr(sub, 'message', sub)}")
        for diep in getattr(sub, "schema_errors", None) or []:
            delen.append(f"    - {getattr(diep, 'message', diep)}")
    return "\n".join(delen)


def gepagineerd(items: list[Any], verzoek: Verzoek, server: Contractserver, per_pagina: int,
                **extra: Any) -> Antwoord:
    """A page of ``items`` in the ZGW/Open Klant style (count, next, previous, results)."""
    pagina = int(verzoek.een("page", "1") or 1)
    begin = (pagina - 1) * per_pagina
    rest = {k: v[0] for k, v in verzoek.query.items() if k != "page"}

    def link(nr: int) -> str | None:
        if nr < 1 or (nr - 1) * per_pagina >= len(items):
            return None
        q = "&".join(f"{k}={v}" for k, v in {**rest, "page": nr}.items())
        return f"{server.url}{verzoek.pad}?{q}"

    return Antwoord(200, {"count": len(items), "next": link(pagina + 1),
                          "previous": link(pagina - 1),
                          "results": items[begin:begin + per_pagina], **extra})


def overlappen(verzoeken: list[Opgenomen]) -> bool:
    """True when every request arrived before any of them was answered: they ran at once."""
    return bool(verzoeken) and max(v.aankomst for v in verzoeken) < min(
        v.klaar for v in verzoeken)


def iter_json(verzoeken: list[Opgenomen]) -> Iterator[Any]:
    for v in verzoeken:
        yield v.json()
