"""The default privacy notice (the same text the 0003 data migration stores), for databases
where it is missing: a test database flushed by a transactional test, or a hand-made one."""

import datetime

from .models import PrivacyNotice

DEFAULT_VERSION = "2026-1"


def ensure_privacy_notice():
    """The notice in force, creating the default one when none is."""
    notice = PrivacyNotice.objects.in_force().first()
    if notice is not None:
        return notice
    from importlib import import_module

    texts = import_module("forum.migrations.0003_privacy_notice_v1")
    notice, _created = PrivacyNotice.objects.get_or_create(
        version=DEFAULT_VERSION,
        defaults={
            "effective_from": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            "title_zh": "报名个人信息处理说明",
            "title_en": "Privacy notice for registration",
            "body_zh": texts.BODY_ZH,
            "body_en": texts.BODY_EN,
            "retention_days": 365,
        },
    )
    return notice
