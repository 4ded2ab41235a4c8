"""An SMTP server that takes every message and counts it, for bench/press_list_send.py.

    python bench/smtp_sink.py PORT STATS_FILE

Listens on 127.0.0.1:PORT (aiosmtpd); every second, and when stopped (SIGTERM), writes to
STATS_FILE, as JSON, the messages received, the distinct recipients, and the time of the first
and the last message.
"""

import json
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self):
        self.messages = 0
        self.recipients: set[str] = set()
        self.first = self.last = None

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        self.messages += 1
        self.recipients.update(envelope.rcpt_tos)
        self.first = self.first or now
        self.last = now
        return "250 Message accepted for delivery"

    def stats(self) -> dict:
        return {
            "messages": self.messages,
            "recipients": len(self.recipients),
            "first": self.first,
            "last": self.last,
        }


def main() -> None:
    port, stats_file = int(sys.argv[1]), sys.argv[2]
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *args: stopped.set())

    def write() -> None:
        with open(stats_file + ".tmp", "w") as output:
            json.dump(counter.stats(), output)
        # Atomic: the bench never reads half a file.
        os.replace(stats_file + ".tmp", stats_file)

    while not stopped.wait(1):
        write()
    controller.stop()
    write()


if __name__ == "__main__":
    main()
