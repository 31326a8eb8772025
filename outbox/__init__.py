"""The outbox: every email the site sends, one row each, claimed, sent once, swept.

The lowest app: it imports no other. Each app registers a sender for its kinds of email
(registry.sender_register, in its AppConfig.ready); services.email_queue writes a row in the
caller's transaction and publishes `outbox.send_emails` after commit.
"""
