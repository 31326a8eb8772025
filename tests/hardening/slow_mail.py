"""A mail backend for fault tests: each message takes a while, then is logged to a file.

A worker started with DJANGO_EMAIL_BACKEND=tests.hardening.slow_mail.EmailBackend writes
one line per recipient to $SLOW_MAIL_LOG after sleeping $SLOW_MAIL_DELAY_S, so a test can
kill it in the middle of a batch and count what really left.
"""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        delay = float(os.environ.get("SLOW_MAIL_DELAY_S", "0"))
        for message in messages:
            time.sleep(delay)
            with open(os.environ["SLOW_MAIL_LOG"], "a") as log:
                for address in message.recipients():
                    log.write(address + "\n")
                log.flush()
                os.fsync(log.fileno())
        return len(messages)
