"""Finds the installed adapters: the `value_advisor.adapters` entry points (docs/adapters.md),
and the HTTP server: the `value_advisor.web` entry point (a `bot.http.WebHost`).

An installed distribution declares, in its pyproject.toml,

    [project.entry-points."value_advisor.adapters"]
    slack = "adapters.slack.adapter:ADAPTER"

and the object named there (an `Adapter`, or a class of one) is loaded. This project registers
its own three that way, so the core treats them exactly as it would a third party's.

Entry points are written when a distribution is installed. Run from a source tree that was not
installed (the container copies the source and runs it in place), or whose install predates an
entry point, this project's own are also read from the pyproject.toml beside the `bot` package;
installed metadata wins for a name found in both.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from bot.errors import ConfigurationError
from bot.http import WebHost
from bot.runtime import Adapter

GROUP = "value_advisor.adapters"
WEB_GROUP = "value_advisor.web"
_SOURCE_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@cache
def installed_adapters() -> tuple[Adapter, ...]:
    """Every registered adapter, by name; loaded once per process."""
    found: dict[str, Adapter] = {}
    for point in _points(GROUP):
        if point.name in found:
            continue  # installed and in pyproject.toml, or seen twice on sys.path: first wins
        loaded = point.load()
        adapter: Adapter = loaded() if isinstance(loaded, type) else loaded
        if adapter.name != point.name:
            raise ConfigurationError(
                f"the adapter registered as {point.name!r} ({point.value}) calls itself "
                f"{adapter.name!r}; the entry point's name must be the adapter's name"
            )
        found[point.name] = adapter
    return tuple(found[name] for name in sorted(found))


def adapter_named(name: str) -> Adapter | None:
    """The installed adapter for a workspace's platform, if any (a test's platform has none)."""
    return next((adapter for adapter in installed_adapters() if adapter.name == name), None)


def web_host() -> WebHost:
    """A new, unstarted HTTP server from the `value_advisor.web` entry point; with several
    installed, the first by name."""
    points = sorted(_points(WEB_GROUP), key=lambda point: point.name)
    if not points:
        raise ConfigurationError(
            "No HTTP server is installed (entry point group value_advisor.web), yet one is "
            "needed (an adapter's routes or HEALTH_SERVER=true); reinstall the project "
            "(`make install`)."
        )
    loaded = points[0].load()
    host: WebHost = loaded()
    return host


def _points(group: str) -> list[EntryPoint]:
    """Installed entry points first, then this project's own from its source tree."""
    return [*entry_points(group=group), *_from_source_tree(group=group)]


def _from_source_tree(
    pyproject: Path = _SOURCE_PYPROJECT, *, group: str = GROUP
) -> list[EntryPoint]:
    """This project's entry points from its pyproject.toml, in a source tree (an installed
    package has no pyproject.toml beside it)."""
    if not pyproject.is_file():
        return []
    project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    declared = project.get("entry-points", {}).get(group, {})
    return [EntryPoint(name, value, group) for name, value in declared.items()]


def reset() -> None:
    """Forgets what was found (tests that install an adapter while running)."""
    installed_adapters.cache_clear()
