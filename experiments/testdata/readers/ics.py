# Reads an iCalendar file with python3-icalendar and prints each VEVENT's
# UID, SEQUENCE and UTC start and end as JSON. Local times are resolved
# through the file's own VTIMEZONE (to_tz), not a time zone database, so
# that what is checked is what the file says. Usage: python3 ics.py FILE
import json
import sys

import pytz
from icalendar import Calendar

cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
zones = {str(tz["TZID"]): tz.to_tz() for tz in cal.walk("VTIMEZONE")}


def utc(prop):
    tzid = prop.params.get("TZID")
    naive = prop.dt.replace(tzinfo=None)
    return zones[tzid].localize(naive).astimezone(pytz.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


print(json.dumps([
    {"UID": str(ev["UID"]), "Sequence": int(ev.get("SEQUENCE", -1)), "Start": utc(ev["DTSTART"]), "End": utc(ev["DTEND"])}
    for ev in cal.walk("VEVENT")
]))
