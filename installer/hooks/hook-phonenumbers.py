"""werkplek parses, checks and formats phone numbers: it needs the region metadata, not the
geocoder, carrier and time-zone data (about 45 MB) that the standard hook collects as well."""

from PyInstaller.utils.hooks import collect_submodules

NIET_NODIG = {"geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata"}

hiddenimports = collect_submodules(
    "phonenumbers", filter=lambda naam: not NIET_NODIG.intersection(naam.split(".")[1:2]))
