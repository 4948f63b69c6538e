from . import test_batch, test_letters, test_placeholders, test_templates  # noqa: F401
