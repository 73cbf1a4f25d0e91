"""The thin shared floor every feature stands on: pages, assets, headers, errors."""
