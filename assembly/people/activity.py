"""What a person did with the group, from every feature, for their page (newest first).

Each feature registers a provider with `@provides`: given a person, it yields
`Activity` lines from its own records (needs, supports, doors, attendance…). People
never imports a feature; features import this registry.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from assembly.people.models import Person


@dataclass(frozen=True)
class Activity:
    """One thing a person did: when, what kind (translated), in words, and where to see it."""

    when: datetime
    kind: str
    text: str
    url: str | None = None


Provider = Callable[[Person], Iterable[Activity]]
PROVIDERS: list[Provider] = []


def provides(provider: Provider) -> Provider:
    """Register `provider` (use as a decorator, at import)."""
    PROVIDERS.append(provider)
    return provider


def activities(person: Person) -> list[Activity]:
    """Everything the providers know of `person`, newest first."""
    found = [line for provider in PROVIDERS for line in provider(person)]
    return sorted(found, key=lambda line: line.when, reverse=True)
