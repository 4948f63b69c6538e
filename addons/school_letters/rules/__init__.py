from . import placeholders  # noqa: F401
