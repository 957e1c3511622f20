from api.accommodations.views import blp

__all__ = ["blp"]
