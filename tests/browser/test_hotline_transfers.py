"""A dispatcher imports a case file and exports cases in Chromium, in Chinese, without scripts."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from minsheng.hotline.models import Case
from minsheng.jobs import runner
from tests.browser.conftest import axe_violations
from tests.hotline import conftest as hotline
from tests.hotline.importing.test_import_cases import BAD_PLACE, CLOSED, HEADER, RECEIVED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

categories = hotline.categories


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path / "var"


def test_the_dispatcher_imports_a_file_and_reads_the_result(cast, categories, login, tmp_path):
    page: Page = login("dispatcher")
    page.goto("/hotline/import/")
    assert axe_violations(page) == []
    path = tmp_path / "工单.csv"
    path.write_text("\n".join([HEADER, CLOSED, BAD_PLACE, RECEIVED]) + "\n", encoding="utf-8")
    page.get_by_label("工单文件（CSV 或 XLSX）").set_input_files(str(path))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator("h1")).to_contain_text("正在处理")
    runner.run_pending()  # the worker's part
    page.reload()
    page.get_by_role("link", name="查看结果").click()
    expect(page.locator("h1")).to_contain_text("导入结果")
    expect(page.locator("dl.facts")).to_contain_text("2")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="下载未能导入的行（CSV）").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert [row["number"] for row in csv.DictReader(io.StringIO(text))] == ["B1"]
    assert set(Case.objects.values_list("number", flat=True)) == {"A1", "A2"}


def test_the_dispatcher_exports_received_cases_as_csv(cast, categories, login, tmp_path):
    from minsheng.hotline.importing import import_cases
    from tests.hotline.importing.test_import_cases import write

    import_cases(write(tmp_path, CLOSED, RECEIVED))
    page: Page = login("dispatcher")
    page.goto("/hotline/export/")
    assert axe_violations(page) == []
    page.get_by_label("已受理，待派单").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="下载").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert [row["number"] for row in csv.DictReader(io.StringIO(text))] == ["A2"]
