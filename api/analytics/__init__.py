from api.analytics.views import blp

__all__ = ["blp"]
