"""What changes a campaign, one module per part (the verbs that write the journal)."""
