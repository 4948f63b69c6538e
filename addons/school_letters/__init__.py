from . import controllers, models, report, wizards  # noqa: F401
