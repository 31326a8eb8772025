"""Each person's private iCalendar feed: its secret link (`tokens`), the events it carries
(`events`, where other apps' sources register) and the file itself (`ics`)."""
