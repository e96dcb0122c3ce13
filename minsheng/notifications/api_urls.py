"""``/api/notifications/``: the reader's notifications, preferences and push subscriptions."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from minsheng.notifications.api import MessageViewSet, PreferenceView, PushSubscriptionViewSet

subscriptions = DefaultRouter(trailing_slash=True)
subscriptions.include_root_view = False
subscriptions.register("push-subscriptions", PushSubscriptionViewSet, basename="notification-push")
messages = DefaultRouter(trailing_slash=True)
messages.include_root_view = False
messages.register("", MessageViewSet, basename="notification")

urlpatterns = [
    path("preferences/", PreferenceView.as_view(), name="notification-preferences"),
    path("", include(subscriptions.urls)),
    path("", include(messages.urls)),
]
