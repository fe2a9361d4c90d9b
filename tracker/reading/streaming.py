"""Reading a long query's rows while the previous ones are being written out.

A server-side cursor hands rows over a chunk at a time, and by default nothing overlaps: the
database works out the next chunk while Python waits, then Python formats it while the database
waits. Here a thread fetches the next chunk while the caller works on the one it has: the
database's work and Python's run side by side, on two cores. The thread only ever waits on the
database driver, which lets go of the GIL while it waits.

The fetching thread uses the caller's connection and cursor (inside the caller's transaction),
and the caller makes no other query until the rows are read or it stops reading; then the
thread is stopped and joined before this generator returns.
"""

import queue
import threading
from typing import Any

from django.db.models.sql.constants import MULTI

_DONE = object()
AHEAD = 2  # chunks fetched before the caller needs them


def read_ahead(queryset, chunk_size):
    """The rows of a values_list() queryset, as tuples, as `.iterator(chunk_size)` gives them."""
    compiler = queryset.query.get_compiler(queryset.db)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=chunk_size)
    fetched: queue.Queue[Any] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()

    def offer(item):
        """Put `item` in the queue, unless the caller stops reading first."""
        while not stop.is_set():
            try:
                fetched.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def fetch():
        try:
            for chunk in chunks:
                if not offer(chunk):
                    return
            offer(_DONE)
        except BaseException as error:  # handed to the caller, raised there
            offer(error)

    def handed_over():
        while (item := fetched.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item

    thread = threading.Thread(target=fetch, name="read-ahead", daemon=True)
    thread.start()
    try:
        yield from compiler.results_iter(handed_over(), tuple_expected=True)
    finally:
        stop.set()
        thread.join()
        chunks.close()  # closes the cursor if the rows were not all read
