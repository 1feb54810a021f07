from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    ASSOCIATION = "association", _("Association")
    GOVERNMENT = "government", _("Government body")
    INVESTOR = "investor", _("Investor")


class ShanghaiDistrict(models.TextChoices):
    PUDONG = "pudong", _("Pudong")
    HUANGPU = "huangpu", _("Huangpu")
    JINGAN = "jingan", _("Jing'an")
    XUHUI = "xuhui", _("Xuhui")
    CHANGNING = "changning", _("Changning")
    PUTUO = "putuo", _("Putuo")
    HONGKOU = "hongkou", _("Hongkou")
    YANGPU = "yangpu", _("Yangpu")
    MINHANG = "minhang", _("Minhang")
    BAOSHAN = "baoshan", _("Baoshan")
    JIADING = "jiading", _("Jiading")
    JINSHAN = "jinshan", _("Jinshan")
    SONGJIANG = "songjiang", _("Songjiang")
    QINGPU = "qingpu", _("Qingpu")
    FENGXIAN = "fengxian", _("Fengxian")
    CHONGMING = "chongming", _("Chongming")


class RoleKind(models.TextChoices):
    FOUNDER = "founder", _("Founder")
    EXECUTIVE = "executive", _("Executive")
    SCIENTIST = "scientist", _("Scientist")
    ASSOCIATION_LEADER = "association_leader", _("Association leader")
    OTHER = "other", _("Other")


class MilestoneKind(models.TextChoices):
    FOUNDED = "founded", _("Founded")
    FUNDING = "funding", _("Funding round")
    LISTING = "listing", _("Stock listing")
    DESIGNATION = "designation", _("Designation")
    PRODUCT = "product", _("Product")
    AWARD = "award", _("Award")
    OTHER = "other", _("Other")


class Designation(models.TextChoices):
    """Official designations of firms (the year is the milestone's date)."""

    LITTLE_GIANT = "little_giant", _("Specialized and innovative “little giant” (专精特新“小巨人”)")
    SPECIALIZED = "specialized", _("Specialized and innovative SME (专精特新中小企业)")


class DesignationLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    MUNICIPAL = "municipal", _("Municipal (Shanghai)")


class Exchange(models.TextChoices):
    SSE = "sse", _("Shanghai Stock Exchange")
    SZSE = "szse", _("Shenzhen Stock Exchange")
    BSE = "bse", _("Beijing Stock Exchange")
    HKEX = "hkex", _("Hong Kong Stock Exchange")
    NASDAQ = "nasdaq", _("Nasdaq")
    NYSE = "nyse", _("New York Stock Exchange")


class Board(models.TextChoices):
    STAR = "star", _("STAR Market")
    MAIN = "main", _("Main Board")
    CHINEXT = "chinext", _("ChiNext")
    GEM = "gem", _("GEM")
