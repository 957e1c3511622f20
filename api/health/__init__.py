from api.health.views import blp

__all__ = ["blp"]
