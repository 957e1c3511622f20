from api.results.views import blp

__all__ = ["blp"]
