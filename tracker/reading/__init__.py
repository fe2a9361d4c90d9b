"""The read side: what pages, downloads and feeds show, worked out from the records.

Positions are read through `PositionQuerySet` (tracker/models/positions.py); here is what is
built on it: the matrix, the exports and the field's open formats, the feed, search, history,
the texts' wording, the vote and its projection, the timeline and the pictures. Nothing here
writes a record: that is tracker/recording/."""
