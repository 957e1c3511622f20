from api.attempts.views import blp

__all__ = ["blp"]
