"""The map canvas: projection, layers, basemaps, overlays and drawing tools."""
