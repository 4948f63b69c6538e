from . import models, wizards  # noqa: F401
