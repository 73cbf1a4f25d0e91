"""A campaign and everything on its strategy chart, one module per part.

`campaign`: the campaign, its needs, the residents' words the team chose, the issue-choice
grid; `strategy`: the people and organisations around it (constituents, allies, opponents)
and its targets; `demands`: what is asked, the target's answers and meetings, its
commitments; `actions`: the campaign's events (each held as a meeting); `petitions`: a
petition, its signatures and the paper batches typed in.
"""

import assembly.campaigns.models.personal  # noqa: E402, F401  (its declaration)
from assembly.campaigns.models.actions import Action, ActionKind
from assembly.campaigns.models.campaign import (
    ENDED as ENDED_STAGES,
)
from assembly.campaigns.models.campaign import (
    Campaign,
    Criterion,
    CriterionScore,
    Quote,
    Score,
    Stage,
    campaign_needs,
)
from assembly.campaigns.models.demands import (
    MARKED_BY_HAND,
    Commitment,
    CommitmentState,
    Demand,
    Exchange,
    ExchangeKind,
    SentHow,
)
from assembly.campaigns.models.petitions import (
    Petition,
    Review,
    Signature,
    SignatureBatch,
    SignedVia,
)
from assembly.campaigns.models.strategy import (
    Stakeholder,
    StakeholderInfluence,
    StakeholderKind,
    StakeholderStance,
    Target,
)

__all__ = [
    "MARKED_BY_HAND",
    "Action",
    "ActionKind",
    "Campaign",
    "Commitment",
    "CommitmentState",
    "Criterion",
    "CriterionScore",
    "Demand",
    "ENDED_STAGES",
    "Exchange",
    "ExchangeKind",
    "Petition",
    "Quote",
    "Review",
    "Score",
    "SentHow",
    "Signature",
    "SignatureBatch",
    "SignedVia",
    "Stage",
    "Stakeholder",
    "StakeholderInfluence",
    "StakeholderKind",
    "StakeholderStance",
    "Target",
    "campaign_needs",
]
