"""Geometry, GeoJSON, map tiles and coordinate conversions."""
