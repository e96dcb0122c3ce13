"""The audit log names each action in words of the reader's language, never by its code."""

from pathlib import Path

import pytest
from django.utils import translation

from minsheng.audit.actions import record
from minsheng.audit.labels import label
from minsheng.people.actions import grant_role
from minsheng.web.management.commands.check_translations import unlabelled_audit_actions

SOURCE = Path(__file__).resolve().parents[2] / "minsheng"


def test_every_action_the_code_records_has_a_label():
    assert unlabelled_audit_actions(SOURCE) == []


def test_the_check_finds_an_action_without_a_label(tmp_path):
    module = tmp_path / "minsheng" / "garden" / "actions.py"
    module.parent.mkdir(parents=True)
    module.write_text('record(action="garden.water_plants", target=None)\n')
    assert unlabelled_audit_actions(tmp_path / "minsheng") == [
        "minsheng/garden/actions.py: 'garden.water_plants'"
    ]


def test_labels_follow_the_language():
    with translation.override("zh-hans"):
        assert label("timebank.post_order") == "发布服务需求"
        assert label("hotline.accepted") == "工单：签收"
    with translation.override("en"):
        assert label("timebank.post_order") == "Service request posted"


def test_an_unknown_action_still_reads_as_words():
    with translation.override("en"):
        assert label("people.change_user") == "Administration: person changed"
        assert label("timebank.water_plants") == "Time Bank: water plants"


@pytest.mark.django_db
def test_the_log_page_shows_labels_not_codes(client, cast, beijing):
    grant_role(
        actor=cast.station_operator,
        user=cast.outsider,
        role="volunteer",
        region=beijing["110105017001"],
    )
    record(action="timebank.post_order", target=cast.elder, actor=cast.station_operator)
    client.force_login(cast.city_admin)
    page = client.get("/audit/").content.decode()
    assert "授予角色" in page and "发布服务需求" in page
    assert "people.grant_role" not in page and "timebank.post_order" not in page
