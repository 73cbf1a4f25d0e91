"""Work on consultations, as verb functions: each writes its journal event and commits.

`text`: preparing, changing and opening a consultation.
"""
