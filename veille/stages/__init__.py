"""Pipeline stages: one module per stage, each a named callable over typed records."""

from __future__ import annotations

from .base import REGISTRY, Stage, register

__all__ = ["REGISTRY", "Stage", "register"]
