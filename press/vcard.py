"""vCard 3.0 (RFC 2426) of a press contact, which every address book and phone imports."""

from press.models import PressContact

CRLF = "\r\n"
MAX_LINE_OCTETS = 75


def escape(value: str) -> str:
    """Escape a text value: backslash, comma, semicolon and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold ``line`` into lines of at most 75 octets, never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        # Continuation lines start with a space, which counts towards their 75 octets.
        limit = MAX_LINE_OCTETS if not parts else MAX_LINE_OCTETS - 1
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def contact_vcard(contact: PressContact) -> str:
    """Return the vCard of ``contact``, lines folded and ended with CRLF."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape(contact.last_name)};{escape(contact.first_name)};;;",
        f"FN:{escape(contact.full_name)}",
    ]
    if contact.organisation:
        lines.append(f"ORG:{escape(contact.organisation)}")
    if contact.job_title:
        lines.append(f"TITLE:{escape(contact.job_title)}")
    lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{contact.phone_display}")
    lines.append("END:VCARD")
    return "".join(fold(line) + CRLF for line in lines)
