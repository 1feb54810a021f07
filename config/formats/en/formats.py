# English dates read as the site writes them elsewhere ("10 May 2025", format_partial_date), in
# the 24-hour Beijing time of the forum, not Django's US defaults ("Jan. 29, 2027, 2:03 p.m.").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
