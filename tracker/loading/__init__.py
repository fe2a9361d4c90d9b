"""Records in bulk: the seeds (`seeding`) and the tracker's whole record as one JSON document
and back (`datafile`). Both write through tracker/recording/, like the pages."""
