"""Python's full garbage-collection passes, moved out of the reviewer's way.

A full pass over the app's objects takes 15–25 ms, and by default one falls
on about one key press in twenty-five. Once the first screen is up, what is
alive is frozen out of the passes; the automatic full pass becomes twenty
times rarer, and a full pass runs instead when the keyboard has been quiet
for a moment, after which the survivors are frozen too.
"""

from __future__ import annotations

import gc
import time

from textual.app import App

QUIET_SECONDS = 2.0
CHECK_EVERY_SECONDS = 3.0
FULL_PASS_THRESHOLD = 200  # Python's default is 10 middle-generation passes per full pass


class IdleCollector:
    def __init__(self, app: App) -> None:
        self.app = app
        self.last_key = time.monotonic()

    def start(self) -> None:
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_PASS_THRESHOLD)
        self.app.set_interval(CHECK_EVERY_SECONDS, self.collect_if_quiet, name="idle-collector")

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def collect_if_quiet(self) -> None:
        if time.monotonic() - self.last_key >= QUIET_SECONDS and gc.get_count()[2] > 0:
            gc.collect()
            gc.freeze()
