"""Every page of the workspace, on its one blueprint: importing the modules registers their routes."""

from __future__ import annotations

from api.workspace import account, bank, composer, imports, preview, reports  # noqa: F401  (each registers its routes on blp)
from api.workspace.blueprint import blp

__all__ = ["blp"]
