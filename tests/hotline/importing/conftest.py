import pytest


@pytest.fixture
def ready(cast, categories):  # type: ignore[no-untyped-def]
    """The cast and the category tree a case file's rows refer to."""
    return cast
