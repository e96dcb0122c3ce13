"""The outside channels: e-mail, SMS (outbox or a provider), Web Push and WeChat.

Each sender takes a :class:`~minsheng.notifications.models.Delivery` and returns the provider's
message id, or raises :class:`TemporaryFailure` (tried again later) or :class:`PermanentFailure`.
"""
