"""kombu's Redis transport with one repair: a worker survives Redis going away mid-task.

With late acks a worker holds an unacknowledged message while it grades. kombu 5.7.0 (the
newest release) then turns a Redis restart into `AttributeError: 'NoneType' object has no
attribute 'hostname'`, which Celery's consumer does not count as a connection error: it logs
"Unrecoverable error" and the worker exits 1. It takes work in flight and a free pool child
(so a BRPOP is waiting on Redis): an idle worker has nothing to restore, a full one no BRPOP
pending. The sequence, on connection loss:

1. Celery's consumer calls `Connection.collect()`, which closes the consumer's channel.
   `Channel.close()` first reads the reply of the BRPOP in flight (kombu PR #1733) and
   catches only `Empty`; with Redis gone the read raises `ConnectionError`, so `close()`
   stops before the channel is marked closed and before its unacked messages are handled.
2. `collect()` then detaches the transport from its connection (`transport.client = None`).
3. Celery closes the connection again (`connection.close()`); the channel, still open,
   now restores its unacked message, builds a new Redis pool from `transport.client`,
   which is None: AttributeError.

`Channel.close()` below treats a failed BRPOP read like an empty one, so the channel closes
completely on the first attempt while the transport is still attached; restoring the unacked
message then fails as the connection error it is (Redis is down), which kombu and Celery
ignore during cleanup. `_connparams()` makes any later use of a closed channel's transport
(a restore at garbage collection, an ack of a task that finished after the reconnect) a
connection error too, instead of an AttributeError.

Nothing is lost by not restoring: the message stays in Redis's unacked set (if Redis kept
its data) and comes back after the visibility timeout, when the submission's claim makes it
a no-op; the submission row, not the message, is the record of the work, and the sweeper
republishes rows that went stale. Remove this module when a kombu release fixes close().
"""

from queue import Empty

from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    def close(self):
        if self._in_poll:
            try:
                self._brpop_read()  # clears _in_poll, so the parent's close() skips the read
            except Empty:
                pass
            except self.connection_errors:
                # Redis is gone: a reply it never delivered is lost whatever we do here
                # (the sweeper republishes its submission). Finish closing regardless.
                pass
        super().close()

    def _connparams(self, asynchronous=False):
        transport = self.connection
        if transport is None or transport.client is None:
            raise kombu_redis.get_redis_ConnectionError()(
                "this channel's broker connection is closed"
            )
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
