"""A small thread-safe least-recently-used memo, kept on a content snapshot so that it lives
and dies with its content version."""

import threading
from collections import OrderedDict


class Memo:
    def __init__(self, size):
        self.size = size
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, make):
        """The value for `key`, made with `make()` when it is not kept (outside the lock, so a
        slow make never blocks other threads; two threads may both make it once)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self):
        with self._lock:
            return len(self._items)
