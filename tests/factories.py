"""factory_boy factories for every model; no hidden side effects beyond the row itself."""

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import get_date_max
from PIL import Image as PILImage

from config.common.dates import DatePrecision
from config.images.models import Image
from config.images.services import image_save
from forum.enums import EditionStatus, ParticipationRole
from forum.matchmaking.models import MatchmakingSettings, MeetingRequest, Participant, Round, Slot
from forum.models import AgendaItem, Edition, EditionPhoto, Forum, Participation, Track
from forum.news.models import Article, Tag
from forum.registrations.addresses import normalize_email
from forum.registrations.door_models import CheckIn, CheckInList
from forum.registrations.enums import Actor, LogAction
from forum.registrations.message_models import Message, MessageAnswerFilter, Reminder
from forum.registrations.models import (
    Answer,
    CategoryQuota,
    InvitationCode,
    PrivacyNotice,
    Question,
    Registration,
    RegistrationEmail,
    RegistrationLogEntry,
    RegistrationSettings,
)
from metrics.enums import Scope, Unit
from metrics.models import Indicator, Observation, Sector, Source
from profiles.enums import MilestoneKind, OrganizationKind, RoleKind
from profiles.models import Milestone, Organization, Person, Quote, Role


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title_zh = factory.Sequence(lambda n: f"来源文章{n}")
    title_en = factory.Sequence(lambda n: f"Source article {n}")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name_zh = factory.Sequence(lambda n: f"行业{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name_zh = factory.Sequence(lambda n: f"指标{n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    sector = factory.SubFactory(SectorFactory)
    scope = Scope.SHANGHAI
    unit = Unit.CNY


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    period_date = factory.Sequence(lambda n: datetime.date(2000 + n % 100, 1, 1))
    period_precision = DatePrecision.YEAR
    value = Decimal("100")
    source = factory.SubFactory(SourceFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name_zh = factory.Sequence(lambda n: f"人物{n}")
    name_en = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.COMPANY
    name_zh = factory.Sequence(lambda n: f"机构{n}")
    name_en = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    kind = RoleKind.FOUNDER
    title_zh = factory.Sequence(lambda n: f"创始人{n}")
    title_en = factory.Sequence(lambda n: f"Founder {n}")
    is_founder = True


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    organization = factory.SubFactory(OrganizationFactory)
    kind = MilestoneKind.PRODUCT
    title_zh = factory.Sequence(lambda n: f"里程碑{n}")
    title_en = factory.Sequence(lambda n: f"Milestone {n}")
    date = datetime.date(2025, 1, 1)
    date_precision = DatePrecision.YEAR
    source = factory.SubFactory(SourceFactory)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    person = factory.SubFactory(PersonFactory)
    text_zh = factory.Sequence(lambda n: f"引语{n}")
    text_en = factory.Sequence(lambda n: f"Quote {n}")
    source = factory.SubFactory(SourceFactory)


class ForumFactory(factory.django.DjangoModelFactory):
    """The site's one forum series: created once, then given the attributes a test asks for."""

    class Meta:
        model = Forum

    name_zh = factory.Sequence(lambda n: f"论坛{n}")
    name_en = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        forum = model_class.objects.first()
        if forum is None:
            return super()._create(model_class, *args, **kwargs)
        for name, value in kwargs.items():
            setattr(forum, name, value)
        forum.save()
        return forum


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    forum = factory.SubFactory(ForumFactory)
    # Far from the small numbers tests give explicitly: every edition is of the one forum.
    number = factory.Sequence(lambda n: 1000 + n)
    # Past years only, however many editions a long test session makes: a held edition dated
    # in the future is refused by Edition.clean (an admin save of a factory edition would fail).
    year = factory.Sequence(lambda n: 2000 + n % 20)
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 5, 10))
    start_precision = DatePrecision.DAY
    venue_zh = "上海中心"
    venue_en = "Shanghai Tower"
    status = EditionStatus.HELD


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    edition = factory.SubFactory(EditionFactory)
    name_zh = factory.Sequence(lambda n: f"赛道{n}")
    name_en = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    edition = factory.SubFactory(EditionFactory)
    title_zh = factory.Sequence(lambda n: f"议程{n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(
        lambda: datetime.datetime(2025, 5, 10, 9, 0, tzinfo=datetime.UTC)
    )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    edition = factory.SubFactory(EditionFactory)
    person = factory.SubFactory(PersonFactory)
    role = ParticipationRole.GUEST


# --- Registration -------------------------------------------------------------------------------


def _now():
    return timezone.now()


def _in_force_privacy_notice():
    """The notice the data migration creates; re-created after a transactional test's flush."""
    notice = PrivacyNotice.objects.in_force().first()
    if notice is None:
        notice, _created = PrivacyNotice.objects.get_or_create(
            version="2026-1",
            defaults={
                "effective_from": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
                "title_zh": "报名个人信息处理说明",
                "title_en": "Privacy notice for registration",
                "body_zh": "用途、保存期限、谁能看到。",
                "body_en": "Purpose, retention, who sees it.",
            },
        )
    return notice


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNotice

    version = factory.Sequence(lambda n: f"test-{n}")
    effective_from = factory.LazyFunction(
        lambda: datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    title_zh = "个人信息处理说明"
    title_en = "Privacy notice"
    body_zh = "用途、保存期限、谁能看到。"
    body_en = "Purpose, retention, who sees it."


class RegistrationSettingsFactory(factory.django.DjangoModelFactory):
    """An edition whose registration opened yesterday and closes in 30 days."""

    class Meta:
        model = RegistrationSettings

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    opens_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=30))
    capacity = 100


class CategoryQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryQuota

    settings = factory.SubFactory(RegistrationSettingsFactory)
    category = "investor"
    quota = 10


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A row as stored; to test the rules, call the services instead."""

    class Meta:
        model = Registration

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    status = "confirmed"
    category = "entrepreneur"
    name = factory.Sequence(lambda n: f"报名者{n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.com")
    email_normalized = factory.LazyAttribute(lambda row: normalize_email(row.email))
    organization = factory.Sequence(lambda n: f"单位{n}")
    title = "CEO"
    privacy_notice = factory.LazyFunction(_in_force_privacy_notice)
    consented_at = factory.LazyFunction(_now)


class RegistrationLogEntryFactory(factory.django.DjangoModelFactory):
    """An entry as stored (the services write the real ones): by the system unless it names a
    staff user."""

    class Meta:
        model = RegistrationLogEntry

    registration = factory.SubFactory(RegistrationFactory)
    edition = factory.LazyAttribute(lambda o: o.registration.edition)
    action = LogAction.CANCELLED
    actor_name = ""
    actor_kind = factory.LazyAttribute(lambda o: Actor.STAFF if o.actor_name else Actor.SYSTEM)


class RegistrationEmailFactory(factory.django.DjangoModelFactory):
    """An outbox row as stored, not queued; to send it, call the task."""

    class Meta:
        model = RegistrationEmail

    registration = factory.SubFactory(RegistrationFactory)
    kind = "confirmation"


class QuestionFactory(factory.django.DjangoModelFactory):
    """A custom question of an edition's registration form (short text unless told)."""

    class Meta:
        model = Question

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    position = factory.Sequence(lambda n: n)
    kind = "short_text"
    label_zh = factory.Sequence(lambda n: f"问题{n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")


class InvitationCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvitationCode

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    code = factory.Sequence(lambda n: f"INVITE{n}")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    registration = factory.SubFactory(RegistrationFactory)
    question = factory.SubFactory(
        QuestionFactory, edition=factory.SelfAttribute("..registration.edition")
    )
    value = "答案"


# --- Matchmaking -------------------------------------------------------------------------------


class MatchmakingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchmakingSettings

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    is_open = True
    tables = 3


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    settings = factory.SubFactory(MatchmakingSettingsFactory)
    starts_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    starts_at = factory.Sequence(lambda n: _now() + datetime.timedelta(days=10, minutes=20 * n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=20))


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A profile as stored; opting in through the service checks the rules."""

    class Meta:
        model = Participant
        skip_postgeneration_save = True

    registration = factory.SubFactory(RegistrationFactory)
    edition = factory.LazyAttribute(lambda o: o.registration.edition)
    side = "startup"
    organization_zh = factory.Sequence(lambda n: f"项目{n}")
    organization_en = factory.Sequence(lambda n: f"Project {n}")
    ticket_band = "5m_20m"

    @factory.post_generation
    def stages(obj, create, extracted, **kwargs):
        """stages=["seed", "a"]; one stage "a" unless given."""
        if create:
            for stage in extracted or ["a"]:
                obj.stages.create(stage=stage)


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    investor = factory.SubFactory(ParticipantFactory, side="investor")
    startup = factory.SubFactory(
        ParticipantFactory,
        registration__edition=factory.SelfAttribute("...investor.edition"),
    )
    edition = factory.LazyAttribute(lambda o: o.investor.edition)
    requested_by = "investor"


# --- Models other apps register in admin (the admin smoke tests need a row of each) -------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"

    username = factory.Sequence(lambda n: f"editor{n}")
    email = factory.Sequence(lambda n: f"editor{n}@example.com")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.Group"

    name = factory.Sequence(lambda n: f"Group {n}")


def _no_run_after():
    return get_date_max()  # how the backend stores "run as soon as possible"


class TaskResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "django_tasks_database.DBTaskResult"

    args_kwargs = factory.LazyFunction(lambda: {"args": [], "kwargs": {}})
    task_path = "forum.registrations.tasks.drain_registration_emails"
    backend_name = "default"
    run_after = factory.LazyFunction(_no_run_after)


def jpeg_upload(name="photo.jpg", size=(600, 800), colour=(150, 110, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class ImageFactory(factory.django.DjangoModelFactory):
    """A library image made as an editor's upload is: through image_save (re-encoded, with
    its renditions)."""

    class Meta:
        model = Image

    file = factory.LazyFunction(jpeg_upload)
    alt_zh = factory.Sequence(lambda n: f"图片{n}")
    alt_en = factory.Sequence(lambda n: f"Image {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return image_save(image=model_class(*args, **kwargs))


class EditionPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionPhoto

    edition = factory.SubFactory(EditionFactory)
    image = factory.SubFactory(ImageFactory)
    caption_zh = "会场"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_zh = factory.Sequence(lambda n: f"标签{n}")
    name_en = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article; links are given as lists: ArticleFactory(people=[person])."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title_zh = factory.Sequence(lambda n: f"新闻{n}")
    title_en = factory.Sequence(lambda n: f"News story {n}")
    slug = factory.Sequence(lambda n: f"news-story-{n}")
    standfirst_zh = "导语"
    standfirst_en = "Standfirst"
    body_zh = "<p>正文</p>"
    body_en = "<p>Body</p>"
    is_published = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.set(extracted)

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)

    @factory.post_generation
    def editions(self, create, extracted, **kwargs):
        if create and extracted:
            self.editions.set(extracted)

    @factory.post_generation
    def indicators(self, create, extracted, **kwargs):
        if create and extracted:
            self.indicators.set(extracted)


class _AxesRecordFactory(factory.django.DjangoModelFactory):
    """The sign-in lockout's records (django-axes), which superusers see in admin."""

    user_agent = "Mozilla/5.0"
    ip_address = "203.0.113.5"
    username = factory.Sequence(lambda n: f"editor{n}")
    http_accept = "text/html"
    path_info = "/admin/login/"


class AccessAttemptFactory(_AxesRecordFactory):
    class Meta:
        model = "axes.AccessAttempt"

    get_data = ""
    post_data = ""
    failures_since_start = 1


class AccessFailureLogFactory(_AxesRecordFactory):
    class Meta:
        model = "axes.AccessFailureLog"


class AccessLogFactory(_AxesRecordFactory):
    class Meta:
        model = "axes.AccessLog"


class CheckInListFactory(factory.django.DjangoModelFactory):
    """A check-in list (a room or session) of an edition, admitting every category."""

    class Meta:
        model = CheckInList

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    name_zh = factory.Sequence(lambda n: f"分会场{n}")
    name_en = factory.Sequence(lambda n: f"Session {n}")


class CheckInFactory(factory.django.DjangoModelFactory):
    """A check-in as stored; the door's rules are in door.registration_check_in."""

    class Meta:
        model = CheckIn

    registration = factory.SubFactory(RegistrationFactory)
    checkin_list = factory.SubFactory(
        CheckInListFactory, edition=factory.SelfAttribute("..registration.edition")
    )
    at = factory.LazyFunction(_now)


class MessageFactory(factory.django.DjangoModelFactory):
    """A draft message to every live registrant of an edition; send it with messaging."""

    class Meta:
        model = Message

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    subject_zh = "论坛通知：{name}"
    subject_en = "News from the forum: {name}"
    body_zh = "{name}，您好：会场已更新。"
    body_en = "Dear {name}, the venue has changed."


class MessageAnswerFilterFactory(factory.django.DjangoModelFactory):
    """A condition of a message on the answers to one of its edition's questions."""

    class Meta:
        model = MessageAnswerFilter

    message = factory.SubFactory(MessageFactory)
    question = factory.SubFactory(
        QuestionFactory,
        edition=factory.SelfAttribute("..message.edition"),
        kind="yes_no",
    )
    keys = factory.LazyAttribute(lambda condition: [] if condition.contains else ["yes"])
    contains = ""


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    edition = factory.SubFactory(EditionFactory, status=EditionStatus.ANNOUNCED)
    days_before = 3
