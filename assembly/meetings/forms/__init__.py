"""Meeting forms: `planning` ones and `live` ones."""
