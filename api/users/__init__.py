from api.users.views import blp

__all__ = ["blp"]
