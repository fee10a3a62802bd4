"""Field copies and merging: hand estates to colleagues, merge their work back (pygeodiff)."""
