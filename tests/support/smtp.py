"""An SMTP server of the test's own (aiosmtpd) on a free 127.0.0.1 port, and how to read its mail."""

from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message

from aiosmtpd.controller import Controller


class Inbox:
    """The aiosmtpd handler: keeps every message it receives, refuses the addresses in ``refused``.

    ``connections`` holds the client's address and port of each message: one per connection.
    """

    def __init__(self):
        self.messages = []
        self.connections = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        self.connections.append(session.peer)
        return "250 Message accepted for delivery"


class FreePortController(Controller):
    """aiosmtpd's controller on a port the system chooses (port 0), read once it listens."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def use_smtp_server(settings, *, port: int, timeout: float) -> None:
    """Send the site's e-mail in clear to the SMTP server listening on 127.0.0.1:``port``."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = timeout


def parsed(envelope) -> Message:
    return message_from_bytes(envelope.content)


def subject_of(envelope) -> str:
    return str(make_header(decode_header(parsed(envelope)["Subject"])))


def parts_of(envelope) -> dict[str, str]:
    """Return the message's text and HTML parts, decoded, by content type (not attachments)."""
    return {
        part.get_content_type(): part.get_payload(decode=True).decode(part.get_content_charset())
        for part in parsed(envelope).walk()
        if not part.is_multipart() and part.get_filename() is None
    }
