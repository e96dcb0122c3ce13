"""The demo knowledge base, loaded once per test that needs it."""

from __future__ import annotations

import pytest

from minsheng.hotline.knowledge import demo
from minsheng.hotline.knowledge.models import Article


@pytest.fixture
def knowledge(cast, categories) -> dict[str, Article]:  # type: ignore[no-untyped-def]
    demo.load()
    titles = {row[1]: row[0] for row in demo.ARTICLES}
    return {titles[a.title]: a for a in Article.objects.all()}
