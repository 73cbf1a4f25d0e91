"""The journal: one event per change, the raw material of every trace and evaluation."""
