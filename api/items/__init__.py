from api.items.views import blp

__all__ = ["blp"]
