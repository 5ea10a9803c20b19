"""Stories across sources: copies, stories, merged events and claims over the stored analyses.

The pipeline's stages never import this package; it reads what the store holds and writes its
own tables (migration 0005) through the store.

>>> with veille.open_store("news.db") as store:                 # doctest: +SKIP
...     veille.stories.update_stories(store, settings)          # incremental
...     for s in veille.stories.list_stories(store):
...         print(s.story.id, s.story.originals, s.story.languages)
"""

from __future__ import annotations

from .claims import claims, format_claim
from .clustering import recompute_stories, update_stories
from .model import (
    Claim,
    ClaimValue,
    Profile,
    Report,
    StoryDetail,
    StoryDocument,
    StoryEvent,
    StoryOverview,
    StoryUpdate,
)
from .queries import list_stories, merged_events, story_detail, story_record

__all__ = [
    "Claim",
    "ClaimValue",
    "Profile",
    "Report",
    "StoryDetail",
    "StoryDocument",
    "StoryEvent",
    "StoryOverview",
    "StoryUpdate",
    "claims",
    "format_claim",
    "list_stories",
    "merged_events",
    "recompute_stories",
    "story_detail",
    "story_record",
    "update_stories",
]
