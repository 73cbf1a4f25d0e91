"""The report's journal verbs."""

# The team changed who reads the report, the open data's licence or clause, or the
# group's own stop words: the payload says what they became.
REPORT_SETTINGS_CHANGED = "report.settings_changed"
