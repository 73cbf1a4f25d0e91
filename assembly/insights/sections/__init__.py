"""The report's sections, registered in the order the page shows them."""

from assembly.insights.sections import (  # noqa: F401  (each registers its section)
    campaigns,
    contributions,
    contributors,
    funnel,
    meetings,
    speaking,
)
