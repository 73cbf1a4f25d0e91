"""Meeting pages, split by moment: planning before, live during (and the join page)."""

from flask import Blueprint

from assembly.meetings.clocks import server_now
from assembly.meetings.models import AgeBracket, Gender

bp = Blueprint("meetings", __name__)
# The observer's report and the minutes name declared genders: `Gender.choices()`.
bp.add_app_template_global(Gender, "Gender")
# …and the group's report names age brackets.
bp.add_app_template_global(AgeBracket, "AgeBracket")
# The clocks (templates/meetings/_clock.html) tell the browser the server's time.
bp.add_app_template_global(server_now)

import assembly.meetings.activity  # noqa: E402, F401  (what the contact book shows of a person)
from assembly.meetings.views import (  # noqa: E402, F401  (they add routes to bp)
    cancelling,
    conduct,
    export,
    inviting,
    live,
    planning,
    wall,
)
