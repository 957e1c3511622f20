from api.regrades.views import blp

__all__ = ["blp"]
