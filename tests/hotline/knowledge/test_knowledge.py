"""Articles and their versions, answers on the call, the API and the reply templates."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from minsheng.audit.models import AuditEntry
from minsheng.hotline import actions
from minsheng.hotline.knowledge import actions as knowledge_actions
from minsheng.hotline.knowledge import replies
from minsheng.hotline.knowledge.models import ArticleUse, ArticleVersion, ReplyTemplate
from minsheng.hotline.models import Case, CaseEvent, Status
from minsheng.people.models import Organisation


class TestArticles:
    def test_an_edit_is_a_new_version_and_the_old_text_is_kept(self, cast, knowledge):
        lift = knowledge["lift-repair"]
        housing = Organisation.objects.get(code="BJ-ZJW")
        knowledge_actions.save_article(
            actor=cast.department_staff,
            article=lift,
            title=lift.title,
            body="电梯故障先找物业；物业不处理的，向街道反映。",
            owner=housing,
            note="补充了街道",
        )
        lift.refresh_from_db()
        assert lift.version == 2
        bodies = list(ArticleVersion.objects.filter(article=lift).values_list("body", flat=True))
        assert len(bodies) == 2 and bodies[0].startswith("电梯故障先找物业")
        assert AuditEntry.objects.filter(
            action="hotline.save_article", actor=cast.department_staff
        ).exists()

    def test_the_new_text_is_what_is_found(self, cast, knowledge):
        lift = knowledge["lift-repair"]
        knowledge_actions.save_article(
            actor=cast.city_admin,
            article=lift,
            title=lift.title,
            body="扶梯 自动人行道",
            owner=lift.owner,
        )
        from minsheng.hotline.knowledge import search

        assert lift in search.search("自动人行道")

    def test_only_the_owner_unit_edits_its_articles(self, cast, knowledge):
        heating = knowledge["heating-fee"]  # owned by the heating company
        with pytest.raises(PermissionDenied):
            knowledge_actions.save_article(
                actor=cast.department_staff,
                article=heating,
                title=heating.title,
                body="x",
                owner=heating.owner,
            )

    def test_the_knowledge_pages_search_and_show_versions(self, cast, knowledge, client):
        client.force_login(cast.unit_staff)
        page = client.get(reverse("hotline:knowledge"), {"q": "电梯停运"}).content.decode()
        assert knowledge["lift-repair"].title in page
        detail = client.get(reverse("hotline:article", args=[knowledge["lift-repair"].pk]))
        assert detail.status_code == 200
        client.force_login(cast.outsider)
        assert client.get(reverse("hotline:knowledge")).status_code == 403


def test_the_demo_loads_its_articles_once(knowledge):
    from minsheng.hotline.knowledge import demo
    from minsheng.hotline.knowledge.models import Article

    count = Article.objects.count()
    demo.load()
    assert Article.objects.count() == count == len(demo.ARTICLES)


class TestAnsweringOnTheCall:
    def test_a_consultation_answered_from_an_article_is_closed_at_once(
        self, cast, knowledge, jinsong
    ):
        case = knowledge_actions.answer_on_call(
            actor=cast.dispatcher,
            article=knowledge["public-rental"],
            content="想问问申请公租房需要什么条件",
            subdistrict=jinsong,
            caller_phone="13900001111",
        )
        assert (case.status, case.kind, case.result) == (Status.CLOSED, "consultation", "resolved")
        assert case.closed_at is not None and case.lead_unit is None
        assert case.events.filter(
            kind=CaseEvent.Kind.ANSWERED, data__article=knowledge["public-rental"].pk
        ).exists()
        use = ArticleUse.objects.get(case=case)
        assert (use.kind, use.article) == ("answered", knowledge["public-rental"])
        knowledge["public-rental"].refresh_from_db()
        assert knowledge["public-rental"].uses == 1

    def test_the_intake_page_answers_from_an_article(self, cast, knowledge, jinsong, client):
        client.force_login(cast.dispatcher)
        response = client.post(
            reverse("hotline:answer_on_call"),
            {
                "content": "停电了怎么报修",
                "place": jinsong.pk,
                "article": knowledge["power-outage"].pk,
                "kind": "complaint",
                "channel": "phone",
                "urgency": "normal",
            },
        )
        assert response.status_code == 302
        case = Case.objects.get()
        assert case.status == Status.CLOSED and case.kind == "consultation"

    def test_the_dashboard_shows_the_share_answered_on_the_call(
        self, cast, knowledge, jinsong, client
    ):
        from minsheng.hotline.stats import update_stats

        for _ in range(2):
            actions.receive_case(actor=cast.dispatcher, content="其他诉求", subdistrict=jinsong)
        knowledge_actions.answer_on_call(
            actor=cast.dispatcher,
            article=knowledge["gas-leak"],
            content="有煤气味",
            subdistrict=jinsong,
        )
        update_stats()
        client.force_login(cast.leader)
        page = client.get(reverse("hotline:dashboard")).content.decode()
        assert "33.3%" in page


class TestTheApi:
    def test_staff_search_ranked_and_outsiders_are_refused(self, cast, knowledge, client):
        client.force_login(cast.unit_staff)
        answer = client.get("/api/hotline/knowledge/", {"q": "暖气不热 屋里冷"})
        assert answer.status_code == 200
        hits = answer.json()
        assert hits[0]["id"] == knowledge["heating-temperature"].pk
        assert [h["rank"] for h in hits] == sorted((h["rank"] for h in hits), reverse=True)
        client.force_login(cast.elder)
        assert client.get("/api/hotline/knowledge/", {"q": "暖气"}).status_code == 403
        client.logout()
        assert client.get("/api/hotline/knowledge/", {"q": "暖气"}).status_code in (401, 403)

    def test_it_is_in_the_openapi_schema(self, cast, client):
        client.force_login(cast.dispatcher)
        schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
        assert "/api/hotline/knowledge/" in schema and "hotline_knowledge_search" in schema


class TestReplyTemplates:
    def test_a_template_is_filled_from_the_case_and_unknown_blanks_stay(
        self, cast, dispatched_case, categories
    ):
        ReplyTemplate.objects.create(
            title="电梯",
            category=categories["03"],
            text="{caller}您好，工单{number}由{unit}办理。{回复日期}",
        )
        found = replies.for_case(dispatched_case)
        assert found[0]["text"] == (
            f"张**您好，工单{dispatched_case.number}由{dispatched_case.lead_unit.display_name}办理。{{回复日期}}"
        ).replace("张**", dispatched_case.caller_name_masked)

    def test_the_lead_unit_sees_the_templates_and_the_articles_on_the_case(
        self, cast, knowledge, dispatched_case, client
    ):
        ReplyTemplate.objects.create(title="通用回复", text="工单{number}已办理")
        client.force_login(cast.unit_staff)
        page = client.get(reverse("hotline:case", args=[dispatched_case.number])).content.decode()
        assert f"工单{dispatched_case.number}已办理" in page
        assert knowledge["lift-repair"].title in page
