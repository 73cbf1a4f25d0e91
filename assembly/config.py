"""Default settings.

Every value here can be overridden by `instance/config.py`, then by an environment
variable of the same name prefixed with ``ASSEMBLY_`` (``ASSEMBLY_DATABASE_URL``…).
Environment values are read as JSON when they parse, so ``ASSEMBLY_HTTPS=true`` is a bool.
"""

# Left empty on purpose: `assembly init` writes a random key to instance/secret_key,
# and the server refuses to start without one (see assembly/__init__.py).
SECRET_KEY = None

# Empty means SQLite in the instance folder (instance/assembly.sqlite3).
DATABASE_URL = ""

# French first; the shipped catalogs (translations/<code>/), in the switcher's order.
BABEL_DEFAULT_LOCALE = "fr"
BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
LANGUAGES = ["fr", "en", "es", "ar"]

# Set to true when the site is served over HTTPS: cookies become Secure and HSTS is sent.
HTTPS = False
# Number of reverse proxies in front of the app (nginx: 1), so client addresses are right.
PROXIES = 0
# The address residents open, e.g. "https://assemblee.example.org": every absolute URL
# (QR codes, join address, calendar and invite links) is built from it. Empty: from the
# request, for a laptop in a room (the address phones used).
PUBLIC_URL = ""
# Host names the app answers to (Flask's setting; others get 400). None: PUBLIC_URL's host
# and loopback, or without PUBLIC_URL loopback and this machine's names and addresses.
TRUSTED_HOSTS = None

# Rate limits (Flask-Limiter syntax), counted in the app's database (`assembly://`,
# assembly/web/limits.py) so every process and server sees them; or `redis://…`.
# A whole room on a venue's Wi-Fi shares one public address: what one person may do is
# counted per browser (or account), and the address only gets a limit a crowd never meets.
RATELIMIT_STORAGE_URI = "assembly://"
LOGIN_RATE_LIMIT = "10 per minute;50 per hour"  # per address and name tried
LOGIN_ADDRESS_RATE_LIMIT = "300 per hour"  # every name together, per address
PUBLIC_FORM_RATE_LIMIT = "20 per hour"  # per browser or account
PUBLIC_FORM_ADDRESS_RATE_LIMIT = "300 per hour"  # per address
JOIN_CODE_RATE_LIMIT = "30 per 10 minutes"  # wrong meeting codes per address; joins are free
# "Mot de passe oublié ?": addresses typed, per internet address (any answer, found or not);
# and links e-mailed to one account within an hour, however many addresses ask.
FORGOT_RATE_LIMIT = "5 per 10 minutes;20 per day"
FORGOT_LINKS_PER_ACCOUNT_PER_HOUR = 3
# Its answer never comes sooner, found or not: writing a link takes milliseconds that would
# tell an address that has an account. Seconds.
FORGOT_ANSWER_SECONDS = 0.25

# argon2id cost: OWASP's minimum for argon2id, m=19 MiB, t=2, p=1 (Password Storage Cheat
# Sheet, https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
# On a 1 GB server every login costs its memory while it runs; argon2-cffi's own profile
# (64 MiB, 3 passes) made a crowd of logins hold hundreds of MB. Hashes made with other
# figures are made again at their owner's next login.
ARGON2_TIME_COST = 2
ARGON2_MEMORY_COST = 19456  # KiB
ARGON2_PARALLELISM = 1
# Hashes or checks running at once; the other logins wait their turn (2 × 19 MiB at most).
PASSWORD_HASHES_AT_ONCE = 2

# Sessions: a signed cookie that lives for a month unless the person logs out.
PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 31
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "assembly_session"

# Static files without their content hash in the URL are cached for an hour; the
# hashed URLs the pages use are cached for a year (assembly/web/assets.py).
SEND_FILE_MAX_AGE_DEFAULT = 60 * 60

# Responses compressed by the app itself (Flask-Compress), since `assembly serve` has no
# proxy in front to do it: Brotli for the browsers that take it, else gzip. Bodies under
# 500 bytes go as they are, and a 304 has no body. Behind a proxy that compresses (nginx),
# ASSEMBLY_COMPRESS_REGISTER=false leaves it to the proxy.
COMPRESS_REGISTER = True
COMPRESS_ALGORITHM = ["br", "gzip"]
# Streamed responses (exports) go as they are: Flask-Compress would not close the file
# under a streamed static file. Static files are read whole first (web/assets.py).
COMPRESS_STREAMS = False
COMPRESS_BR_LEVEL = 5
COMPRESS_MIMETYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
]

# WTForms CSRF tokens last as long as the session; a form left open all evening still posts.
WTF_CSRF_TIME_LIMIT = None

SQLALCHEMY_ENGINE_OPTIONS: dict = {}
HOST_CONTACT = ""  # shown on the data page: who answers questions about personal data

# "Moi aussi" from anonymous visitors, per internet address.
SUPPORT_RATE_LIMIT = "60 per hour"
# Anonymous "moi aussi" one address adds to one need within a day; past that they are
# held for the team to review, not thrown away (a family or a room shares an address).
SUPPORTS_PER_ADDRESS_PER_DAY = 5
# Signatures of one petition from one address within a day that count at once; past that
# they are held for the team to count (a public meeting on one hotspot signs together).
SIGNATURES_PER_ADDRESS_PER_DAY = 10
# The report's figures are computed once and read from a kept copy for this long (the
# team may recompute them at once): reading costs the same whatever the group's size.
REPORT_MAX_AGE_MINUTES = 60

# Messages (SMS and e-mail) go through the outbox and `assembly send` (see the README).
# E-mail over SMTP: empty MAIL_SERVER or MAIL_FROM means no e-mail is written.
MAIL_SERVER = ""
MAIL_PORT = 587
MAIL_SECURITY = "starttls"  # "starttls" (port 587), "tls" (port 465) or "none" (a local relay)
MAIL_USERNAME = ""
MAIL_PASSWORD = ""
MAIL_FROM = ""  # e.g. "assemblee@example.org"
MAIL_TIMEOUT = 20  # seconds for the SMTP server to answer
# SMS through the group's own Android phone running "SMS Gateway for Android" in local
# server mode: its address as the app shows it, and the login and password it shows.
# Empty SMS_GATEWAY_URL means no SMS is written.
SMS_GATEWAY_URL = ""  # e.g. "http://192.168.1.20:8080"
SMS_GATEWAY_LOGIN = ""
SMS_GATEWAY_PASSWORD = ""
SMS_GATEWAY_TIMEOUT = 15  # seconds for the phone to take a message
# The signing key set on the phone's webhooks: delivery reports and incoming SMS (STOP)
# are refused unless signed with it. Empty: the webhook at /sms/webhook is off (404).
SMS_WEBHOOK_KEY = ""
# `assembly send` runs this much nicer than the web (os.nice): pages keep their speed while
# it sends thousands of messages on a one-core server. 0 keeps the same priority.
SENDER_NICENESS = 10
