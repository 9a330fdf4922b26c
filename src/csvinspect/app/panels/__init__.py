"""The analysis panels beside a table (Health, Requests, Usage), their cards and breakdowns."""
