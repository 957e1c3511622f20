"""The engine: assessments, randomization, attempts, scoring and analytics over the item bank."""
