from api.pools.views import blp

__all__ = ["blp"]
