"""The case page tells the history an import brought, step by step."""

from __future__ import annotations

from minsheng.hotline.importing import import_cases
from tests.hotline.importing.test_import_cases import CLOSED, write


def test_an_imported_case_shows_the_steps_its_file_told(client, cast, categories, tmp_path):
    import_cases(write(tmp_path, CLOSED))
    client.force_login(cast.dispatcher)
    page = client.get("/hotline/cases/A1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The history as the imported file tells it" in page
    for step in (
        "Dispatched",
        "Returned to the dispatcher",
        "Caller contacted",
        "Result reported",
        "Reopened",
        "Call-back survey",
        "Closed",
    ):
        assert step in page
    assert "2025-03-07 10:00" in page and "Basically satisfied" in page
