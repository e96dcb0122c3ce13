"""The Time Bank's pages, mounted at /timebank/: one URL per page and per action."""

from django.urls import path

from minsheng.timebank.views import (
    activities,
    administration,
    applications,
    offers,
    orders,
    reports,
    residents,
    station,
)

app_name = "timebank"

urlpatterns = [
    # Volunteers
    path("requests/", residents.open_requests, name="open_requests"),
    path("requests/<int:pk>/", orders.open_detail, name="open_request"),
    path("my/services/", residents.my_services, name="my_services"),
    # Offers and matching
    path("my/offer/", offers.my_offer, name="my_offer"),
    path("requests/for-me/", offers.requests_for_me, name="requests_for_me"),
    path("offers/", offers.offers, name="offers"),
    path("offers/ask/", offers.ask, name="ask_volunteer"),
    path("orders/<int:pk>/matches/", offers.matches, name="matches"),
    path("orders/<int:pk>/invite/", offers.invite, name="invite"),
    path("station/elders/<int:pk>/home-point/", offers.home_point, name="home_point"),
    path("unmet-needs/", offers.unmet_needs, name="unmet_needs"),
    # Elders and families
    path("my/requests/", residents.my_requests, name="my_requests"),
    path("requests/new/", residents.post_request, name="post_request"),
    # Accounts
    path("account/", residents.my_account, name="my_account"),
    path("account/gift/", residents.give, name="gift"),
    path("account/donate/", residents.donate, name="donate"),
    path("people/<int:pk>/account/", residents.person_account, name="person_account"),
    # One order and its moves
    path("orders/", station.order_list, name="orders"),
    path("orders/<int:pk>/", orders.detail, name="order"),
    path("orders/<int:pk>/approve/", orders.approve, name="approve"),
    path("orders/<int:pk>/reject/", orders.reject, name="reject"),
    path("orders/<int:pk>/book/", orders.book, name="book"),
    path("orders/<int:pk>/assign/", orders.assign, name="assign"),
    path("orders/<int:pk>/withdraw/", orders.withdraw, name="withdraw"),
    path("orders/<int:pk>/sign-in/", orders.sign_in, name="sign_in"),
    path("orders/<int:pk>/sign-out/", orders.sign_out, name="sign_out"),
    path("orders/photos/<int:pk>/", orders.photo, name="order_photo"),
    path(
        "orders/photos/<int:pk>/thumb/", orders.photo, {"size": "thumb"}, name="order_photo_thumb"
    ),
    path("orders/<int:pk>/confirm/", orders.confirm, name="confirm"),
    path("orders/<int:pk>/dispute/", orders.dispute, name="dispute"),
    path("orders/<int:pk>/decide/", orders.decide, name="decide"),
    path("orders/<int:pk>/cancel/", orders.cancel, name="cancel"),
    path("orders/<int:pk>/no-show/", orders.no_show, name="no_show"),
    # Stations
    path("station/", station.home, name="station"),
    path("station/people/", station.people, name="people"),
    path("station/applications/", applications.application_list, name="applications"),
    path("station/applications/<int:pk>/", applications.application_detail, name="application"),
    path(
        "station/applications/<int:pk>/approve/",
        applications.application_approve,
        name="application_approve",
    ),
    path(
        "station/applications/<int:pk>/decline/",
        applications.application_decline,
        name="application_decline",
    ),
    path("station/volunteers/new/", station.register_volunteer, name="register_volunteer"),
    path("station/volunteers/<int:pk>/", station.volunteer_detail, name="volunteer"),
    path("station/elders/new/", station.register_elder, name="register_elder"),
    path("station/elders/<int:pk>/", station.elder_detail, name="elder"),
    path("station/elders/<int:pk>/circumstances/", station.update_elder, name="update_elder"),
    path(
        "station/elders/<int:pk>/needs/<int:need_pk>/end/",
        station.end_care_need,
        name="end_care_need",
    ),
    path("grants/", station.grants, name="grants"),
    path("grants/new/", station.propose_grant, name="propose_grant"),
    path("grants/<int:pk>/approve/", station.approve_grant, name="approve_grant"),
    path("grants/<int:pk>/reject/", station.reject_grant, name="reject_grant"),
    path("pool/allocate/", station.allocate, name="allocate"),
    # Group activities
    path("activities/", activities.activity_list, name="activities"),
    path("activities/new/", activities.activity_new, name="activity_new"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/join/", activities.activity_join, name="activity_join"),
    path("activities/<int:pk>/close/", activities.activity_close, name="activity_close"),
    path("attendances/<int:pk>/confirm/", activities.attendance_confirm, name="attendance_confirm"),
    # Districts and the city
    path("settings/", administration.policy_settings, name="policies"),
    path("settings/grant-rules/", administration.save_grant_rule, name="grant_rule"),
    path("catalogue/", administration.catalogue, name="catalogue"),
    path("budgets/", administration.budgets, name="budgets"),
    path("stations/", administration.stations, name="stations"),
    path("stations/request/", administration.request_station, name="request_station"),
    path("stations/<int:pk>/decide/", administration.decide_station, name="decide_station"),
    path("ledger/", administration.transactions, name="transactions"),
    path("ledger/<int:pk>/", administration.transaction_detail, name="transaction"),
    # Reports
    path("reports/", reports.dashboard, name="reports"),
    path("reports/refresh/", reports.refresh, name="report_refresh"),
    path("reports/<slug:name>.<str:fmt>", reports.export, name="report_export"),
]
