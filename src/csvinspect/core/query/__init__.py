"""Which rows the user sees and in what order: sorting, filtering and the outline.

Plain numpy in, plain numpy out, so the table model only ever applies a permutation.
"""
