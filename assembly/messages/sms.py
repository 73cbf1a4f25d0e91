"""SMS: what a text costs in parts, and sending it through the group's own Android phone.

The association's phone runs "SMS Gateway for Android" in local-server mode: the app
speaks HTTP on the phone's address (SMS_GATEWAY_URL, e.g. http://192.168.1.20:8080) with
a login and password; `android_sms_gateway.APIClient` sends through it. Its delivery
reports and incoming SMS come back on our webhook (messages/views/gateway.py).
"""

from dataclasses import dataclass
from functools import partial

from flask import current_app

# GSM 03.38: the default alphabet takes one septet a character, the extension table two;
# anything else (an emoji, most Arabic) makes the whole text UCS-2.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


# French typography that the SMS alphabet lacks, written the way a phone keyboard would:
# one curly apostrophe or narrow space would make the whole text Unicode and double its
# cost. Letters are left as they are (an "ê" is a word's spelling, not typography).
PLAIN_TYPOGRAPHY = str.maketrans(
    {
        "\u2019": "'",  # ’
        "\u2018": "'",  # ‘
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space, before : ; ! ? in French
        "\u2009": " ",  # thin space
        "\u2013": "-",  # –
        "\u2014": "-",  # —
        "\u2026": "...",  # …
        "\u0153": "oe",  # œ
        "\u0152": "OE",  # Œ
        "\u00b7": ".",  # · of inclusive writing
    }
)


def plain_typography(text: str) -> str:
    """`text` with the typography the SMS alphabet lacks made plain ("« oui »" → '" oui "')."""
    return text.translate(PLAIN_TYPOGRAPHY)


@dataclass(frozen=True)
class Parts:
    """How a text travels: its alphabet, its length in that alphabet, how many SMS."""

    unicode: bool
    length: int
    count: int


def parts(text: str) -> Parts:
    """Count the SMS a text takes: 160 GSM-7 characters alone, 153 each when split;
    70 UCS-2 characters alone, 67 each when split (the rest carries the joining header)."""
    if all(char in GSM_BASIC or char in GSM_EXTENDED for char in text):
        length = sum(2 if char in GSM_EXTENDED else 1 for char in text)
        single, each = 160, 153
        unicode = False
    else:
        # UTF-16 code units: a character outside the BMP (an emoji) takes two.
        length = len(text.encode("utf-16-le")) // 2
        single, each = 70, 67
        unicode = True
    if length <= single:
        return Parts(unicode, length, 1 if length else 0)
    return Parts(unicode, length, -(-length // each))


def segments(text: str) -> int:
    """How many SMS `text` costs."""
    return parts(text).count


class SendFailed(Exception):
    """A message could not go; `permanent` says whether trying again could help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


def send_sms(phone: str, text: str) -> str:
    """Hand one SMS to the gateway phone; returns the gateway's id for the delivery report."""
    from android_sms_gateway import client, domain, errors
    from android_sms_gateway.http import RequestsHttpClient
    from requests import Session

    config = current_app.config
    message = domain.Message(
        phone_numbers=[phone],
        text_message=domain.TextMessage(text=text),
        with_delivery_report=True,
    )
    try:
        with Session() as session:
            # requests waits forever by default: a phone gone to sleep must not hold us.
            session.request = partial(session.request, timeout=config["SMS_GATEWAY_TIMEOUT"])
            gateway = client.APIClient(
                config["SMS_GATEWAY_LOGIN"],
                config["SMS_GATEWAY_PASSWORD"],
                base_url=config["SMS_GATEWAY_URL"],
                http=RequestsHttpClient(session),
            )
            state = gateway.send(message)
    except errors.APIError as error:
        status = getattr(error, "status_code", None) or 0
        # 400: a number the phone refuses, trying again will not help. A wrong login or
        # address (401, 403, 404) is the host's to fix: the messages wait for it.
        raise SendFailed(f"gateway: {error}"[:300], permanent=status == 400) from error
    except OSError as error:  # the phone is off, out of the Wi-Fi, or busy
        raise SendFailed(f"gateway unreachable: {error}"[:300]) from error
    return state.id
