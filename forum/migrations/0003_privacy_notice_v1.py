"""The first privacy notice, so registration works on a fresh database.

Later versions are added in admin (a published version is never edited).
"""

import datetime

from django.db import migrations

BODY_ZH = """为什么收集：我们收集您在报名表中填写的信息（姓名、电子邮箱、手机号码、单位、职务、参会身份、关注领域、无障碍或饮食需求），仅用于本届论坛的报名管理、座位安排、入场签到以及与本届论坛有关的通知。我们不会将其用于营销，也不会出售。

谁能看到：只有论坛主办方授权的组织人员可以查看和导出报名信息。您的信息不会出现在任何公开页面上。电子邮件通过我们委托的邮件服务发送。

保存多久：本届论坛结束后365天内保存；期满后报名记录将被匿名化，只保留不含个人信息的统计数字。

您的权利：您可以随时通过报名确认邮件中的私人链接查看您的报名、下载您的全部数据（JSON格式）、取消报名或删除报名记录。如有疑问，请联系论坛主办方。"""

BODY_EN = """Why we collect it: the details you enter in the registration form (name, e-mail, mobile number, organization, title, attendee category, sectors of interest, accessibility or dietary needs) are used only to manage registration for this edition of the forum: seating, check-in at the door and notices about this edition. We do not use them for marketing and never sell them.

Who sees it: only organizers authorized by the forum can view and export registrations. Your details appear on no public page. E-mails are sent through the mail service we contract.

How long we keep it: for 365 days after this edition ends; after that the registration is anonymized and only counts without personal information are kept.

Your rights: at any time, through the private link in your confirmation e-mail, you can see your registration, download all your data (JSON), cancel, or delete your registration. For questions, contact the forum's organizers."""


def create_notice(apps, schema_editor):
    PrivacyNotice = apps.get_model("forum", "PrivacyNotice")
    PrivacyNotice.objects.get_or_create(
        version="2026-1",
        defaults={
            "effective_from": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            "title_zh": "报名个人信息处理说明",
            "title_en": "Privacy notice for registration",
            "body_zh": BODY_ZH,
            "body_en": BODY_EN,
            "retention_days": 365,
        },
    )


def remove_notice(apps, schema_editor):
    PrivacyNotice = apps.get_model("forum", "PrivacyNotice")
    PrivacyNotice.objects.filter(version="2026-1", registrations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_registration")]

    operations = [migrations.RunPython(create_notice, remove_notice)]
