from api.assessments.views import blp

__all__ = ["blp"]
