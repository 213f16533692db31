// Reads an iCalendar file with ical.js and prints each VEVENT's UID,
// SEQUENCE and UTC start and end as JSON. ical.js has no time zone
// database: local times resolve through the file's own VTIMEZONE.
// Usage: node ics.mjs FILE
import { readFileSync } from 'node:fs'
import ICAL from 'ical.js'

const cal = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], 'utf8')))
for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
const utc = t => t.toJSDate().toISOString().replace('.000Z', 'Z')
process.stdout.write(JSON.stringify(cal.getAllSubcomponents('vevent').map(c => {
  const ev = new ICAL.Event(c)
  return { UID: ev.uid, Sequence: ev.sequence, Start: utc(ev.startDate), End: utc(ev.endDate) }
})))
