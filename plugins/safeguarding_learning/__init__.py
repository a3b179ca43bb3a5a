"""Learning briefings and case review summaries for a safeguarding children partnership."""
