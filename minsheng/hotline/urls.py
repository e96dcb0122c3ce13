from django.urls import path

from minsheng.hotline.knowledge import views as knowledge
from minsheng.hotline.views import assessment, cases, casework, settings, transfers, workbench
from minsheng.hotline.views import calendar as working_days
from minsheng.hotline.views import casemix as casemix_views
from minsheng.hotline.views import intake as intake_views

app_name = "hotline"

urlpatterns = [
    path("", cases.case_list, name="cases"),
    path("console/", cases.console, name="console"),
    path("receive/", cases.receive, name="receive"),
    path("receive/assist/", intake_views.assist, name="intake_assist"),
    path("receive/lookup/", intake_views.lookup, name="intake_lookup"),
    path("receive/answered/", intake_views.answer_on_call, name="answer_on_call"),
    path("workbench/", workbench.workbench, name="workbench"),
    path("cases/<str:number>/", cases.case_detail, name="case"),
    path("cases/<str:number>/dispatch/", cases.dispatch, name="dispatch"),
    path("cases/<str:number>/correct/", cases.correct, name="correct"),
    path("cases/<str:number>/merge/", cases.merge, name="merge"),
    path("cases/<str:number>/accept/", cases.accept, name="accept"),
    path("cases/<str:number>/return/", cases.return_, name="return"),
    path("cases/<str:number>/contact/", cases.contact, name="contact"),
    path("cases/<str:number>/result/", cases.result, name="result"),
    path("cases/<str:number>/callback/", cases.callback, name="callback"),
    path("cases/<str:number>/reopen/", cases.reopen, name="reopen"),
    path("cases/<str:number>/note/", cases.note, name="note"),
    path("cases/<str:number>/exclude/", cases.exclude, name="exclude"),
    path("cases/<str:number>/include/", cases.include, name="include"),
    path("cases/<str:number>/caller/", cases.reveal_caller, name="reveal_caller"),
    path("rankings/", assessment.rankings, name="rankings"),
    path("rankings/adjusted/", casemix_views.adjusted, name="rankings_adjusted"),
    path("dashboard/", assessment.dashboard, name="dashboard"),
    path("focus/", assessment.focus_index, name="focus_index"),
    path("focus/<slug:area>/", assessment.focus, name="focus"),
    path("rules/", settings.rules, name="rules"),
    path("rules/<int:pk>/deactivate/", settings.deactivate_rule, name="deactivate_rule"),
    path("partners/", settings.partners, name="partners"),
    path("import/", transfers.import_page, name="import"),
    path("import/<uuid:pk>/", transfers.import_result, name="import_result"),
    path("import/<uuid:pk>/rejected.csv", transfers.import_rejected, name="import_rejected"),
    path("export/", transfers.export_page, name="export"),
    path("export/<uuid:pk>/", transfers.export_result, name="export_result"),
    path("export/<uuid:pk>/cases.xlsx", transfers.export_download, name="export_download"),
    path("cases/<str:number>/wait/", casework.wait, name="wait"),
    path("cases/<str:number>/resume/", casework.resume, name="resume"),
    path("cases/<str:number>/urge/", casework.urge, name="urge"),
    path("supervision/", casework.board, name="supervision"),
    path("knowledge/", knowledge.index, name="knowledge"),
    path("knowledge/new/", knowledge.edit, name="article_new"),
    path("knowledge/<int:pk>/", knowledge.article, name="article"),
    path("knowledge/<int:pk>/edit/", knowledge.edit, name="article_edit"),
    path("working-days/", working_days.working_days, name="working_days"),
    path(
        "working-days/<int:pk>/remove/",
        working_days.remove_exception,
        name="remove_workday_exception",
    ),
]
