from api.interchange.views import blp

__all__ = ["blp"]
