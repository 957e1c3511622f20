"""Authoring assessments and pools through the API: services that flush and never commit.

- `assessments`: create, change (a draft in place; a published assessment by a new revision), publish.
- `pools`: explicit or saved-query pools of a bank.
- `publishing`: the rules a publish, and every revision after it, must pass.
- `published`: which items may be delivered, and which a pool holds now (shared with the draw).
- `supply`: pure: can the slots be filled with different items at once.
"""
