"""The HTTP API and the offline web application (``veille serve``)."""

from __future__ import annotations

from .app import API_PREFIX, Services, create_app
from .stories import (
    NoStories,
    StoreStories,
    Story,
    StoryClaim,
    StoryReport,
    StorySource,
    StorySummary,
)

__all__ = [
    "API_PREFIX",
    "NoStories",
    "Services",
    "StoreStories",
    "Story",
    "StoryClaim",
    "StoryReport",
    "StorySource",
    "StorySummary",
    "create_app",
]
