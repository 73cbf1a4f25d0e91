"""Forms of campaigns, one module per part."""
