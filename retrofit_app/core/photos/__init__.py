"""Photos: import pipeline, EXIF, renditions, annotation."""
