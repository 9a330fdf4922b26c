"""One open export's table: the tab, the model over a permutation, the views, filters, columns."""
