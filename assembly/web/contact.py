"""How to reach someone, read from what they typed: a phone in E.164, an e-mail checked.

Phones are read with French as the default region (`06 12 34 56 78` → `+33612345678`);
an e-mail's syntax is checked without any network look-up. Bad input raises
`ValueError` with a translated message the form shows next to the field.

phonenumbers and email-validator are loaded by the first number or address read, not
when the app starts: a process that serves no contact never holds them.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

DEFAULT_REGION = "FR"


@dataclass(frozen=True)
class Contact:
    """A phone (E.164) and/or an e-mail, as a person gave them."""

    phone: str = ""
    email: str = ""

    def __bool__(self) -> bool:
        return bool(self.phone or self.email)


NO_CONTACT = Contact()


def parse_phone(text: str) -> str:
    """`text` as an E.164 number ("+33612345678"); ValueError if it is not a phone number."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(_l("This is not a phone number we can read, e.g. 06 12 34 56 78."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_email(text: str) -> str:
    """`text` as an e-mail address (domain in lower case); ValueError if it cannot be one."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(_l("This is not an e-mail address, e.g. awa@example.org.")) from None


def parse_contact(text: str) -> Contact:
    """One field that takes "a phone or an e-mail": which one it is, read and checked."""
    text = (text or "").strip()
    if not text:
        return Contact()
    if "@" in text:
        return Contact(email=parse_email(text))
    return Contact(phone=parse_phone(text))


def shown_phone(e164: str) -> str:
    """A stored phone as people write it: national form for French numbers, else E.164."""
    if not e164:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def shown_reach(reach: dict[str, str]) -> str:
    """`Person.reach(...)` as people write it: "06 12 34 56 78 · awa@example.org" ("" if none)."""
    return " · ".join(
        part for part in (shown_phone(reach.get("phone", "")), reach.get("email", "")) if part
    )
